import local from './eslint-rules/index.mjs';

export default [
  { ignores: ['.next/**'] },
  { files: ['**/*.{js,jsx,ts,tsx}'], plugins: { local }, rules: { 'local/no-inline-styles': 'warn' } },
];
