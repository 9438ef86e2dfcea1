/**
 * Archive targets (.zip, .tgz, .tar.gz, .tar): unpacked into a quarantine folder by SafeTreeWriter
 * (no `..`, no absolute paths, links only when they stay inside, caps on entries, bytes and
 * compression ratio; nested archives are recorded, not unpacked). A `.git/` inside is unpacked as
 * plain data: git only ever reads it through a quarantine git dir with Airlock's own config.
 */
import { copyFileSync, lstatSync, readdirSync } from 'node:fs';
import type { Readable } from 'node:stream';
import type { Entry, ZipFile } from 'yauzl';
import { InputError, errorMessage } from '../core/errors.ts';
import type { ReportError } from '../core/types.ts';
import { DEFAULT_EXTRACT_LIMITS, SafeTreeWriter, formatBytes } from '../fs/extract.ts';
import { RATIO_FLOOR, bomb, openZip, readZipEntries, walkTar, zipEntryName } from '../fs/archive-read.ts';
import type { ArchiveKind, RatioLimits } from '../fs/archive-read.ts';
import type { ExtractLimits } from '../fs/extract.ts';
import { absFromRel, baseName, joinRel } from '../fs/path.ts';

export interface ArchiveLimits extends ExtractLimits, RatioLimits {}

export const DEFAULT_ARCHIVE_LIMITS: ArchiveLimits = {
  ...DEFAULT_EXTRACT_LIMITS,
  maxEntries: 100_000,
  maxRatio: 200,
};

export { archiveKindOf } from '../fs/archive-read.ts';
export type { ArchiveKind } from '../fs/archive-read.ts';

export interface ExtractResult {
  /** The folder to scan: the single top-level folder of the archive, or the extraction folder. */
  root: string;
  entries: number;
  bytes: number;
  notes: string[];
  /** Entries that held content and were not unpacked, as `errors[]` gaps, paths relative to `root`. */
  gaps: ReportError[];
}

export async function extractArchive(
  file: string,
  kind: ArchiveKind,
  dest: string,
  limits: Partial<ArchiveLimits> = {},
): Promise<ExtractResult> {
  const all: ArchiveLimits = { ...DEFAULT_ARCHIVE_LIMITS, ...limits };
  const writer = new SafeTreeWriter(dest, all);
  if (kind === 'zip') await extractZip(file, writer, all);
  else await extractTar(file, writer, all);
  writer.finish();
  const notes = writer.notes('archive');
  let root = dest;
  let prefix = '';
  const top = readdirSync(dest, { withFileTypes: true });
  const only = top[0];
  if (top.length === 1 && only?.isDirectory() && only.name !== '.git') {
    root = absFromRel(dest, only.name);
    prefix = `${only.name}/`;
    notes.push(`scanned the archive's top folder ${only.name}/`);
  }
  const gaps: ReportError[] = [];
  for (const s of writer.skipped) {
    if (s.kind === undefined) continue;
    // A refused name is kept as the archive spells it (separators made `/`): it names no file here.
    const name = s.name.replace(/\\/g, '/');
    const file = prefix !== '' && name.startsWith(prefix) ? name.slice(prefix.length) : name;
    gaps.push({ file, message: `archive entry not unpacked: ${s.reason}`, kind: s.kind });
  }
  return { root, entries: writer.entries, bytes: writer.totalBytes, notes, gaps };
}

async function extractZip(file: string, writer: SafeTreeWriter, limits: ArchiveLimits): Promise<void> {
  const zip = await openZip(file);
  try {
    let entries: Entry[];
    try {
      entries = await readZipEntries(zip, file, limits);
    } catch (e) {
      throw e instanceof InputError ? e : new InputError('ARCHIVE_UNREADABLE', `cannot read zip archive: ${errorMessage(e)}`);
    }
    for (const entry of entries) {
      try {
        await extractZipEntry(zip, entry, writer, limits);
      } catch (e) {
        throw e instanceof InputError ? e : new InputError('ARCHIVE_UNREADABLE', `cannot read zip archive: ${errorMessage(e)}`);
      }
    }
  } finally {
    zip.close();
  }
}

