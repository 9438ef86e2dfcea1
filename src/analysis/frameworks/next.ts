/**
 * Next.js: what `next dev` runs on the server when the app is opened, and what `next build` runs.
 * App router (`app/` or `src/app/`): route handlers, server components and the special files of
 * each segment, metadata routes, `generateStaticParams`. Pages router (`pages/` or `src/pages/`):
 * every page (rendered on the server), `_app`/`_document`, API routes, the data functions.
 * Middleware (its runtime named) and every `'use server'` module (server actions).
 * `next.config.*` and `instrumentation.*` run when the server starts (autorun/tool-config).
 */
import { dependsOn, directives, exportsOf, filesUnder, isSource, join, sourceFile, staticMethodLine, stem } from './project.ts';
import type { AppRoot, ProjectView, ServerEntry } from './types.ts';
import { pushAll } from '../../core/spread.ts';

const FRAMEWORK = 'Next.js';
const CONFIG_NAMES = ['js', 'mjs', 'cjs', 'ts', 'mts', 'cts'].map(ext => `next.config.${ext}`);
/** Special files of an app-router segment that render on the server. */
const SEGMENT_FILES = new Set([
  'page',
  'layout',
  'template',
  'loading',
  'not-found',
  'default',
  'error',
  'global-error',
  'forbidden',
  'unauthorized',
]);
const METADATA_FILES = new Set(['opengraph-image', 'twitter-image', 'icon', 'apple-icon', 'sitemap', 'robots', 'manifest']);
const PAGE_EXT = /\.(?:tsx|ts|jsx|js)$/;
/** Exports Next.js calls while building. */
const BUILD_EXPORTS = ['generateStaticParams', 'generateSitemaps', 'generateImageMetadata', 'getStaticProps', 'getStaticPaths'];

/** A Next.js app: `next` is a dependency of its package.json, or a next.config sits beside it. */
export function isNextApp(project: ProjectView, app: AppRoot): boolean {
  if (dependsOn(app, ['next'])) return true;
  return CONFIG_NAMES.some(name => project.isFile(join(app.dir, name)));
}

function urlSegment(seg: string): string | undefined {
  if (/^\(.*\)$/.test(seg) || seg.startsWith('@')) return undefined;
  return seg;
}

function routeOf(segments: string[]): string {
  const parts = segments.map(urlSegment).filter((s): s is string => s !== undefined);
  return '/' + parts.join('/');
}

/** `app/` at the root, or `src/app/` when there is none (the same for `pages/`). */
function routerDir(project: ProjectView, root: string, name: string): string | undefined {
  for (const dir of [join(root, name), join(root, `src/${name}`)]) {
    if (filesUnder(project, dir).length > 0) return dir;
  }
  return undefined;
}

function buildEntries(project: ProjectView, base: Omit<ServerEntry, 'trigger' | 'role'>): ServerEntry[] {
  const text = project.text(base.file);
  if (text === undefined) return [];
  const exports = exportsOf(text);
  const out: ServerEntry[] = [];
  for (const name of BUILD_EXPORTS) {
    const line = exports.get(name);
    if (line !== undefined) out.push({ ...base, trigger: 'build', role: name, line });
  }
  return out;
}

function appRouter(project: ProjectView, root: string, dir: string): ServerEntry[] {
  const out: ServerEntry[] = [];
  for (const file of filesUnder(project, dir)) {
    if (!isSource(file)) continue;
    const segments = file
      .slice(dir.length + 1)
      .split('/')
      .slice(0, -1);
    // Private folders (`_components`) are not routes: their files run only when imported.
    if (segments.some(s => s.startsWith('_'))) continue;
    const name = stem(file);
    const route = routeOf(segments);
    const base = { framework: FRAMEWORK, root, file, route };
    if (name === 'route') {
      out.push({ ...base, trigger: 'page-load', role: 'route handler' }, ...buildEntries(project, base));
    } else if (SEGMENT_FILES.has(name) && PAGE_EXT.test(file)) {
      const text = project.text(file) ?? '';
      // A client component is still rendered on the server for the first HTML.
      const client = directives(text).includes('use client');
      const role = client ? `client ${name} (rendered on the server)` : `server ${name}`;
      out.push({ ...base, trigger: 'page-load', role }, ...buildEntries(project, base));
    } else if (METADATA_FILES.has(name)) {
      out.push({ ...base, trigger: 'page-load', role: 'metadata route' }, ...buildEntries(project, base));
    }
  }
  return out;
}

function pagesRouter(project: ProjectView, root: string, dir: string): ServerEntry[] {
  const out: ServerEntry[] = [];
  for (const file of filesUnder(project, dir)) {
    if (!isSource(file) || !PAGE_EXT.test(file)) continue;
    const segments = file.slice(dir.length + 1).split('/');
    segments[segments.length - 1] = stem(file);
    if (segments[segments.length - 1] === 'index') segments.pop();
    const route = '/' + segments.join('/');
    const base = { framework: FRAMEWORK, root, file, route };
    const name = stem(file);
    let role: string;
    if (segments[0] === 'api') role = 'API route';
    else if (segments.length === 1 && (name === '_document' || name === '_app' || name === '_error')) role = `${name} (every page)`;
    else role = 'page (rendered on the server)';
    const text = project.text(file) ?? '';
    const exports = exportsOf(text);
    const line = exports.get('getServerSideProps') ?? exports.get('getInitialProps') ?? staticMethodLine(text, 'getInitialProps');
    const entry: ServerEntry = { ...base, trigger: 'page-load', role };
    if (line !== undefined) entry.line = line;
    if (name === '_document' || name === '_app' || name === '_error') delete entry.route;
    out.push(entry, ...buildEntries(project, base));
  }
  return out;
}

function middleware(project: ProjectView, root: string): ServerEntry[] {
  const file = sourceFile(project, root, 'middleware') ?? sourceFile(project, join(root, 'src'), 'middleware');
  if (!file) return [];
  const text = project.text(file) ?? '';
  const node = /\bruntime\s*:\s*['"]nodejs['"]/.test(text);
  return [{ framework: FRAMEWORK, root, file, trigger: 'page-load', role: `middleware (${node ? 'Node.js' : 'Edge'} runtime)` }];
}

/** Modules whose top says `'use server'`: their functions are server actions the page calls. */
function serverActions(project: ProjectView, root: string, seen: ReadonlySet<string>): ServerEntry[] {
  const out: ServerEntry[] = [];
  for (const file of filesUnder(project, root)) {
    if (!isSource(file) || seen.has(file) || file.includes('/node_modules/')) continue;
    const text = project.text(file);
    if (text === undefined || !text.includes('use server')) continue;
    if (directives(text).includes('use server')) {
      out.push({ framework: FRAMEWORK, root, file, trigger: 'page-load', role: 'server actions' });
    }
  }
  return out;
}

export function nextModel(project: ProjectView, app: AppRoot): ServerEntry[] {
  if (!isNextApp(project, app)) return [];
  const out: ServerEntry[] = [];
  const appDir = routerDir(project, app.dir, 'app');
  const pagesDir = routerDir(project, app.dir, 'pages');
  if (appDir) pushAll(out, appRouter(project, app.dir, appDir));
  if (pagesDir) out.push(...pagesRouter(project, app.dir, pagesDir));
  out.push(...middleware(project, app.dir));
  out.push(...serverActions(project, app.dir, new Set(out.map(e => e.file))));
  return out;
}
