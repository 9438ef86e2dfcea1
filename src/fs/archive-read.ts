/**
 * Reading archives without trusting them, shared by archive targets (src/acquire/archive.ts, which
 * unpacks into a quarantine folder) and by the rules that look inside a package archive committed
 * to the repository (`readArchiveMembers`, which reads a few members into memory and writes
 * nothing). Both hold an archive to the same caps: entry count, unpacked total, compression ratio.
 */
import { createReadStream, lstatSync } from 'node:fs';
import type { Readable } from 'node:stream';
import type * as Tar from 'tar';
import type { ReadEntry } from 'tar';
import type * as Yauzl from 'yauzl';
import type { Entry, ZipFile } from 'yauzl';
import { lazyRequire } from '../core/lazy-require.ts';
import { InputError, errorMessage } from '../core/errors.ts';
import type { GapKind } from '../core/types.ts';
import { checkEntryName, formatBytes } from './extract.ts';
import { baseName } from './path.ts';

const tar = lazyRequire('tar') as () => typeof Tar;
const yauzl = lazyRequire('yauzl') as () => typeof Yauzl;

export type ArchiveKind = 'zip' | 'tar' | 'tgz';

export function archiveKindOf(path: string): ArchiveKind | undefined {
  const lower = path.toLowerCase();
  if (lower.endsWith('.zip')) return 'zip';
  if (lower.endsWith('.tgz') || lower.endsWith('.tar.gz')) return 'tgz';
  if (lower.endsWith('.tar')) return 'tar';
  return undefined;
}

/** The caps every archive reader checks before or while decompressing. */
export interface RatioLimits {
  maxEntries: number;
  maxTotalBytes: number;
  /** Unpacked bytes per packed byte above which an entry (or a .tar.gz) counts as a bomb. */
  maxRatio: number;
}

/** Below this many unpacked bytes the ratio is not checked (tiny files compress very well). */
export const RATIO_FLOOR = 1024 * 1024;

export function bomb(what: string, limits: RatioLimits): InputError {
  return new InputError(
    'ARCHIVE_BOMB',
    `refused: ${what} unpacks to more than ${limits.maxRatio} times its packed size (a decompression bomb)`,
  );
}

/** The entry name: the Info-ZIP Unicode Path extra field when present, else the raw name. */
export function zipEntryName(entry: Entry): string {
  for (const field of entry.extraFields) {
    if (field.id === 0x7075 && field.data.length > 5 && field.data[0] === 1) return field.data.subarray(5).toString('utf8');
  }
  const raw = entry.fileName as unknown as Buffer | string;
  if (typeof raw === 'string') return raw;
  return (entry.generalPurposeBitFlag & 0x800) !== 0 ? raw.toString('utf8') : raw.toString('latin1');
}

/**
 * Reads the whole central directory first: the entry count, the declared unpacked total and the
 * archive's overall ratio are checked before a single byte is written (yauzl then holds every
 * entry to its declared size, so a lying header fails instead of overrunning the checks).
 */
export function readZipEntries(zip: ZipFile, file: string, limits: RatioLimits): Promise<Entry[]> {
  return new Promise((resolve, reject) => {
    if (zip.entryCount > limits.maxEntries) {
      reject(tooManyEntries(limits));
      return;
    }
    const entries: Entry[] = [];
    let declared = 0;
    const onEntry = (entry: Entry): void => {
      entries.push(entry);
      if (!entry.isEncrypted()) declared += entry.uncompressedSize;
      zip.readEntry();
    };
    const onEnd = (): void => {
      zip.removeListener('entry', onEntry);
      zip.removeListener('error', onError);
      if (entries.length > limits.maxEntries) {
        reject(tooManyEntries(limits));
        return;
      }
      if (declared > limits.maxTotalBytes) {
        reject(
          new InputError(
            'ARCHIVE_TOO_LARGE',
            `refused: the zip's entries declare ${formatBytes(declared)}, more than ${formatBytes(limits.maxTotalBytes)} once unpacked (a decompression bomb or not a source repository)`,
          ),
        );
        return;
      }
      let packed = 1;
      try {
        packed = Math.max(1, lstatSync(file).size);
      } catch {
        // Read moments ago: the ratio falls back to the declared total alone.
      }
      if (declared > RATIO_FLOOR && declared / packed > limits.maxRatio) {
        reject(bomb(`${baseName(file)} (${formatBytes(declared)} from ${formatBytes(packed)})`, limits));
        return;
      }
      resolve(entries);
    };
    const onError = (err: Error): void => {
      zip.removeListener('entry', onEntry);
      zip.removeListener('end', onEnd);
      reject(err);
    };
    zip.on('entry', onEntry);
    zip.once('end', onEnd);
    zip.once('error', onError);
    zip.readEntry();
  });
}

