/**
 * Runs the installed-files pass over many files: in worker threads when the files are many bytes
 * (a node_modules tree), in the calling thread otherwise. Files go out in batches to whichever
 * worker is free, so a batch of heavy bundles does not hold the others up. A worker that stalls
 * on one file (longer than `stallMs`) or dies is replaced; that file gets an error, never silence,
 * and the rest of its batch goes to the others.
 */
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { errorMessage } from '../../core/errors.ts';
import { startModuleWorker } from '../module-worker.ts';
import { InstalledProcessor } from './process.ts';
import type { InstalledJob, InstalledResult, InstalledSetup } from './process.ts';

/** Below this many bytes in total, starting workers costs more than it saves. */
export const POOL_MIN_BYTES = 32 * 1024 * 1024;
const STALL_MS = 20_000;
const BATCH_BYTES = 4 * 1024 * 1024;
const BATCH_FILES = 512;
const MAX_FAILURES = 8;

export interface PoolOptions {
  /** Worker threads (default: the machine's cores, at most 4). */
  threads?: number;
  /** Use workers only above this many bytes in total (default POOL_MIN_BYTES). */
  minBytes?: number;
  /** A worker that spends longer than this on one file is stopped (default 20 s). */
  stallMs?: number;
}

type Setup = Omit<InstalledSetup, 'bigStack'>;

/** Results in the order of `jobs`. */
export async function processInstalled(jobs: readonly InstalledJob[], setup: Setup, options: PoolOptions = {}): Promise<InstalledResult[]> {
  const threads = options.threads ?? Math.min(4, availableParallelism());
  const total = jobs.reduce((n, j) => n + Math.min(j.size, setup.maxBytes), 0);
  if (threads < 2 || total < (options.minBytes ?? POOL_MIN_BYTES)) return inThread(jobs, setup);
  return new Pool(jobs, setup, threads, options.stallMs ?? STALL_MS).run();
}

function inThread(jobs: readonly InstalledJob[], setup: Setup): InstalledResult[] {
  const processor = new InstalledProcessor({ ...setup, bigStack: false });
  return jobs.map(job => processor.process(job));
}

/** Consecutive runs of jobs, each up to BATCH_BYTES or BATCH_FILES. */
function batchesOf(jobs: readonly InstalledJob[], maxBytes: number): number[][] {
  const out: number[][] = [];
  let current: number[] = [];
  let bytes = 0;
  jobs.forEach((job, i) => {
    current.push(i);
    bytes += Math.min(job.size, maxBytes);
    if (bytes >= BATCH_BYTES || current.length >= BATCH_FILES) {
      out.push(current);
      current = [];
      bytes = 0;
    }
  });
  if (current.length > 0) out.push(current);
  return out;
}

interface Busy {
  batch: number[];
  /** Last progress value seen, and when it changed. */
  seen: number;
  since: number;
}

class Pool {
  private readonly results: (InstalledResult | undefined)[];
  private readonly queue: number[][];
  private readonly progress: Int32Array;
  private readonly workers: (Worker | undefined)[] = [];
  private readonly busy: (Busy | undefined)[] = [];
  private fallback: InstalledProcessor | undefined;
  /** Workers that died before finishing a batch; past MAX_FAILURES no more are started. */
  private failures = 0;
  private closing = false;
  private done: () => void = () => undefined;

  constructor(
    private readonly jobs: readonly InstalledJob[],
    private readonly setup: Setup,
    private readonly threads: number,
    private readonly stallMs: number,
  ) {
    this.results = new Array<InstalledResult | undefined>(jobs.length);
    this.queue = batchesOf(jobs, setup.maxBytes);
    this.progress = new Int32Array(new SharedArrayBuffer(4 * threads));
  }

