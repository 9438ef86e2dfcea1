/**
 * Where a file's text carries no code: comments and JSX text in JavaScript, the page text of an
 * HTML file (outside `<script>`, event-handler attributes and template expressions). A
 * zero-width character there changes what a reader sees, never what runs: an e-mail template's
 * preheader padding, a joiner left after an emoji in a heading.
 */
import type { ParsedJs } from '../lang/js/parse.ts';

export type Range = readonly [start: number, end: number];

const MAX_WALK_NODES = 500_000;

/** UTF-16 ranges of the comments and JSX text of a parsed file. */
export function jsInertRanges(parsed: ParsedJs): Range[] {
  const out: Range[] = parsed.result.comments.map(c => [c.start, c.end] as const);
  const stack: unknown[] = [parsed.result.program];
  let seen = 0;
  while (stack.length > 0 && seen++ < MAX_WALK_NODES) {
    const node = stack.pop();
    if (node === null || typeof node !== 'object') continue;
    if (Array.isArray(node)) {
      for (const n of node as unknown[]) stack.push(n);
      continue;
    }
    const n = node as Record<string, unknown>;
    if (n['type'] === 'JSXText' && typeof n['start'] === 'number' && typeof n['end'] === 'number') {
      out.push([n['start'], n['end']]);
      continue;
    }
    for (const [k, v] of Object.entries(n)) if (k !== 'parent' && v !== null && typeof v === 'object') stack.push(v);
  }
  return out;
}

/** Parts of an HTML page that run or are evaluated: script elements, `on…=` handlers, `{{ }}`/`{% %}`/`${ }` expressions. */
const HTML_CODE =
  /<script\b[^>]*>[\s\S]*?(?:<\/script\s*>|$)|\bon[a-z]+\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+)|\{\{[\s\S]*?\}\}|\{%[\s\S]*?%\}|\$\{[^}]*\}|javascript:[^"'\s>]*/gi;

/** UTF-16 ranges of an HTML page's text between the parts that run. */
export function htmlInertRanges(text: string): Range[] {
  const out: Range[] = [];
  let at = 0;
  for (const m of text.matchAll(HTML_CODE)) {
    if (m.index > at) out.push([at, m.index]);
    at = m.index + m[0].length;
  }
  if (at < text.length) out.push([at, text.length]);
  return out;
}

export function isHtmlPath(path: string): boolean {
  return /\.html?$/i.test(path);
}

export function within(ranges: readonly Range[], offset: number): boolean {
  return ranges.some(([s, e]) => offset >= s && offset < e);
}
