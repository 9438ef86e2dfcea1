/**
 * Makes text from a scanned repository safe to print on a terminal: control characters (ANSI
 * escapes, newlines in file names) and invisible or bidirectional format characters are shown
 * as visible escapes instead of being interpreted.
 */
// C0 and C1 controls, DEL, bidi marks, embeddings, overrides and isolates, zero-width characters,
// U+2028/U+2029 (line and paragraph separators), the BOM and tag characters.
const UNSAFE =
  /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff]|\udb40[\udc00-\udc7f]/g;

export function safeText(s: string): string {
  return s.replace(UNSAFE, ch => {
    if (ch === '\n') return '\\n';
    if (ch === '\r') return '\\r';
    if (ch === '\t') return '\\t';
    const cp = ch.codePointAt(0) ?? 0;
    return cp <= 0xff ? `\\x${cp.toString(16).padStart(2, '0')}` : `<U+${cp.toString(16).toUpperCase().padStart(4, '0')}>`;
  });
}

/**
 * Cuts `s` to `width` characters by removing its middle, so both the start (a command's name, a
 * folder) and the end (a file name, a host) stay readable: `node /very/lo…/payload.js`.
 */
export function cutMiddle(s: string, width: number): string {
  const chars = Array.from(s);
  if (chars.length <= width) return s;
  if (width <= 1) return '…'.slice(0, width);
  const head = Math.ceil((width - 1) / 2);
  const tail = width - 1 - head;
  return `${chars.slice(0, head).join('')}…${tail > 0 ? chars.slice(chars.length - tail).join('') : ''}`;
}
