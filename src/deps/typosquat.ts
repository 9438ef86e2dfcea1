/**
 * Typosquat detection against the popular-package list (data/npm-popular.txt, most downloaded
 * first). The indexes are built once per process: a separator-free form of every name, and the hash
 * of every name with one character deleted (symmetric-delete lookup), so a 100k-package tree costs one
 * hash look-up per candidate deletion instead of a comparison with every popular name.
 */
import { readFileSync } from 'node:fs';

export type SquatKind = 'swapped' | 'doubled' | 'dropped' | 'substituted' | 'added' | 'separator' | 'scope' | 'suffix';

export interface Squat {
  /** The popular package the name imitates. */
  target: string;
  /** 0-based popularity rank of the target (0 = most downloaded). */
  rank: number;
  kind: SquatKind;
}

export interface PopularIndex {
  names: readonly string[];
  rank: ReadonlyMap<string, number>;
  byNorm: ReadonlyMap<string, string>;
  /** Hash of a name or of a one-character deletion of it → rank of the first name giving it. */
  byDelete: ReadonlyMap<number, number>;
  /** Further names for a hash (collisions), verified by `oneEdit` anyway. */
  more: ReadonlyMap<number, number[]>;
}

const SUFFIXES = [
  '-js',
  '.js',
  'js',
  '-utils',
  '-util',
  '-lib',
  '-helper',
  '-helpers',
  '-tools',
  '-core',
  '-dev',
  '-plus',
  '-pro',
  '-official',
  '-latest',
  '-fix',
  '-patch',
  '-secure',
  '-fast',
];
const PREFIXES = ['node-', 'js-', 'npm-', 'get-'];

/** `@types/node`, `types-node`, `typesnode` and `Types_Node` all normalise to `typesnode`. */
export function normalise(name: string): string {
  return name.toLowerCase().replace(/[@/._-]/g, '');
}

const B = 0x01000193;
const MAX_LEN = 214;
const POW = new Int32Array(MAX_LEN + 1);
POW[0] = 1;
for (let i = 1; i <= MAX_LEN; i++) POW[i] = Math.imul(POW[i - 1] ?? 1, B);

/** Polynomial hashes of `s` and of each one-character deletion of it, from prefix and suffix sums. */
function deletionHashes(s: string, withDeletions: boolean): number[] {
  const L = Math.min(s.length, MAX_LEN);
  const P = new Int32Array(L + 1);
  for (let i = 0; i < L; i++) P[i + 1] = (Math.imul(P[i] ?? 0, B) + s.charCodeAt(i)) | 0;
  const out = [P[L] ?? 0];
  if (!withDeletions) return out;
  const S = new Int32Array(L + 1);
  for (let i = L - 1; i >= 0; i--) S[i] = (Math.imul(s.charCodeAt(i), POW[L - 1 - i] ?? 0) + (S[i + 1] ?? 0)) | 0;
  for (let j = 0; j < L; j++) out.push((Math.imul(P[j] ?? 0, POW[L - 1 - j] ?? 0) + (S[j + 1] ?? 0)) | 0);
  return out;
}

let cached: PopularIndex | undefined;

export function popularIndex(): PopularIndex {
  if (cached) return cached;
  const text = readFileSync(new URL('../../data/npm-popular.txt', import.meta.url), 'utf8');
  const names = text.split('\n').filter(l => l !== '' && !l.startsWith('#'));
  cached = buildIndex(names);
  return cached;
}

export function buildIndex(names: readonly string[]): PopularIndex {
  const rank = new Map<string, number>();
  const byNorm = new Map<string, string>();
  const byDelete = new Map<number, number>();
  const more = new Map<number, number[]>();
  for (let i = 0; i < names.length; i++) {
    const n = names[i] as string;
    if (rank.has(n)) continue;
    rank.set(n, i);
    const norm = normalise(n);
    if (!byNorm.has(norm)) byNorm.set(norm, n);
    for (const h of deletionHashes(n, n.length >= 5 || i < 1000)) {
      const first = byDelete.get(h);
      if (first === undefined) byDelete.set(h, i);
      else if (first !== i) {
        const list = more.get(h);
        if (!list) more.set(h, [i]);
        else if (list[list.length - 1] !== i) list.push(i);
      }
    }
  }
  return { names, rank, byNorm, byDelete, more };
}

