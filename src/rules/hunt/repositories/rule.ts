import { errorMessage } from '../../../core/errors.ts';
import type { RepositoryRow } from '../../../core/types.ts';
import { compromised } from '../../../workstation/remediation.ts';
import { MAX_ROOT_DEPTH, repositories } from '../../../workstation/repos.ts';
import { defineWorkstationRule } from '../../../workstation/rule.ts';

export default defineWorkstationRule({
  meta: {
    id: 'hunt/repositories',
    command: 'hunt',
    severity: 'critical',
    confidence: 'high',
    description: 'Every repository under --roots scanned with the static engine; the ones carrying malicious code',
    since: '0.1.0',
  },
  async check(ctx) {
    if (ctx.roots.length === 0) {
      ctx.skip('no --roots given');
      return;
    }
    const search = ctx.facts.get(repositories);
    if (search.truncated) ctx.error(`repository search ${search.truncated}; narrow --roots to see the rest`);
    for (const dir of search.unreadable.slice(0, 20)) ctx.error('folder could not be listed', dir);
    if (search.repositories.length === 0)
      ctx.note(`No repositories (folders with .git or package.json, up to ${MAX_ROOT_DEPTH} levels deep) under ${ctx.roots.join(', ')}.`);
    const rows = await Promise.all(
      search.repositories.map(async (dir): Promise<RepositoryRow> => {
        try {
          const r = await ctx.scanRepository(dir);
          const critical = r.findings.filter(f => f.severity === 'critical');
          if (critical.length > 0) {
            ctx.report({
              path: dir,
              message: `${ctx.display(dir)} carries malicious code: ${critical.length} critical finding${critical.length === 1 ? '' : 's'}.`,
              evidence: critical
                .slice(0, 3)
                .map(f => `${f.ruleId} at ${f.location.file}: ${f.message}`)
                .join(' | '),
              remediation: compromised(
                ctx.os,
                `Do not open, install or run ${ctx.display(dir)}; \`airlock scan ${dir}\` shows what runs on which trigger. If you already opened or installed it, treat this machine as exposed.`,
              ),
            });
          }
          return {
            path: ctx.display(dir),
            verdict: r.verdict,
            critical: r.summary.critical,
            high: r.summary.high,
            medium: r.summary.medium,
            files: r.target.files,
          };
        } catch (err) {
          ctx.error(`could not be scanned: ${errorMessage(err)}`, dir);
          return { path: ctx.display(dir), verdict: 'error', critical: 0, high: 0, medium: 0, files: 0, error: errorMessage(err) };
        }
      }),
    );
    ctx.setRepositories(rows);
  },
});
