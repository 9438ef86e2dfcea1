/**
 * The one entry point of the code rules: `loadCodeFacts(ctx)` analyses every JS/TS file once per
 * scan (project files, committed or included node_modules, inline HTML scripts, and any file a
 * surface runs or loads as JavaScript whatever its extension) once per scan: the `codeFacts`
 * provider.
 *
 * Cost control: a literal pre-filter (prefilter.ts) skips project files that no code rule could
 * match and no trigger reaches. Installed packages come from the installed-files pass (../installed/index.ts), which
 * gates them on the pre-filter's literals in worker threads and analyses the few that pass there.
 * Files above the parse cap get text-level facts; files whose nesting could overflow the native
 * stack while parsing are analysed in a worker thread with a large stack. The project's larger
 * files are analysed in worker threads meanwhile (project-pool.ts), with the same facts.
 */
import { importResolver } from '../imports.ts';
import { errorMessage } from '../../core/errors.ts';
import { defineFact } from '../../core/rule.ts';
import type { RuleContext } from '../../core/rule.ts';
import { isJsPath, langOf, MAX_PARSE_BYTES, PARSE_WINDOW_BYTES } from '../../lang/js/parse.ts';
import { jsParses } from '../../facts/parses.ts';
import { installedPass } from '../installed/index.ts';
import { pythonCodeFacts } from '../py/facts.ts';
import { textFacts as loadTextFacts } from '../text-facts.ts';
import { analyzeText, textFacts } from './analyze-file.ts';
import { analyseNested } from './big-stack-worker.ts';
import { envFacts, envMap } from './env-facts.ts';
import type { EnvEntryFact } from './env-facts.ts';
import { astroFrontmatterText } from './astro.ts';
import { isOfficialYarnRelease } from '../../deps/yarn-release.ts';
import { codeCandidate } from './candidates.ts';
import type { Candidate } from './candidates.ts';
import { componentScriptText } from './component.ts';
import { inlineScriptText } from './html.ts';
import { runsAsJs } from '../runs-as-js.ts';
import { deeplyNested } from '../../lang/js/nesting.ts';
import { passesPrefilter } from './prefilter.ts';
import { POOL_MIN_FILE_BYTES, ProjectPool } from './project-pool.ts';
import type { PoolResult } from './project-pool-state.ts';
import { localSpecifiers } from './specifiers.ts';
import { parseWindow } from './window.ts';
import type { ParseWindow } from './window.ts';
import { emptyFacts } from './types.ts';
import type { CodeFacts, ModuleSummary } from './types.ts';

export type { CodeFacts } from './types.ts';
export { passesPrefilter } from './prefilter.ts';

export interface CodeIndex {
  /** Facts of every analysed file (pre-filtered files are absent). */
  files: Map<string, CodeFacts>;
  env: readonly EnvEntryFact[];
  /** How many candidate files the pre-filter skipped. */
  skipped: number;
}

const MAX_IMPORT_DEPTH = 25;

function candidates(ctx: RuleContext): Candidate[] {
  const out = new Map<string, Candidate>();
  for (const f of ctx.inventory.files) {
    const cand = codeCandidate(f, false);
    if (cand && !isOfficialYarnRelease(ctx, f.path)) out.set(f.path, cand);
  }
  for (const p of ctx.facts.get(runsAsJs)) {
    if (out.has(p) || isOfficialYarnRelease(ctx, p)) continue;
    const f = ctx.inventory.byPath.get(p);
    const cand = f && codeCandidate(f, true);
    if (cand) out.set(p, cand);
  }
  return [...out.values()];
}

const codeFacts = defineFact('code-facts', buildIndex, 'execution-map');

/** Analyses all code once per scan. Every code rule awaits this. */
export function loadCodeFacts(ctx: RuleContext): Promise<CodeIndex> {
  return ctx.facts.get(codeFacts);
}

