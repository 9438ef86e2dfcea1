/**
 * Reads an npm package tarball (gzip + tar) in memory, with caps: decompressed size, entry count,
 * per-file size. Entries that would leave the package folder (absolute paths, `..`) are never
 * returned as files; they are listed in `unsafe` so the caller can report them. Nothing is written.
 */
import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';

export const MAX_UNPACKED_BYTES = 128 * 1024 * 1024;
const MAX_ENTRIES = 20_000;

export interface PackageFiles {
  /** Path inside the package (the leading `package/` folder removed) → contents. */
  files: Map<string, Buffer>;
  /** Entry names that try to leave the package folder. */
  unsafe: string[];
  /** Links, devices and other non-file entries that were skipped. */
  skipped: string[];
}

export class TarballError extends Error {}

function cString(buf: Buffer, start: number, len: number): string {
  const slice = buf.subarray(start, start + len);
  const nul = slice.indexOf(0);
  return slice.subarray(0, nul < 0 ? slice.length : nul).toString('utf8');
}

function octal(buf: Buffer, start: number, len: number): number {
  const field = buf.subarray(start, start + len);
  if ((field[0] ?? 0) & 0x80) throw new TarballError('a base-256 size field (an entry too large for a package)');
  const text = cString(buf, start, len).trim();
  if (text === '') return 0;
  if (!/^[0-7]+$/.test(text)) throw new TarballError(`a malformed size field ${JSON.stringify(text)}`);
  return parseInt(text, 8);
}

function paxPath(body: Buffer): string | undefined {
  let pos = 0;
  let path: string | undefined;
  while (pos < body.length) {
    const space = body.indexOf(0x20, pos);
    if (space < 0) break;
    const len = Number(body.subarray(pos, space).toString('ascii'));
    if (!Number.isInteger(len) || len <= 0 || pos + len > body.length) break;
    const record = body.subarray(space + 1, pos + len - 1).toString('utf8');
    const eq = record.indexOf('=');
    if (record.slice(0, eq) === 'path') path = record.slice(eq + 1);
    pos += len;
  }
  return path;
}

/** `package/lib/x.js` → `lib/x.js`; undefined when the name leaves the package folder. */
export function packagePath(name: string): string | undefined {
  const parts = name.replace(/\\/g, '/').split('/');
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name) || parts.includes('..')) return undefined;
  const rest = parts.slice(1).filter(p => p !== '' && p !== '.');
  return rest.length === 0 ? undefined : rest.join('/');
}

export function readTarball(gz: Buffer, maxBytes = MAX_UNPACKED_BYTES): PackageFiles {
  let tar: Buffer;
  try {
    tar = gunzipSync(gz, { maxOutputLength: maxBytes });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'ERR_BUFFER_TOO_LARGE' || e instanceof RangeError)
      throw new TarballError(`it decompresses to more than ${maxBytes} bytes (a decompression bomb or not a package)`);
    throw new TarballError(`it is not a gzip file (${e.message})`);
  }
  const out: PackageFiles = { files: new Map(), unsafe: [], skipped: [] };
  let pos = 0;
  let longName: string | undefined;
  let entries = 0;
  while (pos + 512 <= tar.length) {
    const header = tar.subarray(pos, pos + 512);
    if (header.every(b => b === 0)) break;
    if (++entries > MAX_ENTRIES) throw new TarballError(`more than ${MAX_ENTRIES} entries`);
    const size = octal(header, 124, 12);
    const type = String.fromCharCode(header[156] ?? 0);
    const prefix = cString(header, 345, 155);
    const base = cString(header, 0, 100);
    const name = longName ?? (prefix !== '' ? `${prefix}/${base}` : base);
    const bodyStart = pos + 512;
    if (bodyStart + size > tar.length) throw new TarballError(`entry ${JSON.stringify(name.slice(0, 100))} is cut short`);
    const body = tar.subarray(bodyStart, bodyStart + size);
    pos = bodyStart + Math.ceil(size / 512) * 512;
    longName = undefined;
    if (type === 'x') {
      longName = paxPath(body);
      continue;
    }
    if (type === 'L') {
      longName = cString(body, 0, body.length);
      continue;
    }
    if (type === 'g' || type === '5') continue;
    const path = packagePath(name);
    if (path === undefined) {
      if (name.replace(/\/+$/, '').includes('/') || name.includes('..') || name.startsWith('/')) out.unsafe.push(name.slice(0, 200));
      continue;
    }
    if (type !== '0' && type !== '\0' && type !== '7') {
      out.skipped.push(path);
      continue;
    }
    out.files.set(path, Buffer.from(body));
  }
  return out;
}

/** Whether `bytes` match a subresource-integrity string (`sha512-…`, `sha1-…`, any listed hash). */
export function matchesIntegrity(bytes: Buffer, integrity: string): boolean {
  return integrity
    .split(/\s+/)
    .filter(s => s !== '')
    .some(sri => {
      const dash = sri.indexOf('-');
      const algo = sri.slice(0, dash);
      if (!['sha1', 'sha256', 'sha384', 'sha512'].includes(algo)) return false;
      return createHash(algo).update(bytes).digest('base64') === sri.slice(dash + 1).replace(/\?.*$/, '');
    });
}

/** A file-name-safe cache key for an integrity string (its strongest hash, hex). */
export function integrityKey(integrity: string): string | undefined {
  const parts = integrity.split(/\s+/).filter(s => /^sha(?:1|256|384|512)-/.test(s));
  const best = parts.find(p => p.startsWith('sha512-')) ?? parts[0];
  if (best === undefined) return undefined;
  const dash = best.indexOf('-');
  const hex = Buffer.from(best.slice(dash + 1), 'base64').toString('hex');
  return hex.length >= 40 ? `${best.slice(0, dash)}-${hex}` : undefined;
}
