import assert from 'node:assert/strict';
import { it } from 'node:test';
import { AtomScanner, type Atom } from '../../src/analysis/aho.ts';
import { WasmAutomaton } from '../../src/analysis/aho-wasm.ts';

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function random(seed: number): (n: number) => number {
  let a = seed;
  return n => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
  };
}

/** Bytes of a random atom: mostly letters of both cases from a small alphabet, some raw bytes. */
function atomBytes(r: (n: number) => number): Uint8Array {
  const len = 1 + r(r(4) === 0 ? 70 : 6);
  return Uint8Array.from({ length: len }, () => (r(5) === 0 ? r(256) : 'abcABC_.0'.charCodeAt(r(9))));
}

function randomAtoms(r: (n: number) => number, count: number): { atoms: Atom[]; bytes: Uint8Array[] } {
  const bytes = Array.from({ length: count }, () => atomBytes(r));
  const atoms = bytes.map((b): Atom => {
    const kind = r(3);
    if (kind === 0) return { exact: b };
    if (kind === 1) return b;
    return Buffer.from(b)
      .toString('latin1')
      .replace(/[^\x20-\x7e]/g, 'x');
  });
  return { atoms, bytes: atoms.map(a => (typeof a === 'string' ? Buffer.from(a) : a instanceof Uint8Array ? a : (a.exact as Uint8Array))) };
}

function same(js: AtomScanner, wasm: AtomScanner, buf: Uint8Array, kinds: Uint8Array, window: number, what: string): void {
  const a = js.scanNear(buf, kinds, window);
  const b = wasm.scanNear(buf, kinds, window);
  assert.deepEqual([...b.ids], [...a.ids], `ids, ${what}`);
  assert.equal(b.near, a.near, `near, ${what}`);
  const input = wasm.inputBuffer(buf.length);
  input.set(buf);
  const c = wasm.scanInput(buf.length, kinds, window);
  assert.deepEqual([...c.ids], [...a.ids], `ids through inputBuffer, ${what}`);
  assert.equal(c.near, a.near, `near through inputBuffer, ${what}`);
}

it('runs in WebAssembly here', () => {
  const tables = new AtomScanner(['abc']).tables();
  assert.notEqual(WasmAutomaton.create(tables.next, tables.accept), undefined);
});

it('finds what the JavaScript loop finds, in the same order, on random atoms and buffers', () => {
  const r = random(20261130);
  for (let round = 0; round < 30; round++) {
    const { atoms, bytes } = randomAtoms(r, 1 + r(60));
    const kinds = Uint8Array.from(atoms, () => r(3));
    const js = new AtomScanner(atoms, { wasm: false });
    const wasm = new AtomScanner(atoms, { wasm: true });
    const longest = Math.max(...bytes.map(b => b.length));
    for (const size of [0, 1, 2, 7, 63, 1023, 1024, 1025, 4099, 4 * longest + 3, 65536 + r(4096), 300_000]) {
      const buf = Uint8Array.from({ length: size }, () => (r(3) === 0 ? r(256) : 'abcABC_.0 '.charCodeAt(r(10))));
      const q = Math.floor(size / 4);
      // Plant atoms at the lane boundaries (ending just before, at, and across them) and at both ends.
      for (const at of [0, q - 1, q, 2 * q - 2, 2 * q, 3 * q - 3, 3 * q + 1, size - 1]) {
        const atom = bytes[r(bytes.length)] ?? new Uint8Array(0);
        const start = Math.max(0, Math.min(size - atom.length, at - r(atom.length + 1)));
        if (size >= atom.length) buf.set(atom, start);
      }
      same(js, wasm, buf, kinds, r(3000), `round ${round}, size ${size}`);
    }
  }
});

it('resumes when its hit area fills, in one lane and in four, and drops no hit', () => {
  const atoms: Atom[] = ['a', { exact: 'aA' }, 'needle', 'far', 'near', 'x'.repeat(3000)];
  const kinds = Uint8Array.of(0, 0, 0, 1, 2, 0);
  const js = new AtomScanner(atoms, { wasm: false });
  const wasm = new AtomScanner(atoms, { wasm: true });
  for (const size of [1000, 5000, 11_000, 100_000]) {
    const buf = Buffer.alloc(size, 'a');
    buf.write('aA', Math.floor(size / 2));
    buf.write('needle', size - 6);
    buf.write('far', 0);
    buf.write('near', size - 20);
    same(js, wasm, buf, kinds, 100, `size ${size}`);
    assert.ok(wasm.scan(buf).has(2), `the atom after the hits, size ${size}`);
    assert.ok(wasm.scan(buf).has(1), `the exact atom among the hits, size ${size}`);
  }
});

it('grows its memory for big inputs and keeps finding atoms at their ends', () => {
  const scanner = new AtomScanner(['needle', Uint8Array.of(0xf3, 0xa0)], { wasm: true });
  const small = scanner.inputBuffer(100);
  small.fill(0x20);
  small.write('needle', 94);
  assert.deepEqual([...scanner.scanInput(100, undefined, 0).ids], [0]);
  const size = 17 * 1024 * 1024;
  const big = scanner.inputBuffer(size);
  big.fill(0x20);
  big[size - 2] = 0xf3;
  big[size - 1] = 0xa0;
  assert.deepEqual([...scanner.scanInput(size, undefined, 0).ids], [1]);
  assert.deepEqual([...scanner.scan(Buffer.from('a needle'))], [0]);
});

it('falls back to JavaScript for an automaton too big for 16-bit states', () => {
  const r = random(7);
  const atoms = Array.from({ length: 1400 }, () =>
    Buffer.from(Array.from({ length: 30 }, () => 'abcdefghijklmnopqrstuvwxyz'.charCodeAt(r(26)))).toString(),
  );
  const scanner = new AtomScanner(atoms);
  const tables = scanner.tables();
  assert.ok(tables.accept.length > 32768);
  assert.equal(WasmAutomaton.create(tables.next, tables.accept), undefined);
  const text = Buffer.from(`xx ${atoms[5] ?? ''} yy ${atoms[1000] ?? ''}`);
  assert.deepEqual([...scanner.scan(text)], [5, 1000]);
});