export function tooManyEntries(limits: RatioLimits): InputError {
  return new InputError(
    'ARCHIVE_TOO_MANY_FILES',
    `refused: more than ${limits.maxEntries} entries (a decompression bomb or not a source repository)`,
  );
}

export function openZip(file: string): Promise<ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl().open(
      file,
      { lazyEntries: true, decodeStrings: false, validateEntrySizes: true, autoClose: false },
      (err, zip: ZipFile | undefined) => {
        if (err || !zip)
          reject(new InputError('ARCHIVE_UNREADABLE', `cannot read zip archive: ${err ? errorMessage(err) : 'unknown error'}`));
        else resolve(zip);
      },
    );
  });
}

/** Caps for reading a few members of an archive into memory (a vendored package's build files). */
export interface MemberLimits {
  maxEntries: number;
  /** Unpacked bytes of the whole archive (every entry is decompressed to reach the next). */
  maxTotalBytes: number;
  /** A wanted member larger than this is reported, not read. */
  maxMemberBytes: number;
  /** How many members are read. */
  maxMembers: number;
  maxRatio: number;
}

export const DEFAULT_MEMBER_LIMITS: MemberLimits = {
  maxEntries: 100_000,
  maxTotalBytes: 512 * 1024 * 1024,
  maxMemberBytes: 1024 * 1024,
  maxMembers: 500,
  maxRatio: 200,
};

export interface ArchiveMembers {
  /** Wanted regular-file members, by their checked root-relative name. */
  members: Map<string, Buffer>;
  /** Wanted members that were not read (too large, links, encrypted, past the member cap). */
  skipped: { name: string; reason: string; kind: GapKind }[];
}

/**
 * Reads the regular-file members `want` accepts into memory, with the caps of an archive target
 * (entry count, unpacked total, compression ratio, names checked as for extraction) and nothing
 * written anywhere: a package archive committed to the repository is read, never unpacked.
 * Links are not followed. Throws InputError when the archive is unreadable or a bomb.
 */
export async function readArchiveMembers(
  file: string,
  kind: ArchiveKind,
  want: (name: string) => boolean,
  limits: Partial<MemberLimits> = {},
): Promise<ArchiveMembers> {
  const all: MemberLimits = { ...DEFAULT_MEMBER_LIMITS, ...limits };
  const out: ArchiveMembers = { members: new Map(), skipped: [] };
  const consider = (raw: string, size: number, regular: boolean): boolean => {
    const checked = checkEntryName(raw);
    if ('refused' in checked || !want(checked.path)) return false;
    if (!regular) out.skipped.push({ name: checked.path, reason: 'a link or special entry, not read', kind: 'not-regular' });
    else if (size > all.maxMemberBytes)
      out.skipped.push({ name: checked.path, reason: `larger than ${formatBytes(all.maxMemberBytes)}, not read`, kind: 'too-large' });
    else if (out.members.size >= all.maxMembers)
      out.skipped.push({ name: checked.path, reason: `past the first ${all.maxMembers} files read from the archive`, kind: 'truncated' });
    else return true;
    return false;
  };
  if (kind === 'zip') await readZipMembers(file, all, consider, out);
  else await readTarMembers(file, all, consider, out);
  return out;
}

type Consider = (name: string, size: number, regular: boolean) => boolean;

async function readZipMembers(file: string, limits: RatioLimits, consider: Consider, out: ArchiveMembers): Promise<void> {
  const zip = await openZip(file);
  try {
    const entries = await readZipEntries(zip, file, limits);
    for (const entry of entries) {
      const name = zipEntryName(entry);
      if (name.endsWith('/')) continue;
      const mode = (entry.externalFileAttributes >>> 16) & 0o170000;
      const regular = mode !== 0o120000 && !entry.isEncrypted();
      if (!consider(name, entry.uncompressedSize, regular)) continue;
      if (entry.uncompressedSize > RATIO_FLOOR && entry.uncompressedSize / Math.max(1, entry.compressedSize) > limits.maxRatio)
        throw bomb(name, limits);
      const stream = await new Promise<Readable>((resolve, reject) => {
        zip.openReadStream(entry, (e, s) => {
          if (e) reject(e);
          else resolve(s);
        });
      });
      const parts: Buffer[] = [];
      for await (const d of stream as AsyncIterable<Buffer>) parts.push(d);
      const checked = checkEntryName(name);
      if ('path' in checked) out.members.set(checked.path, Buffer.concat(parts));
    }
  } catch (e) {
    throw e instanceof InputError ? e : new InputError('ARCHIVE_UNREADABLE', `cannot read zip archive: ${errorMessage(e)}`);
  } finally {
    zip.close();
  }
}

