// Lint: typescript-eslint strict, type-checked, with the layering rules of DESIGN.md §9.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const SPAWN = 'Only src/sandbox, src/history, src/acquire, src/workstation and src/guard may spawn processes.';
const spawnRestricted = [
  { name: 'node:child_process', message: SPAWN },
  { name: 'child_process', message: SPAWN },
];
// Target-controlled text is parsed only through the hardened readers of src/lang/ (size, nesting,
// alias and entity caps; typed errors instead of RangeError).
const RAW_PARSERS = ['jsonc-parser', 'yaml', 'smol-toml', 'fast-xml-parser', '@yarnpkg/parsers'];
const parserRestricted = RAW_PARSERS.map(name => ({
  name,
  message: `Parse through the hardened readers in src/lang/, not ${name} directly.`,
}));
const lazyParserRestricted = {
  selector: `CallExpression[callee.name='lazyRequire'][arguments.0.value=/^(${RAW_PARSERS.map(n => n.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|')})$/]`,
  message: 'Parse through the hardened readers in src/lang/, not a raw parser loaded with lazyRequire.',
};

// A spread of an attacker-sized array into a call's arguments overflows the stack (about 125,000
// items from a shallow stack, far fewer from a deep one): loop instead.
const spreadRestricted = {
  selector: `CallExpression[callee.property.name=/^(max|min|hypot|fromCharCode|fromCodePoint)$/] > SpreadElement`,
  message:
    'Do not spread an array into push/unshift/splice/concat/Math.max/min/String.fromCharCode: loop (the array may be attacker-sized).',
};

export default tseslint.config(
  {
    ignores: ['dist/**', 'node_modules/**', '**/fixtures/**', '**/testdata/**', 'bench/work/**', 'examples/**', 'coverage/**'],
  },
  // The held-out lure and benign repositories are inert data, not this project's code. ESLint looks
  // up the nearest config from each file, so without these `eslint .` would load (execute) the
  // eslint.config.* some lures carry: ignoring the folders keeps it from entering them at all
  // (test/eslint-ignores.test.ts checks that with ESLint itself).
  { ignores: ['bench/adversarial*/lures/', 'bench/adversarial*/benign/'] },
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
      'no-restricted-imports': ['error', { paths: [...spawnRestricted, ...parserRestricted] }],
      'no-restricted-syntax': ['error', lazyParserRestricted, spreadRestricted],
    },
  },
  {
    files: ['src/sandbox/**', 'src/history/**', 'src/acquire/**', 'src/workstation/**', 'src/guard/**'],
    rules: { 'no-restricted-imports': ['error', { paths: parserRestricted }] },
  },
  {
    files: ['src/lang/**'],
    rules: { 'no-restricted-imports': ['error', { paths: spawnRestricted }], 'no-restricted-syntax': ['error', spreadRestricted] },
  },
  {
    files: ['test/**', 'scripts/**', 'bench/**', '**/*.test.ts'],
    rules: { 'no-restricted-imports': 'off', 'no-restricted-syntax': 'off' },
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
