/**
 * Electron: the main process (package.json `main`, or `src/main/index.*` with electron-vite)
 * starts with the app, and each preload script named in a window's `webPreferences.preload` runs
 * when the window loads, with Node.js access. Preloads are named by path, not imported, so the
 * import graph alone never reaches them. The renderer's pages run in the browser side.
 */
import { baseName, dirName, joinRel } from '../../fs/path.ts';
import { appTriggers } from './node-server.ts';
import { dependsOn, filesUnder, isSource, join, lineFinder, sourceFile, stem } from './project.ts';
import type { AppRoot, ProjectView, ServerEntry } from './types.ts';

const FRAMEWORK = 'Electron';
const PRELOAD =
  /\bpreload\s*:\s*(?:(?:path\.)?(?:join|resolve)\s*\(\s*((?:__dirname|['"][^'"\n]{0,200}['"])(?:\s*,\s*['"][^'"\n]{0,200}['"])*)\s*\)|(['"])([^'"\n]{1,200})\2)/g;

/** A file the built path stands for: itself, its TypeScript source, or the same path under src/. */
function sourceOf(project: ProjectView, path: string): string | undefined {
  const candidates = [path, path.replace(/^(?:out|dist|build|\.vite\/build)\//, 'src/')];
  for (const c of candidates) {
    if (project.isFile(c)) return c;
    const s = sourceFile(project, dirName(c), stem(c));
    if (s) return s;
    const idx = sourceFile(project, c.replace(/\.[cm]?js$/, ''), 'index');
    if (idx) return idx;
  }
  return undefined;
}

function preloadPath(fromFile: string, args: string | undefined, literal: string | undefined): string | undefined {
  if (literal !== undefined) return joinRel(dirName(fromFile), literal);
  if (args === undefined) return undefined;
  const parts = [...args.matchAll(/['"]([^'"\n]*)['"]/g)].map(m => m[1] ?? '');
  return joinRel(dirName(fromFile), parts.join('/'));
}

export function electronModel(project: ProjectView, app: AppRoot): ServerEntry[] {
  if (!dependsOn(app, ['electron'])) return [];
  const triggers = appTriggers(app, /\belectron(?:-vite|-forge|mon)?\b/);
  if (triggers.length === 0) triggers.push('start');
  const out: ServerEntry[] = [];
  const mains = new Set<string>();
  if (app.main !== undefined) {
    const main = joinRel(app.dir, app.main);
    const file = main === undefined ? undefined : sourceOf(project, main);
    if (file) mains.add(file);
  }
  if (dependsOn(app, ['electron-vite'])) {
    const file = sourceFile(project, join(app.dir, 'src/main'), 'index');
    if (file) mains.add(file);
  }
  for (const file of mains)
    for (const trigger of triggers) out.push({ framework: FRAMEWORK, root: app.dir, file, trigger, role: 'main process' });
  const seen = new Set<string>();
  for (const file of filesUnder(project, app.dir)) {
    if (!isSource(file) || file.includes('/node_modules/') || baseName(file).endsWith('.min.js')) continue;
    const text = project.text(file);
    if (text === undefined || !text.includes('preload')) continue;
    const lineAt = lineFinder(text);
    for (const m of text.matchAll(PRELOAD)) {
      const path = preloadPath(file, m[1], m[3]);
      const target = path === undefined ? undefined : sourceOf(project, path);
      if (!target || seen.has(target)) continue;
      seen.add(target);
      for (const trigger of triggers) {
        out.push({ framework: FRAMEWORK, root: app.dir, file: target, trigger, role: `preload (named at ${file}:${lineAt(m.index)})` });
      }
    }
  }
  return out;
}
