/**
 * Nuxt: the Nitro server's `server/api`, `server/routes` and `server/middleware` run when a
 * request reaches them and `server/plugins` when the server starts; app plugins and route
 * middleware (`plugins/`, `middleware/`, or under `app/` in Nuxt 4) run on the server for the
 * first render unless named `*.client.*`; local modules (`modules/`) run with the config when
 * `nuxt dev` or `nuxt build` starts. `nuxt.config.*` and its hooks are autorun/tool-config's.
 */
import { dependsOn, filesUnder, isSource, join, stem } from './project.ts';
import type { AppRoot, ProjectView, ServerEntry, ServerTrigger } from './types.ts';

const FRAMEWORK = 'Nuxt';

interface Folder {
  dir: string;
  triggers: readonly ServerTrigger[];
  role: string;
  /** URL prefix of the files' routes. */
  prefix?: string;
}

function routeOf(prefix: string, rel: string): string {
  const parts = rel.replace(/\.[^./]+$/, '').split('/');
  if (parts[parts.length - 1] === 'index') parts.pop();
  const last = parts.length - 1;
  // `users.get.ts` → the GET handler of /users
  if (last >= 0) parts[last] = (parts[last] ?? '').replace(/\.(?:get|post|put|patch|delete|head|options)$/, '');
  return (prefix + '/' + parts.join('/')).replace(/\/+$/, '') || '/';
}

export function nuxtModel(project: ProjectView, app: AppRoot): ServerEntry[] {
  if (!dependsOn(app, ['nuxt', 'nuxt3', 'nuxt-edge'])) return [];
  const folders: Folder[] = [
    { dir: 'server/api', triggers: ['page-load'], role: 'server API route', prefix: '/api' },
    { dir: 'server/routes', triggers: ['page-load'], role: 'server route', prefix: '' },
    { dir: 'server/middleware', triggers: ['page-load'], role: 'server middleware (every request)' },
    { dir: 'server/plugins', triggers: ['dev'], role: 'Nitro plugin (server start)' },
    { dir: 'modules', triggers: ['dev', 'build'], role: 'local module' },
  ];
  for (const base of ['', 'app/']) {
    folders.push(
      { dir: `${base}plugins`, triggers: ['page-load'], role: 'plugin (runs on the server for the first render)' },
      { dir: `${base}middleware`, triggers: ['page-load'], role: 'route middleware' },
    );
  }
  const out: ServerEntry[] = [];
  for (const folder of folders) {
    const dir = join(app.dir, folder.dir);
    for (const file of filesUnder(project, dir)) {
      if (!isSource(file) || /\.client$/.test(stem(file))) continue;
      const rel = file.slice(dir.length + 1);
      // Plugins and modules are the folder's top-level files (or a folder's index).
      if (folder.prefix === undefined && rel.includes('/') && stem(file) !== 'index') continue;
      for (const trigger of folder.triggers) {
        const entry: ServerEntry = { framework: FRAMEWORK, root: app.dir, file, trigger, role: folder.role };
        if (folder.prefix !== undefined) entry.route = routeOf(folder.prefix, rel);
        out.push(entry);
      }
    }
  }
  return out;
}
