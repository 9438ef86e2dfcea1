const { expect } = require('chai');
const slug = require('..');
describe('slug', () => it('works', () => expect(slug('Hello World')).to.equal('hello-world')));
