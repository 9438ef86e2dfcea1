/**
 * A quarantine git directory: git never runs on a scanned `.git` with that repository's own
 * config, hooks or info files. Instead a fresh git dir is made under the platform temp folder with
 * a config written here, links to the scanned store's loose-object folders and pack files (read,
 * never written; see store.ts for what is left out and why), and copies of the refs (`HEAD`, `refs/**`, `packed-refs`, `shallow`)
 * whose names were checked first. The scanned `.git/config`, hooks, info/ and logs/ are never seen
 * by git; rules that want them read them as data.
 */
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { threadId } from 'node:worker_threads';
import { absFromRel, joinAbs } from '../fs/path.ts';
import { readSmallFile } from '../fs/small-file.ts';
import { inspectGitStore } from './store.ts';
import type { GitStoreCheck } from './store.ts';

export const QUARANTINE_DIR_NAME = 'airlock-quarantine';

const MAX_REF_FILES = 100_000;
const MAX_REF_BYTES = 4096;
const MAX_PACKED_REFS_BYTES = 64 * 1024 * 1024;
const MAX_SHALLOW_BYTES = 16 * 1024 * 1024;
const REF_SEGMENT = /^[A-Za-z0-9._@+-][A-Za-z0-9._@+,=-]*$/;
const HEX_ID = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;

export interface QuarantineInfo {
  /** Absolute path of the quarantine git dir. */
  gitDir: string;
  /** Absolute path of the scanned `.git`. */
  sourceGitDir: string;
  shallow: boolean;
  objectFormat: 'sha1' | 'sha256';
  /** Ref files that were not copied (bad names, links, too large), for notes. */
  skippedRefs: string[];
  refsCapped: boolean;
}

export type OpenResult = { ok: true; info: QuarantineInfo } | { ok: false; reason: string } | undefined;

/**
 * The parent folder of every quarantine copy Airlock makes. In a shared temp folder someone else
 * could have made it first (or made it a link); then a private folder of our own is used instead.
 */
