/**
 * SvelteKit: `src/hooks.server.*` runs on every request, `+page.server`/`+layout.server` load
 * functions and form actions and `+server` endpoints run when their URL is opened, and the
 * universal `+page`/`+layout` load functions run on the server for the first render, and so do the
 * scripts of the `+page.svelte`/`+layout.svelte`/`+error.svelte` components (with the components
 * they import) unless server-side rendering is off (`export const ssr = false` in the route's
 * `+page`/`+layout` module or in the root layout's). A route that exports `prerender = true`
 * runs at build.
 */
import { dependsOn, exportsOf, filesUnder, isSource, join, sourceFile, stem } from './project.ts';
import type { AppRoot, ProjectView, ServerEntry } from './types.ts';

const FRAMEWORK = 'SvelteKit';
const COMPONENTS: Record<string, string> = {
  '+page': 'page component (rendered on the server)',
  '+layout': 'layout component (rendered on the server)',
  '+error': 'error component (rendered on the server)',
};
const SSR_OFF = /\bexport\s+const\s+ssr\s*=\s*false\b/;
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
  const modules = ['+layout', '+layout.server', '+page', '+page.server'];
  /** Whether a folder's `+layout`/`+page` modules turn server-side rendering off. */
  const ssrOff = (dir: string, names: readonly string[]): boolean =>
    names.some(name => {
      const file = sourceFile(project, dir, name);
      return file !== undefined && SSR_OFF.test(project.text(file) ?? '');
    });
  const rootOff = ssrOff(routes, modules.slice(0, 2));
  for (const file of filesUnder(project, routes)) {
    const component = file.endsWith('.svelte') ? COMPONENTS[stem(file)] : undefined;
    if (component !== undefined) {
      const dir = file.slice(0, file.lastIndexOf('/'));
      if (rootOff || ssrOff(dir, stem(file) === '+layout' ? modules.slice(0, 2) : modules)) continue;
      const route = routeOf(
        file
          .slice(routes.length + 1)
          .split('/')
          .slice(0, -1),
      );
      out.push({ framework: FRAMEWORK, root: app.dir, file, trigger: 'page-load', role: component, route });
      continue;
    }
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
