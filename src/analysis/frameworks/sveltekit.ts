/**
 * SvelteKit: `src/hooks.server.*` runs on every request, `+page.server`/`+layout.server` load
 * functions and form actions and `+server` endpoints run when their URL is opened, and the
 * universal `+page`/`+layout` load functions run on the server for the first render. A route that
 * exports `prerender = true` runs at build. Svelte components themselves are not followed.
 */
import { dependsOn, exportsOf, filesUnder, isSource, join, sourceFile, stem } from './project.ts';
import type { AppRoot, ProjectView, ServerEntry } from './types.ts';

const FRAMEWORK = 'SvelteKit';
const ROLES: Record<string, string> = {
  '+page.server': 'server load and actions',
  '+layout.server': 'server layout load',
  '+server': 'endpoint',
  '+page': 'universal load (runs on the server too)',
  '+layout': 'universal layout load (runs on the server too)',
};

function routeOf(segments: string[]): string {
  return '/' + segments.filter(s => !/^\(.*\)$/.test(s)).join('/');
}

export function svelteKitModel(project: ProjectView, app: AppRoot): ServerEntry[] {
  if (!dependsOn(app, ['@sveltejs/kit'])) return [];
  const src = join(app.dir, 'src');
  const out: ServerEntry[] = [];
  for (const name of ['hooks.server', 'hooks']) {
    const file = sourceFile(project, src, name);
    if (file) out.push({ framework: FRAMEWORK, root: app.dir, file, trigger: 'page-load', role: `${name} (every request)` });
  }
  const routes = join(src, 'routes');
  for (const file of filesUnder(project, routes)) {
    const role = ROLES[stem(file)];
    if (!isSource(file) || role === undefined) continue;
    const route = routeOf(
      file
        .slice(routes.length + 1)
        .split('/')
        .slice(0, -1),
    );
    const text = project.text(file) ?? '';
    const exports = exportsOf(text);
    const line = exports.get('load') ?? exports.get('actions') ?? exports.get('GET') ?? exports.get('POST');
    const entry: ServerEntry = { framework: FRAMEWORK, root: app.dir, file, trigger: 'page-load', role, route };
    if (line !== undefined) entry.line = line;
    out.push(entry);
    if (/\bexport\s+const\s+prerender\s*=\s*true\b/.test(text)) {
      out.push({ framework: FRAMEWORK, root: app.dir, file, trigger: 'build', role: 'prerendered route', route });
    }
  }
  return out;
}
