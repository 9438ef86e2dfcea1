/**
 * The text- and token-level facts of one file (invisible characters, hidden code, obfuscation
 * signals, a config's tail), and the atoms that gate them inside node_modules. Pure functions of
 * the file's text: the project's files get them in the main thread (text-facts.ts), installed
 * packages in the worker threads of the installed-files pass.
 */
import { errorMessage } from '../core/errors.ts';
import type { FileEntry } from '../fs/walk.ts';
import type { IocHit } from '../ioc/matcher.ts';
import { MAX_PARSE_BYTES, isJsPath } from '../lang/js/parse.ts';
import type { ParsedJs } from '../lang/js/parse.ts';
import { afterFinalExport } from './config-tail.ts';
import type { ConfigTail } from './config-tail.ts';
import { hiddenFacts } from './hidden.ts';
import type { HiddenFacts } from './hidden.ts';
import { htmlInertRanges, isHtmlPath, jsInertRanges, within } from './inert-text.ts';
import type { Range } from './inert-text.ts';
import { findInvisible } from './invisible.ts';
import type { InvisibleHit } from './invisible.ts';
import { astStats, isCandidate, signalsOf, tokenStats } from './obfuscation.ts';
import type { ObfuscationSignal } from './obfuscation.ts';
import { isCodePath, isConfigFile, positionOf } from './text-source.ts';
import { RULE_TEXT_GATES } from './text-gates.generated.ts';

export interface Positioned<T> {
  value: T;
  line: number;
  column: number;
}

export interface FileFacts {
  path: string;
  inNodeModules: boolean;
  code: boolean;
  config: boolean;
  size: number;
  invisible: Positioned<InvisibleHit>[];
  /** The line text around each invisible hit (for locale/prose decisions), clipped. */
  invisibleLines: string[];
  hidden?: HiddenFacts;
  hiddenAt: { line: number; column: number }[];
  obfuscation: Positioned<ObfuscationSignal>[];
  /** True when the obfuscation signals were confirmed on a parse. */
  parsed: boolean;
  configTail?: Positioned<ConfigTail>;
  /** Known indicators found in the text. */
  ioc: Positioned<IocHit>[];
  /** SHA-256 of the file (the project's own files up to the text cap). */
  sha256?: string;
  errors: string[];
}

/**
 * Atoms the text rules gate on inside node_modules. Every check in obfuscation.ts, hidden.ts and
 * invisible.ts that can report at low or above there needs one of these in the file: code gates
 * for code files, text gates for any file. Letter escapes, XOR decoders and fromCharCode only
 * make moderate signals, which are info at most in packages, so they are not gates.
 */
const OBFUSCATION_GATES: readonly string[] = [
  '_0x',
  '_$_',
  '!![]',
  '!! []',
  // A flattening order such as '3|0|1|2' holds 0 next to a bar and a quote or another bar.
  "'0|",
  '|0|',
  "|0'",
  '"0|',
  '|0"',
];

/** Long runs of white space and blank lines: what code hidden off-screen or far below needs. */
const WHITESPACE_GATES: readonly string[] = [
  ' '.repeat(64),
  '\t'.repeat(8),
  ' \t \t \t',
  '\t \t \t ',
  '\n\n\n\n\n\n\n\n',
  '\n \n \n \n',
  '\n\t\n\t\n\t\n',
  '\r\n\r\n\r\n\r\n',
];

const TEXT_GATES: readonly (string | Uint8Array)[] = [
  // Bidi controls and Hangul fillers (zero-width characters are not reported in packages).
  '\u202A',
  '\u202B',
  '\u202C',
  '\u202D',
  '\u202E',
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069',
  '\u3164',
  '\uFFA0',
  '\u115F',
  '\u1160',
  // Two variation selectors U+FE00-U+FE0F in a row, EF B8 8x EF B8 8y (one after an emoji is
  // ordinary; one next to other U+FExx characters, as in a parser's Unicode tables, is too).
  ...Array.from({ length: 256 }, (_, i) => Uint8Array.of(0xef, 0xb8, 0x80 + (i >> 4), 0xef, 0xb8, 0x80 + (i & 15))),
  // F3 A0: the UTF-8 lead of U+E0000-U+E0FFF (tag characters and variation selectors 17-256).
  Uint8Array.of(0xf3, 0xa0),
];

/**
 * The text rules' gate sets, by the name a rule declares in `meta.textGates` (`npm run gen` writes
 * which rule needs which to text-gates.generated.ts), in the order GATE_ATOMS holds them. `ioc`
 * stands for the indicator matcher's atoms (data/ioc/), which the scanners add after these.
 */
export const TEXT_GATE_SETS: Readonly<Record<string, readonly (string | Uint8Array)[]>> = {
  obfuscation: OBFUSCATION_GATES,
  whitespace: WHITESPACE_GATES,
  invisible: TEXT_GATES,
  ioc: [],
};
const DECLARED_TEXT_GATES = new Set(Object.values(RULE_TEXT_GATES).flat());
/** A set's atoms when some rule declares it, else none: the gate looks only for what a rule needs. */
const declaredGates = (name: string): readonly (string | Uint8Array)[] =>
  DECLARED_TEXT_GATES.has(name) ? (TEXT_GATE_SETS[name] ?? []) : [];
const OBFUSCATION = declaredGates('obfuscation');
const WHITESPACE = declaredGates('whitespace');

export const GATE_ATOMS: readonly (string | Uint8Array)[] = [...OBFUSCATION, ...WHITESPACE, ...declaredGates('invisible')];

