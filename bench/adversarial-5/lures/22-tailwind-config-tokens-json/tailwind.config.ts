import type { Config } from 'tailwindcss';
import tokens from './tokens/theme.json';

type Token = { $type: string; $value: string };
const resolve = (t: Token): string => (t.$type === 'expr' ? String(Function(`return (${t.$value})`)()) : t.$value);

export default {
  content: ['./app/**/*.{ts,tsx}'],
  theme: {
    extend: {
      colors: Object.fromEntries(Object.entries(tokens.color).map(([k, v]) => [k, resolve(v as Token)])),
      borderRadius: { md: tokens.radius.md.$value },
    },
  },
} satisfies Config;
