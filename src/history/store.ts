/**
 * What a scanned `.git` would make git read besides its own files, checked as data before any git
 * command runs:
 * - pointers to other object stores or git dirs: `objects/info/alternates` (followed by git
 *   recursively, whatever GIT_ALTERNATE_OBJECT_DIRECTORIES says), `objects/info/http-alternates`,
 *   `commondir`, a `.git` file's `gitdir:` line, and an `objects` folder that is a link;
 * - entries of the object store that are not regular files (a FIFO stalls git's reads, a link can
 *   lead out of the folder).
 * The quarantine git dir (quarantine.ts) exposes only the loose-object folders and pack files
 * listed in `plan`, so none of the above is ever seen by git.
 */
import { lstatSync, readdirSync, realpathSync } from 'node:fs';
import type { Dirent, Stats } from 'node:fs';
import { absFromRel, isAbsolutePath, joinAbs, relFromRoot, resolveAbs } from '../fs/path.ts';
import { readSmallFile } from '../fs/small-file.ts';

export type GitPointerKind = 'alternates' | 'http-alternates' | 'commondir' | 'gitdir' | 'objects-link';

export interface GitPointer {
  kind: GitPointerKind;
  /** Root-relative file that holds the pointer (`.git/objects/info/alternates`). */
  file: string;
  /** What it points at, as written (first 300 characters). */
  value: string;
  /** Where it points: outside the scanned folder (or a URL). */
  outside: boolean;
}

export interface IrregularEntry {
  /** Root-relative path (`.git/objects/pack/pack-1.pack`). */
  path: string;
  kind: 'fifo' | 'socket' | 'device' | 'link' | 'folder' | 'other';
  /** For a link: whether it resolves outside the scanned folder. */
  outside?: boolean;
}

/** How the quarantine git dir sees the object store: whole folders, or listed files of one. */
export interface StorePlan {
  /** Folder names under `objects/` (`pack`, `00`…`ff`) whose every entry is a regular file. */
  wholeDirs: string[];
  /** Folders with irregular entries: only the regular files named here are exposed. */
  partialDirs: { name: string; files: string[] }[];
}

export interface GitStoreCheck {
  pointers: GitPointer[];
  irregular: IrregularEntry[];
  /** Undefined when `.git/objects` is not a real folder. */
  plan?: StorePlan;
}

const MAX_POINTER_BYTES = 64 * 1024;
const OBJECT_DIR = /^(?:[0-9a-f]{2}|pack)$/;

function lstatOrUndefined(abs: string): Stats | undefined {
  try {
    return lstatSync(abs);
  } catch {
    return undefined;
  }
}

/** Whether `target` (absolute, or relative to `base`) stays inside `root` once links are resolved. */
function pointsInside(root: string, base: string, target: string): boolean {
  const abs = isAbsolutePath(target) ? resolveAbs(target) : resolveAbs(base, target);
  let realRoot = root;
  try {
    realRoot = realpathSync.native(root);
  } catch {
    // Keep the path as given.
  }
  let real = abs;
  try {
    real = realpathSync.native(abs);
  } catch {
    // A pointer at nothing is judged by where it would lead.
  }
  return relFromRoot(realRoot, real) !== undefined || relFromRoot(root, abs) !== undefined;
}

function pointerLines(abs: string): string[] {
  const text = readSmallFile(abs, MAX_POINTER_BYTES)?.toString('utf8');
  if (text === undefined) return [];
  return text
    .split('\n')
    .map(l => l.trim())
    .filter(l => l !== '' && !l.startsWith('#'));
}

function kindOf(d: Dirent | Stats): IrregularEntry['kind'] {
  if (d.isFIFO()) return 'fifo';
  if (d.isSocket()) return 'socket';
  if (d.isBlockDevice() || d.isCharacterDevice()) return 'device';
  if (d.isSymbolicLink()) return 'link';
  if (d.isDirectory()) return 'folder';
  return 'other';
}

