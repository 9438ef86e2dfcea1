/**
 * The installed-files pass as it runs. While the walk is still finding the files of a scanned
 * node_modules, `add` queues them and, once they add up to enough bytes, hands them in batches to
 * worker threads that read, sniff and gate them (small trees stay in the calling thread).
 * `finish`, called by the first rule that needs the facts, knows what the walk could not: the
 * files the surfaces run (gated again with that in mind) and the project's .env values; it
 * completes the gate, then has the few files the dataflow rules want analysed.
 */
import { availableParallelism } from 'node:os';
import { absFromRel } from '../../fs/path.ts';
import { PendingSniffEntry } from '../../fs/walk.ts';
import type { FileEntry } from '../../fs/walk.ts';
import { MAX_TEXT_BYTES } from '../../fs/read.ts';
import { loadIocs } from '../../ioc/index.ts';
import { IocMatcher } from '../../ioc/matcher.ts';
import { AtomScanner } from '../aho.ts';
import { GATE_ATOMS } from '../file-facts.ts';
import type { FileFacts } from '../file-facts.ts';
import { analyseNested } from '../js/big-stack-worker.ts';
import { codePrefilter } from '../js/prefilter.ts';
import type { CodeFacts } from '../js/types.ts';
import { WorkerPool, runHere } from './pool.ts';
import type { Setup } from './pool.ts';
import { InstalledProcessor } from './process.ts';
import type { CodeJob, CodeResult, GateJob, GateResult } from './process.ts';

/** Below this many files, starting workers costs more than it saves. */
export const POOL_MIN_FILES = 1000;
const BATCH_FILES = 256;

export interface SessionOptions {
  /** Worker threads (default: the machine's cores, at most 4). */
  threads?: number;
  /** Use workers only from this many files on (default POOL_MIN_FILES). */
  minFiles?: number;
  /** A worker that spends longer than this on one file is stopped (default 20 s). */
  stallMs?: number;
}

export interface InstalledPass {
  /** Text facts of the installed files with an atom worth a look. */
  text: Map<string, FileFacts>;
  /** Dataflow facts of the installed JavaScript files that passed the code pre-filter. */
  code: Map<string, CodeFacts>;
  /** Installed JavaScript files the pre-filter showed no code rule can match. */
  codeSkipped: number;
}

export interface FinishInput {
  /** Files a surface runs or loads as JavaScript whatever their extension (runs-as-js.ts). */
  runsAsJs: ReadonlySet<string>;
  /** process.env values from the project's .env files. */
  env: [string, string][];
  /** Report a problem with a file. */
  error(message: string, path: string): void;
}

function iocKey(matcher: IocMatcher): string {
  return `${matcher.set.files.map(f => `${f.name}@${f.version}`).join(',')}:${matcher.set.entries.length}`;
}

export class InstalledSession {
  private matcherValue: IocMatcher | undefined;
  private setupValue: Setup | undefined;
  private readonly jobs: GateJob[] = [];
  private readonly entries: (PendingSniffEntry | undefined)[] = [];
  /** Gate batches handed to the pool: where each starts in `jobs`, and its results. */
  private readonly submitted: { start: number; results: Promise<GateResult[]> }[] = [];
  /** Jobs not yet handed to the pool, from `queuedFrom` on. */
  private queuedFrom = 0;
  private pool: WorkerPool | undefined;
  private here: InstalledProcessor | undefined;
  private readonly threads: number;

  /** `matcher`: the IOC set to gate with (default: the shipped one, loaded when first needed). */
  constructor(
    private readonly root: string,
    matcher?: IocMatcher,
    private readonly options: SessionOptions = {},
  ) {
    this.matcherValue = matcher;
    this.threads = options.threads ?? Math.min(4, availableParallelism());
  }

  private get matcher(): IocMatcher {
    return (this.matcherValue ??= new IocMatcher(loadIocs()));
  }

  /** The automaton and IOC set the workers get, built when the first file arrives. */
  private get setup(): Setup {
    return (this.setupValue ??= {
      tables: new AtomScanner([...GATE_ATOMS, ...this.matcher.atoms, ...codePrefilter().gateAtoms]).tables(),
      gates: GATE_ATOMS.length,
      codeBase: GATE_ATOMS.length + this.matcher.atoms.length,
      iocs: this.matcher.set,
      maxBytes: MAX_TEXT_BYTES,
    });
  }

  /** Whether files were added and gated with this IOC set (a rule may have asked for another). */
  usableWith(matcher: IocMatcher): boolean {
    return this.jobs.length > 0 && iocKey(matcher) === iocKey(this.matcher);
  }

