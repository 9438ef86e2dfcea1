/**
 * A worker thread of the installed-files pass: takes batches of files, processes each (read,
 * sniff, gate, facts) and answers with the results of the whole batch. Before each file it writes
 * the file's position in the batch to its slot of the shared progress array, so the pool can tell
 * which file a stalled or crashed worker was on.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { InstalledProcessor } from './process.ts';
import type { InstalledJob, InstalledSetup } from './process.ts';

interface Init {
  setup: Omit<InstalledSetup, 'bigStack'>;
  progress: Int32Array;
  slot: number;
}

const { setup, progress, slot } = workerData as Init;
const processor = new InstalledProcessor({ ...setup, bigStack: true });

parentPort?.on('message', (msg: { jobs: InstalledJob[] }) => {
  const results = msg.jobs.map((job, i) => {
    Atomics.store(progress, slot, i + 1);
    return processor.process(job);
  });
  parentPort?.postMessage({ results });
});
