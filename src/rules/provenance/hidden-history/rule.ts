import { defineRule } from '../../../core/rule.ts';
import type { RuleContext } from '../../../core/rule.ts';
import { severityRank } from '../../../core/severity.ts';
import type { Finding, Surface } from '../../../core/types.ts';
import { errorMessage } from '../../../core/errors.ts';
import { materializeTree } from '../../../history/materialize.ts';
import type { Commit } from '../../../history/repo.ts';
import { historyOf, isoDate, shortSha } from '../history.ts';
import type { HistoryFacts } from '../history.ts';

/** Other tips (refs, stashes, unreachable commits) whose trees are scanned, at most. */
const MAX_TIPS = 10;
const MAX_UNREACHABLE = 2000;
/** Without --all-refs only this many other refs are compared with the checkout (for a note). */
const MAX_REF_DIFFS = 50;
const MAX_ALL_COMMITS = 200_000;
/** Per hidden tree: enough for a take-home repository, far below a bomb. */
const TREE_LIMITS = { maxEntries: 50_000, maxTotalBytes: 512 * 1024 * 1024, maxFileBytes: 16 * 1024 * 1024 };

/** Paths that can change what runs or what the code does. */
const INTERESTING =
  /(?:^|\/)(?:\.vscode|\.devcontainer|\.idea|\.husky|\.cursor|\.github|\.lefthook)\/|(?:^|\/)(?:package\.json|\.npmrc|\.yarnrc(?:\.yml)?|\.pnpmfile\.cjs|bunfig\.toml|\.envrc|lefthook\.ya?ml|\.devcontainer\.json|[^/]+\.code-workspace|\.env[^/]*)$|\.(?:[cm]?[jt]sx?|sh|ps1|bat|cmd|py|json|ya?ml|toml)$/i;

interface Tip {
  label: string;
  sha: string;
}

function surfaceKey(s: Surface): string {
  return `${s.trigger}\u0000${s.kind}\u0000${s.location.file}\u0000${s.command ?? ''}\u0000${s.entry ?? ''}`;
}

function findingKey(f: Finding): string {
  return `${f.ruleId}\u0000${f.location.file}\u0000${f.evidence ?? f.message}`;
}

async function hiddenTips(history: HistoryFacts, ctx: RuleContext, withUnreachable: boolean): Promise<Tip[]> {
  const { repo, head } = history;
  const tips: Tip[] = [];
  const seen = new Set<string>([head]);
  for (const r of history.refs) {
    const sha = r.peeled ?? r.sha;
    if (seen.has(sha)) continue;
    seen.add(sha);
    const label =
      r.name === 'refs/stash'
        ? 'the stash'
        : r.name.startsWith('refs/heads/')
          ? `branch ${r.name.slice(11)}`
          : r.name.startsWith('refs/tags/')
            ? `tag ${r.name.slice(10)}`
            : r.name;
    tips.push({ label, sha });
  }
  if (!withUnreachable) return tips.slice(0, MAX_REF_DIFFS);
  const all = await repo.allCommitObjects(MAX_ALL_COMMITS);
  if (all.truncated) ctx.note(`more than ${MAX_ALL_COMMITS} commit objects: unreachable commits were not all checked`);
  const reachable = new Set(await repo.revList([head, ...tips.map(t => t.sha)], MAX_ALL_COMMITS));
  const unreachable = all.ids.filter(id => !reachable.has(id)).slice(0, MAX_UNREACHABLE);
  if (unreachable.length > 0) {
    const commits = await repo.commits(unreachable);
    const parents = new Set(commits.flatMap(c => c.parents));
    const loose: Commit[] = commits.filter(c => !parents.has(c.sha)).sort((a, b) => b.committer.time - a.committer.time);
    for (const c of loose)
      tips.push({ label: `unreachable commit ${shortSha(c.sha)} (${isoDate(c.committer.time)}, "${c.subject}")`, sha: c.sha });
  }
  return tips;
}

