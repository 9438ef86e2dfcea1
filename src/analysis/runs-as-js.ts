/**
 * Which files run as JavaScript: the one definition the import graph, the text facts, the code
 * facts and the installed-files pass share. A file with a JS/TS extension does; so does any file a
 * surface runs or loads (`node public/fonts/x.woff2`, `require('./data.txt')`), whatever its
 * extension, except JSON and native addons, which Node loads as data and machine code, and
 * Python files, which Python runs (analysis/py/).
 */
import { defineFact } from '../core/rule.ts';
import { extName } from '../fs/path.ts';
import { isPythonPath } from '../lang/python/parse.ts';

/** A file that a surface runs or loads is run as JavaScript (not JSON, a native addon or Python). */
export function loadedAsJs(path: string): boolean {
  const ext = extName(path);
  return ext !== '.json' && ext !== '.node' && !isPythonPath(path);
}

/** Files the execution map runs or loads as JavaScript whatever their extension. */
export const runsAsJs = defineFact(
  'runs-as-js',
  ctx => {
    const out = new Set<string>();
    for (const s of ctx.executionMap) for (const p of [s.entry, ...s.reaches]) if (p !== undefined && loadedAsJs(p)) out.add(p);
    return out;
  },
  'execution-map',
);
