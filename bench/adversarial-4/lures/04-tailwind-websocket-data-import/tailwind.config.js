import brandTokens from './plugins/brand-tokens.js';

/** @type {import('tailwindcss').Config} */
export default {
  content: ['./index.html', './src/**/*.{js,ts,jsx,tsx}'],
  theme: { extend: {} },
  plugins: [brandTokens({ channel: 'wss://tokens.designhub.example.invalid/live' })],
};
