/**
 * Astro: pages (`src/pages/**`: `.astro` components, whose frontmatter runs on the server, and
 * JavaScript or TypeScript endpoints) run when their URL is requested, and again while
 * `astro build` renders a static site (every page and GET endpoint unless the config says `output: 'server'` and
 * the page does not say `prerender = true`; a page that exports `prerender = false` is rendered
 * on request only). `getStaticPaths` runs at build. `src/middleware.*` runs on every request.
 * Components rendered with `server:defer` (server islands) run on a request of their own.
 * `astro.config.*` runs when `astro dev` or `astro build` starts (autorun/tool-config, with the
 * files it imports); the hooks of the local integrations it imports are listed with their lines.
 * Layouts and components are reached through the imports of the pages' frontmatter.
 */
import { astroFrontmatterText } from '../js/astro.ts';
import { dependsOn, exportsOf, filesUnder, isSource, join, lineFinder, localImports, resolveLocal, sourceFile } from './project.ts';
import type { AppRoot, ProjectView, ServerEntry, ServerTrigger } from './types.ts';

const FRAMEWORK = 'Astro';
const CONFIG = ['mjs', 'js', 'ts', 'mts', 'cjs', 'cts'].map(ext => `astro.config.${ext}`);
/** Integration hooks and the triggers that call them. */
const HOOKS: Record<string, readonly ServerTrigger[]> = {
  'astro:config:setup': ['dev', 'build'],
  'astro:config:done': ['dev', 'build'],
  'astro:server:setup': ['dev'],
  'astro:server:start': ['dev'],
  'astro:build:start': ['build'],
  'astro:build:setup': ['build'],
  'astro:build:generated': ['build'],
  'astro:build:done': ['build'],
};
const HOOK = /['"](astro:(?:config|server|build):[a-z]+)['"]\s*(?::|\()/g;
const SERVER_ISLAND = /<([A-Z][\w$.]{0,100})\b[^>]{0,2000}?\sserver:defer\b/g;
const MAX_INTEGRATIONS = 20;
const MAX_ISLAND_FILES = 500;

function routeOf(rel: string): string {
  const parts = rel.replace(/\.[^./]+$/, '').split('/');
  if (parts[parts.length - 1] === 'index') parts.pop();
  return '/' + parts.join('/');
}

/** `prerender = true|false` exported by a page, when it says. */
function prerenderOf(text: string): boolean | undefined {
  const m = /\bexport\s+const\s+prerender\s*=\s*(true|false)\b/.exec(text);
  return m ? m[1] === 'true' : undefined;
}

function integrations(project: ProjectView, app: AppRoot, config: string, configText: string): ServerEntry[] {
  const out: ServerEntry[] = [];
  for (const { spec } of localImports(configText, MAX_INTEGRATIONS)) {
    const file = resolveLocal(project, config, spec);
    const text = file === undefined ? undefined : project.text(file);
    if (file === undefined || text === undefined || !text.includes('astro:')) continue;
    const lineAt = lineFinder(text);
    for (const m of text.matchAll(HOOK)) {
      const hook = m[1] ?? '';
      for (const trigger of HOOKS[hook] ?? [])
        out.push({ framework: FRAMEWORK, root: app.dir, file, trigger, role: `integration hook ${hook}`, line: lineAt(m.index) });
    }
  }
  return out;
}

/** Components a template renders with `server:defer`, resolved through the frontmatter's imports. */
function serverIslands(project: ProjectView, app: AppRoot, file: string, text: string): ServerEntry[] {
  if (!text.includes('server:defer')) return [];
  const front = astroFrontmatterText(text) ?? '';
  const out: ServerEntry[] = [];
  for (const m of text.matchAll(SERVER_ISLAND)) {
    const name = (m[1] ?? '').split('.')[0] ?? '';
    const imported = new RegExp(`\\bimport\\s+${name.replace(/\$/g, '\\$')}\\s+from\\s*['"](\\.{1,2}/[^'"\\n]{1,200})['"]`).exec(front);
    const target = imported?.[1] === undefined ? undefined : resolveLocal(project, file, imported[1]);
    if (target === undefined) continue;
    out.push({ framework: FRAMEWORK, root: app.dir, file: target, trigger: 'page-load', role: `server island (rendered by ${file})` });
  }
  return out;
}

export function astroModel(project: ProjectView, app: AppRoot): ServerEntry[] {
  if (!dependsOn(app, ['astro'])) return [];
  const out: ServerEntry[] = [];
  const config = CONFIG.map(name => join(app.dir, name)).find(path => project.isFile(path));
  const configText = config === undefined ? '' : (project.text(config) ?? '');
  const serverOutput = /\boutput\s*:\s*['"]server['"]/.test(configText);
  if (config !== undefined) out.push(...integrations(project, app, config, configText));
  const src = join(app.dir, 'src');
  const mw = sourceFile(project, src, 'middleware') ?? sourceFile(project, join(src, 'middleware'), 'index');
  if (mw) out.push({ framework: FRAMEWORK, root: app.dir, file: mw, trigger: 'page-load', role: 'middleware (every request)' });
  const pages = join(src, 'pages');
  for (const file of filesUnder(project, pages)) {
    const astro = file.endsWith('.astro');
    if (!astro && !isSource(file)) continue;
    const rel = file.slice(pages.length + 1);
    // Files and folders starting with `_` are not routes.
    if (rel.split('/').some(s => s.startsWith('_'))) continue;
    const route = routeOf(rel);
    const text = project.text(file) ?? '';
    const code = astro ? (astroFrontmatterText(text) ?? '') : text;
    const exports = exportsOf(code);
    const base = { framework: FRAMEWORK, root: app.dir, file, route };
    const handler = astro ? undefined : (exports.get('GET') ?? exports.get('POST') ?? exports.get('ALL'));
    const role = astro ? 'page (frontmatter runs on the server)' : 'endpoint';
    out.push({ ...base, trigger: 'page-load', role, ...(handler !== undefined ? { line: handler } : {}) });
    const prerender = prerenderOf(code);
    // A static build calls an endpoint's GET (or ALL) handler; POST-only endpoints run on request.
    const builds = astro || exports.has('GET') || exports.has('ALL') || handler === undefined;
    if (builds && (prerender === true || (prerender === undefined && !serverOutput))) {
      out.push({ ...base, trigger: 'build', role: astro ? 'page (rendered at build)' : 'endpoint (run at build)' });
    }
    const paths = exports.get('getStaticPaths');
    if (paths !== undefined) out.push({ ...base, trigger: 'build', role: 'getStaticPaths', line: paths });
  }
  let scanned = 0;
  for (const file of filesUnder(project, src)) {
    if (!file.endsWith('.astro') || ++scanned > MAX_ISLAND_FILES) continue;
    out.push(...serverIslands(project, app, file, project.text(file) ?? ''));
  }
  return out;
}
