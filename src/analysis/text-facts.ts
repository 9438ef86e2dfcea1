/**
 * One pass over the text files for the text- and token-level code rules (obfuscation,
 * hidden-code, invisible-unicode): each file is read once, its facts kept, its text dropped.
 * Computed once per scan through `ctx.memo`; the rules only turn facts into findings.
 */
import type { RuleContext } from '../core/rule.ts';
import { errorMessage } from '../core/errors.ts';
import type { FileEntry } from '../fs/walk.ts';
import { MAX_PARSE_BYTES, isJsPath, langOf, parseJs } from '../lang/js/parse.ts';
import type { ParsedJs } from '../lang/js/parse.ts';
import { hiddenFacts } from './hidden.ts';
import type { HiddenFacts } from './hidden.ts';
import { findInvisible } from './invisible.ts';
import type { InvisibleHit } from './invisible.ts';
import { astStats, isCandidate, signalsOf, tokenStats } from './obfuscation.ts';
import type { ObfuscationSignal } from './obfuscation.ts';
import { isCodePath, isConfigFile, isReadableText, positionOf, readSource, runAsJs } from './text-source.ts';
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
  errors: string[];
}

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
  const facts: FileFacts = {
    path: entry.path,
    inNodeModules: entry.inNodeModules,
    code,
    config,
    size: entry.size,
    invisible: [],
    invisibleLines: [],
    hiddenAt: [],
    obfuscation: [],
    parsed: false,
    errors: [],
  };
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

/** Facts for every readable text file, computed once per scan. */
export function textFacts(ctx: RuleContext): Map<string, FileFacts> {
  return ctx.memo('obf:text-facts', () => {
    const out = new Map<string, FileFacts>();
    const forced = runAsJs(ctx);
    for (const entry of ctx.inventory.files) {
      const force = forced.has(entry.path);
      if (!isReadableText(entry) && !(force && entry.type === 'file' && entry.size > 0)) continue;
      const text = force && entry.content === 'binary' ? undefined : readSource(ctx, entry);
      if (text === undefined) continue;
      try {
        out.set(entry.path, factsOf(ctx, entry, text, force));
      } catch (err) {
        ctx.error(`text analysis failed: ${errorMessage(err)}`, entry.path);
      }
    }
    return out;
  });
}
