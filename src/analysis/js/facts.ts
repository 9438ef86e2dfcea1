/**
 * The one entry point of the code rules: `loadCodeFacts(ctx)` analyses every JS/TS file once per
 * scan (project files, committed or included node_modules, inline HTML scripts, and any file a
 * surface runs as JavaScript whatever its extension) and caches the result in `ctx.memo`.
 *
 * Cost control: a literal pre-filter (prefilter.ts) skips files that no code rule could match
 * (most of a node_modules tree); installed files are first gated on its literals in the shared
 * byte-level pass over node_modules, so files with none are never read or decoded here. Files
 * above the parse cap get text-level facts; files whose nesting could overflow the native stack
 * while parsing are analysed in a worker thread with a large stack.
 */
import { Worker } from 'node:worker_threads';
import { ImportResolver, readPathAliases } from '../imports.ts';
import type { PathAliases } from '../imports.ts';
import { errorMessage } from '../../core/errors.ts';
import type { RuleContext } from '../../core/rule.ts';
import { extName } from '../../fs/path.ts';
import { MAX_TEXT_BYTES, readText } from '../../fs/read.ts';
import { isJsPath, langOf, MAX_PARSE_BYTES } from '../../lang/js/parse.ts';
import type { JsLang } from '../../lang/js/parse.ts';
import { isDotenvPath, parseDotenv } from '../../lang/dotenv/parse.ts';
import { analyzeText, textFacts } from './analyze-file.ts';
import type { AnalyzeRequest } from './analyze-file.ts';
import { decodeHiddenEndpoint } from './evaluate.ts';
import { inlineScriptText } from './html.ts';
import { passesCodeGate, passesGatedPrefilter, passesPrefilter } from './prefilter.ts';
import { dependencyGate } from '../text-facts.ts';
import type { DependencyGate } from '../text-facts.ts';
import { emptyFacts } from './types.ts';
import type { CodeFacts, ModuleSummary } from './types.ts';

export type { CodeFacts } from './types.ts';
export { passesPrefilter } from './prefilter.ts';

export interface EnvEntryFact {
  file: string;
  line: number;
  key: string;
  value: string;
  /** The endpoint the value decodes to, when it is an encoded URL or IP:port. */
  decoded?: { value: string; encoding: string };
}

export interface CodeIndex {
  /** Facts of every analysed file (pre-filtered files are absent). */
  files: Map<string, CodeFacts>;
  env: EnvEntryFact[];
  /** How many candidate files the pre-filter skipped. */
  skipped: number;
}

const SCRIPT_EXTS = new Set(['.html', '.htm']);
/** Nesting deeper than this is parsed in the big-stack worker. */
const MAX_MAIN_NESTING = 400;
const MAX_MAIN_OPERATOR_RUN = 20_000;
const WORKER_TIMEOUT_MS = 20_000;
const MAX_IMPORT_DEPTH = 25;
/** Bundled files of installed packages above this size are checked as text (compiled bundles). */
const MAX_DEPENDENCY_PARSE_BYTES = 256 * 1024;

/** True when the text nests deeply enough to risk overflowing the native stack while parsing. */
export function deeplyNested(text: string): boolean {
  let depth = 0;
  let max = 0;
  let run = 0;
  let maxRun = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 40 || c === 91 || c === 123) {
      depth++;
      if (depth > max) max = depth;
      if (c === 123) run = 0;
    } else if (c === 41 || c === 93 || c === 125) {
      if (depth > 0) depth--;
      if (c === 125) run = 0;
    } else if (c === 59) run = 0;
    else if (c === 43 || c === 45 || c === 42 || c === 124 || c === 38 || c === 63 || c === 46 || c === 44) {
      run++;
      if (run > maxRun) maxRun = run;
    }
  }
  return max > MAX_MAIN_NESTING || maxRun > MAX_MAIN_OPERATOR_RUN;
}

interface Candidate {
  path: string;
  lang: JsLang;
  inNodeModules: boolean;
  html: boolean;
  /** Run as JS by a surface although its extension says otherwise. */
  forced: boolean;
}

