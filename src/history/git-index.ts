/**
 * Reads the paths recorded in a repository's `.git/index` without running git, so that a hostile
 * `.git/config` (fsmonitor, hooks) can never be triggered just to learn which files are tracked.
 * Supports index versions 2, 3 and 4 (path prefix compression).
 */
import { readFileSync, lstatSync } from 'node:fs';

const MAX_INDEX_BYTES = 256 * 1024 * 1024;

export function readIndexPaths(indexFile: string): string[] | undefined {
  let buf: Buffer;
  try {
    const st = lstatSync(indexFile);
    if (!st.isFile() || st.size > MAX_INDEX_BYTES) return undefined;
    buf = readFileSync(indexFile);
  } catch {
    return undefined;
  }
  if (buf.length < 12 || buf.toString('latin1', 0, 4) !== 'DIRC') return undefined;
  const version = buf.readUInt32BE(4);
  const count = buf.readUInt32BE(8);
  if (version < 2 || version > 4) return undefined;
  const paths: string[] = [];
  let off = 12;
  let previous = '';
  for (let i = 0; i < count; i++) {
    const entryStart = off;
    if (off + 62 > buf.length) return paths;
    const flags = buf.readUInt16BE(off + 60);
    off += 62;
    if (version >= 3 && flags & 0x4000) off += 2; // extended flags
    let path: string;
    if (version === 4) {
      // Variable-width integer: bytes to strip from the previous path, then a NUL-terminated suffix.
      let byte = buf[off++] ?? 0;
      let strip = byte & 0x7f;
      while (byte & 0x80) {
        byte = buf[off++] ?? 0;
        strip = ((strip + 1) << 7) | (byte & 0x7f);
      }
      const end = buf.indexOf(0, off);
      if (end < 0) return paths;
      path = previous.slice(0, Math.max(0, previous.length - strip)) + buf.toString('utf8', off, end);
      off = end + 1;
    } else {
      const end = buf.indexOf(0, off);
      if (end < 0) return paths;
      path = buf.toString('utf8', off, end);
      // Entries are padded with 1-8 NULs to a multiple of 8 bytes.
      const len = end - entryStart + 1;
      off = entryStart + Math.ceil(len / 8) * 8;
    }
    paths.push(path);
    previous = path;
  }
  return paths;
}