function irregular(root: string, rel: string, d: Dirent | Stats): IrregularEntry {
  const kind = kindOf(d);
  if (kind !== 'link') return { path: rel, kind };
  let outside = true;
  try {
    outside = relFromRoot(realpathSync.native(root), realpathSync.native(absFromRel(root, rel))) === undefined;
  } catch {
    // A dangling link leads nowhere inside.
  }
  return { path: rel, kind, outside };
}

/** Checks `<root>/.git`; undefined when there is none. */
export function inspectGitStore(root: string): GitStoreCheck | undefined {
  const gitAbs = joinAbs(root, '.git');
  const st = lstatOrUndefined(gitAbs);
  if (!st) return undefined;
  const pointers: GitPointer[] = [];
  const irregularEntries: IrregularEntry[] = [];
  if (st.isFile()) {
    const line = pointerLines(gitAbs).find(l => l.startsWith('gitdir:'));
    if (line !== undefined) {
      const value = line.slice(7).trim();
      pointers.push({ kind: 'gitdir', file: '.git', value: value.slice(0, 300), outside: !pointsInside(root, root, value) });
    }
    return { pointers, irregular: irregularEntries };
  }
  if (!st.isDirectory()) return { pointers, irregular: irregularEntries };

  for (const value of pointerLines(joinAbs(gitAbs, 'commondir')).slice(0, 1)) {
    pointers.push({ kind: 'commondir', file: '.git/commondir', value: value.slice(0, 300), outside: !pointsInside(root, gitAbs, value) });
  }
  const objectsAbs = joinAbs(gitAbs, 'objects');
  const ost = lstatOrUndefined(objectsAbs);
  if (ost?.isSymbolicLink()) {
    let target = '';
    try {
      target = realpathSync.native(objectsAbs);
    } catch {
      // Dangling.
    }
    pointers.push({
      kind: 'objects-link',
      file: '.git/objects',
      value: target.slice(0, 300),
      outside: !pointsInside(root, gitAbs, target),
    });
    return { pointers, irregular: irregularEntries };
  }
  if (!ost?.isDirectory()) return { pointers, irregular: irregularEntries };
  for (const value of pointerLines(joinAbs(objectsAbs, 'info', 'alternates')).slice(0, 100)) {
    pointers.push({
      kind: 'alternates',
      file: '.git/objects/info/alternates',
      value: value.slice(0, 300),
      outside: !pointsInside(root, objectsAbs, value),
    });
  }
  for (const value of pointerLines(joinAbs(objectsAbs, 'info', 'http-alternates')).slice(0, 100)) {
    pointers.push({ kind: 'http-alternates', file: '.git/objects/info/http-alternates', value: value.slice(0, 300), outside: true });
  }

  const plan: StorePlan = { wholeDirs: [], partialDirs: [] };
  let top: Dirent[];
  try {
    top = readdirSync(objectsAbs, { withFileTypes: true });
  } catch {
    top = [];
  }
  for (const d of top) {
    if (!OBJECT_DIR.test(d.name)) continue;
    const rel = `.git/objects/${d.name}`;
    if (!d.isDirectory()) {
      irregularEntries.push(irregular(root, rel, d));
      continue;
    }
    let inner: Dirent[];
    try {
      inner = readdirSync(joinAbs(objectsAbs, d.name), { withFileTypes: true });
    } catch {
      continue;
    }
    const files: string[] = [];
    let bad = false;
    for (const e of inner) {
      if (e.isFile()) files.push(e.name);
      else {
        bad = true;
        // `pack/` may hold git's own temporary folders; only what is not a folder is suspicious.
        if (!(e.isDirectory() && d.name === 'pack')) irregularEntries.push(irregular(root, `${rel}/${e.name}`, e));
      }
    }
    if (bad) plan.partialDirs.push({ name: d.name, files });
    else plan.wholeDirs.push(d.name);
  }
  return { pointers, irregular: irregularEntries, plan };
}
