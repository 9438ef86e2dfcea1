import js from '@eslint/js';
import globals from 'globals';
import local from './eslint-rules/index.js';

export default [
  js.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser } },
    plugins: { local },
    rules: {
      'local/no-raw-fetch': 'error',
      'local/i18n-keys': 'warn',
    },
  },
];
