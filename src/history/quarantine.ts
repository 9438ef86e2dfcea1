/**
 * A quarantine git directory: git never runs on a scanned `.git` with that repository's own
 * config, hooks or info files. Instead a fresh git dir is made under the platform temp folder with
 * a config written here, links to the scanned store's loose-object folders and pack files (read,
 * never written; see store.ts for what is left out and why), and copies of the refs (`HEAD`, `refs/**`, `packed-refs`, `shallow`)
 * whose names were checked first. The scanned `.git/config`, hooks, info/ and logs/ are never seen
 * by git; rules that want them read them as data.
 */
import {
  closeSync,
  fstatSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { absFromRel, joinAbs } from '../fs/path.ts';
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

export function makeQuarantineDir(prefix: string, base?: string): string {
  const safe =
    prefix
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .replace(/^[.-]+/, '')
      .slice(0, 60) || 'target';
  return mkdtempSync(joinAbs(quarantineRoot(base), `${safe}-`));
}

/** Reads at most `max` bytes of a regular file that is not a link; undefined otherwise. */
export function readSmallFile(abs: string, max: number): Buffer | undefined {
  let fd: number | undefined;
  try {
    const st = lstatSync(abs);
    if (!st.isFile() || st.size > max) return undefined;
    fd = openSync(abs, 'r');
    const real = fstatSync(fd);
    if (!real.isFile() || real.size > max) return undefined;
    const buf = Buffer.alloc(real.size);
    let off = 0;
    while (off < buf.length) {
      const n = readSync(fd, buf, off, buf.length - off, off);
      if (n === 0) break;
      off += n;
    }
    return buf.subarray(0, off);
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
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
    rmSync(gitDir, { recursive: true, force: true });
    return { ok: false, reason: `could not prepare a quarantine copy of the history: ${(err as Error).message}` };
  }
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
