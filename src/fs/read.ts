/**
 * Capped, encoding-aware reads of files inside the target. Never follows symlinks: a path is read
 * only if the inventory recorded it as a regular file.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { absFromRel } from './path.ts';
import { decodeText } from './sniff.ts';
import type { FileEntry } from './walk.ts';

/** The most bytes of one file that text analysis reads (the rest is reported, never silently dropped). */
export const MAX_TEXT_BYTES = 16 * 1024 * 1024;

export interface TextRead {
  text: string;
  /** True when the file was larger than the cap and only its head was read. */
  truncated: boolean;
}

export function readBytes(root: string, entry: FileEntry, maxBytes: number, position = 0): Buffer {
  if (entry.type !== 'file') return Buffer.alloc(0);
  const want = Math.max(0, Math.min(maxBytes, entry.size - position));
  const buf = Buffer.allocUnsafe(want);
  const fd = openSync(absFromRel(root, entry.path), 'r');
  try {
    let off = 0;
    while (off < want) {
      const n = readSync(fd, buf, off, want - off, position + off);
      if (n === 0) break;
      off += n;
    }
    return buf.subarray(0, off);
  } finally {
    closeSync(fd);
  }
}

export function readText(root: string, entry: FileEntry, maxBytes = MAX_TEXT_BYTES): TextRead {
  const bytes = readBytes(root, entry, maxBytes);
  return { text: decodeText(bytes, entry.encoding), truncated: entry.size > bytes.length };
}
