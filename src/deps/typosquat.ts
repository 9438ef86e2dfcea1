/**
 * Typosquat detection against the popular-package list (data/npm-popular.txt, most downloaded
 * first, 100,000 names). A name on the list is popular in its own right and never a typosquat;
 * other names are compared with the head of the list (the TARGETS most downloaded), the names
 * worth imitating. Built once per process: the targets by rank and by separator-free form. One-edit
 * neighbours are found by trying every edit of the candidate against the name set while few names
 * have been checked (an ordinary tree has a handful that are not popular); past that, a
 * symmetric-delete index (the hash of every popular name with one character deleted) is built so
 * a 100k-package tree costs a few hash look-ups per name.
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

interface DeleteIndex {
  /** Hash of a name or of a one-character deletion of it → rank of the first name giving it. */
  byDelete: ReadonlyMap<number, number>;
  /** Further names for a hash (collisions), verified by `oneEdit` anyway. */
  more: ReadonlyMap<number, number[]>;
}

export interface PopularIndex {
  /** The names a typosquat imitates, most downloaded first. */
  names: readonly string[];
  /** Every name of the list: popular in its own right, so not a typosquat. */
  popular: ReadonlySet<string>;
  rank: ReadonlyMap<string, number>;
  byNorm: ReadonlyMap<string, string>;
  /** Every character used in popular names (the edits worth trying). */
  alphabet: readonly string[];
  /** Names checked by trying every edit so far. */
  enumerated: number;
  /** Affixes that turn a popular name into an impostor (`-utils`, `node-`). */
  suffixes: readonly string[];
  prefixes: readonly string[];
  deletes?: DeleteIndex;
}

/** How many of the most downloaded names are compared with (the rest only count as popular). */
const TARGETS = 10_000;
/** The same for PyPI, whose list (data/pypi-popular.txt) is 15,000 names deep. */
const PYPI_TARGETS = 5_000;

/** Past this many names, building the delete index is cheaper than trying every edit. */
const ENUMERATE_LIMIT = 300;

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
const PYPI_SUFFIXES = [
  '-py',
  '-python',
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
const PYPI_PREFIXES = ['python-', 'py-', 'py'];

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
let cachedPypi: PopularIndex | undefined;

function readList(file: string): string[] {
  const text = readFileSync(new URL(`../../data/${file}`, import.meta.url), 'utf8');
  return text.split('\n').filter(l => l !== '' && !l.startsWith('#'));
}

export function popularIndex(): PopularIndex {
  if (cached) return cached;
  const names = readList('npm-popular.txt');
  cached = buildIndex(names.slice(0, TARGETS), names);
  return cached;
}

/** The PyPI list: names in PEP 503 form, so compare a name's PEP 503 form (`canonicalName`). */
export function pypiPopularIndex(): PopularIndex {
  if (cachedPypi) return cachedPypi;
  const names = readList('pypi-popular.txt');
  cachedPypi = buildIndex(names.slice(0, PYPI_TARGETS), names, { suffixes: PYPI_SUFFIXES, prefixes: PYPI_PREFIXES });
  return cachedPypi;
}

/** The index of `names` (targets, most popular first); `popular` adds names that are popular too. */
export function buildIndex(
  names: readonly string[],
  popular: readonly string[] = names,
  affixes: { suffixes: readonly string[]; prefixes: readonly string[] } = { suffixes: SUFFIXES, prefixes: PREFIXES },
): PopularIndex {
  const rank = new Map<string, number>();
  const byNorm = new Map<string, string>();
  const chars = new Set<string>();
  for (let i = 0; i < names.length; i++) {
    const n = names[i] as string;
    if (rank.has(n)) continue;
    rank.set(n, i);
    const norm = normalise(n);
    if (!byNorm.has(norm)) byNorm.set(norm, n);
    for (const c of n) chars.add(c);
  }
  return { names, popular: new Set([...names, ...popular]), rank, byNorm, alphabet: [...chars], enumerated: 0, ...affixes };
}

function buildDeleteIndex(index: PopularIndex): DeleteIndex {
  const byDelete = new Map<number, number>();
  const more = new Map<number, number[]>();
  for (const [n, i] of index.rank) {
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
  return { byDelete, more };
}

/** Ranks of popular names one edit (insert, delete, substitute, swap) from `name`, maybe more. */
function neighbours(index: PopularIndex, name: string): number[] {
  const out: number[] = [];
  if (!index.deletes && index.enumerated < ENUMERATE_LIMIT) {
    index.enumerated++;
    const hit = (v: string): void => {
      const r = index.rank.get(v);
      if (r !== undefined) out.push(r);
    };
    const L = name.length;
    for (let i = 0; i <= L; i++) {
      const a = name.slice(0, i);
      const b = name.slice(i);
      const rest = name.slice(i + 1);
      if (i < L) hit(a + rest);
      if (i < L - 1) hit(a + (name[i + 1] ?? '') + (name[i] ?? '') + name.slice(i + 2));
      for (const c of index.alphabet) {
        hit(a + c + b);
        if (i < L && c !== name[i]) hit(a + c + rest);
      }
    }
    return out;
  }
  index.deletes ??= buildDeleteIndex(index);
  for (const h of deletionHashes(name, true)) out.push(...candidates(index.deletes, h));
  return out;
}

function candidates(index: DeleteIndex, h: number): number[] {
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
 * The popular package `name` most likely imitates, or undefined. A popular name (anywhere in the
 * list, not only among the targets) is never a typosquat; neither are very short names (too many honest neighbours) nor names that differ only
 * by a digit (`vue2`, `jsdom16`) or a separator's position inside a longer name.
 */
export function findTyposquat(name: string, index: PopularIndex = popularIndex()): Squat | undefined {
  if (index.popular.has(name)) return undefined;
  let best: Squat | undefined;
  const norm = normalise(name);
  const sameNorm = index.byNorm.get(norm);
  if (sameNorm !== undefined && norm.length >= 4) {
    const scoped = name.startsWith('@') !== sameNorm.startsWith('@');
    best = better(best, { target: sameNorm, rank: index.rank.get(sameNorm) ?? 0, kind: scoped ? 'scope' : 'separator' });
  }
  if (name.length >= 5) {
    for (const i of new Set(neighbours(index, name))) {
      const target = index.names[i] as string;
      const edit = oneEdit(name, target);
      if (!edit || /[0-9]/.test(edit.char)) continue;
      if (/[-_.]/.test(edit.char) && edit.kind !== 'doubled') continue;
      if (target.length < 5 && i >= 1000) continue;
      best = better(best, { target, rank: i, kind: edit.kind });
    }
  }
  if (best === undefined) {
    const lower = name.toLowerCase();
    for (const s of index.suffixes) {
      if (!lower.endsWith(s)) continue;
      const base = name.slice(0, name.length - s.length);
      const rank = index.rank.get(base);
      if (rank !== undefined && rank < 2000 && base.length >= 4) best = better(best, { target: base, rank, kind: 'suffix' });
    }
    for (const p of index.prefixes) {
      if (!lower.startsWith(p)) continue;
      const base = name.slice(p.length);
      const rank = index.rank.get(base);
      if (rank !== undefined && rank < 2000 && base.length >= 4) best = better(best, { target: base, rank, kind: 'suffix' });
    }
  }
  return best;
}
