/**
 * Careful reads of a home folder: size caps, no symlink escapes out of home, bounded directory
 * walks. Nothing here throws for a missing or unreadable file: callers get a reason they can put
 * in the report.
 */
import { closeSync, fstatSync, lstatSync, openSync, readdirSync, readSync, realpathSync } from 'node:fs';
import type { Dirent, Stats } from 'node:fs';
import { errorMessage } from '../core/errors.ts';
import { joinAbs, relFromRoot } from '../fs/path.ts';

/** Settings and credential files are small; anything bigger is not read whole. */
export const MAX_CONFIG_BYTES = 4 * 1024 * 1024;

export type ReadFailure = 'absent' | 'not-a-file' | 'symlink-outside-home' | 'too-large' | 'unreadable';

export interface FileRead {
  ok: true;
  bytes: Buffer;
  text: string;
}

export interface FileReadError {
  ok: false;
  reason: ReadFailure;
  detail: string;
}

export function currentUid(): number | undefined {
  return typeof process.getuid === 'function' ? process.getuid() : undefined;
}

export function isInside(root: string, abs: string): boolean {
  return relFromRoot(root, abs) !== undefined;
}

export interface OpenedFile {
  ok: true;
  fd: number;
  stat: Stats;
}

/**
 * Opens a regular file under `home` for reading, following a symlink only when its target is
 * inside home too. The caller closes `fd`.
 */
export function openHomeFile(home: string, abs: string, maxBytes: number): OpenedFile | FileReadError {
  let lst: Stats;
  try {
    lst = lstatSync(abs);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { ok: false, reason: 'absent', detail: 'not present' };
    return { ok: false, reason: 'unreadable', detail: errorMessage(err) };
  }
  if (lst.isSymbolicLink()) {
    let real: string;
    let realHome: string;
    try {
      real = realpathSync(abs);
      realHome = realpathSync(home);
    } catch (err) {
      return { ok: false, reason: 'unreadable', detail: `broken symbolic link: ${errorMessage(err)}` };
    }
    if (!isInside(realHome, real))
      return { ok: false, reason: 'symlink-outside-home', detail: `symbolic link to ${real}, outside the home folder: not followed` };
  }
  let fd: number;
  try {
    fd = openSync(abs, 'r');
  } catch (err) {
    return { ok: false, reason: 'unreadable', detail: errorMessage(err) };
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) {
      closeSync(fd);
      return { ok: false, reason: 'not-a-file', detail: 'not a regular file' };
    }
    if (stat.size > maxBytes) {
      closeSync(fd);
      return { ok: false, reason: 'too-large', detail: `${stat.size} bytes, more than the ${maxBytes}-byte limit: not read` };
    }
    return { ok: true, fd, stat };
  } catch (err) {
    closeSync(fd);
    return { ok: false, reason: 'unreadable', detail: errorMessage(err) };
  }
}

/** Reads up to `length` bytes at `offset` of an open file. */
export function readAt(fd: number, offset: number, length: number): Buffer {
  const buf = Buffer.allocUnsafe(length);
  let off = 0;
  while (off < length) {
    const n = readSync(fd, buf, off, length - off, offset + off);
    if (n === 0) break;
    off += n;
  }
  return buf.subarray(0, off);
}

/** Reads a file under `home` whole (up to `maxBytes`), following a symlink only when its target is inside home too. */
export function readHomeFile(home: string, abs: string, maxBytes = MAX_CONFIG_BYTES): FileRead | FileReadError {
  const opened = openHomeFile(home, abs, maxBytes);
  if (!opened.ok) return opened;
  try {
    const bytes = readAt(opened.fd, 0, opened.stat.size);
    return { ok: true, bytes, text: bytes.toString('utf8') };
  } catch (err) {
    return { ok: false, reason: 'unreadable', detail: errorMessage(err) };
  } finally {
    closeSync(opened.fd);
  }
}

/** Directory entries, or undefined when the folder is missing or unreadable. Never follows a symlinked folder. */
export function listDir(abs: string): Dirent[] | undefined {
  try {
    if (!lstatSync(abs).isDirectory()) return undefined;
    return readdirSync(abs, { withFileTypes: true });
  } catch {
    return undefined;
  }
}

export function exists(abs: string): boolean {
  try {
    lstatSync(abs);
    return true;
  } catch {
    return false;
  }
}

export function isDirectory(abs: string): boolean {
  try {
    return lstatSync(abs).isDirectory();
  } catch {
    return false;
  }
}

export interface WalkLimits {
  maxDepth: number;
  maxEntries: number;
  /** Folder names never entered. */
  skip?: ReadonlySet<string>;
}

export interface WalkResult {
  files: string[];
  /** True when the entry limit stopped the walk early. */
  truncated: boolean;
  unreadable: number;
}

/** Breadth-first, bounded walk that lists regular files and never follows symlinks. */
export function walkFiles(root: string, limits: WalkLimits, accept: (name: string, abs: string) => boolean): WalkResult {
  const files: string[] = [];
  let seen = 0;
  let unreadable = 0;
  let queue: string[] = [root];
  for (let depth = 0; depth <= limits.maxDepth && queue.length > 0; depth++) {
    const next: string[] = [];
    for (const dir of queue) {
      let entries: Dirent[];
      try {
        entries = readdirSync(dir, { withFileTypes: true });
      } catch {
        unreadable++;
        continue;
      }
      for (const e of entries) {
        if (++seen > limits.maxEntries) return { files, truncated: true, unreadable };
        const abs = joinAbs(dir, e.name);
        if (e.isDirectory()) {
          if (!limits.skip?.has(e.name)) next.push(abs);
        } else if (e.isFile() && accept(e.name, abs)) files.push(abs);
      }
    }
    queue = next;
  }
  return { files, truncated: false, unreadable };
}
