/**
 * Remix and React Router (framework mode): every route module runs on the server when its URL is
 * opened (its `loader` and `action`, and its component for the first HTML), with `root` and
 * `entry.server`. Routes come from `app/routes/` (file-system routes) and from the string paths
 * of `app/routes.ts`. Modules named `*.client.*` run only in the browser.
 */
import { dirName, joinRel } from '../../fs/path.ts';
import { dependsOn, exportsOf, filesUnder, isSource, join, sourceFile, stem } from './project.ts';
import type { AppRoot, ProjectView, ServerEntry } from './types.ts';

const REMIX = ['@remix-run/dev', '@remix-run/node', '@remix-run/serve', '@remix-run/react', '@remix-run/cloudflare'];
const REACT_ROUTER = ['@react-router/dev', '@react-router/node', '@react-router/serve'];
const ROUTE_PATH = /['"`](\.{0,2}\/?[\w./\-$[\]()+@]{1,200}\.[cm]?[jt]sx?)['"`]/g;

function routeOfFile(rel: string): string {
  // app/routes/blog.$slug.tsx → /blog/$slug ; _index → /
  const name = rel.replace(/\/route$/, '').replace(/\.[^./]+$/, '');
  const parts = name
    .split(/[./]/)
    .filter(p => p !== '' && p !== '_index' && p !== 'index' && !p.startsWith('_') && p !== 'route')
    .map(p => (p.startsWith('$') ? '1' : p));
  return '/' + parts.join('/');
}

function routeModule(project: ProjectView, framework: string, root: string, file: string, route?: string): ServerEntry[] {
  const text = project.text(file) ?? '';
  const exports = exportsOf(text);
  const base = { framework, root, file, trigger: 'page-load' as const, ...(route !== undefined ? { route } : {}) };
  const out: ServerEntry[] = [];
  for (const name of ['loader', 'action']) {
    const line = exports.get(name);
    if (line !== undefined) out.push({ ...base, role: name, line });
  }
  if (out.length === 0) out.push({ ...base, role: 'route module (rendered on the server)' });
  return out;
}

export function remixModel(project: ProjectView, app: AppRoot): ServerEntry[] {
  const remix = dependsOn(app, REMIX);
  if (!remix && !dependsOn(app, REACT_ROUTER)) return [];
  const framework = remix ? 'Remix' : 'React Router';
  const appDir = join(app.dir, 'app');
  const out: ServerEntry[] = [];
  const seen = new Set<string>();
  const add = (entries: ServerEntry[]): void => {
    for (const e of entries) {
      out.push(e);
      seen.add(e.file);
    }
  };
  const entryServer = sourceFile(project, appDir, 'entry.server');
  if (entryServer) add([{ framework, root: app.dir, file: entryServer, trigger: 'page-load', role: 'entry.server (every request)' }]);
  const rootModule = sourceFile(project, appDir, 'root');
  if (rootModule) add(routeModule(project, framework, app.dir, rootModule, '/'));
  const routesDir = join(appDir, 'routes');
  for (const file of filesUnder(project, routesDir)) {
    if (!isSource(file) || /\.client\.[^/]+$/.test(file)) continue;
    const rel = file.slice(routesDir.length + 1);
    // Flat routes: app/routes/x.tsx, or a folder with route.tsx in it; other files in folders are helpers.
    if (rel.includes('/') && stem(file) !== 'route') continue;
    add(routeModule(project, framework, app.dir, file, routeOfFile(rel)));
  }
  const config = sourceFile(project, appDir, 'routes');
  const text = config ? project.text(config) : undefined;
  if (config && text) {
    for (const m of text.matchAll(ROUTE_PATH)) {
      const spec = m[1];
      const file = spec === undefined ? undefined : joinRel(dirName(config), spec);
      if (file === undefined || seen.has(file) || !project.isFile(file) || /\.client\./.test(file)) continue;
      add(routeModule(project, framework, app.dir, file));
    }
  }
  return out;
}