function candidates(ctx: RuleContext): Candidate[] {
  const out = new Map<string, Candidate>();
  for (const f of ctx.inventory.files) {
    if (f.type !== 'file' || f.content !== 'text') continue;
    if (isJsPath(f.path))
      out.set(f.path, { path: f.path, lang: langOf(f.path), inNodeModules: f.inNodeModules, html: false, forced: false });
    else if (SCRIPT_EXTS.has(extName(f.path)) && !f.inNodeModules)
      out.set(f.path, { path: f.path, lang: 'js', inNodeModules: false, html: true, forced: false });
  }
  for (const s of ctx.executionMap) {
    for (const p of [s.entry, ...s.reaches]) {
      if (p === undefined || out.has(p)) continue;
      const f = ctx.inventory.byPath.get(p);
      if (f?.type === 'file' && f.content === 'text' && extName(p) !== '.json')
        out.set(p, { path: p, lang: 'js', inNodeModules: f.inNodeModules, html: false, forced: true });
    }
  }
  return [...out.values()];
}

function envEntries(ctx: RuleContext): EnvEntryFact[] {
  const out: EnvEntryFact[] = [];
  for (const f of ctx.inventory.files) {
    if (f.inNodeModules || f.type !== 'file' || f.content !== 'text' || !isDotenvPath(f.path)) continue;
    const text = ctx.text(f.path);
    if (text === undefined) continue;
    for (const e of parseDotenv(text)) {
      const entry: EnvEntryFact = { file: f.path, line: e.line, key: e.key, value: e.value };
      const d = decodeHiddenEndpoint(e.value);
      if (d) entry.decoded = d;
      out.push(entry);
      if (out.length > 5000) return out;
    }
  }
  return out;
}

/** process.env values for evaluation: an encoded endpoint wins over other values of the key. */
function envMap(entries: EnvEntryFact[]): [string, string][] {
  const m = new Map<string, string>();
  for (const e of entries) if (!m.has(e.key)) m.set(e.key, e.value);
  for (const e of entries) if (e.decoded) m.set(e.key, e.value);
  return [...m];
}

function resolverFor(ctx: RuleContext): ImportResolver {
  return ctx.memo('code-facts:resolver', () => {
    const aliases: PathAliases[] = [];
    for (const f of ctx.inventory.files) {
      if (f.inNodeModules || !/(?:^|\/)(?:tsconfig|jsconfig)\.json$/.test(f.path)) continue;
      const body = ctx.text(f.path);
      const dir = f.path.includes('/') ? f.path.slice(0, f.path.lastIndexOf('/')) : '';
      try {
        const a = body === undefined ? undefined : readPathAliases(dir, body);
        if (a) aliases.push(a);
      } catch {
        // A broken tsconfig only means no aliases.
      }
    }
    return new ImportResolver(ctx.inventory, aliases);
  });
}

class BigStackWorker {
  private worker: Worker | undefined;
  private next = 0;

  async analyze(req: AnalyzeRequest): Promise<CodeFacts> {
    const worker = this.worker ?? this.start();
    const id = ++this.next;
    return new Promise<CodeFacts>((resolve, reject) => {
      const timer = setTimeout(() => {
        cleanup();
        void worker.terminate();
        this.worker = undefined;
        reject(new Error(`analysis took longer than ${WORKER_TIMEOUT_MS / 1000} s`));
      }, WORKER_TIMEOUT_MS);
      const onMessage = (msg: { id: number; facts?: CodeFacts; error?: string }): void => {
        if (msg.id !== id) return;
        cleanup();
        if (msg.facts) resolve(msg.facts);
        else reject(new Error(msg.error ?? 'analysis failed'));
      };
      const onExit = (code: number): void => {
        cleanup();
        this.worker = undefined;
        reject(new Error(`analysis worker stopped (exit ${code})`));
      };
      const onError = (err: Error): void => {
        cleanup();
        this.worker = undefined;
        reject(err);
      };
      const cleanup = (): void => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('exit', onExit);
        worker.off('error', onError);
      };
      worker.on('message', onMessage);
      worker.on('exit', onExit);
      worker.on('error', onError);
      worker.postMessage({ ...req, id });
    });
  }

  private start(): Worker {
    const options = { resourceLimits: { stackSizeMb: 256, maxOldGenerationSizeMb: 1024 } };
    // From TypeScript sources (tests, development) the worker registers tsx itself: loader hooks of
    // the parent thread do not reach worker threads.
    const w = import.meta.url.endsWith('.ts')
      ? new Worker(
          `import('tsx/esm/api').then(m => { m.register(); return import(${JSON.stringify(new URL('./worker.ts', import.meta.url).href)}); });`,
          { ...options, eval: true },
        )
      : new Worker(new URL('./worker.js', import.meta.url), options);
    w.on('error', () => {
      this.worker = undefined;
    });
    w.unref();
    this.worker = w;
    return w;
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    if (w) await w.terminate();
  }
}

