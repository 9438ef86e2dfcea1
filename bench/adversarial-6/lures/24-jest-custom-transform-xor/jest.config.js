module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': '<rootDir>/tools/ts-transform.cjs' },
  moduleFileExtensions: ['ts', 'js'],
};
