/**
 * One pass over the files for the text- and token-level rules (obfuscation, hidden-code,
 * invisible-unicode, known-indicator): each file is read once, its facts kept, its text dropped.
 * Computed once per scan through `ctx.memo`; the rules only turn facts into findings.
 *
 * The pre-filter: inside an installed node_modules (thousands of files) the raw bytes go through
 * one Aho-Corasick pass over every atom any of these rules gates on (obfuscator tokens, long
 * whitespace, the UTF-8 lead bytes of invisible characters, IOC values). A file with no atom is
 * never decoded, tokenised or parsed. The project's own files are always analysed in full.
 */
import { createHash } from 'node:crypto';
import type { RuleContext } from '../core/rule.ts';
import { errorMessage } from '../core/errors.ts';
import { MAX_TEXT_BYTES, readBytes } from '../fs/read.ts';
import { absFromRel } from '../fs/path.ts';
import { decodeText } from '../fs/sniff.ts';
import type { FileEntry } from '../fs/walk.ts';
import { loadIocs } from '../ioc/index.ts';
import { IocMatcher } from '../ioc/matcher.ts';
import type { IocHit } from '../ioc/matcher.ts';
import { AtomScanner } from './aho.ts';
import { gateFiles } from './gate-pool.ts';
import { CODE_GATE_ATOMS } from './js/prefilter.ts';
import { MAX_PARSE_BYTES, isJsPath, langOf, parseJs } from '../lang/js/parse.ts';
import type { ParsedJs } from '../lang/js/parse.ts';
import { hiddenFacts } from './hidden.ts';
import type { HiddenFacts } from './hidden.ts';
import { findInvisible } from './invisible.ts';
import type { InvisibleHit } from './invisible.ts';
import { astStats, isCandidate, signalsOf, tokenStats } from './obfuscation.ts';
import type { ObfuscationSignal } from './obfuscation.ts';
import { isCodePath, isConfigFile, isReadableText, positionOf, runAsJs } from './text-source.ts';
import { afterFinalExport } from './config-tail.ts';
import type { ConfigTail } from './config-tail.ts';

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
const CODE_GATES: readonly string[] = [
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
  // Two variation selectors in a row (one after an emoji is ordinary): EF B8 8x EF B8.
  ...Array.from({ length: 16 }, (_, i) => Uint8Array.of(0xef, 0xb8, 0x80 + i, 0xef, 0xb8)),
  // F3 A0: the UTF-8 lead of U+E0000-U+E0FFF (tag characters and variation selectors 17-256).
  Uint8Array.of(0xf3, 0xa0),
];

export const GATE_ATOMS: readonly (string | Uint8Array)[] = [...CODE_GATES, ...TEXT_GATES];

/** The shared parse of a JavaScript file (memo key agreed with the dataflow rules). */
export function sharedParse(ctx: RuleContext, path: string, text: string, forceJs: boolean): ParsedJs {
  return ctx.memo(`js-parse:${path}`, () => parseJs(path, text, forceJs && !isJsPath(path) ? 'js' : langOf(path)));
}

function lineText(text: string, offset: number): string {
  const start = text.lastIndexOf('\n', offset) + 1;
  let end = text.indexOf('\n', offset);
  if (end < 0) end = text.length;
  return text.slice(Math.max(start, offset - 200), Math.min(end, offset + 200));
}

