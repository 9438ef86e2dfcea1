import type { RuleContext } from '../../../core/rule.ts';
import { defineFact, defineRule } from '../../../core/rule.ts';
import { serverEntries } from '../../../analysis/frameworks/index.ts';
import { ROUTE_SURFACE, requestName } from '../../../analysis/js/report.ts';
import { jsParses } from '../../../facts/parses.ts';
import { langOf } from '../../../lang/js/parse.ts';
import type { ProjectView, ServerEntry, ServerTrigger } from '../../../analysis/frameworks/index.ts';

const WHEN: Record<ServerTrigger, string> = {
  dev: 'when the dev server starts',
  'page-load': 'when the app is opened in a browser',
  build: 'while it builds',
  start: 'when the app starts',
};
const ORDER: readonly ServerTrigger[] = ['dev', 'page-load', 'build', 'start'];

/** The project's own regular files, as the framework models read them. */
const projectViewFact = defineFact('frameworks:project', (ctx): ProjectView => {
  const files = ctx.inventory.files.filter(f => !f.inNodeModules && f.type === 'file').map(f => f.path);
  return {
    files,
    isFile: (path: string) => {
      const e = ctx.inventory.byPath.get(path);
      return e !== undefined && !e.inNodeModules && e.type === 'file';
    },
    text: (path: string) => ctx.text(path),
    gap: (file: string, message: string) => {
      ctx.error(message, file, 'truncated');
    },
    parse: (path: string, text: string) => ctx.facts.get(jsParses).parse(path, text, langOf(path)),
  };
});

export function projectView(ctx: RuleContext): ProjectView {
  return ctx.facts.get(projectViewFact);
}

const entriesFact = defineFact('frameworks:entries', ctx => serverEntries(projectView(ctx)));

/** The server entries of every framework app in the target, computed once per scan. */
export function frameworkEntries(ctx: RuleContext): ServerEntry[] {
  return ctx.facts.get(entriesFact);
}

/** Entries of one file on one trigger become one surface, named by all their roles. */
function group(entries: readonly ServerEntry[]): ServerEntry[][] {
  const groups = new Map<string, ServerEntry[]>();
  for (const e of entries) {
    // A server route is its own surface: it covers its handler's lines only.
    const key =
      e.method !== undefined
        ? `${e.trigger}\u0000${e.file}\u0000${e.method} ${e.route ?? e.role}\u0000${e.line ?? 0}`
        : `${e.trigger}\u0000${e.file}`;
    const list = groups.get(key) ?? [];
    list.push(e);
    groups.set(key, list);
  }
  return [...groups.values()];
}

export default defineRule({
  meta: {
    id: 'autorun/framework-server',
    severity: 'info',
    confidence: 'high',
    description:
      'Files a web framework (Next.js, Remix, SvelteKit, Nuxt, Astro, Vite SSR, Express...) or Electron runs on the server when the dev server starts, the app is opened, or it builds.',
    triggers: ['dev', 'page-load', 'build', 'start'],
    phase: 'map',
    // A server entry that one of these already runs or loads is on the map: they go first.
    after: ['autorun/jetbrains-startup', 'autorun/npm-lifecycle-script', 'autorun/tool-config', 'autorun/vscode-settings-executable'],
    since: '0.1.0',
  },
  run(ctx) {
    const entries = frameworkEntries(ctx);
    const added: ServerEntry[] = [];
    for (const list of group(entries)) {
      const first = list[0];
      if (!first) continue;
      if (first.method !== undefined) {
        ctx.addSurface({
          trigger: first.trigger,
          kind: ROUTE_SURFACE,
          location: { file: first.file, line: first.line ?? 1, ...(first.endLine !== undefined ? { endLine: first.endLine } : {}) },
          entry: first.file,
          // The handler's own imports load with the server; the route adds only its lines.
          reaches: [],
          name: requestName(first.method, first.route ?? '/'),
          command: first.server === 'start' ? 'npm start' : `npm run ${first.server ?? 'dev'}`,
        });
        added.push(first);
        continue;
      }
      // A server entry that a script already runs (`node server.js`) or loads is on the map.
      const mapped = ctx.executionMap.some(s => s.trigger === first.trigger && (s.entry === first.file || s.reaches.includes(first.file)));
      if (mapped && list.every(e => e.role === 'server entry' || e.role === 'main process')) continue;
      const line = list.find(e => e.line !== undefined)?.line ?? 1;
      const roles = [...new Set(list.map(e => e.role))].join(', ');
      ctx.addSurface({
        trigger: first.trigger,
        kind: 'framework',
        location: { file: first.file, line },
        entry: first.file,
        name: `${first.framework} ${roles}`,
      });
      added.push(...list);
    }
    const apps = new Map<string, ServerEntry[]>();
    for (const e of added) {
      // One finding per app folder, naming every framework in it (Vite SSR served by Express).
      apps.set(e.root, [...(apps.get(e.root) ?? []), e]);
    }
    for (const list of apps.values()) {
      const first = list[0];
      if (!first) continue;
      const names = [...new Set(list.map(e => e.framework))];
      const who = names.length === 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1] ?? ''}`;
      const counts = ORDER.map(t => ({ t, n: new Set(list.filter(e => e.trigger === t).map(e => e.file)).size })).filter(c => c.n > 0);
      const files = new Set(list.map(e => e.file)).size;
      const where = first.root === '' ? '' : ` in ${first.root}/`;
      ctx.report({
        message: `${who}${where} ${names.length === 1 ? 'runs' : 'run'} ${files} file${files === 1 ? '' : 's'} of this repository on your machine (${counts
          .map(c => `${c.n} ${WHEN[c.t]}`)
          .join(', ')}), with every local file they import.`,
        location: { file: first.root === '' ? 'package.json' : `${first.root}/package.json`, line: 1 },
      });
    }
  },
});
