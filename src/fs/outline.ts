/**
 * Bounded-memory reads of files over the text cap, so that padding cannot push what runs out of
 * sight:
 * - `readHeadAndTail`: the head and the tail of a long file, the middle skipped and its line
 *   breaks counted (a `LineShift`), so every line of the head and the tail keeps its real number;
 * - `readJsonOutline`: a JSON/JSONC file read in chunks and written back with its structure, keys
 *   and short strings whole, long strings shortened, comments and other whitespace dropped but
 *   line breaks kept: a 1 GiB `package.json` of padding becomes a few bytes per line, and its
 *   `scripts` keep their text and line numbers.
 * Both read the file once in 1 MiB chunks and keep at most their budget in memory.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { countLineBytes, countLines } from '../core/line-index.ts';
import type { LineShift } from '../core/line-index.ts';
import { absFromRel } from './path.ts';

const CHUNK = 1024 * 1024;
/** Characters kept of one JSON string in an outline (a script longer than this is cut). */
export const OUTLINE_STRING_BYTES = 64 * 1024;

export interface PartialText {
  text: string;
  /** What was left out, in words (for the report's errors). */
  omitted: string;
  /** How the text's lines map to the file's, when they differ. */
  lineShift?: LineShift;
}

function chunks(abs: string, from: number, to: number, each: (buf: Buffer, at: number) => void): void {
  const fd = openSync(abs, 'r');
  try {
    const buf = Buffer.allocUnsafe(CHUNK);
    for (let pos = from; pos < to;) {
      const n = readSync(fd, buf, 0, Math.min(CHUNK, to - pos), pos);
      if (n === 0) break;
      each(buf.subarray(0, n), pos);
      pos += n;
    }
  } finally {
    closeSync(fd);
  }
}

function readRange(abs: string, from: number, to: number): Buffer {
  const parts: Buffer[] = [];
  chunks(abs, from, to, b => parts.push(Buffer.from(b)));
  return Buffer.concat(parts);
}

/** Back off UTF-8 continuation bytes so that a cut never splits a character. */
function charStart(buf: Buffer, at: number): number {
  let i = at;
  while (i > 0 && i < buf.length && ((buf[i] as number) & 0xc0) === 0x80) i--;
  return i;
}

/**
 * The first `maxBytes - tailBytes` and the last `tailBytes` of a UTF-8 file, cut at line breaks
 * (or character boundaries in a single long line), joined directly; the lines skipped in between
 * are counted, never materialised, and `lineShift` says how the tail's lines map to the file's.
 * Memory is the head and the tail whatever the file holds (1 GiB of line breaks included).
 */
export function readHeadAndTail(root: string, path: string, size: number, maxBytes: number, tailBytes: number): PartialText {
  const abs = absFromRel(root, path);
  const headBuf = readRange(abs, 0, maxBytes - tailBytes);
  const tailBuf = readRange(abs, size - tailBytes, size);
  const lastBreak = headBuf.lastIndexOf(0x0a);
  const headEnd = lastBreak >= 0 ? lastBreak + 1 : charStart(headBuf, headBuf.length);
  const firstBreak = tailBuf.indexOf(0x0a);
  const tailStart = firstBreak >= 0 ? firstBreak + 1 : charStart(tailBuf, 0) === 0 ? skipContinuation(tailBuf) : 0;
  let skipped = 0;
  chunks(abs, headEnd, size - tailBytes + tailStart, b => {
    skipped += countLineBytes(b);
  });
  const decoder = new TextDecoder('utf-8');
  const head = decoder.decode(headBuf.subarray(0, headEnd));
  // After a head cut mid-line, the tail goes on a line of its own when line breaks were skipped.
  const sep = lastBreak < 0 && skipped > 0 ? '\n' : '';
  const headLines = countLines(head) + sep.length;
  const middle = size - tailBytes + tailStart - headEnd;
  const text = head + sep + decoder.decode(tailBuf.subarray(tailStart));
  // The tail's first line is line headLines + 1 of the text, and of the file that plus the line
  // breaks skipped (less the one put in).
  const add = skipped - sep.length;
  return {
    text,
    omitted: `${middle} bytes in the middle (${skipped} lines) were not read; the first ${headEnd} and the last ${tailBuf.length - tailStart} bytes were`,
    ...(add !== 0 ? { lineShift: { from: headLines + 1, add } } : {}),
  };
}

