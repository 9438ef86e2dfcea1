/**
 * Worker thread of the project-files pool (project-pool.ts): analyses the project's larger files
 * on its own, without the summaries of the local modules they import. It records every specifier
 * the analysis asked about, so the calling thread keeps the facts only when no answer would have
 * differed (none of them names a local module it follows).
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import { deeplyNested } from '../../lang/js/nesting.ts';
import { MAX_PARSE_BYTES } from '../../lang/js/parse.ts';
import { analyzeText } from './analyze-file.ts';
import { passesPrefilter } from './prefilter.ts';
import { DONE, QUEUED, TAKEN } from './project-pool-state.ts';
import type { PoolJob, PoolResult } from './project-pool-state.ts';
import { localSpecifiers } from './specifiers.ts';

const { port, state, env } = workerData as { port: MessagePort; state: Int32Array; env: [string, string][] };

function work(job: PoolJob): PoolResult {
  const { slot, path, text, lang } = job;
  // The calling thread's pre-filter, on the same text.
  if (!job.reached && !passesPrefilter(text)) return { slot, kind: 'filtered', specifiers: localSpecifiers(text) };
  // A parse window or a big stack: the calling thread's own paths.
  if (text.length > MAX_PARSE_BYTES || deeplyNested(text)) return { slot, kind: 'local' };
  const asked: string[] = [];
  try {
    const facts = analyzeText({ path, text, lang, inNodeModules: false, env }, spec => {
      asked.push(spec);
      return undefined;
    });
    return { slot, kind: 'facts', facts, asked };
  } catch {
    // The calling thread analyses it again and reports what fails.
    return { slot, kind: 'local' };
  }
}

parentPort?.on('message', (job: PoolJob) => {
  // The calling thread may have taken the job back before this thread got to it.
  if (Atomics.compareExchange(state, job.slot, QUEUED, TAKEN) !== QUEUED) return;
  port.postMessage(work(job));
  Atomics.store(state, job.slot, DONE);
  Atomics.notify(state, job.slot);
});
