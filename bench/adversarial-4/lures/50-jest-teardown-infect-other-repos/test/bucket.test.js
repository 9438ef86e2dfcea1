const tokenBucket = require('../src');
test('allows bursts up to capacity', () => {
  expect(typeof tokenBucket).toBe('function');
});
