/**
 * Astro: endpoints (`src/pages/**` written in JavaScript or TypeScript) run when their URL is
 * requested, and `getStaticPaths` in them at build; `src/middleware.*` runs on every request.
 * Integrations run from `astro.config.*` (autorun/tool-config, with the files it imports).
 * `.astro` components are not followed.
 */
import { dependsOn, exportsOf, filesUnder, isSource, join, sourceFile } from './project.ts';
import type { AppRoot, ProjectView, ServerEntry } from './types.ts';

const FRAMEWORK = 'Astro';

export function astroModel(project: ProjectView, app: AppRoot): ServerEntry[] {
  if (!dependsOn(app, ['astro'])) return [];
  const out: ServerEntry[] = [];
  const src = join(app.dir, 'src');
  const mw = sourceFile(project, src, 'middleware') ?? sourceFile(project, join(src, 'middleware'), 'index');
  if (mw) out.push({ framework: FRAMEWORK, root: app.dir, file: mw, trigger: 'page-load', role: 'middleware (every request)' });
  const pages = join(src, 'pages');
  for (const file of filesUnder(project, pages)) {
    if (!isSource(file)) continue;
    const rel = file.slice(pages.length + 1);
    // Files and folders starting with `_` are not routes.
    if (rel.split('/').some(s => s.startsWith('_'))) continue;
    const parts = rel.replace(/\.[^./]+$/, '').split('/');
    if (parts[parts.length - 1] === 'index') parts.pop();
    const route = '/' + parts.join('/');
    const exports = exportsOf(project.text(file) ?? '');
    const line = exports.get('GET') ?? exports.get('POST') ?? exports.get('ALL');
    const entry: ServerEntry = { framework: FRAMEWORK, root: app.dir, file, trigger: 'page-load', role: 'endpoint', route };
    if (line !== undefined) entry.line = line;
    out.push(entry);
    const paths = exports.get('getStaticPaths');
    if (paths !== undefined)
      out.push({ framework: FRAMEWORK, root: app.dir, file, trigger: 'build', role: 'getStaticPaths', line: paths, route });
  }
  return out;
}
