/**
 * The part of a file too large to parse that is parsed anyway: its head and its tail, each half the
 * parse cap, joined by the middle's line breaks only, so that the code of both keeps its real line
 * numbers. Padding put in front of a loader (or after it) therefore no longer hides it from the
 * dataflow rules; only code in the middle of such a file goes unparsed (and is reported so).
 */

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

/** The head and tail of `text` within `maxChars`, the middle reduced to its line breaks. */
export function parseWindow(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const half = maxChars >> 1;
  const headEnd = lineStartNear(text, half, false);
  const tailStart = Math.max(headEnd, lineStartNear(text, text.length - half, true));
  let lines = 0;
  for (let i = text.indexOf('\n', headEnd); i >= 0 && i < tailStart; i = text.indexOf('\n', i + 1)) lines++;
  return text.slice(0, headEnd) + '\n'.repeat(lines) + text.slice(tailStart);
}
