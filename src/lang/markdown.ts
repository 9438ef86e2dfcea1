/**
 * The parts of a Markdown document that tell a reader what to run: headings, fenced code blocks
 * (with their info string) and inline code spans, each with its line. Not a full CommonMark
 * parser: one pass over the lines, linear in the text, bounded by `MAX_MARKDOWN_CHARS`.
 */

/** Characters of a document read; the rest is reported as not read. */
export const MAX_MARKDOWN_CHARS = 1024 * 1024;
/** Code blocks and inline spans kept; a document with more is read in part. */
const MAX_BLOCKS = 2000;
const MAX_SPANS = 5000;

export interface MdHeading {
  level: number;
  text: string;
  line: number;
}

export interface MdLine {
  text: string;
  line: number;
}

export interface MdCodeBlock {
  /** First word of the info string, lower-cased ("bash", "console"); "" when there is none. */
  lang: string;
  /** Line of the opening fence. */
  line: number;
  lines: MdLine[];
  /** The headings the block sits under, outermost first. */
  headings: MdHeading[];
}

export interface MdSpan {
  text: string;
  line: number;
  headings: MdHeading[];
}

export interface MarkdownDoc {
  headings: MdHeading[];
  blocks: MdCodeBlock[];
  spans: MdSpan[];
  /** Why part of the document was not read, when it was not read whole. */
  truncated?: string;
}

const ATX = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const FENCE = /^( {0,3})(`{3,}|~{3,})[ \t]*([^`]*)$/;
const SETEXT = /^ {0,3}(=+|-+)[ \t]*$/;
const SPAN = /(`+)([^`\n]+?)\1(?!`)/g;

export function parseMarkdown(input: string): MarkdownDoc {
  const doc: MarkdownDoc = { headings: [], blocks: [], spans: [] };
  // Over the cap, the first and the last half of it are read (whole lines, with their own line
  // numbers): a command pushed to the end behind megabytes of filler is still seen.
  let lines: string[];
  let lineNos: number[] | undefined;
  let gapAt = -1;
  if (input.length > MAX_MARKDOWN_CHARS) {
    const half = MAX_MARKDOWN_CHARS / 2;
    const head = input
      .slice(0, input.lastIndexOf('\n', half) + 1)
      .split('\n')
      .slice(0, -1);
    const tailStart = input.indexOf('\n', input.length - half) + 1;
    const tail = tailStart > 0 ? input.slice(tailStart).split('\n') : [];
    const skipped = countLines(input, head.length, tailStart);
    lines = [...head, ...tail];
    lineNos = lines.map((_, i) => (i < head.length ? i + 1 : i + 1 + skipped));
    gapAt = head.length;
    doc.truncated = `only the first and last ${half} characters were read (${skipped} lines in the middle were not)`;
  } else {
    lines = input.split('\n');
  }
  const stack: MdHeading[] = [];
  const heading = (level: number, title: string, line: number): void => {
    const h: MdHeading = { level, text: title.trim().slice(0, 200), line };
    doc.headings.push(h);
    while (stack.length > 0 && (stack[stack.length - 1] as MdHeading).level >= level) stack.pop();
    stack.push(h);
  };
  let fence: { marker: string; block: MdCodeBlock } | undefined;
  let prevText: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const raw = (lines[i] as string).replace(/\r$/, '');
    const line = lineNos?.[i] ?? i + 1;
    if (i === gapAt) {
      // What the skipped middle opened (a fence, sections) is unknown past the gap.
      fence = undefined;
      stack.length = 0;
      prevText = undefined;
    }
    if (fence) {
      const close = /^ {0,3}(`{3,}|~{3,})[ \t]*$/.exec(raw);
      if (close?.[1] !== undefined && close[1][0] === fence.marker[0] && close[1].length >= fence.marker.length) {
        fence = undefined;
        prevText = undefined;
        continue;
      }
      fence.block.lines.push({ text: raw, line });
      continue;
    }
    const open = FENCE.exec(raw);
    if (open?.[2] !== undefined) {
      // With a skipped middle, the first part gets half the blocks: the last part is read too.
      if (doc.blocks.length >= (i < gapAt ? MAX_BLOCKS / 2 : MAX_BLOCKS)) {
        doc.truncated ??= `only the first ${MAX_BLOCKS} code blocks were read`;
        if (i >= gapAt) break;
        i = gapAt - 1;
        continue;
      }
      const lang = (open[3] ?? '').trim().split(/[\s{,]/)[0] ?? '';
      const block: MdCodeBlock = { lang: lang.replace(/^\./, '').toLowerCase(), line, lines: [], headings: [...stack] };
      doc.blocks.push(block);
      fence = { marker: open[2], block };
      prevText = undefined;
      continue;
    }
    const atx = ATX.exec(raw);
    if (atx?.[1] !== undefined) {
      heading(atx[1].length, atx[2] ?? '', line);
      prevText = undefined;
      continue;
    }
    const setext = SETEXT.exec(raw);
    if (setext?.[1] !== undefined && prevText !== undefined && !/^\s*(?:[-*+]|\d+[.)])\s/.test(prevText)) {
      heading(setext[1].startsWith('=') ? 1 : 2, prevText, line - 1);
      prevText = undefined;
      continue;
    }
    prevText = raw.trim() === '' ? undefined : raw;
    if (!raw.includes('`') || raw.length > 10_000) continue;
    for (const m of raw.matchAll(SPAN)) {
      if (doc.spans.length >= MAX_SPANS) {
        doc.truncated ??= `only the first ${MAX_SPANS} inline code spans were read`;
        break;
      }
      const body = (m[2] ?? '').trim();
      if (body !== '') doc.spans.push({ text: body, line, headings: [...stack] });
    }
  }
  return doc;
}

/** Lines between the end of the first `headLines` lines and `tailStart` (the skipped middle). */
function countLines(text: string, headLines: number, tailStart: number): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < tailStart; i = text.indexOf('\n', i + 1)) n++;
  return n - headLines;
}
