/**
 * Writes an untrusted tree (archive entries, git tree entries) into a fresh folder: every path
 * is checked before anything is created (no absolute paths, no `..`, no NUL, no drive letters),
 * files are written without execute bits and never through a link, and symbolic links are made
 * only at the end and only when they point inside the folder. Caps on entries and bytes turn a
 * bomb into a clear refusal.
 */
import { closeSync, lstatSync, mkdirSync, openSync, realpathSync, symlinkSync, unlinkSync, writeSync } from 'node:fs';
import { InputError } from '../core/errors.ts';
import type { GapKind } from '../core/types.ts';
import { absFromRel, dirName, joinRel, relFromRoot } from './path.ts';

export interface ExtractLimits {
  maxEntries: number;
  maxTotalBytes: number;
  /** A larger single file is skipped (recorded), not refused. */
  maxFileBytes: number;
  maxPathLength: number;
  maxDepth: number;
}

export const DEFAULT_EXTRACT_LIMITS: ExtractLimits = {
  maxEntries: 200_000,
  maxTotalBytes: 2 * 1024 * 1024 * 1024,
  maxFileBytes: 256 * 1024 * 1024,
  maxPathLength: 4096,
  maxDepth: 64,
};

export interface SkippedExtractEntry {
  name: string;
  reason: string;
  /**
   * Set when the entry held content that was not unpacked (an analysis gap the scan weighs);
   * unset for entries that carried nothing (an empty name, a name taken twice).
   */
  kind?: GapKind;
}

const NESTED_ARCHIVE = /\.(?:zip|tgz|tar|tar\.gz|gz|bz2|xz|7z|rar|jar|war|apk|asar|crx|vsix|nupkg|whl)$/i;

/** A root-relative POSIX path for an entry name, or a reason it is refused. */
export function checkEntryName(
  raw: string,
  maxLength = DEFAULT_EXTRACT_LIMITS.maxPathLength,
): { path: string } | { refused: string; kind?: GapKind } {
  if (raw.includes('\0')) return { refused: 'name contains a NUL byte', kind: 'traversal' };
  const name = raw.replace(/\\/g, '/');
  if (name.length > maxLength) return { refused: `name longer than ${maxLength} characters`, kind: 'traversal' };
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name) || name.startsWith('//')) return { refused: 'absolute path', kind: 'traversal' };
  const parts = name.split('/').filter(p => p !== '' && p !== '.');
  if (parts.includes('..')) return { refused: 'path climbs out of the folder (`..`)', kind: 'traversal' };
  // `./`, the root folder's own entry in many tarballs: nothing to unpack.
  if (parts.length === 0) return { refused: 'empty name' };
  const joined = joinRel('', parts.join('/'));
  if (joined === undefined || joined === '') return { refused: 'path leaves the folder', kind: 'traversal' };
  return { path: joined };
}

export class SafeTreeWriter {
  readonly root: string;
  readonly limits: ExtractLimits;
  entries = 0;
  totalBytes = 0;
  readonly skipped: SkippedExtractEntry[] = [];
  readonly nestedArchives: string[] = [];
  private readonly links: { path: string; target: string }[] = [];
  private readonly dirs = new Set<string>(['']);
  private readonly files = new Set<string>();

  constructor(root: string, limits: Partial<ExtractLimits> = {}) {
    this.root = root;
    this.limits = { ...DEFAULT_EXTRACT_LIMITS, ...limits };
  }

  /** Counts an entry against the caps; throws InputError when the archive is over them. */
  countEntry(): void {
    this.entries += 1;
    if (this.entries > this.limits.maxEntries) {
      throw new InputError(
        'ARCHIVE_TOO_MANY_FILES',
        `refused: more than ${this.limits.maxEntries} entries (a decompression bomb or not a source repository)`,
      );
    }
  }

  addBytes(n: number): void {
    this.totalBytes += n;
    if (this.totalBytes > this.limits.maxTotalBytes) {
      throw new InputError(
        'ARCHIVE_TOO_LARGE',
        `refused: more than ${formatBytes(this.limits.maxTotalBytes)} once unpacked (a decompression bomb or not a source repository)`,
      );
    }
  }

  /** Checks a name; records and returns undefined when it is refused. */
  accept(raw: string): string | undefined {
    const checked = checkEntryName(raw, this.limits.maxPathLength);
    if ('refused' in checked) {
      this.skipped.push({ name: raw, reason: checked.refused, ...(checked.kind ? { kind: checked.kind } : {}) });
      return undefined;
    }
    if (checked.path.split('/').length > this.limits.maxDepth) {
      this.skipped.push({ name: raw, reason: `deeper than ${this.limits.maxDepth} folders`, kind: 'traversal' });
      return undefined;
    }
    return checked.path;
  }

