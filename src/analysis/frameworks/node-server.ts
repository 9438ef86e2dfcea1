/**
 * Node HTTP servers (Express, Koa, Fastify, NestJS, Hono) started by a script that does not name
 * their file: `nodemon` or `node .` running package.json `main`, `nest start` running
 * `src/main.ts`, `npm start` running `server.js`. The entry is the file that imports the server
 * framework; its routes load with it, when the server starts. Each route it defines (in the
 * entry or in routers it mounts from local files) is listed with its handler's lines: that code
 * runs when the route is requested (`page-load`) after the server has started.
 */
import { joinRel } from '../../fs/path.ts';
import { dependsOn, sourceFile } from './project.ts';
import { serverRoutes } from './server-routes.ts';
import type { AppRoot, ProjectView, ServerEntry, ServerTrigger } from './types.ts';

const SERVERS: Record<string, string> = {
  express: 'Express',
  koa: 'Koa',
  fastify: 'Fastify',
  '@nestjs/core': 'NestJS',
  hono: 'Hono',
  '@hono/node-server': 'Hono',
};
const CANDIDATES = [
  'server',
  'index',
  'app',
  'main',
  'src/server',
  'src/index',
  'src/main',
  'src/app',
  'server/index',
  'server/server',
  'server/app',
];
/** Routes listed per server; the rest are a gap. */
export const MAX_ROUTES = 60;
const IMPORTS_SERVER =
  /(?:\brequire\s*\(\s*|\bfrom\s*|\bimport\s*\(\s*)['"](express|koa|fastify|@nestjs\/core|hono|@hono\/node-server)['"]/;

/** The triggers (`dev`, `start`) whose package.json scripts run a command `runs` matches. */
export function appTriggers(app: AppRoot, runs: RegExp): ServerTrigger[] {
  return (['dev', 'start'] as const).filter(t => runs.test(app.scripts.get(t) ?? ''));
}

export function nodeServerModel(project: ProjectView, app: AppRoot): ServerEntry[] {
  const names = Object.keys(SERVERS).filter(n => app.deps.has(n));
  if (names.length === 0 || dependsOn(app, ['next', 'nuxt', 'astro', '@sveltejs/kit', '@remix-run/dev', '@react-router/dev'])) return [];
  const framework = SERVERS[names[0] ?? ''] ?? 'Node server';
  const files = new Set<string>();
  if (app.main !== undefined) {
    const main = joinRel(app.dir, app.main);
    const file =
      main === undefined ? undefined : project.isFile(main) ? main : sourceFile(project, app.dir, app.main.replace(/\.[cm]?js$/, ''));
    if (file) files.add(file);
  }
  for (const c of CANDIDATES) {
    const file = sourceFile(project, app.dir, c);
    if (file) files.add(file);
  }
  const triggers = appTriggers(app, /\b(?:node|nodemon|ts-node(?:-dev)?|tsx|tsnd|nest|bun|pm2|forever|node-dev)\b/);
  const out: ServerEntry[] = [];
  for (const file of files) {
    const text = project.text(file);
    if (text === undefined || !IMPORTS_SERVER.test(text)) continue;
    for (const trigger of triggers) out.push({ framework, root: app.dir, file, trigger, role: 'server entry' });
    const server = triggers[0];
    if (server === undefined) continue;
    const { routes, cut } = serverRoutes(project, file, MAX_ROUTES);
    if (cut)
      project.gap?.(
        file,
        `the server defines more than ${MAX_ROUTES} routes (or mounts more files than are followed): the rest are not listed one by one`,
      );
    for (const r of routes) {
      out.push({
        framework,
        root: app.dir,
        file: r.file,
        trigger: 'page-load',
        role: `route ${r.method} ${r.path}`,
        line: r.line,
        endLine: r.endLine,
        method: r.method,
        route: r.path,
        server,
      });
    }
  }
  return out;
}
