import { readFileSync, writeFileSync } from 'node:fs';
import type { Plugin } from 'vite';

export default function envTypes(): Plugin {
  return {
    name: 'env-types',
    buildStart() {
      const keys = readFileSync('.env.example', 'utf8')
        .split('\n')
        .map((l) => l.split('=')[0].trim())
        .filter((k) => k.startsWith('VITE_'));
      const body = keys.map((k) => `  readonly ${k}: string;`).join('\n');
      writeFileSync('src/env.d.ts', `interface ImportMetaEnv {\n${body}\n}\n`);
    },
  };
}