async function buildIndex(ctx: RuleContext): Promise<CodeIndex> {
  const env = ctx.facts.get(envFacts);
  const envPairs = envMap(env);
  const installed = await ctx.facts.get(installedPass);
  const resolver = ctx.facts.get(importResolver);
  // The text facts go first: the few files they parse are kept, and analysed below from the same
  // parse, which is released once the file's dataflow facts are done.
  await loadTextFacts(ctx);
  const parses = ctx.facts.get(jsParses);
  const files = new Map<string, CodeFacts>();
  const inProgress = new Set<string>();
  const deferred: { cand: Candidate; window: ParseWindow }[] = [];
  let skipped = 0;
  const byPath = new Map(candidates(ctx).map(c => [c.path, c]));

  // Each candidate's text is lent by the engine (the text facts read it first) and released once
  // this file's facts are done; a later rule that asks reads it again.
  const textOf = (cand: Candidate): string | undefined => {
    const raw = ctx.lendText(cand.path);
    if (raw === undefined) return undefined;
    if (cand.embed === 'html') return inlineScriptText(raw);
    if (cand.embed === 'astro') return astroFrontmatterText(raw);
    if (cand.embed === 'component') return componentScriptText(raw);
    return raw;
  };

  // A file over the parse cap: its head and tail are parsed, with their line numbers; the middle is not.
  const codeOf = (cand: Candidate, text: string): ParseWindow => {
    if (text.length <= MAX_PARSE_BYTES) return { code: text };
    ctx.error(
      `larger than ${MAX_PARSE_BYTES} bytes: its first and last ${PARSE_WINDOW_BYTES >> 21} MiB were parsed, the middle was not`,
      cand.path,
      'too-large',
    );
    return parseWindow(text, PARSE_WINDOW_BYTES);
  };

  // What an analysis reports besides its facts.
  const report = (cand: Candidate, facts: CodeFacts): void => {
    if (facts.truncated === true)
      ctx.error('dataflow analysis stopped at its budget: some chains in this file may be missed', cand.path, 'truncated');
    // Hiding work behind a budget is how a payload would get past this one: each is a gap.
    for (const g of facts.budgetGaps ?? [])
      ctx.error(
        `a decoder at line ${g.loc.line ?? '?'} (${g.what}) ran past the evaluation budget (steps, memory or time): what it decodes was not recovered`,
        cand.path,
        'truncated',
      );
    // A real JS/TS file the parser gave up on (not one a surface runs whatever its extension,
    // which may be a shell script): its code was only searched as text.
    if (facts.mode === 'text' && !cand.forced && cand.embed !== 'html')
      ctx.error('does not parse as JavaScript/TypeScript: only its text was searched', cand.path, 'unparseable');
  };

  const analyse = (cand: Candidate, window: ParseWindow, depth: number): CodeFacts => {
    inProgress.add(cand.path);
    const { code: text, lineShift } = window;
    try {
      const facts = analyzeText(
        { path: cand.path, text, lang: cand.lang, inNodeModules: false, env: envPairs, ...(lineShift ? { lineShift } : {}) },
        spec => summaryOf(cand.path, spec, depth + 1),
        parses.parse(cand.path, text, cand.lang),
      );
      report(cand, facts);
      return facts;
    } catch (err) {
      ctx.error(`could not analyse: ${errorMessage(err)}`, cand.path, 'unparseable');
      return textFacts(cand.path, text, false, lineShift);
    } finally {
      inProgress.delete(cand.path);
      parses.release(cand.path);
      ctx.releaseText(cand.path);
    }
  };

  // Cross-file summaries follow the project's own modules; inside installed packages the
  // flow-insensitive merge across files is too coarse to be worth its cost (and that pass keeps
  // each file to itself).
  // Whether `summaryOf` follows `target` (imported from `from`) into its summary.
  const followable = (from: string, target: string | undefined): target is string => {
    if (target === undefined || target === from) return false;
    const f = ctx.inventory.byPath.get(target);
    return f?.inNodeModules !== true && f?.type === 'file' && f.content === 'text' && isJsPath(target);
  };
  const summaryOf = (from: string, spec: string, depth: number): { summary: ModuleSummary; file: string } | undefined => {
    if (depth > MAX_IMPORT_DEPTH) return undefined;
    const target = resolver.resolve(from, spec);
    if (target === undefined || inProgress.has(target) || ctx.inventory.byPath.get(target)?.inNodeModules === true) return undefined;
    const done = files.get(target);
    if (done) return { summary: done.summary, file: target };
    const f = ctx.inventory.byPath.get(target);
    if (f?.type !== 'file' || f.content !== 'text' || !isJsPath(target)) return undefined;
    const cand = byPath.get(target) ?? { path: target, lang: langOf(target), forced: false };
    const pooled = pool?.take(target);
    if (pooled && keep(cand, pooled)) return { summary: pooled.facts.summary, file: target };
    const text = textOf(cand);
    if (text === undefined) return undefined;
    const code = codeOf(cand, text);
    if (deeplyNested(code.code)) {
      ctx.releaseText(cand.path);
      return undefined;
    }
    const facts = analyse(cand, code, depth);
    files.set(target, facts);
    return { summary: facts.summary, file: target };
  };

  // A pre-filtered file is kept as the local modules it loads, not as its text.
  const filtered: { cand: Candidate; specifiers: string[] }[] = [];
  // The files an earlier pass parsed (the import graph, the text facts) go first: their ASTs are
  // held until analysed, so analysing them last kept them all alive through the whole pass.
  const order = [...byPath.values()];
  const kept = order.filter(c => parses.has(c.path));
  const sequence = kept.length > 0 ? [...kept, ...order.filter(c => !parses.has(c.path))] : order;

  // The larger plain files (not parsed already) may be analysed by the pool's workers meanwhile.
  const pooledFiles = sequence.flatMap(c => {
    const size = ctx.inventory.byPath.get(c.path)?.size ?? 0;
    return !parses.has(c.path) && c.embed === undefined && !c.forced && size >= POOL_MIN_FILE_BYTES ? [{ path: c.path, size }] : [];
  });
  const pool = ProjectPool.open(pooledFiles, envPairs, (path, slot) => {
    const cand = byPath.get(path);
    const text = cand && textOf(cand);
    ctx.releaseText(path);
    return cand && text !== undefined ? { slot, path, text, lang: cand.lang, reached: ctx.reachingSurfaces(path).length > 0 } : undefined;
  });
  // A worker's facts stand when none of the specifiers its analysis asked about names a module
  // `summaryOf` would have followed: then every answer it got (none) is the one it would get here.
  const keep = (cand: Candidate, r: PoolResult): r is Extract<PoolResult, { kind: 'facts' }> => {
    if (r.kind !== 'facts') return false;
    parses.parsedElsewhere(cand.path);
    if (r.asked.some(spec => followable(cand.path, resolver.resolve(cand.path, spec)))) return false;
    report(cand, r.facts);
    files.set(cand.path, r.facts);
    return true;
  };

  try {
    for (const cand of sequence) {
      pool?.pump();
      if (files.has(cand.path)) continue;
      const pooled = pool?.take(cand.path);
      if (pooled?.kind === 'filtered') {
        filtered.push({ cand, specifiers: pooled.specifiers });
        continue;
      }
      if (pooled && keep(cand, pooled)) continue;
      const text = textOf(cand);
      if (text === undefined) {
        ctx.releaseText(cand.path);
        continue;
      }
      // A file a trigger reaches is analysed whatever the pre-filter says: a sink under a name it
      // does not know (`const F = globalThis.Function`) must not make a reached file a silent pass.
      if (!cand.forced && ctx.reachingSurfaces(cand.path).length === 0 && !passesPrefilter(text)) {
        filtered.push({ cand, specifiers: localSpecifiers(text) });
        ctx.releaseText(cand.path);
        continue;
      }
      const code = codeOf(cand, text);
      if (deeplyNested(code.code)) {
        deferred.push({ cand, window: code });
        ctx.releaseText(cand.path);
        continue;
      }
      files.set(cand.path, analyse(cand, code, 0));
    }

    // A file with no sink of its own may still call a local helper that has one
    // (`load(url)` with `module.exports = (u) => fetch(u).then(r => r.text()).then(eval)`).
    const helpers = new Set<string>();
    for (const [path, f] of files)
      if (Object.values(f.summary.exports).some(e => e.sinkParams !== undefined || e.sendParams !== undefined)) helpers.add(path);
    for (const { cand, specifiers } of filtered) {
      // Analysed since as the helper of a file that imports it.
      if (files.has(cand.path)) continue;
      const text = specifiers.some(spec => helpers.has(resolver.resolve(cand.path, spec) ?? '')) ? textOf(cand) : undefined;
      if (text === undefined) {
        skipped++;
        continue;
      }
      const code = codeOf(cand, text);
      if (!deeplyNested(code.code)) files.set(cand.path, analyse(cand, code, 0));
      else ctx.releaseText(cand.path);
    }
  } finally {
    await pool?.close();
  }

  const nested = await analyseNested(
    deferred.map(({ cand, window }) => ({
      path: cand.path,
      text: window.code,
      lang: cand.lang,
      inNodeModules: false,
      env: envPairs,
      ...(window.lineShift ? { lineShift: window.lineShift } : {}),
    })),
    (message, path) => {
      ctx.error(message, path, 'unparseable');
    },
  );
  for (const [path, facts] of nested) files.set(path, facts);
  parses.releaseAll();
  for (const [path, facts] of installed.code) files.set(path, facts);
  for (const [path, facts] of await pythonCodeFacts(ctx, new Map(envPairs))) files.set(path, facts);
  return { files, env, skipped: skipped + installed.codeSkipped };
}

/** The facts of one file (after `loadCodeFacts`), or empty facts when it was not analysed. */
export async function getCodeFacts(ctx: RuleContext, path: string): Promise<CodeFacts> {
  const index = await loadCodeFacts(ctx);
  return index.files.get(path) ?? emptyFacts(path, ctx.inventory.byPath.get(path)?.inNodeModules ?? false, 'skipped');
}
