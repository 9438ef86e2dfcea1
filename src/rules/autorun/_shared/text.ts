/** Small text helpers for locating things in files that were parsed elsewhere. */

/** 1-based line of a 0-based offset (UTF-16 code units, as JS strings and the parsers count). */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  let i = text.indexOf('\n');
  while (i >= 0 && i < offset) {
    line++;
    i = text.indexOf('\n', i + 1);
  }
  return line;
}
