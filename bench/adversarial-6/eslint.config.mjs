// The lure and benign repositories are inert data, not this project's code. ESLint 10 looks up
// the nearest config from each file, so without this file `eslint .` at the repository root would
// load (execute) the eslint.config.* files that some lures carry. Ignore those folders outright.
export default [
  { ignores: ['lures/', 'benign/'] },
  {
    files: ['*.mjs'],
    languageOptions: {
      ecmaVersion: 2024,
      sourceType: 'module',
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly' },
    },
    rules: { 'no-unused-vars': 'error', 'no-undef': 'error' },
  },
];
