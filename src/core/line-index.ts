/**
 * Lines of a text without a per-line table: a line index keeps the start of every 64th line in a
 * typed array (4 bytes per 64 lines), so a 16 MiB text of line breaks costs 1 MiB, not the 128 MiB
 * of an array of every start; a position or a line start costs at most 63 `indexOf` steps past
 * the nearest mark. And the `LineShift` that maps the lines of a text cut from a file (a
 * head-and-tail read, a parse window) to the file's lines, as one pair.
 */

/**
 * Every line numbered `from` or more in a text is line `number + add` of the file it was cut
 * from (the lines of a skipped middle are counted, never materialised).
 */
export interface LineShift {
  from: number;
  add: number;
}

/** The file's line for a line of the text. */
export function fileLine(shift: LineShift | undefined, line: number): number {
  return shift !== undefined && line >= shift.from ? line + shift.add : line;
}

/** The text's line for a line of the file, or undefined when that line was not read. */
export function textLine(shift: LineShift | undefined, line: number): number | undefined {
  if (shift === undefined || line < shift.from) return line;
  return line >= shift.from + shift.add ? line - shift.add : undefined;
}

/**
 * Line breaks in `text` before `end` (all of them by default), counted without splitting it. A
 * loop over character codes: one `indexOf` call per line costs far more when lines are empty.
 */
export function countLines(text: string, end = text.length): number {
  let n = 0;
  for (let i = 0; i < end; i++) if (text.charCodeAt(i) === 0x0a) n++;
  return n;
}

/** Line breaks (0x0a bytes) in a buffer. */
export function countLineBytes(buf: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < buf.length; i++) if (buf[i] === 0x0a) n++;
  return n;
}

const EVERY = 64;

export class LineIndex {
  /** Offsets of the starts of lines 1, 1 + EVERY, 1 + 2·EVERY, … */
  private marks: Uint32Array;
  private count = 0;

  /** `shift` maps the lines `position` gives to those of the file the text was cut from. */
  constructor(
    readonly text: string,
    private readonly shift?: LineShift,
  ) {
    this.marks = new Uint32Array(Math.max(16, Math.min(1 << 16, (text.length >> 12) + 16)));
    this.mark(0);
    let line = 1;
    for (let i = 0; i < text.length; i++) {
      if (text.charCodeAt(i) === 0x0a && line++ % EVERY === 0) this.mark(i + 1);
    }
  }

  private mark(offset: number): void {
    if (this.count === this.marks.length) {
      const grown = new Uint32Array(this.marks.length * 2);
      grown.set(this.marks);
      this.marks = grown;
    }
    this.marks[this.count++] = offset;
  }

  /** 1-based line (the file's, through the shift) and column of a UTF-16 offset. */
  position(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.count - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.marks[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    let line = lo * EVERY + 1;
    let start = this.marks[lo] as number;
    for (let i = this.text.indexOf('\n', start); i !== -1 && i < offset; i = this.text.indexOf('\n', i + 1)) {
      line++;
      start = i + 1;
    }
    return { line: fileLine(this.shift, line), column: offset - start + 1 };
  }

  /** Offset where line `line` of the text starts (no shift applied), or undefined past the end. */
  lineStart(line: number): number | undefined {
    if (line < 1) return undefined;
    const block = Math.floor((line - 1) / EVERY);
    if (block >= this.count) return undefined;
    let pos = this.marks[block] as number;
    for (let n = block * EVERY + 1; n < line; n++) {
      const i = this.text.indexOf('\n', pos);
      if (i === -1) return undefined;
      pos = i + 1;
    }
    return pos;
  }

  /** Line `line` of the text without its line break, or undefined past the end. */
  lineText(line: number): string | undefined {
    const start = this.lineStart(line);
    if (start === undefined) return undefined;
    const end = this.text.indexOf('\n', start);
    return this.text.slice(start, end === -1 ? this.text.length : end);
  }
}

const recent: LineIndex[] = [];

/**
 * The (unshifted) index of a text, shared by the few texts in use at once: the rules that locate
 * matches in one file after another, and the code frames, index each text once, not once a call.
 */
export function lineIndexOf(text: string): LineIndex {
  const at = recent.findIndex(x => x.text === text);
  const found = at >= 0 ? recent.splice(at, 1)[0] : undefined;
  const index = found ?? new LineIndex(text);
  recent.unshift(index);
  if (recent.length > 4) recent.length = 4;
  return index;
}
