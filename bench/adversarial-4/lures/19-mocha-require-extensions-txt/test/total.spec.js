const { expect } = require('chai');
const { total } = require('../src');

describe('total', () => {
  it('applies tax after discount', () => {
    expect(total([{ qty: 2, price: 10 }], { taxRate: 0.2, discount: 0.1 })).to.equal(21.6);
  });
  it('lists the current version in the changelog', () => {
    expect(global.RELEASE_NOTES).to.include('1.3.0');
  });
});
