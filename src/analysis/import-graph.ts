/**
 * The readers of local imports the engine follows to compute a surface's `reaches`, one per
 * language. The first reader that accepts a file reads it; the engine holds no language of its own.
 */
import { errorMessage } from '../core/errors.ts';
import type { GapKind } from '../core/types.ts';
import type { Inventory } from '../fs/walk.ts';
import { isJsPath } from '../lang/js/parse.ts';
import { isPythonPath } from '../lang/python/parse.ts';
import { ImportResolver, extractImports } from './imports.ts';
import { astroFrontmatterText, isAstroPath } from './js/astro.ts';
import type { PathAliases } from './imports.ts';
import type { PythonSources } from './py/sources.ts';
import { analyzeShellScript, isShellScript, scriptFileCandidates } from './shell-script.ts';

export interface ImportReader {
  /** Whether this reader reads `path` (`entry`: a surface runs the file itself). */
  accepts(path: string, entry: boolean): boolean;
  /** Local files the file loads (root-relative). */
  imports(path: string): string[];
}

type Gap = (file: string, message: string, kind: GapKind) => void;

/** Shell scripts: the scripts they source and the local files they run (./shell-script.ts). */
export function shellImportReader(inventory: Inventory, text: (path: string) => string | undefined): ImportReader {
  return {
    accepts: path => isShellScript(path, text(path)),
    imports(path) {
      const body = text(path);
      if (body === undefined) return [];
      return analyzeShellScript(body)
        .runs.map(f => scriptFileCandidates(path, f).find(p => inventory.byPath.get(p)?.type === 'file'))
        .filter((p): p is string => p !== undefined);
    },
  };
}

/** Python: imports resolved within the repository (./py/sources.ts). */
export function pythonImportReader(sources: PythonSources): ImportReader {
  return {
    accepts: path => isPythonPath(path),
    imports: path => sources.imports(path),
  };
}

/**
 * JavaScript/TypeScript, the frontmatter of Astro components (pages, layouts and the components
 * they import), and any other file a surface runs as JavaScript.
 */
export function jsImportReader(
  inventory: Inventory,
  aliases: PathAliases[],
  text: (path: string) => string | undefined,
  gap: Gap,
): ImportReader {
  const resolver = new ImportResolver(inventory, aliases);
  return {
    accepts: (path, entry) => entry || isJsPath(path) || isAstroPath(path),
    imports(path) {
      const raw = text(path);
      const astro = isAstroPath(path);
      const body = astro && raw !== undefined ? astroFrontmatterText(raw) : raw;
      if (body === undefined) return [];
      try {
        return extractImports(path, body, astro ? 'ts' : isJsPath(path) ? undefined : 'js')
          .map(r => resolver.resolve(path, r.specifier))
          .filter((p): p is string => p !== undefined);
      } catch (err) {
        gap(path, `could not read imports: ${errorMessage(err)}`, 'unparseable');
        return [];
      }
    },
  };
}
