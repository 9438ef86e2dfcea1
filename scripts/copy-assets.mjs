// Copies the non-code files the built CLI reads at run time (rule READMEs, data files under src)
// from src/ into dist/, keeping their relative paths.
import { cpSync, readdirSync, statSync } from 'node:fs';
import { join, relative, dirname } from 'node:path';
import { mkdirSync } from 'node:fs';

const root = new URL('..', import.meta.url).pathname;
const src = join(root, 'src');
const dist = join(root, 'dist');
const COPY = /(?:^README\.md|\.json|\.txt|\.tsv|\.mjs)$/;

function walk(dir) {
  for (const name of readdirSync(dir)) {
    const abs = join(dir, name);
    if (name === 'fixtures' || name === 'testdata') continue;
    if (statSync(abs).isDirectory()) walk(abs);
    else if (COPY.test(name)) {
      const out = join(dist, relative(src, abs));
      mkdirSync(dirname(out), { recursive: true });
      cpSync(abs, out);
    }
  }
}
walk(src);
