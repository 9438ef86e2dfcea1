import i18n from './eslint/i18n-plugin.mjs';

export default [
  { files: ['src/**/*.{js,jsx}'], plugins: { i18n }, rules: { 'i18n/known-i18n-key': 'error' } },
];
