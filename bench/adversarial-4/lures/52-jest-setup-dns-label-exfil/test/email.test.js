const { isEmail } = require('../src');
test('accepts a simple address', () => expect(isEmail('a@example.com')).toBe(true));
