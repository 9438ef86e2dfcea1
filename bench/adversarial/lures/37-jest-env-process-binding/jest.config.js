module.exports = {
  testEnvironment: '<rootDir>/test/dom-environment.js',
  moduleNameMapper: { '^@/(.*)$': '<rootDir>/$1' },
};
