/**
 * The thread for deeply nested code: a worker with a 256 MB native stack analyses files whose
 * nesting (see lang/js/nesting.ts) could overflow the calling thread's stack while parsing, one at a
 * time, each within a generous time limit (a safety net).
 */
import type { Worker } from 'node:worker_threads';
import { errorMessage } from '../../core/errors.ts';
import { startModuleWorker } from '../module-worker.ts';
import { textFacts } from './analyze-file.ts';
import type { AnalyzeRequest } from './analyze-file.ts';
import type { CodeFacts } from './types.ts';

/**
 * A safety net, not a budget: the analysis is bounded by budgets that count steps (the same on
 * any machine); only a worker stuck far beyond them is stopped, and its file reported.
 */
const WORKER_TIMEOUT_MS = 120_000;

export class BigStackWorker {
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
    const w = startModuleWorker(import.meta.url, './worker', { resourceLimits: { stackSizeMb: 256, maxOldGenerationSizeMb: 1024 } });
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
 * The dataflow facts of deeply nested files, one at a time in a big-stack worker. A file that still
 * cannot be parsed, or takes too long, is reported through `error` and gets text-level facts.
 */
export async function analyseNested(
  requests: readonly AnalyzeRequest[],
  error: (message: string, path: string) => void,
): Promise<Map<string, CodeFacts>> {
  const out = new Map<string, CodeFacts>();
  if (requests.length === 0) return out;
  const worker = new BigStackWorker();
  try {
    for (const req of requests) {
      try {
        out.set(req.path, await worker.analyze(req));
      } catch (err) {
        error(`deeply nested code could not be parsed (${errorMessage(err)}): checked as text`, req.path);
        out.set(req.path, textFacts(req.path, req.text, req.inNodeModules, req.lineShift));
      }
    }
  } finally {
    await worker.close();
  }
  return out;
}
