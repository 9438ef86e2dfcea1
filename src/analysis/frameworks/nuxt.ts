/**
 * Nuxt: the Nitro server's `server/api`, `server/routes` and `server/middleware` run when a
 * request reaches them and `server/plugins` when the server starts; app plugins and route
 * middleware (`plugins/`, `middleware/`, or under `app/` in Nuxt 4) run on the server for the
 * first render unless named `*.client.*`, and so do the scripts of `app.vue`, `error.vue`, pages
 * (`pages/`) and layouts (`layouts/`), with the components they import; local modules
 * (`modules/`) run with the config when `nuxt dev` or `nuxt build` starts. `server/utils`,
 * `composables/` and `utils/` are auto-imported (code calls their exports without importing
 * them), and so are the components of `components/` (a template names `<PostCard>` without an
 * import), so they are listed on page-load with the code that uses them; `*.client.vue` components
 * render in the browser only. A config that says `ssr: false` renders the app in the browser only:
 * then only `server/` runs on the server.
 * `nuxt.config.*` and its hooks are autorun/tool-config's.
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
  /** Vue components rather than modules. */
  vue?: boolean;
  /** Part of the app rendered on the server only with server-side rendering on. */
  app?: boolean;
  /** Files in sub-folders count too. */
  nested?: boolean;
}

const CONFIG = ['ts', 'js', 'mjs', 'mts'].map(ext => `nuxt.config.${ext}`);

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
    // Auto-imported: server routes call their exports without an import statement.
    { dir: 'server/utils', triggers: ['page-load'], role: 'server utility (auto-imported by server routes)', nested: true },
    { dir: 'modules', triggers: ['dev', 'build'], role: 'local module' },
  ];
  for (const base of ['', 'app/']) {
    folders.push(
      { dir: `${base}plugins`, triggers: ['page-load'], role: 'plugin (runs on the server for the first render)', app: true },
      { dir: `${base}middleware`, triggers: ['page-load'], role: 'route middleware', app: true },
      { dir: `${base}pages`, triggers: ['page-load'], role: 'page (rendered on the server)', prefix: '', vue: true, app: true },
      { dir: `${base}layouts`, triggers: ['page-load'], role: 'layout (rendered on the server)', vue: true, app: true },
      { dir: `${base}composables`, triggers: ['page-load'], role: 'composable (auto-imported, runs on the server)', app: true },
      { dir: `${base}utils`, triggers: ['page-load'], role: 'utility (auto-imported, runs on the server)', app: true },
      // Auto-imported: a template uses `<PostCard>` without an import statement.
      {
        dir: `${base}components`,
        triggers: ['page-load'],
        role: 'component (auto-imported, rendered on the server)',
        vue: true,
        app: true,
        nested: true,
      },
    );
  }
  const config = CONFIG.map(name => join(app.dir, name)).find(path => project.isFile(path));
  const spa = config !== undefined && /\bssr\s*:\s*false\b/.test(project.text(config) ?? '');
  const out: ServerEntry[] = [];
  if (!spa) {
    for (const base of ['', 'app/']) {
      for (const name of ['app', 'error']) {
        const file = join(app.dir, `${base}${name}.vue`);
        if (project.isFile(file))
          out.push({ framework: FRAMEWORK, root: app.dir, file, trigger: 'page-load', role: `${name}.vue (rendered on the server)` });
      }
    }
  }
  for (const folder of folders) {
    if (spa && folder.app === true) continue;
    const dir = join(app.dir, folder.dir);
    for (const file of filesUnder(project, dir)) {
      if (!(folder.vue === true ? file.endsWith('.vue') : isSource(file)) || /\.client$/.test(stem(file))) continue;
      const rel = file.slice(dir.length + 1);
      // Plugins, layouts and modules are the folder's top-level files (or a folder's index).
      if (folder.prefix === undefined && folder.nested !== true && rel.includes('/') && stem(file) !== 'index') continue;
      for (const trigger of folder.triggers) {
        const entry: ServerEntry = { framework: FRAMEWORK, root: app.dir, file, trigger, role: folder.role };
        if (folder.prefix !== undefined) entry.route = routeOf(folder.prefix, rel);
        out.push(entry);
      }
    }
  }
  return out;
}
