/**
 * The import graph the engine follows to compute a surface's `reaches`: for each file, the local
 * files it loads, read by its language's reader (Python through ./py/sources.ts, shell scripts
 * through ./shell-script.ts; JavaScript and TypeScript, and any other file a surface loads as
 * JavaScript, through ./imports.ts). The engine holds no language of its own.
 */
import { defineFactFamily } from '../core/rule.ts';
import type { RuleContext } from '../core/rule.ts';
import { isPythonPath } from '../lang/python/parse.ts';
import { jsLocalImports } from './imports.ts';
import { pythonSourceFiles } from './py/sources.ts';
import { analyzeShellScript, isShellScript, scriptFileCandidates } from './shell-script.ts';

/** Shell scripts: the scripts they source and the local files they run (./shell-script.ts). */
function shellImports(ctx: RuleContext, path: string, body: string): string[] {
  return analyzeShellScript(body)
    .runs.map(f => scriptFileCandidates(path, f).find(p => ctx.inventory.byPath.get(p)?.type === 'file'))
    .filter((p): p is string => p !== undefined);
}

/** The local files a file a surface runs or reaches loads (root-relative), once per file per scan. */
export const localImports = defineFactFamily<string, readonly string[]>('local-imports', (ctx, path) => {
  const python = ctx.facts.get(pythonSourceFiles);
  if (isPythonPath(path) || python.runsAsPython(path)) return python.imports(path);
  const body = ctx.text(path);
  if (body !== undefined && isShellScript(path, body)) return shellImports(ctx, path, body);
  return jsLocalImports(ctx, path);
});
