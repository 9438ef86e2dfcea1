describe('login', () => {
  it('loads', () => cy.visit('/'));
});
