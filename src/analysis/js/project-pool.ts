/**
 * The project's larger JavaScript files, analysed in worker threads while the calling thread
 * works through the candidates in its own order. The workers take files from the back of that
 * order, the calling thread goes from the front, so they meet somewhere in the middle; a file the
 * calling thread reaches before a worker has started it is taken back and analysed as before.
 *
 * A worker analyses a file on its own, without the summaries of the local modules it imports, and
 * records each specifier the analysis asked about: the caller keeps those facts only when none of
 * them names a local module its own analysis would follow (`keep`), so that the facts are the
 * ones the calling thread would have computed, whatever thread did the work and whenever it
 * finished. Everything else (the analysis with summaries, the order of the results and errors)
 * stays in the calling thread.
 */
import { availableParallelism } from 'node:os';
import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads';
import type { MessagePort, Worker } from 'node:worker_threads';
import { startModuleWorker } from '../module-worker.ts';
import { DONE, MINE, QUEUED, TAKEN } from './project-pool-state.ts';
import type { PoolJob, PoolResult } from './project-pool-state.ts';

/** Files below this size are analysed faster than they are sent. */
export const POOL_MIN_FILE_BYTES = 32 * 1024;
/** Below this much work in such files, starting a thread costs more than it saves. */
const POOL_MIN_TOTAL_BYTES = 1024 * 1024;
/** Jobs handed to one worker at a time: the one it works on and the next. */
const IN_FLIGHT = 2;
/** A safety net: a worker silent this long on one file is given up, and the file analysed here. */
const WAIT_NET_MS = 120_000;

interface Lane {
  worker: Worker;
  port: MessagePort;
  inFlight: number;
  dead: boolean;
}

export class ProjectPool {
  private readonly state: Int32Array;
  private readonly paths: readonly string[];
  private readonly lanes: Lane[] = [];
  private readonly slots = new Map<string, number>();
  private readonly results = new Map<number, PoolResult>();
  private readonly laneOf = new Map<number, Lane>();
  private readonly abandoned = new Set<number>();
  /** The next slot to hand out, from the back. */
  private next: number;

  /**
   * A pool over `paths` (in the calling thread's order), or undefined when the machine has one
   * core or the files are too few to be worth a thread. `job` reads a file for a worker.
   */
  static open(
    paths: readonly { path: string; size: number }[],
    env: [string, string][],
    job: (path: string, slot: number) => PoolJob | undefined,
    options: { threads?: number; minTotalBytes?: number } = {},
  ): ProjectPool | undefined {
    const threads = options.threads ?? Math.min(3, availableParallelism() - 1);
    if (threads < 1 || paths.reduce((n, p) => n + p.size, 0) < (options.minTotalBytes ?? POOL_MIN_TOTAL_BYTES)) return undefined;
    return new ProjectPool(
      paths.map(p => p.path),
      env,
      job,
      threads,
    );
  }

  private constructor(
    paths: readonly string[],
    env: [string, string][],
    private readonly job: (path: string, slot: number) => PoolJob | undefined,
    threads: number,
  ) {
    paths.forEach((p, i) => this.slots.set(p, i));
    this.state = new Int32Array(new SharedArrayBuffer(4 * Math.max(1, paths.length)));
    this.next = paths.length - 1;
    this.paths = paths;
    for (let i = 0; i < threads; i++) {
      const { port1, port2 } = new MessageChannel();
      const worker = startModuleWorker(import.meta.url, './project-worker', {
        workerData: { port: port2, state: this.state, env },
        transferList: [port2],
      });
      const lane: Lane = { worker, port: port1, inFlight: 0, dead: false };
      worker.on('error', () => {
        lane.dead = true;
      });
      worker.on('exit', () => {
        lane.dead = true;
      });
      worker.unref();
      this.lanes.push(lane);
    }
  }

  /** Collects finished results and hands each live worker more files from the back. */
  pump(): void {
    for (const lane of this.lanes) {
      this.drain(lane);
      while (!lane.dead && lane.inFlight < IN_FLIGHT && this.next >= 0) {
        const slot = this.next--;
        const path = this.paths[slot];
        if (path === undefined || Atomics.load(this.state, slot) !== QUEUED) continue;
        const job = this.job(path, slot);
        if (!job) continue;
        lane.worker.postMessage(job);
        this.laneOf.set(slot, lane);
        lane.inFlight++;
      }
    }
  }

  private drain(lane: Lane): void {
    for (let m = receiveMessageOnPort(lane.port); m !== undefined; m = receiveMessageOnPort(lane.port)) {
      const r = m.message as PoolResult;
      lane.inFlight--;
      if (!this.abandoned.has(r.slot)) this.results.set(r.slot, r);
    }
  }

  /**
   * A worker's result for `path`, waiting for it when a worker is on it; undefined when the file
   * is not the pool's, was taken already, or no worker had started it (it is the caller's now).
   */
  take(path: string): PoolResult | undefined {
    const slot = this.slots.get(path);
    if (slot === undefined) return undefined;
    const ready = this.results.get(slot);
    if (ready) {
      this.results.delete(slot);
      return ready;
    }
    if (Atomics.compareExchange(this.state, slot, QUEUED, MINE) === QUEUED) {
      const lane = this.laneOf.get(slot);
      if (lane) lane.inFlight--;
      return undefined;
    }
    const lane = this.laneOf.get(slot);
    if (!lane || this.abandoned.has(slot)) return undefined;
    const started = Date.now();
    for (;;) {
      this.drain(lane);
      const r = this.results.get(slot);
      if (r) {
        this.results.delete(slot);
        return r;
      }
      if (Date.now() - started > WAIT_NET_MS) {
        this.abandoned.add(slot);
        return undefined;
      }
      // Woken when the worker marks the job done (its result is then on the port).
      if (Atomics.load(this.state, slot) === TAKEN) Atomics.wait(this.state, slot, TAKEN, 1000);
      else if (Atomics.load(this.state, slot) === DONE) Atomics.wait(this.state, slot, DONE, 1);
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.lanes.map(l => l.worker.terminate()));
  }
}