function skipContinuation(buf: Buffer): number {
  let i = 0;
  while (i < buf.length && ((buf[i] as number) & 0xc0) === 0x80) i++;
  return i;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const SLASH = 0x2f;
const STAR = 0x2a;
const NL = 0x0a;

/** Byte classes outside strings: whitespace other than a line break collapses, the rest is kept. */
function isBlank(b: number): boolean {
  return b === 0x20 || b === 0x09 || b === 0x0d;
}

/**
 * The outline of a JSON/JSONC file (see the module comment), or undefined when it would exceed
 * `budget` bytes (structure padding: then the caller falls back to the head and the tail).
 */
export function readJsonOutline(root: string, path: string, size: number, budget: number): PartialText | undefined {
  const out = Buffer.allocUnsafe(Math.min(budget, size) + 16);
  let len = 0;
  // An object, not a `let`: the writes happen in closures the type checker does not follow.
  const budgetHit = { over: false };
  const put = (b: number): void => {
    if (len >= budget) {
      budgetHit.over = true;
      return;
    }
    out[len++] = b;
  };
  let state: 'code' | 'string' | 'escape' | 'slash' | 'line' | 'block' | 'block-star' = 'code';
  let kept = 0;
  let shortened = 0;
  let cut = false;
  let emitting = true;
  let hex = 0;
  let blank = false;
  chunks(absFromRel(root, path), 0, size, buf => {
    for (let i = 0; i < buf.length && !budgetHit.over; i++) {
      const b = buf[i] as number;
      switch (state) {
        case 'code':
          if (b === QUOTE) {
            put(b);
            state = 'string';
            kept = 0;
            cut = false;
            emitting = true;
            hex = 0;
          } else if (b === SLASH) {
            state = 'slash';
          } else if (isBlank(b)) {
            if (!blank) put(0x20);
            blank = true;
            continue;
          } else put(b);
          blank = false;
          break;
        case 'string':
          if (b === QUOTE) {
            put(b);
            state = 'code';
            if (cut) shortened++;
          } else if (b === NL) {
            // An unterminated string ends at the line break for a JSONC scanner too.
            put(b);
            state = 'code';
          } else if ((b & 0xc0) === 0x80) {
            // A continuation byte goes with its character.
            if (emitting) put(b);
          } else {
            emitting = hex > 0 || kept < OUTLINE_STRING_BYTES;
            if (hex > 0) hex--;
            if (emitting) {
              put(b);
              kept++;
            } else cut = true;
            if (b === BACKSLASH) state = 'escape';
          }
          break;
        case 'escape':
          // The escaped character is kept with its backslash; `\uXXXX` keeps its four digits.
          if (emitting) {
            put(b);
            kept++;
            if (b === 0x75) hex = 4;
          }
          state = b === NL ? 'code' : 'string';
          break;
        case 'slash':
          if (b === SLASH) state = 'line';
          else if (b === STAR) state = 'block';
          else {
            put(SLASH);
            put(b);
            state = 'code';
          }
          break;
        case 'line':
          if (b === NL) {
            put(NL);
            state = 'code';
          }
          break;
        case 'block':
          if (b === NL) put(NL);
          else if (b === STAR) state = 'block-star';
          break;
        case 'block-star':
          if (b === SLASH) {
            put(0x20);
            state = 'code';
          } else if (b === NL) {
            put(NL);
            state = 'block';
          } else if (b !== STAR) state = 'block';
          break;
      }
      blank = false;
    }
  });
  if (budgetHit.over) return undefined;
  return {
    text: new TextDecoder('utf-8').decode(out.subarray(0, len)),
    omitted: `read as an outline of ${len} bytes: comments and spacing dropped${shortened > 0 ? `, ${shortened} string${shortened === 1 ? '' : 's'} longer than ${OUTLINE_STRING_BYTES} bytes shortened` : ''}, line numbers kept`,
  };
}
