/**
 * The worker threads of the installed-files pass. Work arrives in batches (gate batches while the
 * walk is still finding files, then the few files the dataflow rules want) and goes to whichever
 * worker is free, so a batch of heavy bundles does not hold the others up. Each worker holds its
 * current batch and the next one, so it never waits for the calling thread (busy walking or
 * running rules) to hand it more. A worker that stalls on
 * one file (longer than `stallMs`) or dies is replaced; that file gets an error, never silence, and
 * the rest of its batch goes to the others. If no worker can start, the calling thread does the
 * work.
 */
import type { Worker } from 'node:worker_threads';
import { errorMessage } from '../../core/errors.ts';
import { startModuleWorker } from '../module-worker.ts';
import { InstalledProcessor } from './process.ts';
import type { CodeJob, CodeResult, GateJob, GateResult, InstalledSetup } from './process.ts';

/**
 * A safety net, not a budget: each file's work is bounded by the analysis budgets, which count
 * steps (the same on any machine), so only a worker stuck far beyond them is replaced. At 20 s a
 * loaded machine lost files that an idle one analysed.
 */
const STALL_MS = 120_000;
const MAX_FAILURES = 8;
/** Batches handed to one worker at a time: the one it works on and the next. */
const DEPTH = 4;

export type Setup = Omit<InstalledSetup, 'bigStack'>;

/** What a worker is asked to do with a batch. */
export type BatchMessage =
  { kind: 'gate'; jobs: GateJob[]; env?: [string, string][] } | { kind: 'code'; jobs: CodeJob[]; env: [string, string][] };

type Result = GateResult | CodeResult;

/** A submitted batch: its results fill in as its pieces come back. */
interface Group {
  results: (Result | undefined)[];
  filled: number;
  resolve: (results: Result[]) => void;
}

/** A piece of a group on its way to a worker: the jobs from `start` on. */
interface Piece {
  message: BatchMessage;
  group: Group;
  start: number;
}

interface Busy {
  /** The batches handed to the worker, in the order it works on them. */
  pieces: Piece[];
  /** Last progress value seen, and when it changed. */
  seen: number;
  since: number;
}

/** Run one batch in the calling thread. */
export function runHere(processor: InstalledProcessor, message: BatchMessage): Result[] {
  return message.kind === 'gate'
    ? message.jobs.map(j => processor.gate(j, message.env))
    : message.jobs.map(j => processor.analyse(j, message.env));
}

export class WorkerPool {
  private readonly queue: Piece[] = [];
  private readonly progress: Int32Array;
  private readonly workers: (Worker | undefined)[] = [];
  private readonly busy: (Busy | undefined)[] = [];
  private readonly watchdog: ReturnType<typeof setInterval>;
  private here: InstalledProcessor | undefined;
  private failures = 0;
  private closed = false;
  /** The project's .env values once known: gate batches sent from then on analyse at once. */
  private env: [string, string][] | undefined;

  constructor(
    private readonly setup: Setup,
    private readonly threads: number,
    private readonly stallMs = STALL_MS,
  ) {
    this.progress = new Int32Array(new SharedArrayBuffer(4 * threads));
    this.watchdog = setInterval(
      () => {
        this.watch();
      },
      Math.min(1000, stallMs),
    );
    this.watchdog.unref();
    for (let slot = 0; slot < threads; slot++) this.start(slot);
  }

  submit(message: BatchMessage & { kind: 'gate' }): Promise<GateResult[]>;
  submit(message: BatchMessage & { kind: 'code' }): Promise<CodeResult[]>;
  submit(message: BatchMessage): Promise<Result[]> {
    return new Promise(resolve => {
      const group: Group = { results: new Array<Result | undefined>(message.jobs.length), filled: 0, resolve };
      if (message.jobs.length === 0) {
        resolve([]);
        return;
      }
      this.queue.push({ message, group, start: 0 });
      this.dispatch();
    });
  }

