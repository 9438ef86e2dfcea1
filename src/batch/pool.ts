/**
 * Batch scanning: many targets through a bounded pool of worker threads. Each scan is stateless,
 * so the same command shards across CI runners or a job queue (see docs/ci-and-batch.md).
 *
 * Each target has a time limit. A worker that overruns it, throws or exits is stopped (its git
 * processes killed, its quarantine copies removed) and replaced, and its target is reported as an
 * error: no target is ever dropped, and one that hangs costs its own slot for the limit only.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { onInterrupt } from '../acquire/interrupt.ts';
import type { Report } from '../core/types.ts';
import { removeQuarantinesOf } from '../history/quarantine.ts';
import type { ScanRequest } from '../index.ts';
import type { WorkerJob, WorkerReply } from './worker.ts';

export interface BatchResult {
  target: string;
  report?: Report;
  error?: string;
  ms: number;
}

/** A target that has not finished after this long is stopped and reported as an error. */
export const DEFAULT_TARGET_TIMEOUT_MS = 600_000;
/** How long a stopped worker gets to kill its git processes before it is terminated. */
const CANCEL_GRACE_MS = 1000;

export interface BatchOptions {
  jobs?: number;
  request: Omit<ScanRequest, 'rules' | 'onProgress'>;
  targetTimeoutMs?: number;
  /** Called as each target finishes (in completion order). */
  onResult?: (result: BatchResult, done: number, total: number) => void;
}

export function defaultJobs(): number {
  return Math.max(1, Math.min(4, availableParallelism()));
}

function startWorker(): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./worker.js', import.meta.url));
  // Running from TypeScript sources (tests): load the worker through the same tsx loader.
  const url = new URL('./worker.ts', import.meta.url).href;
  return new Worker(`import('tsx/esm/api').then(api => { api.register(); return import(${JSON.stringify(url)}); })`, { eval: true });
}

type Outcome = { reply: WorkerReply } | { failed: string };

/** A new worker, once it has loaded the scanner (undefined when it failed to start). */
function readyWorker(): Promise<Worker | undefined> {
  const worker = startWorker();
  return new Promise(resolve => {
    const done = (ok: boolean): void => {
      worker.removeListener('message', onMessage);
      worker.removeListener('error', onFail);
      worker.removeListener('exit', onFail);
      resolve(ok ? worker : undefined);
    };
    const onMessage = (m: { ready?: boolean }): void => {
      if (m.ready === true) done(true);
    };
    const onFail = (): void => {
      done(false);
    };
    worker.on('message', onMessage);
    worker.once('error', onFail);
    worker.once('exit', onFail);
  });
}

/** Asks a worker to kill its git processes, then terminates it and removes what it left. */
async function stopWorker(worker: Worker): Promise<void> {
  const thread = worker.threadId;
  await new Promise<void>(resolve => {
    const timer = setTimeout(resolve, CANCEL_GRACE_MS);
    worker.once('message', () => {
      clearTimeout(timer);
      resolve();
    });
    try {
      worker.postMessage({ cancel: true });
    } catch {
      clearTimeout(timer);
      resolve();
    }
  });
  await worker.terminate().catch(() => undefined);
  removeQuarantinesOf(process.pid, thread);
}

/** Scans every target; results come back in the order of `targets`. */
export async function scanBatch(targets: readonly string[], options: BatchOptions): Promise<BatchResult[]> {
  const results: BatchResult[] = new Array<BatchResult>(targets.length);
  const jobs = Math.max(1, Math.min(options.jobs ?? defaultJobs(), targets.length));
  const timeoutMs = options.targetTimeoutMs ?? DEFAULT_TARGET_TIMEOUT_MS;
  const live = new Set<Worker>();
  const stopInterrupt = onInterrupt(async () => {
    await Promise.all([...live].map(stopWorker));
  });
  let next = 0;
  let done = 0;

  const runJob = (worker: Worker, index: number): Promise<Outcome> =>
    new Promise<Outcome>(resolve => {
      const finish = (o: Outcome): void => {
        clearTimeout(timer);
        worker.removeListener('message', onMessage);
        worker.removeListener('error', onError);
        worker.removeListener('exit', onExit);
        resolve(o);
      };
      const onMessage = (reply: WorkerReply): void => {
        if (reply.index === index) finish({ reply });
      };
      const onError = (err: Error): void => {
        finish({ failed: `the scan crashed its worker: ${err.message}` });
      };
      const onExit = (code: number): void => {
        finish({ failed: `its worker exited (code ${code}) before the scan finished` });
      };
      const timer = setTimeout(() => {
        finish({ failed: `not finished after ${Math.round(timeoutMs / 1000)} s (--target-timeout); stopped` });
      }, timeoutMs);
      worker.on('message', onMessage);
      worker.once('error', onError);
      worker.once('exit', onExit);
      const job: WorkerJob = { index, target: targets[index] ?? '', request: options.request };
      worker.postMessage(job);
    });

  const runSlot = async (): Promise<void> => {
    let worker: Worker | undefined;
    try {
      while (next < targets.length) {
        const index = next++;
        worker ??= await readyWorker();
        if (!worker) {
          results[index] = { target: targets[index] ?? '', error: 'not scanned: a worker could not be started', ms: 0 };
          done++;
          options.onResult?.(results[index], done, targets.length);
          continue;
        }
        live.add(worker);
        const started = performance.now();
        const outcome = await runJob(worker, index);
        const result: BatchResult = { target: targets[index] ?? '', ms: Math.round(performance.now() - started) };
        if ('reply' in outcome) {
          if (outcome.reply.report) result.report = outcome.reply.report;
          if (outcome.reply.error !== undefined) result.error = outcome.reply.error;
          result.ms = outcome.reply.ms;
        } else {
          result.error = outcome.failed;
          // A worker that hung or crashed is not trusted with another target.
          live.delete(worker);
          await stopWorker(worker);
          worker = undefined;
        }
        results[index] = result;
        done++;
        options.onResult?.(result, done, targets.length);
      }
    } finally {
      if (worker) {
        live.delete(worker);
        await worker.terminate().catch(() => undefined);
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: jobs }, runSlot));
  } finally {
    stopInterrupt();
  }
  targets.forEach((t, i) => {
    results[i] ??= { target: t, error: 'not scanned (the worker pool stopped)', ms: 0 };
  });
  return results;
}
