/**
 * The framework models: which files of a project a web framework (or Electron) runs on the
 * server, on which trigger. `dev`: when the dev server starts; `page-load`: when the app is opened
 * in a browser (the first request runs route handlers, server components, loaders, middleware);
 * `build`: while building (static generation); `start`: when the app starts. Classification is by
 * path and a cheap look at a file's directives and export names; the import closure of each entry
 * comes from the scan's import graph.
 */
import { astroModel } from './astro.ts';
import { electronModel } from './electron.ts';
import { nextModel } from './next.ts';
import { nodeServerModel } from './node-server.ts';
import { nuxtModel } from './nuxt.ts';
import { appRoots } from './project.ts';
import { remixModel } from './remix.ts';
import { svelteKitModel } from './sveltekit.ts';
import type { FrameworkModel, ProjectView, ServerEntry } from './types.ts';
import { viteModel } from './vite.ts';
import { pushAll } from '../../core/spread.ts';

export type { ProjectView, ServerEntry, ServerTrigger } from './types.ts';

const MODELS: readonly FrameworkModel[] = [
  nextModel,
  remixModel,
  svelteKitModel,
  nuxtModel,
  astroModel,
  viteModel,
  nodeServerModel,
  electronModel,
];

/** Every server entry of every app root of the project. */
export function serverEntries(project: ProjectView): ServerEntry[] {
  const out: ServerEntry[] = [];
  for (const app of appRoots(project)) {
    for (const model of MODELS) pushAll(out, model(project, app));
  }
  return out;
}

/**
 * The URL paths a browser would request to run the page-load entries (for detonation's `dev`
 * phase): `/` first, then each route once, dynamic segments (`[id]`, `:id`) filled with `1`.
 */
export function requestPaths(entries: readonly ServerEntry[], max = 40): string[] {
  const paths = new Set<string>(['/']);
  for (const e of entries) {
    if (e.trigger !== 'page-load' || e.route === undefined || !e.route.startsWith('/')) continue;
    // A browser requests with GET; a POST route is not something opening the app runs.
    if (e.method !== undefined && e.method !== 'GET' && e.method !== 'ALL' && e.method !== 'USE') continue;
    const path = e.route
      .split('/')
      .map(seg => (/^\[\[?\.\.\./.test(seg) || seg === '*' ? 'x' : /^\[.*\]$/.test(seg) || /^:\w+\??$/.test(seg) ? '1' : seg))
      .join('/');
    paths.add(path === '' ? '/' : path);
  }
  return [...paths].slice(0, max);
}