  private ensureDir(rel: string): boolean {
    if (this.dirs.has(rel)) return true;
    const parent = dirName(rel);
    if (!this.ensureDir(parent)) return false;
    if (this.files.has(rel)) return false;
    const abs = absFromRel(this.root, rel);
    try {
      mkdirSync(abs, { mode: 0o755 });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || !lstatSync(abs).isDirectory()) return false;
    }
    this.dirs.add(rel);
    return true;
  }

  dir(rel: string): void {
    if (!this.ensureDir(rel)) this.skipped.push({ name: rel, reason: 'conflicts with a file of the same name' });
  }

  /**
   * Opens a file for writing (parents created; never through a link). Returns a writer or
   * undefined when the entry is skipped.
   */
  openFile(rel: string, declaredSize?: number): FileSink | undefined {
    if (declaredSize !== undefined && declaredSize > this.limits.maxFileBytes) {
      this.skipped.push({ name: rel, reason: `larger than ${formatBytes(this.limits.maxFileBytes)}; not extracted`, kind: 'too-large' });
      return undefined;
    }
    if (this.dirs.has(rel) || !this.ensureDir(dirName(rel))) {
      this.skipped.push({ name: rel, reason: 'conflicts with a folder of the same name' });
      return undefined;
    }
    if (NESTED_ARCHIVE.test(rel)) this.nestedArchives.push(rel);
    const abs = absFromRel(this.root, rel);
    try {
      if (lstatSync(abs).isSymbolicLink()) {
        this.skipped.push({ name: rel, reason: 'would write through a link', kind: 'symlink-out' });
        return undefined;
      }
    } catch {
      // Not there yet: the usual case.
    }
    const fd = openSync(abs, 'w', 0o644);
    this.files.add(rel);
    return new FileSink(this, rel, fd);
  }

  /** A link is recorded now and made at the end, only when it points inside the folder. */
  link(rel: string, target: string): void {
    if (target.includes('\0') || target.startsWith('/') || /^[A-Za-z]:/.test(target) || target.includes('\\')) {
      this.skipped.push({
        name: rel,
        reason: `link to ${target.slice(0, 200)} points outside the folder; not created`,
        kind: 'symlink-out',
      });
      return;
    }
    const resolved = joinRel(dirName(rel), target);
    if (resolved === undefined) {
      this.skipped.push({
        name: rel,
        reason: `link to ${target.slice(0, 200)} points outside the folder; not created`,
        kind: 'symlink-out',
      });
      return;
    }
    this.links.push({ path: rel, target });
  }

  /** Makes the recorded links (after every file, so no file is written through one). */
  finish(): void {
    const made: string[] = [];
    for (const l of this.links) {
      if (this.files.has(l.path) || this.dirs.has(l.path) || !this.ensureDir(dirName(l.path))) {
        this.skipped.push({ name: l.path, reason: 'link conflicts with another entry' });
        continue;
      }
      try {
        symlinkSync(l.target, absFromRel(this.root, l.path));
        made.push(l.path);
      } catch (err) {
        this.skipped.push({ name: l.path, reason: `link not created: ${(err as Error).message}` });
      }
    }
    // Links through links can leave the folder even when each one stays inside on its own.
    const realRoot = realpathSync.native(this.root);
    for (const rel of made) {
      const abs = absFromRel(this.root, rel);
      let inside: boolean;
      try {
        inside = relFromRoot(realRoot, realpathSync.native(abs)) !== undefined;
      } catch {
        inside = true;
      }
      if (!inside) {
        unlinkSync(abs);
        this.skipped.push({ name: rel, reason: 'link resolves outside the folder through other links; removed', kind: 'symlink-out' });
      }
    }
  }

  /** Human-readable notes for the report. */
  notes(what: string): string[] {
    const out: string[] = [];
    if (this.skipped.length > 0) {
      const shown = this.skipped
        .slice(0, 10)
        .map(s => `${s.name} (${s.reason})`)
        .join('; ');
      out.push(
        `${this.skipped.length} entr${this.skipped.length === 1 ? 'y' : 'ies'} of the ${what} ${this.skipped.length === 1 ? 'was' : 'were'} not extracted: ${shown}${this.skipped.length > 10 ? '; …' : ''}`,
      );
    }
    if (this.nestedArchives.length > 0) {
      out.push(
        `the ${what} contains archives that were not unpacked: ${this.nestedArchives.slice(0, 10).join(', ')}${this.nestedArchives.length > 10 ? ', …' : ''}`,
      );
    }
    return out;
  }
}

export class FileSink {
  private readonly writer: SafeTreeWriter;
  readonly path: string;
  private fd: number | undefined;
  written = 0;

  constructor(writer: SafeTreeWriter, path: string, fd: number) {
    this.writer = writer;
    this.path = path;
    this.fd = fd;
  }

  write(chunk: Buffer): void {
    if (this.fd === undefined) return;
    this.written += chunk.length;
    if (this.written > this.writer.limits.maxFileBytes) {
      throw new InputError(
        'ARCHIVE_FILE_TOO_LARGE',
        `refused: ${this.path} unpacks to more than ${formatBytes(this.writer.limits.maxFileBytes)}`,
      );
    }
    this.writer.addBytes(chunk.length);
    let off = 0;
    while (off < chunk.length) off += writeSync(this.fd, chunk, off, chunk.length - off);
  }

  close(): void {
    if (this.fd === undefined) return;
    closeSync(this.fd);
    this.fd = undefined;
  }
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024 * 1024) return `${(n / 1024 / 1024 / 1024).toFixed(1)} GiB`;
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} B`;
}