/**
 * Installed dependency files are read without the engine's text cache: thousands of them would
 * otherwise stay in memory for the whole scan.
 */
function readDependencyText(ctx: RuleContext, path: string): string | undefined {
  const entry = ctx.inventory.byPath.get(path);
  if (entry?.type !== 'file' || entry.content === 'binary') return undefined;
  try {
    const read = readText(ctx.root, entry);
    if (read.truncated) ctx.error(`larger than ${MAX_TEXT_BYTES} bytes: only the first ${MAX_TEXT_BYTES} bytes were analysed`, path);
    return read.text;
  } catch (err) {
    ctx.error(`unreadable: ${errorMessage(err)}`, path);
    return undefined;
  }
}

/**
 * The gate atoms of an installed file, or undefined when the gate did not read it (forced, empty,
 * UTF-16, unreadable): those files take the ordinary path.
 */
function gateHits(ctx: RuleContext, gate: DependencyGate, cand: Candidate): number[] | undefined {
  if (!cand.inNodeModules || cand.forced) return undefined;
  const entry = ctx.inventory.byPath.get(cand.path);
  if (entry?.type !== 'file' || entry.size === 0 || entry.encoding === 'utf16le' || entry.encoding === 'utf16be') return undefined;
  if (!gate.paths.has(cand.path) || gate.errors.has(cand.path)) return undefined;
  return gate.hits.get(cand.path) ?? [];
}

/** Analyses all code once per scan. Every code rule awaits this. */
export function loadCodeFacts(ctx: RuleContext): Promise<CodeIndex> {
  return ctx.memo('code-facts:index', () => buildIndex(ctx));
}

