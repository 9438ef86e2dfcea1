/**
 * The code facts of the project's Python files, for the code index (../js/facts.ts): every `.py`
 * file outside installed packages whose text names something the analysis looks at
 * (`PY_PREFILTER`), and every Python file a surface runs or reaches, whatever its text. A file a
 * surface reaches that cannot be analysed (not text, too large, broken syntax, NUL bytes) is a gap
 * with a kind, so scan/incomplete-analysis weighs it: never a silent pass.
 */
import { errorMessage } from '../../core/errors.ts';
import type { RuleContext } from '../../core/rule.ts';
import type { GapKind } from '../../core/types.ts';
import { isPythonPath, parsePython } from '../../lang/python/parse.ts';
import type { PyParse, PyProblemKind } from '../../lang/python/parse.ts';
import type { CodeFacts } from '../js/types.ts';
import { analysePython } from './flow.ts';
import type { PyModules } from './flow.ts';
import { pythonArchives } from './sdist.ts';
import { PY_PREFILTER, pythonSourceFiles } from './sources.ts';
import type { PythonSources } from './sources.ts';

const GAP: Record<PyProblemKind, GapKind> = {
  'too-large': 'too-large',
  syntax: 'unparseable',
  nul: 'unparseable',
  encoding: 'unparseable',
  depth: 'truncated',
  budget: 'truncated',
};

/** The scan's Python sources, one parse per file (the engine loads the parser before the map phase). */
export function pythonSources(ctx: RuleContext): PythonSources {
  return ctx.facts.get(pythonSourceFiles);
}

export async function pythonCodeFacts(ctx: RuleContext, env: ReadonlyMap<string, string>): Promise<Map<string, CodeFacts>> {
  const out = new Map<string, CodeFacts>();
  const sources = pythonSources(ctx);
  const reached = new Set<string>();
  for (const s of ctx.executionMap)
    for (const p of [s.entry, ...s.reaches]) if (p !== undefined && (isPythonPath(p) || sources.runsAsPython(p))) reached.add(p);
  const candidates = new Set<string>(reached);
  for (const f of ctx.inventory.files) if (!f.inNodeModules && f.type === 'file' && isPythonPath(f.path)) candidates.add(f.path);
  for (const archive of (await pythonArchives(ctx)).values())
    for (const [path, text] of archive.runs) analyse(ctx, out, path, text, parsePython(text), env, undefined);
  if (candidates.size === 0) return out;
  await sources.prepare();
  const modules = helperModules(ctx, sources);
  for (const path of [...candidates].sort()) {
    const forced = reached.has(path);
    const entry = ctx.inventory.byPath.get(path);
    if (entry?.type !== 'file') continue;
    const text = ctx.text(path);
    if (text === undefined) {
      if (forced && entry.content !== 'empty')
        ctx.error('a Python file that runs is not readable text (binary or undecodable): it was not analysed', path, 'unparseable');
      continue;
    }
    if (!forced && !PY_PREFILTER.test(text)) continue;
    const parse = sources.take(path);
    if (parse) analyse(ctx, out, path, text, parse, env, modules);
  }
  return out;
}

/** The facts of one parsed file, its parse problems and budget as gaps (`path` may be virtual: `<archive>/<member>`). */
function analyse(
  ctx: RuleContext,
  out: Map<string, CodeFacts>,
  path: string,
  text: string,
  parse: PyParse,
  env: ReadonlyMap<string, string>,
  modules: PyModules | undefined,
): void {
  try {
    for (const p of parse.problems) {
      // A declared legacy encoding matters only when the text did not decode cleanly.
      if (p.kind === 'encoding' && !text.includes('\ufffd')) continue;
      ctx.error(p.line !== undefined ? `${p.message} (line ${p.line})` : p.message, path, GAP[p.kind]);
    }
    const facts = analysePython({ path, parse, env, ...(modules ? { modules } : {}) });
    if (facts.truncated === true)
      ctx.error('Python dataflow analysis stopped at its budget: some chains in this file may be missed', path, 'truncated');
    out.set(path, facts);
  } catch (err) {
    ctx.error(`could not analyse as Python: ${errorMessage(err)}`, path, 'unparseable');
  }
}

/** Helper modules other files call into, parsed at most once each (their own analysis took its tree). */
const MAX_HELPER_MODULES = 200;

function helperModules(ctx: RuleContext, sources: PythonSources): PyModules {
  const parses = new Map<string, PyParse | undefined>();
  return {
    module(from, dotted) {
      const path = sources.resolveFrom(from, dotted);
      if (path === undefined) return undefined;
      if (!parses.has(path)) {
        const text = parses.size < MAX_HELPER_MODULES ? ctx.text(path) : undefined;
        parses.set(path, text === undefined ? undefined : parsePython(text));
      }
      const parse = parses.get(path);
      return parse ? { path, parse } : undefined;
    },
  };
}
