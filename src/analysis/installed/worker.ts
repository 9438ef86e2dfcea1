/**
 * A worker thread of the installed-files pass: takes batches (gate or code), processes each file
 * and answers with the results of the whole batch. Before each file it writes the file's position
 * in the batch (from 1) to its slot of the shared progress array, and 0 when the batch is done, so
 * the pool can tell which file a stalled or crashed worker was on.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { BatchMessage, Setup } from './pool.ts';
import { parseOnBigStack } from '../../lang/js/parse.ts';
import { InstalledProcessor } from './process.ts';

interface Init {
  setup: Setup;
  progress: Int32Array;
  slot: number;
}

const { setup, progress, slot } = workerData as Init;
parseOnBigStack();
const processor = new InstalledProcessor({ ...setup, bigStack: true });

parentPort?.on('message', (msg: BatchMessage) => {
  const step = (i: number): void => {
    Atomics.store(progress, slot, i + 1);
  };
  const results =
    msg.kind === 'gate'
      ? msg.jobs.map((job, i) => {
          step(i);
          return processor.gate(job, msg.env);
        })
      : msg.jobs.map((job, i) => {
          step(i);
          return processor.analyse(job, msg.env);
        });
  // Done: no file of this batch is running any more, whatever the message's delivery takes.
  Atomics.store(progress, slot, 0);
  parentPort?.postMessage({ results });
});
