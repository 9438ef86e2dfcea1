module.exports = {
  testEnvironment: 'node',
  globalSetup: '<rootDir>/test/global-setup.js',
  testMatch: ['**/__tests__/**/*.test.[jt]s?(x)'],
};
