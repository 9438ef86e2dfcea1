/**
 * Literals for the byte-level automaton (aho.ts) that stand for a regular expression: every match
 * of the expression holds one of them, so a file without any of them cannot match it.
 */
const ASCII_SPACE = [' ', '\t', '\n', '\r', '\v', '\f'];
/** First bytes of the other characters `\s` matches (U+00A0, U+1680, U+2000-U+205F, U+3000, U+FEFF). */
const OTHER_SPACE_LEADS = [0xc2, 0xe1, 0xe2, 0xe3, 0xef];

export const bytes = (...parts: (string | number)[]): Uint8Array =>
  Buffer.concat(parts.map(p => (typeof p === 'number' ? Uint8Array.of(p) : Buffer.from(p, 'utf8'))));

/**
 * Literals one of which every match of `a\s*b` holds: `a` and `b` joined directly or by one
 * ASCII space character, or `a` followed by the start of a longer run (two ASCII spaces, or an
 * ASCII space or nothing and then the first byte of another white-space character).
 */
export function spacedPair(a: string, b: string): (string | Uint8Array)[] {
  const out: (string | Uint8Array)[] = [a + b];
  for (const w of ['', ...ASCII_SPACE]) {
    if (w !== '') out.push(a + w + b, ...ASCII_SPACE.map(w2 => a + w + w2));
    out.push(...OTHER_SPACE_LEADS.map(lead => bytes(a + w, lead)));
  }
  return out;
}
