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
  let text = input;
  if (text.length > MAX_MARKDOWN_CHARS) {
    text = text.slice(0, MAX_MARKDOWN_CHARS);
    doc.truncated = `only the first ${MAX_MARKDOWN_CHARS} characters were read`;
  }
  const lines = text.split('\n');
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
    const line = i + 1;
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
      if (doc.blocks.length >= MAX_BLOCKS) {
        doc.truncated ??= `only the first ${MAX_BLOCKS} code blocks were read`;
        break;
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
