import { readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { compile } from '../src/tiny-template.js';

const dir = new URL('../templates/', import.meta.url);
const out = new URL('../out/', import.meta.url);
mkdirSync(out, { recursive: true });

const sample = { user: { name: 'Ada' }, items: [{ title: 'Keyboard', price: 49 }], total: 49 };
for (const f of readdirSync(dir).filter((n) => n.endsWith('.html'))) {
  const render = compile(readFileSync(new URL(f, dir), 'utf8'));
  writeFileSync(new URL(f, out), render(sample));
}
