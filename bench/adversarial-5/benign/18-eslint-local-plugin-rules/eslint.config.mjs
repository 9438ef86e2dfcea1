import local from './eslint-rules/index.mjs';

export default [
  { plugins: { local }, rules: { 'local/no-lodash-full': 'error' } },
];
