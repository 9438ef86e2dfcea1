/**
 * Aho-Corasick over bytes: which of many literal atoms occur in a buffer, in one pass with one
 * table lookup per byte. Atoms match ASCII case-insensitively, except exact ones (`{ exact }`),
 * whose hits are checked against their bytes. It gates the per-indicator regular expressions so
 * most files (a whole node_modules) are never decoded or searched twice.
 */

import { LANES, WasmAutomaton } from './aho-wasm.ts';

function lower(b: number): number {
  return b >= 0x41 && b <= 0x5a ? b | 0x20 : b;
}

/** An atom matched in this case only (the pattern it stands for is case-sensitive). */
export interface ExactAtom {
  exact: string | Uint8Array;
}

export type Atom = string | Uint8Array | ExactAtom;

export interface AtomTables {
  next: Int32Array;
  accept: Uint8Array;
  out: number[][];
  /** For exact atoms, their bytes (by id); empty for the others. */
  exact: Uint8Array[];
  longest: number;
}

function bytesOf(atom: Atom): Uint8Array {
  if (typeof atom === 'string') return Buffer.from(atom, 'utf8');
  if (atom instanceof Uint8Array) return atom;
  return typeof atom.exact === 'string' ? Buffer.from(atom.exact, 'utf8') : atom.exact;
}

/** True when `bytes` ends with `atom` at `end` (inclusive), byte for byte. */
function endsWith(bytes: Uint8Array, end: number, atom: Uint8Array): boolean {
  const start = end - atom.length + 1;
  for (let k = 0; k < atom.length; k++) if (bytes[start + k] !== atom[k]) return false;
  return true;
}

export class AtomScanner {
  private readonly next: Int32Array;
  /** For each state, the atom ids that end there (including through failure links). */
  private readonly out: (number[] | undefined)[];
  /** 1 for states where an atom ends: the hot loop reads this flat array only. */
  private readonly accept: Uint8Array;
  /** Bytes of the exact atoms by id (empty for case-insensitive ones). */
  private readonly exact: Uint8Array[];
  /** Length in bytes of the longest atom. */
  private readonly longest: number;
  /** The WebAssembly loop: undefined until first used, null when it cannot run or is not wanted. */
  private wasm: WasmAutomaton | null | undefined;
  /** The input buffer when the loop runs in JavaScript. */
  private input = Buffer.alloc(0);
  /** Bytes scanned so far: a scanner that sees little (a project's few files) stays in JavaScript. */
  private scanned = 0;

  /**
   * Compile the atoms, or adopt an automaton compiled elsewhere (`tables()`, in a worker thread).
   * `wasm: false` keeps the scan loop in JavaScript, `wasm: true` makes the WebAssembly loop at
   * once (by default a scanner built from atoms makes it once it has scanned a few megabytes).
   */
  constructor(source: readonly Atom[] | AtomTables, options: { wasm?: boolean } = {}) {
    if (options.wasm === false) this.wasm = null;
    else if (options.wasm === true) this.scanned = WASM_AFTER_BYTES;
    if (!Array.isArray(source)) {
      const tables = source as AtomTables;
      this.next = tables.next;
      this.accept = tables.accept;
      this.out = tables.out.map(ids => (ids.length > 0 ? ids : undefined));
      this.exact = tables.exact;
      this.longest = tables.longest;
      // Adopted to scan (in a worker): the loop is made now, so the first file does not pay for it.
      this.wasmLoop();
      return;
    }
    const atoms = source as readonly Atom[];
    this.longest = atoms.reduce((m, a) => Math.max(m, bytesOf(a).length), 1);
    const none = new Uint8Array(0);
    this.exact = atoms.map(a => (typeof a === 'object' && !(a instanceof Uint8Array) ? bytesOf(a) : none));
    const trie: Map<number, number>[] = [new Map<number, number>()];
    const ends: number[][] = [[]];
    atoms.forEach((atom, id) => {
      let s = 0;
      for (const byte of bytesOf(atom)) {
        const b = lower(byte);
        let t = trie[s]?.get(b);
        if (t === undefined) {
          t = trie.length;
          trie.push(new Map<number, number>());
          ends.push([]);
          trie[s]?.set(b, t);
        }
        s = t;
      }
      ends[s]?.push(id);
    });
    const n = trie.length;
    const next = new Int32Array(n * 256);
    const fail = new Int32Array(n);
    const queue: number[] = [];
    for (const [b, t] of trie[0] ?? []) {
      next[b] = t;
      queue.push(t);
    }
    // Breadth-first: a state's failure row is complete before the state copies it.
    for (let qi = 0; qi < queue.length; qi++) {
      const s = queue[qi] ?? 0;
      const f = fail[s] ?? 0;
      const inherited = ends[f] ?? [];
      if (inherited.length > 0) ends[s]?.push(...inherited);
      next.copyWithin(s * 256, f * 256, f * 256 + 256);
      for (const [b, t] of trie[s] ?? []) {
        fail[t] = next[f * 256 + b] ?? 0;
        next[s * 256 + b] = t;
        queue.push(t);
      }
    }
    // Upper-case letters follow their lower-case transitions.
    for (let s = 0; s < n; s++) for (let b = 0x41; b <= 0x5a; b++) next[s * 256 + b] = next[s * 256 + (b | 0x20)] ?? 0;
    this.next = next;
    this.out = ends.map(e => (e.length > 0 ? e : undefined));
    this.accept = Uint8Array.from(ends, e => (e.length > 0 ? 1 : 0));
  }

