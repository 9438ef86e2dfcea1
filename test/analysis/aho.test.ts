import assert from 'node:assert/strict';
import { it } from 'node:test';
import { AtomScanner } from '../../src/analysis/aho.ts';

it('finds atoms case-insensitively, across failure links and in raw bytes', () => {
  const s = new AtomScanner(['_0x', 'VERCEL.app', 'abcd', 'bc', Uint8Array.of(0xf3, 0xa0)]);
  assert.deepEqual([...s.scan(Buffer.from('x = _0x1f; https://a.vercel.APP'))].sort(), [0, 1]);
  assert.deepEqual([...s.scan(Buffer.from('abcx'))], [3]);
  assert.deepEqual([...s.scan(Buffer.from('\u{E0100}', 'utf8'))], [4]);
  assert.equal(s.scan(Buffer.alloc(0)).size, 0);
});

it('works the same from its compiled tables (as a worker thread gets it)', () => {
  const atoms = ['_0x', 'eval', Uint8Array.of(0xef, 0xb8)];
  const text = Buffer.from('var _0xab = EVAL; \uFE0F');
  assert.deepEqual([...new AtomScanner(new AtomScanner(atoms).tables()).scan(text)], [...new AtomScanner(atoms).scan(text)]);
});

it('finds atoms across the boundaries of its interleaved lanes, and measures distances in bytes', () => {
  const atoms = ['needle', 'far', 'near'];
  const kinds = Uint8Array.of(0, 1, 2);
  const s = new AtomScanner(atoms);
  const size = 64 * 1024;
  for (const at of [0, size / 4 - 3, size / 2 - 1, (3 * size) / 4 - 5, size - 6]) {
    const buf = Buffer.alloc(size, 0x20);
    buf.write('needle', at);
    assert.deepEqual([...s.scan(buf)], [0], `atom at ${at}`);
  }
  const apart = Buffer.alloc(size, 0x20);
  apart.write('far', 100);
  apart.write('near', size - 100);
  assert.equal(s.scanNear(apart, kinds, 1000).near, false);
  apart.write('near', 900);
  assert.equal(s.scanNear(apart, kinds, 1000).near, true);
});