  /** From now on, gate batches also analyse the files the dataflow rules want. */
  setEnv(env: [string, string][]): void {
    this.env = env;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.watchdog);
    await Promise.all(this.workers.filter(w => w !== undefined).map(w => w.terminate()));
  }

  private fill(group: Group, at: number, results: readonly Result[]): void {
    results.forEach((r, i) => {
      if (group.results[at + i] === undefined) group.filled++;
      group.results[at + i] = r;
    });
    if (group.filled === group.results.length) group.resolve(group.results.map(r => r ?? { errors: ['not analysed'] }));
  }

  private start(slot: number): void {
    this.workers[slot] = undefined;
    if (this.closed) return;
    if (this.failures > MAX_FAILURES) {
      this.drainHere();
      return;
    }
    let worker: Worker;
    try {
      worker = startModuleWorker(import.meta.url, './worker', {
        workerData: { setup: this.setup, progress: this.progress, slot },
        resourceLimits: { stackSizeMb: 256, maxOldGenerationSizeMb: 1024 },
      });
    } catch {
      this.failures = MAX_FAILURES + 1;
      this.drainHere();
      return;
    }
    this.workers[slot] = worker;
    // An idle worker does not keep the process alive (a pass abandoned on an error cannot hang it).
    worker.unref();
    worker.on('message', (msg: { results: Result[] }) => {
      const busy = this.busy[slot];
      if (!busy || this.workers[slot] !== worker) return;
      const piece = busy.pieces.shift();
      if (!piece) return;
      busy.seen = 0;
      busy.since = Date.now();
      if (busy.pieces.length === 0) {
        this.busy[slot] = undefined;
        worker.unref();
      }
      this.fill(piece.group, piece.start, msg.results);
      this.dispatch();
    });
    worker.on('error', err => {
      this.lost(slot, worker, `the analysis worker failed: ${errorMessage(err)}`);
    });
    worker.on('exit', code => {
      this.lost(slot, worker, `the analysis worker stopped (exit ${code})`);
    });
  }

  private dispatch(): void {
    if (this.workers.every(w => w === undefined)) {
      this.drainHere();
      return;
    }
    this.workers.forEach((worker, slot) => {
      if (!worker) return;
      for (let held = this.busy[slot]?.pieces.length ?? 0; held < DEPTH; held++) {
        const piece = this.queue.shift();
        if (!piece) return;
        if (piece.message.kind === 'gate' && this.env) piece.message = { ...piece.message, env: this.env };
        const busy = (this.busy[slot] ??= { pieces: [], seen: 0, since: Date.now() });
        busy.pieces.push(piece);
        worker.ref();
        worker.postMessage(piece.message);
      }
    });
  }

  /**
   * A worker died or was stopped: its current file gets the error, the rest of its batch and the
   * batch it held next go back to the queue.
   */
  private lost(slot: number, worker: Worker, message: string): void {
    if (this.closed || this.workers[slot] !== worker) return;
    this.workers[slot] = undefined;
    const busy = this.busy[slot];
    this.busy[slot] = undefined;
    this.failures++;
    const [piece, ...held] = busy?.pieces ?? [];
    this.queue.unshift(...held);
    if (piece) {
      // Results come back per batch: the files before the stuck one go back to the queue too.
      const at = Math.max(0, Atomics.load(this.progress, slot) - 1);
      Atomics.store(this.progress, slot, 0);
      this.fill(piece.group, piece.start + at, [{ errors: [message] }]);
      for (const [from, to] of [
        [at + 1, piece.message.jobs.length],
        [0, at],
      ] as const) {
        const jobs = piece.message.jobs.slice(from, to);
        if (jobs.length > 0)
          this.queue.unshift({ message: { ...piece.message, jobs } as BatchMessage, group: piece.group, start: piece.start + from });
      }
    }
    void worker.terminate();
    this.start(slot);
    this.dispatch();
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

  /** No worker can run: what is queued runs in the calling thread. */
  private drainHere(): void {
    if (this.workers.some(w => w !== undefined)) return;
    this.here ??= new InstalledProcessor({ ...this.setup, bigStack: false });
    for (let piece = this.queue.shift(); piece; piece = this.queue.shift())
      this.fill(piece.group, piece.start, runHere(this.here, piece.message));
  }
}