function factsOf(ctx: RuleContext, entry: FileEntry, text: string, forceJs: boolean): FileFacts {
  const config = !entry.inNodeModules && isConfigFile(entry.path);
  const code = forceJs || isCodePath(entry.path);
  const facts: FileFacts = { ...emptyFacts(entry), code, config };
  for (const hit of findInvisible(text)) {
    facts.invisible.push({ value: hit, ...positionOf(text, hit.offset) });
    facts.invisibleLines.push(lineText(text, hit.offset));
  }
  if (!code) return facts;
  const hidden = hiddenFacts(text, config);
  if (hidden.spots.length > 0) {
    facts.hidden = hidden;
    facts.hiddenAt = hidden.spots.map(s => positionOf(text, s.offset));
  }
  const js = forceJs || isJsPath(entry.path);
  const tokens = tokenStats(text);
  let ast: ReturnType<typeof astStats> | undefined;
  let parsed: ParsedJs | undefined;
  const wantParse = js && text.length <= MAX_PARSE_BYTES && (isCandidate(tokens) || config);
  if (wantParse) {
    try {
      parsed = sharedParse(ctx, entry.path, text, forceJs);
      if (isCandidate(tokens) && parsed.result.program.body.length > 0) ast = astStats(parsed);
    } catch (err) {
      facts.errors.push(`could not parse for obfuscation statistics: ${errorMessage(err)}`);
    }
  } else if (js && isCandidate(tokens) && text.length > MAX_PARSE_BYTES) {
    facts.errors.push(`larger than ${MAX_PARSE_BYTES} bytes: obfuscation judged from token counts only`);
  }
  facts.parsed = ast !== undefined;
  for (const signal of signalsOf(tokens, ast)) {
    const pos = signal.offset >= 0 ? positionOf(text, signal.offset) : { line: 1, column: 1 };
    facts.obfuscation.push({ value: signal, ...pos });
  }
  if (config && parsed) {
    const tail = afterFinalExport(parsed, text);
    if (tail) facts.configTail = { value: tail, ...positionOf(text, tail.offset) };
  }
  return facts;
}

/** The IOC set the pass matches: the shipped one unless a rule memoised another first. */
export function iocMatcher(ctx: RuleContext): IocMatcher {
  return ctx.memo('obf:ioc-matcher', () => new IocMatcher(loadIocs()));
}