  /** The compiled automaton, to hand to a worker thread (structured-clonable). */
  tables(): AtomTables {
    return { next: this.next, accept: this.accept, out: this.out.map(ids => ids ?? []), exact: this.exact, longest: this.longest };
  }

  /** Ids of the atoms found in the bytes. */
  scan(bytes: Uint8Array): Set<number> {
    return this.scanNear(bytes, undefined, 0).ids;
  }

  /**
   * A Buffer of `size` bytes to read the next input into, then scan with `scanInput`: with the
   * WebAssembly loop it lies in its memory, so the bytes are not copied there. It stays valid
   * until the next `inputBuffer`, `scan` or `scanNear` call on this scanner.
   */
  inputBuffer(size: number): Buffer {
    const wasm = this.wasmLoop();
    if (wasm !== undefined) return wasm.inputBuffer(size);
    if (this.input.length < size) this.input = Buffer.allocUnsafe(Math.max(size, 2 * this.input.length));
    return this.input.subarray(0, size);
  }

  /** `scanNear` over the first `len` bytes of the last `inputBuffer`. */
  scanInput(len: number, kinds: Uint8Array | undefined, window: number): { ids: Set<number>; near: boolean } {
    return this.scanNear(this.inputBuffer(len), kinds, window);
  }

  /**
   * Ids of the atoms found, and whether an atom of kind 1 ends within `window` bytes of one of
   * kind 2 (`kinds` by atom id; 0 for neither).
   *
   * A buffer of some size is scanned as four interleaved lanes, each a quarter of it: one lane's
   * table lookups wait on each other, four lanes' do not, so the processor overlaps them. Each
   * lane but the first starts `longest - 1` bytes early, so an atom across a boundary is seen.
   * The loop runs in WebAssembly when it can (aho-wasm.ts), else in JavaScript; both report the
   * same hits in the same order.
   */
  scanNear(bytes: Uint8Array, kinds: Uint8Array | undefined, window: number): { ids: Set<number>; near: boolean } {
    const hits: Hits = { ids: new Set<number>(), one: [], two: [] };
    const visit = (s: number, end: number): void => {
      this.hit(bytes, s, end, kinds, hits);
    };
    const n = bytes.length;
    const warm = this.longest - 1;
    const lanes = n >= LANE_MIN_BYTES && Math.floor(n / LANES) > warm ? LANES : 1;
    this.scanned += n;
    const wasm = this.wasm !== undefined || this.scanned >= WASM_AFTER_BYTES ? this.wasmLoop() : undefined;
    if (wasm === undefined) this.scanJs(bytes, lanes, visit);
    else {
      if (!wasm.holds(bytes)) wasm.inputBuffer(n).set(bytes);
      wasm.scan(n, lanes, warm, visit);
    }
    return { ids: hits.ids, near: kinds !== undefined && within(hits.one, hits.two, window) };
  }

