/**
 * Capped, encoding-aware reads of files inside the target. Never follows symlinks: a path is read
 * only if the inventory recorded it as a regular file.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { readHeadAndTail, readJsonOutline } from './outline.ts';
import type { LineShift } from '../core/line-index.ts';
import { absFromRel } from './path.ts';
import { SNIFF_BYTES, decodeText, sniff } from './sniff.ts';
import { PendingSniffEntry } from './walk.ts';
import type { FileEntry } from './walk.ts';

/** The most bytes of one file that text analysis reads (the rest is reported, never silently dropped). */
export const MAX_TEXT_BYTES = 16 * 1024 * 1024;

export interface TextRead {
  text: string;
  /** True when the file was larger than the cap and only part of it was read. */
  truncated: boolean;
  /** What of a truncated file was left out, in words. */
  omitted?: string;
  /** How the text's lines map to the file's when a middle was skipped (lines past it shift). */
  lineShift?: LineShift;
}

/** Of a long file, this much of its end is read besides its head (padding cannot push code past it). */
export const TAIL_BYTES = 4 * 1024 * 1024;

const JSON_NAME = /\.(?:json|jsonc|code-workspace)$/;

/**
 * A text file over the cap: a JSON/JSONC file as an outline (structure and short strings, line
 * numbers kept), anything else (or an outline too large) as its head and tail.
 */
function readLong(root: string, entry: FileEntry, maxBytes: number): TextRead {
  if (entry.encoding === 'utf16le' || entry.encoding === 'utf16be') return readText(root, entry, maxBytes);
  if (JSON_NAME.test(entry.path)) {
    const outline = readJsonOutline(root, entry.path, entry.size, maxBytes);
    if (outline) return { text: outline.text, truncated: true, omitted: outline.omitted };
  }
  const part = readHeadAndTail(root, entry.path, entry.size, maxBytes, Math.min(TAIL_BYTES, maxBytes >> 1));
  return { text: part.text, truncated: true, omitted: part.omitted, ...(part.lineShift ? { lineShift: part.lineShift } : {}) };
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

/**
 * The text of a file, or undefined when its content is binary. A small file whose size and sniff
 * the walk left for later is read once, and both are settled from that read (a regular file reads
 * short only at its end).
 */
export function readTextIfText(root: string, entry: FileEntry, maxBytes = MAX_TEXT_BYTES): TextRead | undefined {
  if (entry instanceof PendingSniffEntry && !entry.sniffed) {
    const head = Buffer.allocUnsafe(SNIFF_BYTES + 1);
    let n = -1;
    try {
      const fd = openSync(absFromRel(root, entry.path), 'r');
      try {
        n = readSync(fd, head, 0, head.length, 0);
      } finally {
        closeSync(fd);
      }
    } catch {
      // Left as the walk left it: the installed-files pass reports why it is unreadable.
    }
    if (n >= 0 && n <= SNIFF_BYTES) {
      const bytes = head.subarray(0, n);
      entry.settle(sniff(bytes), n);
      if (entry.content === 'binary') return undefined;
      return { text: decodeText(bytes.subarray(0, maxBytes), entry.encoding), truncated: n > maxBytes };
    }
  }
  if (entry.content === 'binary') return undefined;
  return entry.size > maxBytes ? readLong(root, entry, maxBytes) : readText(root, entry, maxBytes);
}
