// Compiles emails/*.html ("{{ name }}" and "{{#each items}}") into render functions at build time.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const esc = (s) => s.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${');

export function compile(src) {
  const body = esc(src)
    .replace(/\{\{#each (\w+)\}\}([\s\S]*?)\{\{\/each\}\}/g, (_, k, inner) => '${(d.' + k + ' || []).map((it) => `' + inner.replace(/\{\{\s*(\w+)\s*\}\}/g, '${h(it.$1)}') + '`).join("")}')
    .replace(/\{\{\s*(\w+)\s*\}\}/g, '${h(d.$1)}');
  return new Function('d', 'h', 'return `' + body + '`;');
}

const h = (v) => String(v ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const dir = join(import.meta.dirname, '..', 'emails');
const out = {};
for (const f of readdirSync(dir).filter((n) => n.endsWith('.html'))) {
  const fn = compile(readFileSync(join(dir, f), 'utf8'));
  out[f] = fn({ name: 'Preview', items: [{ title: 'Example' }] }, h).length;
}
writeFileSync(join(dir, 'sizes.json'), JSON.stringify(out, null, 2));