  /**
   * Queue an installed file (a regular file; empty and binary ones already sniffed are left out).
   * A file the walk left for later keeps its size unknown until it is read.
   */
  add(entry: FileEntry): void {
    if (!entry.inNodeModules || entry.type !== 'file') return;
    const pending = entry instanceof PendingSniffEntry && !entry.sniffed ? entry : undefined;
    if (!pending && (entry.size === 0 || entry.content !== 'text')) return;
    const job: GateJob = {
      path: entry.path,
      abs: entry instanceof PendingSniffEntry ? entry.abs : absFromRel(this.root, entry.path),
      runsAsJs: false,
    };
    if (!pending || pending.sized) job.size = entry.size;
    if (!pending)
      job.sniff = {
        content: entry.content,
        ...(entry.magic ? { magic: entry.magic } : {}),
        ...(entry.encoding ? { encoding: entry.encoding } : {}),
      };
    this.jobs.push(job);
    this.entries.push(pending);
    if (!this.pool && this.threads >= 2 && this.jobs.length >= (this.options.minFiles ?? POOL_MIN_FILES)) {
      this.pool = new WorkerPool(this.setup, this.threads, this.options.stallMs);
    }
    if (this.pool && this.jobs.length - this.queuedFrom >= BATCH_FILES) this.submitQueued();
  }

  private submitQueued(): void {
    if (!this.pool || this.queuedFrom === this.jobs.length) return;
    // Before the pool started, files piled up: hand them over in batches of the usual size.
    for (let start = this.queuedFrom; start < this.jobs.length; start += BATCH_FILES) {
      const jobs = this.jobs.slice(start, start + BATCH_FILES);
      this.submitted.push({ start, results: this.pool.submit({ kind: 'gate', jobs }) });
    }
    this.queuedFrom = this.jobs.length;
  }

  private processor(): InstalledProcessor {
    return (this.here ??= new InstalledProcessor({ ...this.setup, bigStack: false }));
  }

  /** Complete the pass: the rest of the gate, the surfaces' files gated again, then the dataflow facts. */
  async finish(input: FinishInput): Promise<InstalledPass> {
    const out: InstalledPass = { text: new Map(), code: new Map(), codeSkipped: 0 };
    try {
      // The .env values are known now: batches not yet sent analyse their wanted files at once.
      this.pool?.setEnv(input.env);
      const gates = await this.gateAll(input.env);
      const wanted: CodeJob[] = [];
      const analysed: [string, CodeResult][] = [];
      gates.forEach((result, i) => {
        const job = this.jobs[i];
        if (!job) return;
        if (result.sniff) this.entries[i]?.settle(result.sniff, result.size);
        const runsAsJs = input.runsAsJs.has(job.path);
        // The walk did not know which files the surfaces run: those few are gated again knowing it.
        const size = job.size ?? result.size;
        const known = { ...sniffOf(job, result), ...(size === undefined ? {} : { size }) };
        const final = runsAsJs ? this.processor().gate({ ...job, ...known, runsAsJs }, input.env) : result;
        for (const message of final.errors) input.error(message, job.path);
        if (final.text) out.text.set(job.path, final.text);
        if (final.codeSkipped) out.codeSkipped++;
        const encoding = (job.sniff ?? result.sniff)?.encoding;
        if (final.analysed) analysed.push([job.path, final.analysed]);
        else if (final.code) wanted.push({ path: job.path, abs: job.abs, encoding, ...(size === undefined ? {} : { size }) });
      });
      const codes = await this.analyseAll(wanted, input.env);
      codes.forEach((result, i) => {
        const job = wanted[i];
        if (job) analysed.push([job.path, result]);
      });
      const nested: [string, NonNullable<CodeResult['nested']>][] = [];
      for (const [path, result] of analysed.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
        for (const message of result.errors) input.error(message, path);
        if (result.code) out.code.set(path, result.code);
        if (result.nested) nested.push([path, result.nested]);
      }
      const deep = nested.map(([path, { text, lang }]) => ({ path, text, lang, inNodeModules: true, env: input.env }));
      const facts = await analyseNested(deep, (message, path) => {
        input.error(message, path);
      });
      for (const [path, f] of facts) out.code.set(path, f);
    } finally {
      await this.dispose();
    }
    return out;
  }

  private async gateAll(env: [string, string][]): Promise<GateResult[]> {
    if (!this.pool) return this.jobs.map(job => this.processor().gate(job, env));
    this.submitQueued();
    const all = new Array<GateResult>(this.jobs.length);
    for (const { start, results } of this.submitted) (await results).forEach((r, k) => (all[start + k] = r));
    return all;
  }

  private async analyseAll(jobs: CodeJob[], env: [string, string][]): Promise<CodeResult[]> {
    if (jobs.length === 0) return [];
    if (!this.pool) return runHere(this.processor(), { kind: 'code', jobs, env }) as CodeResult[];
    // Small batches: these files cost the most per byte, and a few heavy ones should not queue up.
    const size = Math.max(1, Math.ceil(jobs.length / (this.threads * 4)));
    const parts: Promise<CodeResult[]>[] = [];
    for (let i = 0; i < jobs.length; i += size) parts.push(this.pool.submit({ kind: 'code', jobs: jobs.slice(i, i + size), env }));
    return (await Promise.all(parts)).flat();
  }

  /** Stop the workers (also when the pass is never finished). */
  async dispose(): Promise<void> {
    const pool = this.pool;
    this.pool = undefined;
    if (pool) await pool.close();
  }
}

function sniffOf(job: GateJob, result: GateResult): Pick<GateJob, 'sniff'> {
  const sniff = job.sniff ?? result.sniff;
  return sniff ? { sniff } : {};
}