async function buildIndex(ctx: RuleContext): Promise<CodeIndex> {
  const env = envEntries(ctx);
  const envPairs = envMap(env);
  const resolver = resolverFor(ctx);
  const files = new Map<string, CodeFacts>();
  const inProgress = new Set<string>();
  const deferred: { cand: Candidate; text: string }[] = [];
  let skipped = 0;
  const byPath = new Map(candidates(ctx).map(c => [c.path, c]));

  const textOf = (cand: Candidate): string | undefined => {
    const raw = cand.inNodeModules ? readDependencyText(ctx, cand.path) : ctx.text(cand.path);
    if (raw === undefined) return undefined;
    return cand.html ? inlineScriptText(raw) : raw;
  };

  const analyse = (cand: Candidate, text: string, depth: number): CodeFacts => {
    if (text.length > MAX_PARSE_BYTES) {
      ctx.error(`larger than ${MAX_PARSE_BYTES} bytes: checked as text, not parsed`, cand.path);
      return textFacts(cand.path, text, cand.inNodeModules);
    }
    if (cand.inNodeModules && text.length > MAX_DEPENDENCY_PARSE_BYTES) return textFacts(cand.path, text, true);
    inProgress.add(cand.path);
    try {
      const facts = analyzeText({ path: cand.path, text, lang: cand.lang, inNodeModules: cand.inNodeModules, env: envPairs }, spec =>
        summaryOf(cand.path, spec, depth + 1),
      );
      if (facts.truncated === true) ctx.error('dataflow analysis stopped at its budget: some chains in this file may be missed', cand.path);
      return facts;
    } catch (err) {
      ctx.error(`could not analyse: ${errorMessage(err)}`, cand.path);
      return textFacts(cand.path, text, cand.inNodeModules);
    } finally {
      inProgress.delete(cand.path);
    }
  };

  // Cross-file summaries follow the project's own modules; inside installed packages the
  // flow-insensitive merge across files is too coarse to be worth its cost.
  const summaryOf = (from: string, spec: string, depth: number): { summary: ModuleSummary; file: string } | undefined => {
    if (depth > MAX_IMPORT_DEPTH || ctx.inventory.byPath.get(from)?.inNodeModules === true) return undefined;
    const target = resolver.resolve(from, spec);
    if (target === undefined || inProgress.has(target) || ctx.inventory.byPath.get(target)?.inNodeModules === true) return undefined;
    const done = files.get(target);
    if (done) return { summary: done.summary, file: target };
    const f = ctx.inventory.byPath.get(target);
    if (f?.type !== 'file' || f.content !== 'text' || !isJsPath(target)) return undefined;
    const cand = byPath.get(target) ?? { path: target, lang: langOf(target), inNodeModules: f.inNodeModules, html: false, forced: false };
    const text = textOf(cand);
    if (text === undefined || deeplyNested(text)) return undefined;
    const facts = analyse(cand, text, depth);
    files.set(target, facts);
    return { summary: facts.summary, file: target };
  };

  // Installed files go through the shared byte-level gate first: most never need decoding here.
  const gate = [...byPath.values()].some(c => c.inNodeModules && !c.forced) ? await dependencyGate(ctx) : undefined;

  for (const cand of byPath.values()) {
    if (files.has(cand.path)) continue;
    const hits = gate ? gateHits(ctx, gate, cand) : undefined;
    if (gate && hits && !passesCodeGate(hits, gate.codeBase)) {
      if ((ctx.inventory.byPath.get(cand.path)?.size ?? 0) > MAX_TEXT_BYTES)
        ctx.error(`larger than ${MAX_TEXT_BYTES} bytes: only the first ${MAX_TEXT_BYTES} bytes were analysed`, cand.path);
      skipped++;
      continue;
    }
    const text = textOf(cand);
    if (text === undefined) continue;
    const passes = gate && hits ? passesGatedPrefilter(text, hits, gate.codeBase) : passesPrefilter(text, cand.inNodeModules);
    if (!cand.forced && !passes) {
      skipped++;
      continue;
    }
    // Files above the parse caps are checked as text: their nesting does not matter.
    const parsed = text.length <= MAX_PARSE_BYTES && !(cand.inNodeModules && text.length > MAX_DEPENDENCY_PARSE_BYTES);
    if (parsed && deeplyNested(text)) {
      deferred.push({ cand, text });
      continue;
    }
    files.set(cand.path, analyse(cand, text, 0));
  }

  if (deferred.length > 0) {
    const worker = new BigStackWorker();
    try {
      for (const { cand, text } of deferred) {
        try {
          files.set(
            cand.path,
            await worker.analyze({ path: cand.path, text, lang: cand.lang, inNodeModules: cand.inNodeModules, env: envPairs }),
          );
        } catch (err) {
          ctx.error(`deeply nested code could not be parsed (${errorMessage(err)}): checked as text`, cand.path);
          files.set(cand.path, textFacts(cand.path, text, cand.inNodeModules));
        }
      }
    } finally {
      await worker.close();
    }
  }
  return { files, env, skipped };
}

/** The facts of one file (after `loadCodeFacts`), or empty facts when it was not analysed. */
export async function getCodeFacts(ctx: RuleContext, path: string): Promise<CodeFacts> {
  const index = await loadCodeFacts(ctx);
  return index.files.get(path) ?? emptyFacts(path, ctx.inventory.byPath.get(path)?.inNodeModules ?? false, 'skipped');
}
