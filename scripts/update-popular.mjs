// Regenerates data/npm-popular.txt (popular npm package names, most downloaded first, one per line)
// from a snapshot TSV with a header line and `name<TAB>downloads_a_month` rows. The list is deep
// (100,000 names by default, down to a few thousand downloads a month) so that the long tail of
// legitimate packages is known: deps/typosquat never calls a name on it a typosquat, and compares
// other names with the head of the list (src/deps/typosquat.ts, TARGETS).
// Usage: node scripts/update-popular.mjs [path/to/npm-popular-100k.tsv] [--limit N]
import { readFileSync, writeFileSync } from 'node:fs';

const args = process.argv.slice(2);
const limitAt = args.indexOf('--limit');
const limit = limitAt >= 0 ? Number(args[limitAt + 1]) : 100_000;
const source = args.find((a, i) => !a.startsWith('--') && (limitAt < 0 || i !== limitAt + 1)) ?? '../shared/data/npm-popular-100k.tsv';
const NAME = /^(?:@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/;

const rows = readFileSync(source, 'utf8')
  .split(/\r?\n/)
  .slice(1)
  .map(l => l.split('\t'))
  .filter(([name, n]) => name && NAME.test(name) && Number.isFinite(Number(n)))
  .map(([name, n]) => ({ name, downloads: Number(n) }))
  .sort((a, b) => b.downloads - a.downloads);
const names = [...new Set(rows.map(r => r.name))].slice(0, limit);
const header = `# Popular npm packages, most downloaded first (derived from ${source.split('/').pop()} by scripts/update-popular.mjs on ${new Date().toISOString().slice(0, 10)}).\n`;
writeFileSync(new URL('../data/npm-popular.txt', import.meta.url), header + names.join('\n') + '\n');
console.log(`wrote ${names.length} names to data/npm-popular.txt`);
