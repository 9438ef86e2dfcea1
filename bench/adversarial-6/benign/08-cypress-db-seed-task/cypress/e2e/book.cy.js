beforeEach(() => { cy.task('db:reset'); cy.task('db:seed', [{ name: 'Ana', day: '2024-06-01' }]); });
it('lists bookings', () => { cy.visit('/'); cy.contains('Ana'); });
