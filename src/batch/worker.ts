/** A batch worker thread: scans the targets it is sent, one at a time, and posts each Report back. */
import { parentPort } from 'node:worker_threads';
import { errorMessage } from '../core/errors.ts';
import { scan } from '../index.ts';
import type { ScanRequest } from '../index.ts';

export interface WorkerJob {
  index: number;
  target: string;
  request: Omit<ScanRequest, 'rules' | 'onProgress'>;
}

const port = parentPort;
if (port) {
  port.on('message', (job: WorkerJob) => {
    const started = performance.now();
    scan(job.target, job.request).then(
      report => {
        port.postMessage({ index: job.index, report, ms: Math.round(performance.now() - started) });
      },
      (err: unknown) => {
        port.postMessage({ index: job.index, error: errorMessage(err), ms: Math.round(performance.now() - started) });
      },
    );
  });
}
