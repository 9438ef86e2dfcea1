/**
 * One pass over the files for the text- and token-level rules (obfuscation, hidden-code,
 * invisible-unicode, known-indicator): each file is read once, its facts kept, its text dropped.
 * Computed once per scan through `ctx.memo`; the rules only turn facts into findings.
 *
 * The project's own files are always read, hashed and analysed in full here. Installed packages
 * come from the installed-files pass (installed/index.ts): in worker threads, one Aho-Corasick
 * pass over every atom these rules gate on (obfuscator tokens, long whitespace, the UTF-8 lead
 * bytes of invisible characters, IOC values) picks the few files worth decoding.
 */
import { createHash } from 'node:crypto';
import type { RuleContext } from '../core/rule.ts';
import { errorMessage } from '../core/errors.ts';
import { MAX_TEXT_BYTES } from '../fs/read.ts';
import { decodeText } from '../fs/sniff.ts';
import { isJsPath, langOf, parseJs } from '../lang/js/parse.ts';
import type { ParsedJs } from '../lang/js/parse.ts';
import { AtomScanner } from './aho.ts';
import { GATE_ATOMS, emptyFacts, factsOf } from './file-facts.ts';
import type { FileFacts } from './file-facts.ts';
import { installedPass } from './installed/index.ts';
import { iocMatcher, isReadableText, positionOf, readOrReport, runAsJs } from './text-source.ts';

/** The shared parse of a JavaScript file of the project. */
export function sharedParse(ctx: RuleContext, path: string, text: string, forceJs: boolean): ParsedJs {
  return ctx.memo(`js-parse:${path}`, () => parseJs(path, text, forceJs && !isJsPath(path) ? 'js' : langOf(path)));
}

/** Facts for every file worth a look, computed once per scan. */
export function textFacts(ctx: RuleContext): Promise<Map<string, FileFacts>> {
  return ctx.memo('obf:text-facts', () => computeFacts(ctx));
}

async function computeFacts(ctx: RuleContext): Promise<Map<string, FileFacts>> {
  const out = new Map<string, FileFacts>();
  const forced = runAsJs(ctx);
  const matcher = iocMatcher(ctx);
  const scanner = new AtomScanner([...GATE_ATOMS, ...matcher.atoms]);
  const gates = GATE_ATOMS.length;

  // The project's own files: always read, hashed and analysed in full.
  for (const entry of ctx.inventory.files) {
    if (entry.inNodeModules || entry.type !== 'file' || entry.size === 0) continue;
    const force = forced.has(entry.path);
    const bytes = readOrReport(ctx, entry, MAX_TEXT_BYTES);
    if (!bytes) continue;
    const sha256 = entry.size <= MAX_TEXT_BYTES ? createHash('sha256').update(bytes).digest('hex') : undefined;
    if (!(isReadableText(entry) || (force && entry.content !== 'binary'))) {
      if (sha256 !== undefined && matcher.hashes.size > 0) out.set(entry.path, { ...emptyFacts(entry), sha256 });
      continue;
    }
    const body = ctx.text(entry.path);
    if (body === undefined) continue;
    const utf16 = entry.encoding === 'utf16le' || entry.encoding === 'utf16be';
    const hits = scanner.scan(utf16 ? Buffer.from(decodeText(bytes, entry.encoding), 'utf8') : bytes);
    try {
      const facts = factsOf(entry, body, force, () => sharedParse(ctx, entry.path, body, force));
      if (sha256 !== undefined) facts.sha256 = sha256;
      const candidates = [...hits].filter(id => id >= gates).map(id => id - gates);
      for (const hit of candidates.length > 0 ? matcher.confirm(body, candidates) : []) {
        facts.ioc.push({ value: hit, ...positionOf(body, hit.offset) });
      }
      out.set(entry.path, facts);
    } catch (err) {
      ctx.error(`text analysis failed: ${errorMessage(err)}`, entry.path);
    }
  }

  // Installed packages: the installed-files pass computed the facts of the few files worth it.
  for (const [path, facts] of (await installedPass(ctx)).text) out.set(path, facts);
  return out;
}
