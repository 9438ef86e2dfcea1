import { defineRule } from '../../../core/rule.ts';
import { historyOf } from '../history.ts';
import { daysSince, hostingOf } from '../hosting.ts';

/** A history that starts this long before the repository existed was imported or backdated. */
const BACKDATED_DAYS = 30;
const RECENT_REPO_DAYS = 90;

export default defineRule({
  meta: {
    id: 'provenance/repo-reputation',
    severity: 'low',
    confidence: 'medium',
    description:
      'The hosted repository is new while its history claims to be old, or it is a fork or template copy of a public project (--online).',
    online: true,
    since: '0.1.0',
    phase: 'post',
  },
  async run(ctx) {
    if (!ctx.options.provenance) return;
    const facts = await hostingOf(ctx);
    if (!facts) return;
    const where = { file: '.git' };
    const repoAge = daysSince(facts.repoCreated);
    const history = await historyOf(ctx);
    const oldest = history?.summary.firstCommitDate;
    const gap =
      oldest !== undefined && facts.repoCreated !== undefined
        ? Math.floor((Date.parse(facts.repoCreated) - Date.parse(oldest)) / 86_400_000)
        : undefined;
    if (repoAge !== undefined && repoAge < RECENT_REPO_DAYS && gap !== undefined && gap > BACKDATED_DAYS) {
      ctx.report({
        message: `${facts.ref.path} was created on ${facts.ref.host} ${repoAge} days ago, yet its ${history?.shallow === true ? 'oldest fetched' : 'first'} commit claims to be ${gap} days older: the history was copied in or backdated${facts.stars !== undefined ? ` (${facts.stars} stars, ${facts.forks ?? 0} forks)` : ''}.`,
        location: where,
        evidence: `repository created ${facts.repoCreated ?? ''}, oldest commit ${oldest ?? ''}`,
      });
    }
    const origin = facts.forkOf ?? facts.templateOf;
    if (origin !== undefined) {
      ctx.report({
        message: `${facts.ref.path} is ${facts.forkOf !== undefined ? 'a fork' : 'generated from the template'} of ${origin}: lures copy public projects and add a payload, so compare it with the original.`,
        location: where,
        evidence: origin,
        severity: 'info',
      });
    }
  },
});
