/**
 * Worker threads that run one of Airlock's own modules. Built, the module is the `.js` file next
 * to its caller; from TypeScript sources (tests, development) the worker registers tsx itself,
 * because the loader hooks of the parent thread do not reach worker threads.
 */
import { Worker } from 'node:worker_threads';
import type { WorkerOptions } from 'node:worker_threads';

/**
 * Start `name` (a path without extension, relative to `callerUrl`, the caller's
 * `import.meta.url`) in a worker thread.
 */
export function startModuleWorker(callerUrl: string, name: string, options: WorkerOptions = {}): Worker {
  if (callerUrl.endsWith('.ts')) {
    const href = new URL(`${name}.ts`, callerUrl).href;
    return new Worker(`import('tsx/esm/api').then(m => { m.register(); return import(${JSON.stringify(href)}); });`, {
      ...options,
      eval: true,
    });
  }
  return new Worker(new URL(`${name}.js`, callerUrl), options);
}