function readTarMembers(file: string, limits: RatioLimits, consider: Consider, out: ArchiveMembers): Promise<void> {
  let unpacked = 0;
  let entries = 0;
  return walkTar(file, (entry, walk) => {
    entries += 1;
    if (entries > limits.maxEntries) throw tooManyEntries(limits);
    unpacked += entry.size;
    if (unpacked > limits.maxTotalBytes)
      throw new InputError('ARCHIVE_TOO_LARGE', `refused: more than ${formatBytes(limits.maxTotalBytes)} once unpacked`);
    if (unpacked > RATIO_FLOOR && unpacked / Math.max(1, walk.packed) > limits.maxRatio) throw bomb(baseName(file), limits);
    const type = entry.type;
    if (type === 'Directory' || !consider(entry.path, entry.size, type === 'File' || type === 'OldFile' || type === 'ContiguousFile')) {
      entry.resume();
      return;
    }
    const checked = checkEntryName(entry.path);
    const parts: Buffer[] = [];
    entry.on('data', (d: Buffer) => parts.push(d));
    entry.on('end', () => {
      if ('path' in checked) out.members.set(checked.path, Buffer.concat(parts));
    });
  });
}

/** What a tar walk's entry callback sees besides the entry. */
export interface TarWalk {
  /** Bytes of the archive file read so far: the denominator of the ratio checks. */
  readonly packed: number;
  /** The walk has failed: data still arriving is dropped. */
  readonly stopped: boolean;
  /** Stops the walk, which rejects with `e` (an InputError as it is, anything else as unreadable). */
  fail(e: unknown): void;
}

/**
 * Streams the entries of a .tar or .tar.gz one at a time to `onEntry`, the one tar reader of both
 * archive targets (unpacked to disk, src/acquire/archive.ts) and package archives read into memory
 * (`readArchiveMembers`). `onEntry` consumes the entry or resumes it; whatever it throws stops the
 * walk. Resolves when the archive ends; rejects with an InputError when it is unreadable, including
 * an archive the parser found no entry in and warned about.
 */
export function walkTar(file: string, onEntry: (entry: ReadEntry, walk: TarWalk) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    let entries = 0;
    const warnings: string[] = [];
    const input = createReadStream(file);
    const parser = new (tar().Parser)({
      strict: false,
      maxDecompressionRatio: Number.MAX_SAFE_INTEGER,
      onwarn: (_code: string, message: string | Error) => {
        if (warnings.length < 5) warnings.push(typeof message === 'string' ? message : message.message);
      },
    });
    const fail = (e: unknown): void => {
      if (walk.stopped) return;
      walk.stopped = true;
      input.destroy();
      parser.abort(e instanceof Error ? e : new Error(String(e)));
      reject(e instanceof InputError ? e : new InputError('ARCHIVE_UNREADABLE', `cannot read tar archive: ${errorMessage(e)}`));
    };
    const walk = { packed: 0, stopped: false, fail };
    parser.on('entry', (entry: ReadEntry) => {
      if (walk.stopped) {
        entry.resume();
        return;
      }
      entries += 1;
      try {
        onEntry(entry, walk);
      } catch (e) {
        entry.resume();
        fail(e);
      }
    });
    parser.on('error', fail);
    parser.on('close', () => {
      if (walk.stopped) return;
      walk.stopped = true;
      if (entries === 0 && warnings.length > 0) {
        reject(new InputError('ARCHIVE_UNREADABLE', `cannot read tar archive: ${warnings[0] ?? 'no entries'}`));
        return;
      }
      resolve();
    });
    input.on('data', (d: Buffer | string) => {
      walk.packed += d.length;
    });
    input.on('error', fail);
    input.pipe(parser);
  });
}