export default defineRule({
  meta: {
    id: 'provenance/hidden-history',
    severity: 'critical',
    confidence: 'high',
    description:
      'Another branch, tag, stash or an unreachable commit holds code that runs on a trigger and is not in the checkout (with --all-refs).',
    since: '0.1.0',
    phase: 'post',
    // Compares other refs with the findings of the scanned tree, history's own included.
    after: ['provenance/history-anomaly', 'provenance/late-autorun-change'],
  },
  /** Other refs whose changes can alter what runs: the engine scans their trees (with --all-refs). */
  async trees(ctx) {
    if (!ctx.options.provenance) return [];
    const history = await historyOf(ctx);
    if (!history) return [];
    const tips = await hiddenTips(history, ctx, ctx.options.allRefs);
    const changedTips: (Tip & { paths: string[] })[] = [];
    for (const tip of tips) {
      let paths: string[];
      try {
        paths = (await history.repo.diffPaths(history.head, tip.sha)).filter(p => p.status !== 'D').map(p => p.path);
      } catch (err) {
        ctx.error(`could not compare ${tip.label} with the checkout: ${errorMessage(err)}`);
        continue;
      }
      if (paths.length > 0) changedTips.push({ ...tip, paths });
    }
    history.summary.otherRefs = changedTips.slice(0, 50).map(t => ({ name: t.label, sha: t.sha, scanned: false }));
    if (changedTips.length === 0) return [];
    if (!ctx.options.allRefs) {
      ctx.note(
        `${changedTips.length} other branch${changedTips.length === 1 ? '' : 'es'}, tag${changedTips.length === 1 ? '' : 's'} or unreachable commit${changedTips.length === 1 ? '' : 's'} hold${changedTips.length === 1 ? 's' : ''} files that differ from the checkout; scan them (and unreachable commits) with --all-refs`,
      );
      return [];
    }
    const withCode = changedTips.filter(t => t.paths.some(p => INTERESTING.test(p)));
    if (withCode.length > MAX_TIPS) ctx.note(`only the ${MAX_TIPS} first other refs with changed code were scanned`);
    return withCode.slice(0, MAX_TIPS).map(tip => ({
      label: tip.label,
      commit: tip.sha,
      changed: tip.paths,
      write: async (dir: string) => (await materializeTree(history.repo, tip.sha, dir, TREE_LIMITS)).notes,
    }));
  },
  async run(ctx) {
    if (ctx.otherTrees.length === 0) return;
    const history = await historyOf(ctx);
    const mainSurfaces = new Set(ctx.executionMap.map(surfaceKey));
    const mainFindings = new Set(ctx.findings.map(findingKey));
    const reported = new Set<string>();
    for (const { request: tip, report: inner } of ctx.otherTrees) {
      const entry = history?.summary.otherRefs?.find(r => r.sha === tip.commit);
      if (entry) entry.scanned = true;
      const changed = new Set(tip.changed);
      for (const f of inner.findings) {
        if (severityRank(f.severity) < severityRank('high') || !changed.has(f.location.file) || mainFindings.has(findingKey(f))) continue;
        const key = findingKey(f);
        if (reported.has(key)) continue;
        reported.add(key);
        ctx.report({
          message: `${capital(tip.label)}, which is not checked out, has this that the checkout lacks: ${f.message}`,
          location: { file: f.location.file, ...(f.location.line !== undefined ? { line: f.location.line } : {}) },
          ...(f.evidence !== undefined ? { evidence: f.evidence } : {}),
          severity: f.severity,
          remediation:
            'Do not check out, merge or rebase onto that ref; the payload waits there for a later instruction to switch branches.',
        });
      }
      for (const s of inner.executionMap) {
        if (s.trigger !== 'open' && s.trigger !== 'install') continue;
        if (mainSurfaces.has(surfaceKey(s)) || !changed.has(s.location.file)) continue;
        const key = `surface\u0000${surfaceKey(s)}`;
        if (reported.has(key)) continue;
        reported.add(key);
        ctx.report({
          message: `${capital(tip.label)}, which is not checked out, adds something that ${s.trigger === 'open' ? 'runs when the folder is opened' : 'runs on install'}: ${s.command ?? s.entry ?? s.kind}. Checking it out arms it.`,
          location: { file: s.location.file, ...(s.location.line !== undefined ? { line: s.location.line } : {}) },
          ...(s.command !== undefined ? { evidence: s.command } : {}),
          severity: 'high',
        });
      }
    }
  },
});

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
