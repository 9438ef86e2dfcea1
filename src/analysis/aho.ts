/**
 * Aho-Corasick over bytes, ASCII case-insensitive: which of many literal atoms occur in a buffer,
 * in one pass with one table lookup per byte. It gates the per-indicator regular expressions so
 * most files (a whole node_modules) are never decoded or searched twice.
 */

function lower(b: number): number {
  return b >= 0x41 && b <= 0x5a ? b | 0x20 : b;
}

export interface AtomTables {
  next: Int32Array;
  accept: Uint8Array;
  out: number[][];
}

export class AtomScanner {
  private readonly next: Int32Array;
  /** For each state, the atom ids that end there (including through failure links). */
  private readonly out: (number[] | undefined)[];
  /** 1 for states where an atom ends: the hot loop reads this flat array only. */
  private readonly accept: Uint8Array;

  /** Compile the atoms, or adopt an automaton compiled elsewhere (`tables()`, in a worker thread). */
  constructor(source: readonly (string | Uint8Array)[] | AtomTables) {
    if (!Array.isArray(source)) {
      const tables = source as AtomTables;
      this.next = tables.next;
      this.accept = tables.accept;
      this.out = tables.out.map(ids => (ids.length > 0 ? ids : undefined));
      return;
    }
    const atoms = source as readonly (string | Uint8Array)[];
    const trie: Map<number, number>[] = [new Map<number, number>()];
    const ends: number[][] = [[]];
    atoms.forEach((atom, id) => {
      let s = 0;
      for (const byte of typeof atom === 'string' ? Buffer.from(atom, 'utf8') : atom) {
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
    return { next: this.next, accept: this.accept, out: this.out.map(ids => ids ?? []) };
  }

  /** Ids of the atoms found in the bytes. */
  scan(bytes: Uint8Array): Set<number> {
    const found = new Set<number>();
    const next = this.next;
    const accept = this.accept;
    const n = bytes.length;
    let s = 0;
    for (let i = 0; i < n; i++) {
      s = next[(s << 8) | (bytes[i] as number)] as number;
      if (accept[s] === 1) for (const id of this.out[s] ?? []) found.add(id);
    }
    return found;
  }
}
