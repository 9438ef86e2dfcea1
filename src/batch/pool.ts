/**
 * Batch scanning: many targets through a bounded pool of worker threads. Each scan is stateless,
 * so the same command shards across CI runners or a job queue (see docs/batch.md).
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Report } from '../core/types.ts';
import type { ScanRequest } from '../index.ts';
import type { WorkerJob } from './worker.ts';

export interface BatchResult {
  target: string;
  report?: Report;
  error?: string;
  ms: number;
}

export interface BatchOptions {
  jobs?: number;
  request: Omit<ScanRequest, 'rules' | 'onProgress'>;
  /** Called as each target finishes (in completion order). */
  onResult?: (result: BatchResult, done: number, total: number) => void;
}

interface WorkerReply {
  index: number;
  report?: Report;
  error?: string;
  ms: number;
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

/** Scans every target; results come back in the order of `targets`. */
export async function scanBatch(targets: readonly string[], options: BatchOptions): Promise<BatchResult[]> {
  const results: BatchResult[] = new Array<BatchResult>(targets.length);
  const jobs = Math.max(1, Math.min(options.jobs ?? defaultJobs(), targets.length));
  let next = 0;
  let done = 0;
  const runWorker = (): Promise<void> =>
    new Promise<void>(resolve => {
      const worker = startWorker();
      let current = -1;
      const finish = (): void => {
        void worker.terminate();
        resolve();
      };
      const feed = (): void => {
        if (next >= targets.length) {
          finish();
          return;
        }
        current = next++;
        const job: WorkerJob = { index: current, target: targets[current] ?? '', request: options.request };
        worker.postMessage(job);
      };
      worker.on('message', (reply: WorkerReply) => {
        const result: BatchResult = { target: targets[reply.index] ?? '', ms: reply.ms };
        if (reply.report) result.report = reply.report;
        if (reply.error !== undefined) result.error = reply.error;
        results[reply.index] = result;
        done++;
        options.onResult?.(result, done, targets.length);
        feed();
      });
      worker.on('error', err => {
        if (current >= 0 && results[current] === undefined) {
          const failed: BatchResult = { target: targets[current] ?? '', error: `worker failed: ${err.message}`, ms: 0 };
          results[current] = failed;
          done++;
          options.onResult?.(failed, done, targets.length);
        }
        finish();
      });
      feed();
    });
  await Promise.all(Array.from({ length: jobs }, runWorker));
  // A worker that died leaves the rest of the queue to the others; anything still missing failed.
  targets.forEach((t, i) => {
    results[i] ??= { target: t, error: 'not scanned (worker pool stopped)', ms: 0 };
  });
  return results;
}
