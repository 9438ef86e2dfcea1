module.exports = {
  root: true,
  parser: './tools/eslint/ts-virtual-parser.cjs',
  extends: ['next/core-web-vitals'],
  rules: { 'no-console': 'warn' },
};
