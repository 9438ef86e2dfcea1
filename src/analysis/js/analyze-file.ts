/**
 * Analyses one file's text: parse (oxc, error tolerant), then dataflow facts; a file that does
 * not parse gets text-level facts (interesting strings, sink calls found by pattern).
 */
import { parseJs } from '../../lang/js/parse.ts';
import type { JsLang, ParsedJs } from '../../lang/js/parse.ts';
import { LineIndex } from '../../core/line-index.ts';
import type { LineShift } from '../../core/line-index.ts';
import type { Node } from './ast.ts';
import { FileAnalyzer, INTERESTING_STRING } from './flow.ts';
import { emptyFacts } from './types.ts';
import type { CodeFacts, ModuleSummary } from './types.ts';

export interface AnalyzeRequest {
  path: string;
  text: string;
  lang: JsLang;
  inNodeModules: boolean;
  env: [string, string][];
  /** When `text` is a parse window of a longer text: how its lines map to that text's. */
  lineShift?: LineShift;
}

export type SummaryLookup = (specifier: string) => { summary: ModuleSummary; file: string } | undefined;

/** The dataflow facts of one file; `parsed` is its parse when the caller already has one. */
export function analyzeText(
  req: AnalyzeRequest,
  importSummary: SummaryLookup,
  parsed: ParsedJs = parseJs(req.path, req.text, req.lang),
): CodeFacts {
  const program = parsed.result.program as unknown as Node;
  const body = program['body'];
  if (parsed.broken && (!Array.isArray(body) || body.length === 0)) return textFacts(req.path, req.text, req.inNodeModules, req.lineShift);
  const analyzer = new FileAnalyzer({
    path: req.path,
    text: req.text,
    program,
    inNodeModules: req.inNodeModules,
    env: new Map(req.env),
    importSummary,
    ...(req.lineShift ? { lineShift: req.lineShift } : {}),
  });
  return analyzer.analyze();
}

const QUOTED = /(["'`])((?:\\.|(?!\1)[^\\\n]){4,2000})\1/g;
const TEXT_SINK = /\beval\s*\(|\bnew\s+Function\s*\(|\bFunction\s*\(\s*["'`]require/g;

/** Facts for a file that does not parse: quoted strings and sink calls by pattern. */
export function textFacts(path: string, text: string, inNodeModules: boolean, lineShift?: LineShift): CodeFacts {
  const facts = emptyFacts(path, inNodeModules, 'text');
  const lines = new LineIndex(text, lineShift);
  const loc = (offset: number): { file: string; line: number; column: number } => ({ file: path, ...lines.position(offset) });
  const head = text.length > 4_000_000 ? text.slice(0, 4_000_000) : text;
  for (const m of head.matchAll(QUOTED)) {
    const v = m[2] ?? '';
    if (INTERESTING_STRING.test(v) && facts.strings.length < 500) facts.strings.push({ value: v, loc: loc(m.index), decoded: false });
  }
  // Sinks by pattern only for project code: compiled dependency bundles are full of them.
  for (const m of inNodeModules ? [] : head.matchAll(TEXT_SINK)) {
    if (facts.sinks.length >= 100) break;
    facts.sinks.push({
      kind: m[0].startsWith('eval') ? 'eval' : 'function',
      callee: m[0].replace(/\s*\($/, ''),
      loc: loc(m.index),
      constant: false,
      decoded: false,
    });
  }
  return facts;
}
