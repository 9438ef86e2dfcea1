module.exports = {
  testEnvironment: 'node',
  globalSetup: '<rootDir>/test/global-setup.js',
  coverageDirectory: 'coverage',
};
