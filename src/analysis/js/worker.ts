/**
 * Worker thread that analyses one file with a large stack: pathological nesting that would
 * overflow the main thread's native stack while parsing is handled here instead.
 */
import { parentPort } from 'node:worker_threads';
import { parseOnBigStack } from '../../lang/js/parse.ts';
import { analyzeText } from './analyze-file.ts';
import type { AnalyzeRequest } from './analyze-file.ts';

parseOnBigStack();

parentPort?.on('message', (req: AnalyzeRequest & { id: number }) => {
  try {
    const facts = analyzeText(req, () => undefined);
    parentPort?.postMessage({ id: req.id, facts });
  } catch (err) {
    parentPort?.postMessage({ id: req.id, error: err instanceof Error ? err.message : String(err) });
  }
});
