import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import house from './tools/eslint-plugin-house/index.js';

export default [
  { ignores: ['dist'] },
  js.configs.recommended,
  {
    files: ['**/*.{js,jsx}'],
    languageOptions: { globals: globals.browser },
    plugins: { 'react-hooks': reactHooks, house },
    rules: { ...reactHooks.configs.recommended.rules, 'house/no-inline-styles': 'warn' },
  },
];