async function extractZipEntry(zip: ZipFile, entry: Entry, writer: SafeTreeWriter, limits: ArchiveLimits): Promise<void> {
  writer.countEntry();
  const name = zipEntryName(entry);
  const rel = writer.accept(name);
  if (rel === undefined) return;
  if (name.endsWith('/')) {
    writer.dir(rel);
    return;
  }
  if (entry.isEncrypted()) {
    writer.skipped.push({ name: rel, reason: 'encrypted; not extracted', kind: 'encrypted' });
    return;
  }
  if (entry.uncompressedSize > RATIO_FLOOR && entry.uncompressedSize / Math.max(1, entry.compressedSize) > limits.maxRatio) {
    throw bomb(rel, limits);
  }
  const mode = (entry.externalFileAttributes >>> 16) & 0o170000;
  const isLink = mode === 0o120000;
  if (!isLink && entry.uncompressedSize > limits.maxFileBytes) {
    writer.skipped.push({ name: rel, reason: `larger than ${formatBytes(limits.maxFileBytes)}; not extracted`, kind: 'too-large' });
    return;
  }
  const stream = await new Promise<Readable>((resolve, reject) => {
    zip.openReadStream(entry, (e, s) => {
      if (e) reject(e);
      else resolve(s);
    });
  });
  if (isLink) {
    const parts: Buffer[] = [];
    let size = 0;
    for await (const d of stream as AsyncIterable<Buffer>) {
      size += d.length;
      if (size <= 4096) parts.push(d);
    }
    writer.link(rel, Buffer.concat(parts).toString('utf8'));
    return;
  }
  const sink = writer.openFile(rel, entry.uncompressedSize);
  try {
    for await (const d of stream as AsyncIterable<Buffer>) sink?.write(d);
  } catch (e) {
    stream.destroy();
    throw e;
  } finally {
    sink?.close();
  }
}

function extractTar(file: string, writer: SafeTreeWriter, limits: ArchiveLimits): Promise<void> {
  return walkTar(file, (entry, walk) => {
    writer.countEntry();
    const rel = writer.accept(entry.path);
    if (rel === undefined) {
      entry.resume();
      return;
    }
    const type = entry.type;
    if (type === 'Directory') {
      writer.dir(rel);
      entry.resume();
    } else if (type === 'SymbolicLink') {
      writer.link(rel, entry.linkpath ?? '');
      entry.resume();
    } else if (type === 'Link') {
      hardLink(writer, rel, entry.linkpath ?? '');
      entry.resume();
    } else if (type === 'File' || type === 'OldFile' || type === 'ContiguousFile') {
      const sink = writer.openFile(rel, entry.size);
      if (!sink) {
        entry.resume();
        return;
      }
      entry.on('data', (d: Buffer) => {
        if (walk.stopped) return;
        try {
          sink.write(d);
          if (writer.totalBytes > RATIO_FLOOR && writer.totalBytes / Math.max(1, walk.packed) > limits.maxRatio)
            throw bomb(baseName(file), limits);
        } catch (e) {
          sink.close();
          walk.fail(e);
        }
      });
      entry.on('end', () => {
        sink.close();
      });
    } else {
      writer.skipped.push({ name: rel, reason: `${type} entries are not extracted`, kind: 'not-regular' });
      entry.resume();
    }
  });
}

/** A tar hard link becomes a copy of the file it names, when that file is inside the folder. */
function hardLink(writer: SafeTreeWriter, rel: string, linkpath: string): void {
  const source = joinRel('', linkpath.replace(/\\/g, '/'));
  if (source === undefined || source === '') {
    writer.skipped.push({ name: rel, reason: 'hard link pointing outside the folder; not created', kind: 'symlink-out' });
    return;
  }
  let size: number;
  try {
    const st = lstatSync(absFromRel(writer.root, source));
    if (!st.isFile()) throw new Error('not a file');
    size = st.size;
  } catch {
    writer.skipped.push({ name: rel, reason: `hard link to ${source}, which is not a file in the archive`, kind: 'not-regular' });
    return;
  }
  const sink = writer.openFile(rel, size);
  if (!sink) return;
  sink.close();
  writer.addBytes(size);
  copyFileSync(absFromRel(writer.root, source), absFromRel(writer.root, rel));
}
