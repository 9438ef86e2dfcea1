// Regenerates data/pypi-popular.txt (popular PyPI project names, most downloaded first, one per
// line, in their PEP 503 form: lower case, runs of `-`, `_` and `.` as one `-`) from a snapshot TSV
// with a header line and `name<TAB>rank` rows (rank 1 = most downloaded). deps/typosquat never calls
// a name on this list a typosquat, and compares other PyPI names with the head of the list
// (src/deps/typosquat.ts, PYPI_TARGETS).
// Usage: node scripts/update-pypi-popular.mjs [path/to/pypi-popular.tsv] [--limit N]
import { readFileSync, writeFileSync } from 'node:fs';

const args = process.argv.slice(2);
const limitAt = args.indexOf('--limit');
const limit = limitAt >= 0 ? Number(args[limitAt + 1]) : 15_000;
const source = args.find((a, i) => !a.startsWith('--') && (limitAt < 0 || i !== limitAt + 1)) ?? '../shared/data/pypi-popular.tsv';
const NAME = /^[a-z0-9](?:[a-z0-9._-]*[a-z0-9])?$/i;

const rows = readFileSync(source, 'utf8')
  .split(/\r?\n/)
  .slice(1)
  .map(l => l.split('\t'))
  .filter(([name, rank]) => name && NAME.test(name) && Number.isFinite(Number(rank)))
  .map(([name, rank]) => ({ name: name.toLowerCase().replace(/[-_.]+/g, '-'), rank: Number(rank) }))
  .sort((a, b) => a.rank - b.rank);
const names = [...new Set(rows.map(r => r.name))].slice(0, limit);
const header = `# Popular PyPI projects, most downloaded first, PEP 503 names (derived from ${source.split('/').pop()} by scripts/update-pypi-popular.mjs on ${new Date().toISOString().slice(0, 10)}).\n`;
writeFileSync(new URL('../data/pypi-popular.txt', import.meta.url), header + names.join('\n') + '\n');
console.log(`wrote ${names.length} names to data/pypi-popular.txt`);
