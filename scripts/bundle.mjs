// Bundles the built entry points in place: the CLI (dist/cli/main.js) and the modules the worker
// threads start with, each with the modules it imports (not its npm dependencies), so that each
// thread loads one module instead of about two hundred: a third less start-up. Each bundled module
// keeps its own import.meta.url (the URL of its file in dist/), so the data files, rule documents
// and worker modules it finds next to itself resolve as before. The library (dist/index.js) is
// left as tsc wrote it.
import { build } from 'esbuild';
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const ENTRIES = [
  'cli/main.js',
  'analysis/installed/worker.js',
  'analysis/js/worker.js',
  'analysis/js/project-worker.js',
  'batch/worker.js',
];

for (const entry of ENTRIES) {
  const file = `${dist}${entry}`;
  const ownUrl = {
    name: 'own-import-meta-url',
    setup(b) {
      b.onLoad({ filter: /\.js$/ }, async args => {
        const source = await readFile(args.path, 'utf8');
        if (!source.includes('import.meta.url')) return { contents: source, loader: 'js' };
        const rel = relative(dirname(file), args.path).split('\\').join('/');
        const url = `new URL(${JSON.stringify(rel.startsWith('.') ? rel : `./${rel}`)}, import.meta.url).href`;
        return { contents: source.replaceAll('import.meta.url', url), loader: 'js' };
      });
    },
  };
  const result = await build({
    entryPoints: [file],
    outfile: file,
    bundle: true,
    write: false,
    allowOverwrite: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    plugins: [ownUrl],
    logLevel: 'warning',
  });
  const [output] = result.outputFiles;
  if (!output) throw new Error(`bundling ${entry} produced nothing`);
  await writeFile(file, output.contents);
}
