/** What the project-files pool (project-pool.ts) and its workers (project-worker.ts) exchange. */
import type { JsLang } from '../../lang/js/parse.ts';
import type { CodeFacts } from './types.ts';

/** A job's state, one Int32 per job in memory both threads share. */
export const QUEUED = 0;
export const TAKEN = 1;
export const DONE = 2;
/** Taken back by the calling thread, which analyses the file itself. */
export const MINE = 3;

export interface PoolJob {
  slot: number;
  path: string;
  text: string;
  lang: JsLang;
  /** A trigger reaches the file: it is analysed whatever the pre-filter says. */
  reached: boolean;
}

export type PoolResult =
  | { slot: number; kind: 'facts'; facts: CodeFacts; asked: string[] }
  | { slot: number; kind: 'filtered'; specifiers: string[] }
  /** Left to the calling thread (a parse window, deep nesting, a failure). */
  | { slot: number; kind: 'local' };
