/**
 * Layout tricks that hide code from a reader (research/techniques.md T6, T7): code pushed past the
 * visible width by a long whitespace run, very long lines in configs, payloads after thousands of
 * blank lines, and configs whose bytes mostly sit off-screen.
 */

/** A whitespace run this long before more text pushes it off any editor's visible width. */
export const OFFSCREEN_COLUMN = 150;
/** Lines longer than this in a build config are never hand-written configuration. */
export const CONFIG_LONG_LINE = 1000;
/** This many blank lines in a row before more content is a hiding place, not formatting. */
export const BLANK_RUN = 500;

export interface HiddenSpot {
  kind: 'offscreen' | 'long-line' | 'blank-run';
  /** UTF-16 offset where the hidden content starts. */
  offset: number;
  /** Length of the whitespace run, the line, or the number of blank lines. */
  size: number;
  /** The first characters of the hidden content. */
  preview: string;
}

export interface HiddenFacts {
  spots: HiddenSpot[];
  /** Characters beyond column OFFSCREEN_COLUMN, summed over all lines. */
  offscreenChars: number;
}

const WS_RUN = /[ \t]{150}/g;
// Anchored on a newline so a long whitespace run without one is never re-scanned from each column.
const BLANKS = new RegExp(`\\n(?:[ \\t\\r]*\\n){${BLANK_RUN}}`, 'g');
const MAX_SPOTS = 20;

/** Text that looks like program code rather than prose, data or a path. */
export function looksLikeCode(s: string): boolean {
  return /[;(){}=]/.test(s) && /[A-Za-z_$][\w$]*\s*[([.=]/.test(s);
}

function preview(text: string, at: number): string {
  const end = text.indexOf('\n', at);
  return text.slice(at, Math.min(end < 0 ? text.length : end, at + 160)).trim();
}

const SPACES = ' '.repeat(32);
const TABS = '\t'.repeat(8);

/** A 150-column run of spaces and tabs holds 32 spaces, 8 tabs or an alternation in a row. */
function mayHaveRun(text: string): boolean {
  return text.includes(SPACES) || text.includes(TABS) || text.includes(' \t \t \t') || text.includes('\t \t \t ');
}

export function hiddenFacts(text: string, config: boolean): HiddenFacts {
  const spots: HiddenSpot[] = [];
  let offscreenChars = 0;
  WS_RUN.lastIndex = mayHaveRun(text) ? 0 : text.length;
  let m: RegExpExecArray | null;
  while (spots.length < MAX_SPOTS && (m = WS_RUN.exec(text)) !== null) {
    let end = m.index + m[0].length;
    while (end < text.length && (text[end] === ' ' || text[end] === '\t')) end++;
    WS_RUN.lastIndex = end;
    const next = text[end];
    if (next === undefined || next === '\n' || next === '\r') continue;
    spots.push({ kind: 'offscreen', offset: end, size: end - m.index, preview: preview(text, end) });
  }
  if (config || spots.length > 0) {
    let pos = 0;
    while (pos < text.length) {
      let end = text.indexOf('\n', pos);
      if (end < 0) end = text.length;
      const len = end - pos;
      if (len > OFFSCREEN_COLUMN) offscreenChars += len - OFFSCREEN_COLUMN;
      if (config && len > CONFIG_LONG_LINE && spots.length < MAX_SPOTS && !spots.some(s => s.offset >= pos && s.offset < end)) {
        spots.push({ kind: 'long-line', offset: pos, size: len, preview: preview(text, pos) });
      }
      pos = end + 1;
    }
  }
  BLANKS.lastIndex = 0;
  while (spots.length < MAX_SPOTS && (m = BLANKS.exec(text)) !== null) {
    let end = m.index + m[0].length;
    let lines = BLANK_RUN;
    // The rest of the run, however long, one character at a time (no slice, no per-line array).
    for (let p = end; p < text.length; p++) {
      const c = text.charCodeAt(p);
      if (c === 0x0a) {
        lines++;
        end = p + 1;
      } else if (c !== 0x20 && c !== 0x09 && c !== 0x0d) break;
    }
    BLANKS.lastIndex = end;
    while (end < text.length && (text[end] === ' ' || text[end] === '\t')) end++;
    if (end >= text.length) continue;
    spots.push({ kind: 'blank-run', offset: end, size: lines, preview: preview(text, end) });
  }
  return { spots, offscreenChars };
}
