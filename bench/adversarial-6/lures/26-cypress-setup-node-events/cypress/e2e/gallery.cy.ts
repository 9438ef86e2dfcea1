describe('gallery', () => { it('loads', () => { cy.visit('/'); cy.contains('Gallery'); }); });
