module.exports = {
  testEnvironment: 'node',
  globalTeardown: './test/teardown.js',
};