export function quarantineRoot(base: string = tmpdir()): string {
  const dir = joinAbs(base, QUARANTINE_DIR_NAME);
  mkdirSync(base, { recursive: true, mode: 0o700 });
  try {
    mkdirSync(dir, { mode: 0o700 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  const st = lstatSync(dir);
  const uid = process.getuid?.();
  const ours = st.isDirectory() && (uid === undefined || st.uid === uid) && (st.mode & 0o022) === 0;
  return ours ? dir : mkdtempSync(joinAbs(base, `${QUARANTINE_DIR_NAME}-`));
}

/**
 * Every quarantine folder `<name>-<random>` has a sibling marker `<name>-<random>.airlock`
 * (`{"pid":…,"thread":…}`), outside the copy so it is never scanned. It lets a SIGINT handler
 * remove what this process made in any of its threads, and a later run remove what a crashed one
 * left behind.
 */
const MARKER_SUFFIX = '.airlock';
/** A quarantine folder whose process is gone and whose marker is older than this is stale. */
export const STALE_QUARANTINE_MS = 6 * 60 * 60 * 1000;

interface Marker {
  pid: number;
  thread: number;
}

/** Parent folders of the quarantine copies this thread made (the default one in most runs). */
const rootsUsed = new Set<string>();

export function makeQuarantineDir(prefix: string, base?: string): string {
  const safe =
    prefix
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .replace(/^[.-]+/, '')
      .slice(0, 60) || 'target';
  const root = quarantineRoot(base);
  rootsUsed.add(root);
  const dir = mkdtempSync(joinAbs(root, `${safe}-`));
  const marker: Marker = { pid: process.pid, thread: threadId };
  writeFileSync(dir + MARKER_SUFFIX, JSON.stringify(marker) + '\n', { mode: 0o600, flag: 'wx' });
  return dir;
}

/** Keeps a quarantine folder for good (`--keep`): it is no longer removed on a signal or as stale. */
export function releaseQuarantine(dir: string): void {
  rmSync(dir + MARKER_SUFFIX, { force: true });
}

function readMarker(abs: string): Marker | undefined {
  const text = readSmallFile(abs, 256)?.toString('utf8');
  if (text === undefined) return undefined;
  try {
    const m = JSON.parse(text) as Partial<Marker>;
    return typeof m.pid === 'number' && typeof m.thread === 'number' ? { pid: m.pid, thread: m.thread } : undefined;
  } catch {
    return undefined;
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Calls `visit` for each marker in `root` that this user owns. */
function eachMarker(root: string, visit: (dir: string, marker: Marker, mtimeMs: number) => void): void {
  let names: string[];
  try {
    names = readdirSync(root);
  } catch {
    return;
  }
  const uid = process.getuid?.();
  for (const name of names) {
    if (!name.endsWith(MARKER_SUFFIX)) continue;
    const abs = joinAbs(root, name);
    let st;
    try {
      st = lstatSync(abs);
    } catch {
      continue;
    }
    if (!st.isFile() || (uid !== undefined && st.uid !== uid)) continue;
    const marker = readMarker(abs);
    if (marker) visit(abs.slice(0, -MARKER_SUFFIX.length), marker, st.mtimeMs);
  }
}

/**
 * Removes the quarantine folders this process made (in any thread, or in `thread` only), for a
 * SIGINT/SIGTERM handler or a cancelled batch target. Synchronous: it runs while the process ends.
 */
export function removeQuarantinesOf(pid: number = process.pid, thread?: number, base?: string): number {
  let removed = 0;
  for (const root of new Set([...rootsUsed, quarantineRoot(base)])) {
    eachMarker(root, (dir, marker) => {
      if (marker.pid !== pid || (thread !== undefined && marker.thread !== thread)) return;
      removeDir(dir);
      removed += 1;
    });
  }
  return removed;
}

/**
 * Removes quarantine folders left by earlier runs that crashed or were killed: owned by this user,
 * with a marker older than `maxAgeMs` whose process is gone. Copies kept with `--keep` have no
 * marker and are never touched.
 */
export function removeStaleQuarantines(base?: string, maxAgeMs = STALE_QUARANTINE_MS, now = Date.now()): number {
  let removed = 0;
  eachMarker(quarantineRoot(base), (dir, marker, mtimeMs) => {
    if (now - mtimeMs < maxAgeMs || processAlive(marker.pid)) return;
    removeDir(dir);
    removed += 1;
  });
  return removed;
}

function isDir(abs: string): boolean {
  try {
    return lstatSync(abs).isDirectory();
  } catch {
    return false;
  }
}

/** Object format from the length of the first object id in the refs (64 hex digits: SHA-256). */
function objectFormatOf(source: string): 'sha1' | 'sha256' {
  const texts = [readSmallFile(joinAbs(source, 'HEAD'), MAX_REF_BYTES), readSmallFile(joinAbs(source, 'packed-refs'), 64 * 1024)].map(
    b => b?.toString('utf8') ?? '',
  );
  return texts.some(t => /(?:^|\s)[0-9a-f]{64}(?:\s|$)/.test(t)) ? 'sha256' : 'sha1';
}

/**
 * Builds the quarantine git dir for `<root>/.git`. Returns undefined when there is no `.git`
 * directory (no history), `{ok:false}` when there is one that cannot be used safely.
 */
export function openQuarantine(root: string, base?: string, store?: GitStoreCheck): OpenResult {
  const source = absFromRel(root, '.git');
  let st;
  try {
    st = lstatSync(source);
  } catch {
    return undefined;
  }
  if (st.isSymbolicLink()) return { ok: false, reason: '`.git` is a symbolic link; its history was not read' };
  if (st.isFile())
    return { ok: false, reason: '`.git` is a file pointing at another folder (a worktree or submodule); its history was not read' };
  if (!st.isDirectory()) return { ok: false, reason: '`.git` is not a directory; its history was not read' };
  const check = store ?? inspectGitStore(root);
  if (check?.pointers.some(p => p.kind === 'objects-link'))
    return { ok: false, reason: '`.git/objects` is a link to another folder; its history was not read' };
  if (!isDir(joinAbs(source, 'objects')) || check?.plan === undefined)
    return { ok: false, reason: '`.git` has no objects folder; its history was not read' };
  if (check.pointers.some(p => p.kind === 'commondir')) {
    return { ok: false, reason: '`.git` is a linked worktree (commondir); its history was not read' };
  }
  if (isDir(joinAbs(source, 'reftable')))
    return { ok: false, reason: '`.git` uses the reftable format, which this git cannot read safely; history was not read' };
  const plan = check.plan;
  const objects = joinAbs(source, 'objects');

  const objectFormat = objectFormatOf(source);
  const gitDir = makeQuarantineDir('git', base);
  try {
    mkdirSync(joinAbs(gitDir, 'objects', 'info'), { recursive: true });
    // The object store is exposed folder by folder, never through an alternates file: git would
    // follow the scanned store's own `info/alternates` from there, out of the folder.
    for (const name of plan.wholeDirs) symlinkSync(joinAbs(objects, name), joinAbs(gitDir, 'objects', name));
    for (const { name, files } of plan.partialDirs) {
      mkdirSync(joinAbs(gitDir, 'objects', name));
      for (const f of files) symlinkSync(joinAbs(objects, name, f), joinAbs(gitDir, 'objects', name, f));
    }
    mkdirSync(joinAbs(gitDir, 'refs', 'heads'), { recursive: true });
    mkdirSync(joinAbs(gitDir, 'refs', 'tags'), { recursive: true });
    const config =
      objectFormat === 'sha256'
        ? '[core]\n\trepositoryformatversion = 1\n\tbare = true\n[extensions]\n\tobjectformat = sha256\n'
        : '[core]\n\trepositoryformatversion = 0\n\tbare = true\n';
    writeFileSync(joinAbs(gitDir, 'config'), config);

    const head = readSmallFile(joinAbs(source, 'HEAD'), MAX_REF_BYTES)?.toString('utf8').trim() ?? '';
    const symbolic = /^ref: (refs\/\S+)$/.exec(head)?.[1];
    if (symbolic !== undefined && symbolic.split('/').every(s => REF_SEGMENT.test(s) && !s.endsWith('.lock') && !s.includes('..'))) {
      writeFileSync(joinAbs(gitDir, 'HEAD'), `ref: ${symbolic}\n`);
    } else if (HEX_ID.test(head)) {
      writeFileSync(joinAbs(gitDir, 'HEAD'), head + '\n');
    } else {
      writeFileSync(joinAbs(gitDir, 'HEAD'), 'ref: refs/heads/airlock-unreadable-head\n');
    }

    const packed = readSmallFile(joinAbs(source, 'packed-refs'), MAX_PACKED_REFS_BYTES);
    if (packed) writeFileSync(joinAbs(gitDir, 'packed-refs'), packed);
    const shallow = readSmallFile(joinAbs(source, 'shallow'), MAX_SHALLOW_BYTES);
    if (shallow) writeFileSync(joinAbs(gitDir, 'shallow'), shallow);

    const skippedRefs: string[] = [];
    let copied = 0;
    let refsCapped = false;
    const copyRefs = (rel: string): void => {
      let names: string[];
      try {
        names = readdirSync(joinAbs(source, rel));
      } catch {
        return;
      }
      for (const name of names) {
        const childRel = `${rel}/${name}`;
        if (!REF_SEGMENT.test(name) || name.endsWith('.lock') || name.includes('..')) {
          skippedRefs.push(childRel);
          continue;
        }
        const abs = joinAbs(source, ...childRel.split('/'));
        let cst;
        try {
          cst = lstatSync(abs);
        } catch {
          continue;
        }
        if (cst.isDirectory()) {
          if (childRel.split('/').length > 16) {
            skippedRefs.push(childRel);
            continue;
          }
          mkdirSync(joinAbs(gitDir, ...childRel.split('/')), { recursive: true });
          copyRefs(childRel);
          continue;
        }
        if (copied >= MAX_REF_FILES) {
          refsCapped = true;
          return;
        }
        const body = cst.isFile() ? readSmallFile(abs, MAX_REF_BYTES) : undefined;
        const text = body?.toString('utf8').trim() ?? '';
        if (!HEX_ID.test(text) && !/^ref: refs\/[A-Za-z0-9._@+/-]+$/.test(text)) {
          skippedRefs.push(childRel);
          continue;
        }
        writeFileSync(joinAbs(gitDir, ...childRel.split('/')), text + '\n');
        copied += 1;
      }
    };
    if (isDir(joinAbs(source, 'refs'))) copyRefs('refs');
    return { ok: true, info: { gitDir, sourceGitDir: source, shallow: shallow !== undefined, objectFormat, skippedRefs, refsCapped } };
  } catch (err) {
    removeDir(gitDir);
    return { ok: false, reason: `could not prepare a quarantine copy of the history: ${(err as Error).message}` };
  }
}

/** Removes a quarantine folder and its marker. */
export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  rmSync(dir + MARKER_SUFFIX, { force: true });
}
