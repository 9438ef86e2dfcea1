/**
 * A batch worker thread: scans the targets it is sent, one at a time, and posts each Report back.
 * On `{cancel: true}` (its target overran the time limit, or the run was interrupted) it kills its
 * git processes and removes its quarantine copies before the pool terminates it.
 */
import { parentPort, threadId } from 'node:worker_threads';
import { errorMessage } from '../core/errors.ts';
import type { Report } from '../core/types.ts';
import { killAllGit } from '../history/git.ts';
import { removeQuarantinesOf } from '../history/quarantine.ts';
import { scan } from '../index.ts';
import type { ScanRequest } from '../index.ts';

export interface WorkerJob {
  index: number;
  target: string;
  request: Omit<ScanRequest, 'rules' | 'onProgress'>;
}

export interface WorkerReply {
  index: number;
  report?: Report;
  error?: string;
  ms: number;
}

const port = parentPort;
if (port) {
  port.on('message', (job: WorkerJob | { cancel: true }) => {
    if ('cancel' in job) {
      killAllGit();
      removeQuarantinesOf(process.pid, threadId);
      port.postMessage({ cancelled: true });
      return;
    }
    const started = performance.now();
    scan(job.target, job.request).then(
      report => {
        port.postMessage({ index: job.index, report, ms: Math.round(performance.now() - started) } satisfies WorkerReply);
      },
      (err: unknown) => {
        port.postMessage({ index: job.index, error: errorMessage(err), ms: Math.round(performance.now() - started) } satisfies WorkerReply);
      },
    );
  });
  // Loaded: the pool starts a target's clock only now, so a slow start is not charged to it.
  port.postMessage({ ready: true });
}
