// Lint: typescript-eslint strict, type-checked, with the layering rules of DESIGN.md §9.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '**/fixtures/**', '**/testdata/**', 'bench/work/**', 'examples/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      'no-console': 'error',
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'node:child_process', message: 'Only src/sandbox, src/history, src/acquire, src/workstation and src/guard may spawn processes.' },
            { name: 'child_process', message: 'Only src/sandbox, src/history, src/acquire, src/workstation and src/guard may spawn processes.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/sandbox/**', 'src/history/**', 'src/acquire/**', 'src/workstation/**', 'src/guard/**', 'test/**', 'scripts/**', 'bench/**', '**/*.test.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  { files: ['scripts/**', 'bench/**'], rules: { 'no-console': 'off' } },
  // node:test's describe/it return promises that the runner itself awaits.
  { files: ['**/*.test.ts', 'test/helpers/**'], rules: { '@typescript-eslint/no-floating-promises': 'off' } },
  // Matching control characters is the point of the terminal sanitiser.
  { files: ['src/reporters/terminal-safe.ts', 'test/**'], rules: { 'no-control-regex': 'off' } },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly', Buffer: 'readonly' },
    },
  },
  {
    files: ['**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { ...tseslint.configs.disableTypeChecked.languageOptions, sourceType: 'commonjs', globals: { module: 'writable' } },
  },
);
