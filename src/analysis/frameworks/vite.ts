/**
 * Vite SSR: a server (usually `server.js`, started by the dev script) loads the app's server
 * entry through `vite.ssrLoadModule('/src/entry-server.tsx')` and renders each request with it,
 * so the entry and what it imports run when the app is opened. `vite.config.*`, its local plugins
 * and their `configureServer` hooks run when the dev server starts (autorun/tool-config). A Vite
 * app without SSR runs its `src/` only in the browser: nothing of it is a server surface.
 */
import { baseName, dirName, joinRel } from '../../fs/path.ts';
import { dependsOn, filesUnder, isSource, lineFinder, sourceFile } from './project.ts';
import type { AppRoot, ProjectView, ServerEntry } from './types.ts';

const FRAMEWORK = 'Vite SSR';
const SSR_LOAD = /\bssrLoadModule\s*\(\s*(['"`])([^'"`\n]{1,300})\1/g;
/** Frameworks that build on Vite and have their own model. */
const OWN_MODEL = ['@sveltejs/kit', 'astro', 'nuxt', '@remix-run/dev', '@react-router/dev', 'vitepress'];

export function viteModel(project: ProjectView, app: AppRoot): ServerEntry[] {
  if (!dependsOn(app, ['vite']) || dependsOn(app, OWN_MODEL)) return [];
  const out: ServerEntry[] = [];
  const seen = new Set<string>();
  for (const file of filesUnder(project, app.dir)) {
    if (!isSource(file) || file.includes('/node_modules/')) continue;
    const text = project.text(file);
    if (text === undefined || !text.includes('ssrLoadModule')) continue;
    const lineAt = lineFinder(text);
    for (const m of text.matchAll(SSR_LOAD)) {
      const spec = m[2] ?? '';
      // `/src/x` is relative to Vite's root (the app folder); `./x` to the server file.
      const joined = spec.startsWith('/') ? joinRel(app.dir, spec.slice(1)) : joinRel(dirName(file), spec);
      if (joined === undefined) continue;
      const target = project.isFile(joined) ? joined : sourceFile(project, dirName(joined), baseName(joined));
      if (!target || seen.has(target)) continue;
      seen.add(target);
      out.push({
        framework: FRAMEWORK,
        root: app.dir,
        file: target,
        trigger: 'page-load',
        role: `entry (loaded by ${file}:${lineAt(m.index)})`,
        route: '/',
      });
    }
  }
  return out;
}