  /** The WebAssembly loop, made on first use; undefined when it cannot run or is not wanted. */
  private wasmLoop(): WasmAutomaton | undefined {
    if (this.wasm === null) return undefined;
    this.wasm ??= WasmAutomaton.create(this.next, this.accept) ?? null;
    return this.wasm ?? undefined;
  }

  /** The loop in JavaScript (see `scanNear`). */
  private scanJs(bytes: Uint8Array, lanes: number, visit: (s: number, end: number) => void): void {
    const next = this.next;
    const accept = this.accept;
    const n = bytes.length;
    if (lanes === LANES) {
      const warm = this.longest - 1;
      const q = Math.floor(n / LANES);
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let i = -warm; i < 0; i++) {
        s1 = next[(s1 << 8) | (bytes[q + i] as number)] as number;
        s2 = next[(s2 << 8) | (bytes[2 * q + i] as number)] as number;
        s3 = next[(s3 << 8) | (bytes[3 * q + i] as number)] as number;
      }
      for (let i = 0; i < q; i++) {
        s0 = next[(s0 << 8) | (bytes[i] as number)] as number;
        s1 = next[(s1 << 8) | (bytes[q + i] as number)] as number;
        s2 = next[(s2 << 8) | (bytes[2 * q + i] as number)] as number;
        s3 = next[(s3 << 8) | (bytes[3 * q + i] as number)] as number;
        if (((accept[s0] as number) | (accept[s1] as number) | (accept[s2] as number) | (accept[s3] as number)) === 0) continue;
        if (accept[s0] === 1) visit(s0, i);
        if (accept[s1] === 1) visit(s1, q + i);
        if (accept[s2] === 1) visit(s2, 2 * q + i);
        if (accept[s3] === 1) visit(s3, 3 * q + i);
      }
      for (let i = 4 * q; i < n; i++) {
        s3 = next[(s3 << 8) | (bytes[i] as number)] as number;
        if (accept[s3] === 1) visit(s3, i);
      }
    } else {
      let s = 0;
      for (let i = 0; i < n; i++) {
        s = next[(s << 8) | (bytes[i] as number)] as number;
        if (accept[s] === 1) visit(s, i);
      }
    }
  }

  /** The atoms ending at `end` in state `s`. */
  private hit(bytes: Uint8Array, s: number, end: number, kinds: Uint8Array | undefined, hits: Hits): void {
    for (const id of this.out[s] ?? []) {
      const atom = this.exact[id];
      if (atom !== undefined && atom.length > 0 && !endsWith(bytes, end, atom)) continue;
      hits.ids.add(id);
      const kind = kinds?.[id];
      if (kind === 1) hits.one.push(end);
      else if (kind === 2) hits.two.push(end);
    }
  }
}

/** Making the WebAssembly loop costs some milliseconds: worth it once a scanner has seen this much. */
const WASM_AFTER_BYTES = 4 * 1024 * 1024;

/** Buffers below this are scanned in one lane. */
const LANE_MIN_BYTES = 1024;

interface Hits {
  ids: Set<number>;
  /** End positions of atoms of kind 1 and kind 2 (not sorted: lanes interleave). */
  one: number[];
  two: number[];
}

/** True when some position of `a` is within `window` of some position of `b`. */
function within(a: number[], b: number[], window: number): boolean {
  if (a.length === 0 || b.length === 0) return false;
  a.sort((x, y) => x - y);
  b.sort((x, y) => x - y);
  let j = 0;
  for (const x of a) {
    while (j < b.length && (b[j] as number) < x - window) j++;
    if (j < b.length && (b[j] as number) <= x + window) return true;
  }
  return false;
}
