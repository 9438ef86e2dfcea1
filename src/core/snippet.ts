/**
 * Code frames for findings, taken while the target is still on disk so reporters never re-read
 * files. Long whitespace runs (code pushed off-screen) are made visible, long lines are cut.
 */
import { lineIndexOf } from './line-index.ts';
import type { Snippet } from './types.ts';

const CONTEXT = 2;
const MAX_LINE = 400;
const WS_RUN = /[ \t]{24,}/g;

/** Replace long whitespace runs with a visible marker such as `⟨380 spaces⟩`. */
export function revealWhitespace(line: string): string {
  return line.replace(WS_RUN, run => `⟨${run.length} ${run.includes('\t') ? 'whitespace' : 'spaces'}⟩`);
}

export function clip(text: string, max = MAX_LINE): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length - max} more characters)`;
}

export function makeSnippet(text: string, line: number): Snippet | undefined {
  if (line < 1) return undefined;
  const start = Math.max(1, line - CONTEXT);
  const lines: string[] = [];
  let current = start;
  // Straight to the first line of the frame, not one line after another from the top.
  let pos = lineIndexOf(text).lineStart(start);
  if (pos === undefined) return undefined;
  while (current <= line + CONTEXT && pos <= text.length) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = text.length;
    if (current >= start) {
      const raw = text.slice(pos, Math.min(end, pos + 64 * 1024)).replace(/\r$/, '');
      lines.push(clip(revealWhitespace(raw)));
    }
    if (end >= text.length) break;
    pos = end + 1;
    current++;
  }
  if (lines.length === 0 || start + lines.length - 1 < line) return undefined;
  return { startLine: start, lines };
}
