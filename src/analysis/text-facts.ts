/**
 * One pass over the files for the text- and token-level rules (obfuscation, hidden-code,
 * invisible-unicode, known-indicator): each file is read once, its facts kept, its text dropped.
 * Computed once per scan (the `textFacts` provider); the rules only turn facts into findings.
 *
 * The project's own files are always read, hashed and analysed in full here. Installed packages
 * come from the installed-files pass (installed/index.ts): in worker threads, one Aho-Corasick
 * pass over every atom these rules gate on (obfuscator tokens, long whitespace, the UTF-8 lead
 * bytes of invisible characters, IOC values) picks the few files worth decoding.
 */
import { createHash } from 'node:crypto';
import { defineFact } from '../core/rule.ts';
import type { RuleContext } from '../core/rule.ts';
import { errorMessage } from '../core/errors.ts';
import { MAX_TEXT_BYTES } from '../fs/read.ts';
import { decodeText } from '../fs/sniff.ts';
import { jsParses } from '../facts/parses.ts';
import { isJsPath, langOf } from '../lang/js/parse.ts';
import { AtomScanner } from './aho.ts';
import { GATE_ATOMS, emptyFacts, factsOf } from './file-facts.ts';
import type { FileFacts } from './file-facts.ts';
import { installedPass } from './installed/index.ts';
import { isOfficialYarnRelease } from '../deps/yarn-release.ts';
import { codeCandidate } from './js/candidates.ts';
import { runsAsJs } from './runs-as-js.ts';
import { iocMatcher, isReadableText, positionOf, readOrReport } from './text-source.ts';

const textFactsIndex = defineFact('text-facts', computeFacts, 'execution-map');

/** Facts for every file worth a look, computed once per scan. */
export function textFacts(ctx: RuleContext): Promise<Map<string, FileFacts>> {
  return ctx.facts.get(textFactsIndex);
}

async function computeFacts(ctx: RuleContext): Promise<Map<string, FileFacts>> {
  const out = new Map<string, FileFacts>();
  const forced = ctx.facts.get(runsAsJs);
  const matcher = ctx.facts.get(iocMatcher);
  const parses = ctx.facts.get(jsParses);
  const scanner = new AtomScanner([...GATE_ATOMS, ...matcher.atoms]);
  const gates = GATE_ATOMS.length;

  // The project's own files: always read, hashed and analysed in full.
  for (const entry of ctx.inventory.files) {
    if (entry.inNodeModules || entry.type !== 'file' || entry.size === 0) continue;
    // An official Yarn release committed for yarnPath is Yarn's code, verified by its hash.
    if (isOfficialYarnRelease(ctx, entry.path)) continue;
    const force = forced.has(entry.path);
    const bytes = readOrReport(ctx, entry, MAX_TEXT_BYTES);
    if (!bytes) continue;
    const sha256 = entry.size <= MAX_TEXT_BYTES ? createHash('sha256').update(bytes).digest('hex') : undefined;
    if (!(isReadableText(entry) || (force && entry.content !== 'binary'))) {
      if (sha256 !== undefined && matcher.hashes.size > 0) out.set(entry.path, { ...emptyFacts(entry), sha256 });
      continue;
    }
    // Lent, not kept: the code facts read a code candidate's text next, and release it; no one
    // else in this pass needs the others.
    const body = ctx.lendText(entry.path);
    if (codeCandidate(entry, force) === undefined) ctx.releaseText(entry.path);
    if (body === undefined) continue;
    const utf16 = entry.encoding === 'utf16le' || entry.encoding === 'utf16be';
    const hits = scanner.scan(utf16 ? Buffer.from(decodeText(bytes, entry.encoding), 'utf8') : bytes);
    try {
      const facts = factsOf(entry, body, force, () =>
        parses.parse(entry.path, body, force && !isJsPath(entry.path) ? 'js' : langOf(entry.path)),
      );
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
  for (const [path, facts] of (await ctx.facts.get(installedPass)).text) out.set(path, facts);
  return out;
}