  async run(): Promise<InstalledResult[]> {
    const finished = new Promise<void>(resolve => {
      this.done = resolve;
    });
    const watchdog = setInterval(
      () => {
        this.watch();
      },
      Math.min(1000, this.stallMs),
    );
    try {
      for (let slot = 0; slot < this.threads; slot++) this.start(slot);
      await finished;
    } finally {
      this.closing = true;
      clearInterval(watchdog);
      await Promise.all(this.workers.filter(w => w !== undefined).map(w => w.terminate()));
    }
    return this.results.map(r => r ?? { errors: ['not analysed: the worker pool stopped'] });
  }

  private start(slot: number): void {
    if (this.failures > MAX_FAILURES) {
      this.workers[slot] = undefined;
      if (this.workers.every(w => w === undefined)) this.drainHere();
      return;
    }
    let worker: Worker;
    try {
      worker = startModuleWorker(import.meta.url, './worker', {
        workerData: { setup: this.setup, progress: this.progress, slot },
        resourceLimits: { stackSizeMb: 256, maxOldGenerationSizeMb: 1024 },
      });
    } catch {
      this.workers[slot] = undefined;
      if (this.workers.every(w => w === undefined)) this.drainHere();
      return;
    }
    this.workers[slot] = worker;
    worker.on('message', (msg: { results: InstalledResult[] }) => {
      const busy = this.busy[slot];
      if (!busy) return;
      busy.batch.forEach((job, i) => (this.results[job] = msg.results[i]));
      this.busy[slot] = undefined;
      this.next(slot);
    });
    worker.on('error', err => {
      this.lost(slot, worker, `the analysis worker failed: ${errorMessage(err)}`);
    });
    worker.on('exit', code => {
      this.lost(slot, worker, `the analysis worker stopped (exit ${code})`);
    });
    this.next(slot);
  }

  private next(slot: number): void {
    const worker = this.workers[slot];
    const batch = this.queue.shift();
    if (!worker || !batch) {
      if (this.busy.every(b => b === undefined)) this.done();
      return;
    }
    Atomics.store(this.progress, slot, 0);
    this.busy[slot] = { batch, seen: 0, since: Date.now() };
    worker.postMessage({ jobs: batch.map(i => this.jobs[i]) });
  }

  /** A worker died or was stopped: its current file gets the error, the rest of its batch goes back. */
  private lost(slot: number, worker: Worker, message: string): void {
    if (this.closing || this.workers[slot] !== worker) return;
    this.workers[slot] = undefined;
    const busy = this.busy[slot];
    this.busy[slot] = undefined;
    this.failures++;
    if (busy) {
      const at = Math.max(0, Atomics.load(this.progress, slot) - 1);
      const stuck = busy.batch[at];
      if (stuck !== undefined) this.results[stuck] = { errors: [message] };
      const rest = busy.batch.slice(at + 1);
      if (rest.length > 0) this.queue.unshift(rest);
    }
    void worker.terminate();
    this.start(slot);
  }

  private watch(): void {
    const now = Date.now();
    this.busy.forEach((busy, slot) => {
      if (!busy) return;
      // The clock runs from the start of a file: a worker still loading its modules is not stalled.
      const seen = Atomics.load(this.progress, slot);
      if (seen === 0 || seen !== busy.seen) {
        busy.seen = seen;
        busy.since = now;
        return;
      }
      const worker = this.workers[slot];
      if (worker && now - busy.since > this.stallMs)
        this.lost(slot, worker, `analysis took longer than ${Math.round(this.stallMs / 1000)} s: not analysed`);
    });
  }

  /** Workers cannot start here: what is left runs in the calling thread. */
  private drainHere(): void {
    this.fallback ??= new InstalledProcessor({ ...this.setup, bigStack: false });
    for (let batch = this.queue.shift(); batch; batch = this.queue.shift()) {
      for (const i of batch) {
        const job = this.jobs[i];
        if (job) this.results[i] = this.fallback.process(job);
      }
    }
    if (this.busy.every(b => b === undefined)) this.done();
  }
}
