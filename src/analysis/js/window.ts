/**
 * The part of a file too large to parse that is parsed anyway: its head and its tail, each half the
 * parse cap, joined, with a `LineShift` so that the code of both keeps its real
 * line numbers. Padding put in front of a loader (or after it) therefore no longer hides it from the
 * dataflow rules; only code in the middle of such a file goes unparsed (and is reported so).
 */
import { countLines } from '../../core/line-index.ts';
import type { LineShift } from '../../core/line-index.ts';

/** How far from a cut to look for a line that starts a statement (no indentation, no closer). */
const SEARCH = 64 * 1024;
const STATEMENT_START = /[^\s})\],.?:+\-*/%&|^=<>]/;

function lineStartNear(text: string, at: number, forward: boolean): number {
  const from = Math.max(0, Math.min(text.length, at));
  const limit = forward ? Math.min(text.length, from + SEARCH) : Math.max(0, from - SEARCH);
  let fallback = -1;
  for (let i = forward ? text.indexOf('\n', from) : text.lastIndexOf('\n', from - 1); i >= 0;) {
    if (forward ? i > limit : i < limit) break;
    if (fallback < 0) fallback = i + 1;
    if (STATEMENT_START.test(text[i + 1] ?? '')) return i + 1;
    i = forward ? text.indexOf('\n', i + 1) : text.lastIndexOf('\n', i - 1);
  }
  return fallback >= 0 ? fallback : from;
}

export interface ParseWindow {
  code: string;
  /** How the lines of `code` map to those of the text it came from (the middle's lines skipped). */
  lineShift?: LineShift;
}

/**
 * The head and tail of `text` within `maxChars`, joined directly; the middle's line breaks are
 * counted, not copied, so the window stays within the cap whatever the middle holds.
 */
export function parseWindow(text: string, maxChars: number): ParseWindow {
  if (text.length <= maxChars) return { code: text };
  const half = maxChars >> 1;
  const headEnd = lineStartNear(text, half, false);
  const tailStart = Math.max(headEnd, lineStartNear(text, text.length - half, true));
  const headLines = countLines(text, headEnd);
  const skipped = countLines(text, tailStart) - headLines;
  // After a head cut mid-line, the tail goes on a line of its own when line breaks were skipped
  // (and stays on the head's line when none were: one long line cut twice).
  const sep = headEnd > 0 && text.charCodeAt(headEnd - 1) !== 0x0a && skipped > 0 ? '\n' : '';
  const code = text.slice(0, headEnd) + sep + text.slice(tailStart);
  const add = skipped - sep.length;
  return add === 0 ? { code } : { code, lineShift: { from: headLines + sep.length + 1, add } };
}