/** Which of the text checks to run on a file. */
export interface TextChecks {
  invisible: boolean;
  hidden: boolean;
  obfuscation: boolean;
}

export const ALL_CHECKS: TextChecks = { invisible: true, hidden: true, obfuscation: true };

/**
 * The checks an installed package's file needs, from the gate atoms found in it (ids of
 * `GATE_ATOMS`, then IOC atoms from `gates` on): each check only for its own atoms (hidden code and
 * obfuscation only in code). Undefined when the file needs no text facts at all.
 */
export function gatedChecks(hits: Iterable<number>, code: boolean, gates: number): TextChecks | undefined {
  const o = OBFUSCATION.length;
  const w = o + WHITESPACE.length;
  let ioc = false;
  const checks: TextChecks = { invisible: false, hidden: false, obfuscation: false };
  for (const id of hits) {
    if (id >= gates) ioc = true;
    else if (id >= w) checks.invisible = true;
    else if (id >= o) checks.hidden ||= code;
    else checks.obfuscation ||= code;
  }
  return ioc || checks.invisible || checks.hidden || checks.obfuscation ? checks : undefined;
}

/** The line around `offset`, at most 200 characters either side (looked for only that far). */
function lineText(text: string, offset: number): string {
  const from = Math.max(0, offset - 200);
  const to = Math.min(text.length, offset + 200);
  const before = text.slice(from, offset + 1).lastIndexOf('\n');
  const after = text.slice(offset, to).indexOf('\n');
  return text.slice(before >= 0 ? from + before + 1 : from, after >= 0 ? offset + after : to);
}

/** What the text facts need to know of a file. */
export type FactsEntry = Pick<FileEntry, 'path' | 'size' | 'inNodeModules'>;

/**
 * The text facts of one file. `parse` gives the file's JavaScript parse (shared with the
 * dataflow analysis by the caller); it is called only for candidates worth a parse.
 */
export function factsOf(
  entry: FactsEntry,
  text: string,
  forceJs: boolean,
  parse: () => ParsedJs,
  checks: TextChecks = ALL_CHECKS,
): FileFacts {
  const config = !entry.inNodeModules && isConfigFile(entry.path);
  const code = forceJs || isCodePath(entry.path);
  const facts: FileFacts = { ...emptyFacts(entry), code, config };
  const hits = checks.invisible ? findInvisible(text) : [];
  if (code && hits.some(h => h.kind === 'zero-width')) markInert(entry, text, forceJs, parse, hits, facts);
  for (const hit of hits) {
    facts.invisible.push({ value: hit, ...positionOf(text, hit.offset) });
    facts.invisibleLines.push(lineText(text, hit.offset));
  }
  if (!code) return facts;
  const hidden = checks.hidden ? hiddenFacts(text, config) : undefined;
  if (hidden && hidden.spots.length > 0) {
    facts.hidden = hidden;
    facts.hiddenAt = hidden.spots.map(s => positionOf(text, s.offset));
  }
  if (!checks.obfuscation && !config) return facts;
  const js = forceJs || isJsPath(entry.path);
  const tokens = tokenStats(text);
  let ast: ReturnType<typeof astStats> | undefined;
  let parsed: ParsedJs | undefined;
  const wantParse = js && text.length <= MAX_PARSE_BYTES && (isCandidate(tokens) || config);
  if (wantParse) {
    try {
      parsed = parse();
      if (isCandidate(tokens) && parsed.result.program.body.length > 0) ast = astStats(parsed);
    } catch (err) {
      facts.errors.push(`could not parse for obfuscation statistics: ${errorMessage(err)}`);
    }
  } else if (js && isCandidate(tokens) && text.length > MAX_PARSE_BYTES) {
    facts.errors.push(`larger than ${MAX_PARSE_BYTES} bytes: obfuscation judged from token counts only`);
  }
  facts.parsed = ast !== undefined;
  for (const signal of signalsOf(text, tokens, ast)) {
    const pos = signal.offset >= 0 ? positionOf(text, signal.offset) : { line: 1, column: 1 };
    facts.obfuscation.push({ value: signal, ...pos });
  }
  if (config && parsed) {
    const tail = afterFinalExport(parsed, text);
    if (tail) facts.configTail = { value: tail, ...positionOf(text, tail.offset) };
  }
  return facts;
}

/** Marks the zero-width hits that sit where the file carries no code (comments, JSX text, page text). */
function markInert(entry: FactsEntry, text: string, forceJs: boolean, parse: () => ParsedJs, hits: InvisibleHit[], facts: FileFacts): void {
  let ranges: Range[] | undefined;
  if (isHtmlPath(entry.path)) ranges = htmlInertRanges(text);
  else if ((forceJs || isJsPath(entry.path)) && text.length <= MAX_PARSE_BYTES) {
    try {
      const parsed = parse();
      if (!parsed.broken) ranges = jsInertRanges(parsed);
    } catch (err) {
      facts.errors.push(`could not parse to place its zero-width characters: ${errorMessage(err)}`);
    }
  }
  if (ranges === undefined) return;
  for (const h of hits) if (h.kind === 'zero-width' && within(ranges, h.offset)) h.inert = true;
}

export function emptyFacts(entry: FactsEntry): FileFacts {
  return {
    path: entry.path,
    inNodeModules: entry.inNodeModules,
    code: false,
    config: false,
    size: entry.size,
    invisible: [],
    invisibleLines: [],
    hiddenAt: [],
    obfuscation: [],
    parsed: false,
    ioc: [],
    errors: [],
  };
}
