import { defineRule } from '../../../core/rule.ts';
import { severityRank } from '../../../core/severity.ts';
import type { Surface, Trigger } from '../../../core/types.ts';
import { addNotable, historyOf, isoDate, shortSha, who } from '../history.ts';

/** How many of the newest commits count as "late". */
const LATE_WINDOW = 5;
/** How far back findings are attributed to the commit that last changed their file. */
const ATTRIBUTION_WINDOW = 200;

const TRIGGER_WORDS: Record<Trigger, string> = {
  open: 'runs when you open the folder in your editor',
  install: 'runs on install',
  dev: 'runs on `npm run dev`',
  'page-load': 'runs when the app is opened in a browser',
  build: 'runs on build',
  start: 'runs on start',
  test: 'runs on test',
  lint: 'runs on lint',
  commit: 'runs on git commands',
  shell: 'runs when your shell enters the folder',
};

export default defineRule({
  meta: {
    id: 'provenance/late-autorun-change',
    severity: 'high',
    confidence: 'medium',
    description:
      'One of the newest commits adds or changes what runs on open, install, dev or test, or the code a serious finding points at.',
    since: '0.1.0',
    phase: 'post',
  },
  async run(ctx) {
    if (!ctx.options.provenance) return;
    const history = await historyOf(ctx);
    if (!history || history.commits.length < 2) return;
    const { commits, repo, summary } = history;

    const surfaceOf = new Map<string, Surface>();
    for (const s of ctx.executionMap) {
      // A framework's routes, pages and server modules are the application itself: changing them
      // is ordinary work. They still count when another surface (a config, a script) reaches them,
      // and a late commit to a file with a serious finding is reported below either way.
      if (s.kind === 'framework') continue;
      for (const f of [s.location.file, s.entry, ...s.reaches]) if (f !== undefined && !surfaceOf.has(f)) surfaceOf.set(f, s);
    }
    const findingsByFile = new Map<string, string[]>();
    const seriousFiles = new Set<string>();
    for (const f of ctx.findings) {
      if (f.ruleId.startsWith('provenance/') || severityRank(f.severity) < severityRank('medium')) continue;
      const list = findingsByFile.get(f.location.file) ?? [];
      list.push(f.ruleId);
      findingsByFile.set(f.location.file, list);
      if (severityRank(f.severity) >= severityRank('high')) seriousFiles.add(f.location.file);
    }

    const window = commits.slice(0, Math.min(ATTRIBUTION_WINDOW, commits.length));
    const changed = await repo.changedPaths(window.map(c => c.sha));

    // Attribution: the newest commit in the window that changed each finding's file.
    const attributed = new Set<string>();
    for (const c of window) {
      const paths = (changed.get(c.sha) ?? []).map(p => p.path).filter(p => findingsByFile.has(p) && !attributed.has(p));
      if (paths.length === 0) continue;
      for (const p of paths) attributed.add(p);
      addNotable(
        summary,
        c,
        'last changed files with findings',
        paths.flatMap(p => findingsByFile.get(p) ?? []),
        paths,
      );
    }

    const late = commits.slice(0, Math.min(LATE_WINDOW, Math.max(1, Math.floor(commits.length / 2))));
    const lateIds = new Set(late.map(c => c.sha));
    const earlierEmails = new Set(commits.filter(c => !lateIds.has(c.sha)).map(c => c.author.email));
    late.forEach((c, index) => {
      const paths = (changed.get(c.sha) ?? []).filter(p => p.status !== 'D').map(p => p.path);
      const runs = paths.filter(p => surfaceOf.has(p));
      const serious = paths.filter(p => seriousFiles.has(p) && !runs.includes(p));
      const relevant = [...runs, ...serious];
      const first = relevant[0];
      if (first === undefined) return;
      const stranger = earlierEmails.size > 0 && !earlierEmails.has(c.author.email);
      const position = index === 0 ? 'The newest commit' : `The ${ordinal(index + 1)} newest commit`;
      const surface = surfaceOf.get(first);
      const what = surface
        ? `${first}, which ${TRIGGER_WORDS[surface.trigger]}`
        : `${first}, where ${(findingsByFile.get(first) ?? []).join(', ')} point`;
      const more = relevant.length > 1 ? ` (and ${relevant.length - 1} more file${relevant.length === 2 ? '' : 's'})` : '';
      ctx.report({
        message: `${position}, ${shortSha(c.sha)} by ${who(c)} on ${isoDate(c.author.time)} ("${c.subject}"), changed ${what}${more}.${stranger ? ' Nobody with that e-mail wrote any earlier commit.' : ''}`,
        location: { file: first },
        evidence: `${shortSha(c.sha)} ${who(c)} ${isoDate(c.author.time)} ${c.subject}`,
        severity: stranger ? 'high' : 'medium',
        ...(relevant.length > 1 ? { related: relevant.slice(1, 20).map(file => ({ file })) } : {}),
      });
      addNotable(
        summary,
        c,
        stranger ? 'late change to what runs, by a new identity' : 'late change to what runs',
        ['provenance/late-autorun-change', ...relevant.flatMap(p => findingsByFile.get(p) ?? [])],
        relevant,
      );
    });
  },
});

function ordinal(n: number): string {
  return n === 2 ? '2nd' : n === 3 ? '3rd' : `${n}th`;
}
