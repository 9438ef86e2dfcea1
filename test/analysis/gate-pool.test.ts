import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, it } from 'node:test';
import { AtomScanner } from '../../src/analysis/aho.ts';
import { gateFiles } from '../../src/analysis/gate-pool.ts';

const tmp = mkdtempSync(join(tmpdir(), 'airlock-gate-'));
after(() => {
  rmSync(tmp, { recursive: true, force: true });
});

it('finds atoms case-insensitively, across failure links and in raw bytes', () => {
  const s = new AtomScanner(['_0x', 'VERCEL.app', 'abcd', 'bc', Uint8Array.of(0xf3, 0xa0)]);
  assert.deepEqual([...s.scan(Buffer.from('x = _0x1f; https://a.vercel.APP'))].sort(), [0, 1]);
  assert.deepEqual([...s.scan(Buffer.from('abcx'))], [3]);
  assert.deepEqual([...s.scan(Buffer.from('\u{E0100}', 'utf8'))], [4]);
  assert.equal(s.scan(Buffer.alloc(0)).size, 0);
});

it('gives the same answer in worker threads as in the calling thread', async () => {
  const files = Array.from({ length: 40 }, (_, i) => {
    const abs = join(tmp, `f${i}.js`);
    writeFileSync(abs, i % 7 === 0 ? `var a = 1; // _0x${i}` : `var a = ${i};`.repeat(100));
    return { abs, size: readFileSync(abs).length };
  });
  files.push({ abs: join(tmp, 'missing.js'), size: 10 });
  const read = (i: number): Buffer => readFileSync(files[i]?.abs ?? '');
  // The workers read the files themselves: the calling thread's reader must not be used.
  const pooled = await gateFiles(files, ['_0x'], 1 << 20, () => assert.fail('read in the calling thread'), { threads: 2, minBytes: 0 });
  assert.deepEqual(
    [...pooled.hits.keys()].sort((a, b) => a - b),
    [0, 7, 14, 21, 28, 35],
  );
  assert.ok(pooled.errors.has(40));
  const here = await gateFiles(files.slice(0, 40), ['_0x'], 1 << 20, read, { threads: 1 });
  assert.deepEqual(
    [...here.hits.keys()].sort((a, b) => a - b),
    [0, 7, 14, 21, 28, 35],
  );
});