function emptyFacts(entry: FileEntry): FileFacts {
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

/** Whether an installed package's file has an atom worth a full look. */
function gated(hits: Set<number>, code: boolean, gates: number): boolean {
  for (const id of hits) if (id >= gates || id >= CODE_GATES.length || code) return true;
  return false;
}

/** Facts for every file worth a look, computed once per scan. */
export function textFacts(ctx: RuleContext): Promise<Map<string, FileFacts>> {
  return ctx.memo('obf:text-facts', () => computeFacts(ctx));
}

function readEntry(ctx: RuleContext, entry: FileEntry): Buffer | undefined {
  try {
    return readBytes(ctx.root, entry, MAX_TEXT_BYTES);
  } catch (err) {
    ctx.error(`unreadable: ${errorMessage(err)}`, entry.path);
    return undefined;
  }
}

/**
 * The one byte-level pass over an installed node_modules tree, shared by this text pass and the
 * dataflow index: every readable file is read once (in worker threads for big trees) and scanned
 * for the text rules' atoms, the IOC atoms and the code pre-filter's literals.
 */
export interface DependencyGate {
  /** The files that went through the gate, in inventory order. */
  files: FileEntry[];
  /** Their paths. */
  paths: Set<string>;
  /** Atom ids found, by path (only files with a hit). */
  hits: Map<string, number[]>;
  /** Paths that could not be read. */
  errors: Map<string, string>;
  /** Ids below this are text gates (GATE_ATOMS, then the IOC atoms). */
  textAtoms: number;
  /** The code pre-filter's literals (CODE_GATE_ATOMS) are numbered from here. */
  codeBase: number;
}

export function dependencyGate(ctx: RuleContext): Promise<DependencyGate> {
  return ctx.memo('deps:gate', () => computeGate(ctx));
}

async function computeGate(ctx: RuleContext): Promise<DependencyGate> {
  const forced = runAsJs(ctx);
  const matcher = iocMatcher(ctx);
  const textAtoms = GATE_ATOMS.length + matcher.atoms.length;
  const files = ctx.inventory.files.filter(
    e => e.inNodeModules && e.type === 'file' && e.size > 0 && (isReadableText(e) || (forced.has(e.path) && e.content !== 'binary')),
  );
  const gate = await gateFiles(
    files.map(e => ({ abs: absFromRel(ctx.root, e.path), size: e.size })),
    [...GATE_ATOMS, ...matcher.atoms, ...CODE_GATE_ATOMS],
    MAX_TEXT_BYTES,
    i => {
      const entry = files[i];
      return entry ? (readEntry(ctx, entry) ?? Buffer.alloc(0)) : Buffer.alloc(0);
    },
  );
  const hits = new Map<string, number[]>();
  for (const [i, ids] of gate.hits) {
    const entry = files[i];
    if (entry) hits.set(entry.path, ids);
  }
  const errors = new Map<string, string>();
  for (const [i, message] of gate.errors) {
    const entry = files[i];
    if (entry) errors.set(entry.path, message);
  }
  return { files, paths: new Set(files.map(e => e.path)), hits, errors, textAtoms, codeBase: textAtoms };
}

async function computeFacts(ctx: RuleContext): Promise<Map<string, FileFacts>> {
  const out = new Map<string, FileFacts>();
  const forced = runAsJs(ctx);
  const matcher = iocMatcher(ctx);
  const atoms = [...GATE_ATOMS, ...matcher.atoms];
  const gates = GATE_ATOMS.length;

  const analyse = (entry: FileEntry, bytes: Buffer, hits: Set<number>, sha256: string | undefined): void => {
    const own = !entry.inNodeModules;
    if (!own && entry.size > MAX_TEXT_BYTES)
      ctx.error(`larger than ${MAX_TEXT_BYTES} bytes: only the first ${MAX_TEXT_BYTES} bytes were analysed`, entry.path);
    const body = own ? ctx.text(entry.path) : decodeText(bytes, entry.encoding);
    if (body === undefined) return;
    try {
      const facts = factsOf(ctx, entry, body, forced.has(entry.path));
      if (sha256 !== undefined) facts.sha256 = sha256;
      const candidates = [...hits].filter(id => id >= gates).map(id => id - gates);
      if (candidates.length > 0) {
        for (const hit of matcher.confirm(body, candidates)) facts.ioc.push({ value: hit, ...positionOf(body, hit.offset) });
      }
      out.set(entry.path, facts);
    } catch (err) {
      ctx.error(`text analysis failed: ${errorMessage(err)}`, entry.path);
    }
  };

  // The project's own files: always read, hashed and analysed in full.
  const scanner = new AtomScanner(atoms);
  for (const entry of ctx.inventory.files) {
    if (entry.type !== 'file' || entry.size === 0 || entry.inNodeModules) continue;
    const force = forced.has(entry.path);
    const text = isReadableText(entry) || (force && entry.content !== 'binary');
    const bytes = readEntry(ctx, entry);
    if (!bytes) continue;
    const sha256 = entry.size <= MAX_TEXT_BYTES ? createHash('sha256').update(bytes).digest('hex') : undefined;
    if (!text) {
      if (sha256 !== undefined && matcher.hashes.size > 0) out.set(entry.path, { ...emptyFacts(entry), sha256 });
      continue;
    }
    const utf16 = entry.encoding === 'utf16le' || entry.encoding === 'utf16be';
    analyse(entry, bytes, scanner.scan(utf16 ? Buffer.from(decodeText(bytes, entry.encoding), 'utf8') : bytes), sha256);
  }

  // Installed packages: the shared gate picks the few files to read again.
  const gate = await dependencyGate(ctx);
  for (const entry of gate.files) {
    const message = gate.errors.get(entry.path);
    if (message !== undefined) ctx.error(`unreadable: ${message}`, entry.path);
  }
  for (const entry of gate.files) {
    const ids = gate.hits.get(entry.path);
    if (!ids) continue;
    const hits = new Set(ids.filter(id => id < gate.textAtoms));
    if (!gated(hits, isCodePath(entry.path) || forced.has(entry.path), gates)) continue;
    const bytes = readEntry(ctx, entry);
    if (bytes) analyse(entry, bytes, hits, undefined);
  }
  return out;
}
