/**
 * The installed-files pass: the one read of a scanned node_modules tree, shared by the text rules
 * (obfuscation, hidden code, invisible characters, known indicators) and the dataflow rules.
 * Every file is read once, in worker threads for big trees; its content sniff (which the walk
 * left to this pass) is settled, and only the few files whose atoms call for it are decoded,
 * parsed and analysed. The main thread gets back facts, never file contents.
 */
import type { RuleContext } from '../../core/rule.ts';
import { errorMessage } from '../../core/errors.ts';
import { MAX_TEXT_BYTES } from '../../fs/read.ts';
import { absFromRel } from '../../fs/path.ts';
import { PendingSniffEntry } from '../../fs/walk.ts';
import { AtomScanner } from '../aho.ts';
import { GATE_ATOMS } from '../file-facts.ts';
import type { FileFacts } from '../file-facts.ts';
import { textFacts as textCodeFacts } from '../js/analyze-file.ts';
import { BigStackWorker } from '../js/big-stack-worker.ts';
import { envEntries, envMap } from '../js/env-facts.ts';
import { CODE_GATE_ATOMS } from '../js/prefilter.ts';
import type { CodeFacts } from '../js/types.ts';
import { iocMatcher, runAsJs } from '../text-source.ts';
import { processInstalled } from './pool.ts';
import type { PoolOptions } from './pool.ts';
import type { InstalledJob, InstalledResult } from './process.ts';

export interface InstalledPass {
  /** Text facts of the installed files with an atom worth a look. */
  text: Map<string, FileFacts>;
  /** Dataflow facts of the installed JavaScript files that passed the code pre-filter. */
  code: Map<string, CodeFacts>;
  /** Installed JavaScript files the pre-filter showed no code rule can match. */
  codeSkipped: number;
}

/** The pass, once per scan. */
export function installedPass(ctx: RuleContext, options: PoolOptions = {}): Promise<InstalledPass> {
  return ctx.memo('installed:pass', () => runPass(ctx, options));
}

/** Files a surface runs or reaches as JavaScript (the dataflow rules analyse them whatever their atoms). */
function reachedAsJs(ctx: RuleContext): Set<string> {
  const out = new Set<string>();
  for (const s of ctx.executionMap) for (const p of [s.entry, ...s.reaches]) if (p !== undefined) out.add(p);
  return out;
}

function jobsOf(ctx: RuleContext): { jobs: InstalledJob[]; entries: (PendingSniffEntry | undefined)[] } {
  const forcedText = runAsJs(ctx);
  const forcedCode = reachedAsJs(ctx);
  const jobs: InstalledJob[] = [];
  const entries: (PendingSniffEntry | undefined)[] = [];
  for (const e of ctx.inventory.files) {
    if (!e.inNodeModules || e.type !== 'file' || e.size === 0) continue;
    const pending = e instanceof PendingSniffEntry && !e.sniffed ? e : undefined;
    if (!pending && e.content !== 'text') continue;
    const job: InstalledJob = {
      path: e.path,
      abs: absFromRel(ctx.root, e.path),
      size: e.size,
      forcedText: forcedText.has(e.path),
      forcedCode: forcedCode.has(e.path),
    };
    if (!pending)
      job.sniff = { content: e.content, ...(e.magic ? { magic: e.magic } : {}), ...(e.encoding ? { encoding: e.encoding } : {}) };
    jobs.push(job);
    entries.push(pending);
  }
  return { jobs, entries };
}

async function runPass(ctx: RuleContext, options: PoolOptions): Promise<InstalledPass> {
  const out: InstalledPass = { text: new Map(), code: new Map(), codeSkipped: 0 };
  const { jobs, entries } = jobsOf(ctx);
  if (jobs.length === 0) return out;
  const matcher = iocMatcher(ctx);
  const codeBase = GATE_ATOMS.length + matcher.atoms.length;
  const env = envMap(envEntries(ctx));
  const results = await processInstalled(
    jobs,
    {
      tables: new AtomScanner([...GATE_ATOMS, ...matcher.atoms, ...CODE_GATE_ATOMS]).tables(),
      gates: GATE_ATOMS.length,
      codeBase,
      iocs: matcher.set,
      env,
      maxBytes: MAX_TEXT_BYTES,
    },
    options,
  );
  const nested: [InstalledJob, NonNullable<InstalledResult['nested']>][] = [];
  results.forEach((result, i) => {
    const job = jobs[i];
    if (!job) return;
    if (result.sniff) entries[i]?.settle(result.sniff);
    for (const message of result.errors) ctx.error(message, job.path);
    if (result.text) out.text.set(job.path, result.text);
    if (result.code) out.code.set(job.path, result.code);
    if (result.codeSkipped) out.codeSkipped++;
    if (result.nested) nested.push([job, result.nested]);
  });
  if (nested.length > 0) {
    const worker = new BigStackWorker();
    try {
      for (const [job, { text, lang }] of nested) {
        try {
          out.code.set(job.path, await worker.analyze({ path: job.path, text, lang, inNodeModules: true, env }));
        } catch (err) {
          ctx.error(`deeply nested code could not be parsed (${errorMessage(err)}): checked as text`, job.path);
          out.code.set(job.path, textCodeFacts(job.path, text, true));
        }
      }
    } finally {
      await worker.close();
    }
  }
  return out;
}