function candidates(index: PopularIndex, h: number): number[] {
  const first = index.byDelete.get(h);
  if (first === undefined) return [];
  const rest = index.more.get(h);
  return rest ? [first, ...rest] : [first];
}

/** How `name` differs from `target` when it is one edit away (optimal string alignment), else undefined. */
export function oneEdit(name: string, target: string): { kind: SquatKind; char: string } | undefined {
  if (name === target) return undefined;
  const ln = name.length;
  const lt = target.length;
  let i = 0;
  while (i < ln && i < lt && name[i] === target[i]) i++;
  if (ln === lt) {
    if (name.slice(i + 1) === target.slice(i + 1)) return { kind: 'substituted', char: name[i] ?? '' };
    if (i + 1 < ln && name[i] === target[i + 1] && name[i + 1] === target[i] && name.slice(i + 2) === target.slice(i + 2)) {
      return { kind: 'swapped', char: '' };
    }
    return undefined;
  }
  if (ln === lt + 1 && name.slice(i + 1) === target.slice(i)) {
    const c = name[i] ?? '';
    return { kind: c === name[i - 1] || c === name[i + 1] ? 'doubled' : 'added', char: c };
  }
  if (lt === ln + 1 && name.slice(i) === target.slice(i + 1)) return { kind: 'dropped', char: target[i] ?? '' };
  return undefined;
}

function better(a: Squat | undefined, b: Squat): Squat {
  return a === undefined || b.rank < a.rank ? b : a;
}

/**
 * The popular package `name` most likely imitates, or undefined. A popular name is never a
 * typosquat; neither are very short names (too many honest neighbours) nor names that differ only
 * by a digit (`vue2`, `jsdom16`) or a separator's position inside a longer name.
 */
export function findTyposquat(name: string, index: PopularIndex = popularIndex()): Squat | undefined {
  if (index.rank.has(name)) return undefined;
  let best: Squat | undefined;
  const norm = normalise(name);
  const sameNorm = index.byNorm.get(norm);
  if (sameNorm !== undefined && norm.length >= 4) {
    const scoped = name.startsWith('@') !== sameNorm.startsWith('@');
    best = better(best, { target: sameNorm, rank: index.rank.get(sameNorm) ?? 0, kind: scoped ? 'scope' : 'separator' });
  }
  if (name.length >= 5) {
    const seen = new Set<number>();
    for (const h of deletionHashes(name, true)) {
      for (const i of candidates(index, h)) {
        if (seen.has(i)) continue;
        seen.add(i);
        const target = index.names[i] as string;
        const edit = oneEdit(name, target);
        if (!edit || /[0-9]/.test(edit.char)) continue;
        if (/[-_.]/.test(edit.char) && edit.kind !== 'doubled') continue;
        const rank = index.rank.get(target) ?? 0;
        if (target.length < 5 && rank >= 1000) continue;
        best = better(best, { target, rank, kind: edit.kind });
      }
    }
  }
  if (best === undefined) {
    const lower = name.toLowerCase();
    for (const s of SUFFIXES) {
      if (!lower.endsWith(s)) continue;
      const base = name.slice(0, name.length - s.length);
      const rank = index.rank.get(base);
      if (rank !== undefined && rank < 2000 && base.length >= 4) best = better(best, { target: base, rank, kind: 'suffix' });
    }
    for (const p of PREFIXES) {
      if (!lower.startsWith(p)) continue;
      const base = name.slice(p.length);
      const rank = index.rank.get(base);
      if (rank !== undefined && rank < 2000 && base.length >= 4) best = better(best, { target: base, rank, kind: 'suffix' });
    }
  }
  return best;
}
