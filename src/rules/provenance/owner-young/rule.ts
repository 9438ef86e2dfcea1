import { defineRule } from '../../../core/rule.ts';
import type { RuleContext } from '../../../core/rule.ts';
import { historyOf } from '../history.ts';
import { daysSince, hostingOf } from '../hosting.ts';
import type { HostingFacts } from '../hosting.ts';

const YOUNG_DAYS = 30;
const RECENT_DAYS = 180;

/** Puts the hosting facts into the provenance section (made here when there is no history). */
export async function recordHosting(ctx: RuleContext, facts: HostingFacts): Promise<void> {
  const owner: Record<string, unknown> = { host: facts.ref.host, login: facts.ref.owner };
  if (facts.ownerCreated !== undefined) owner['createdAt'] = facts.ownerCreated;
  if (facts.ownerType !== undefined) owner['type'] = facts.ownerType;
  if (facts.publicRepos !== undefined) owner['publicRepos'] = facts.publicRepos;
  if (facts.followers !== undefined) owner['followers'] = facts.followers;
  const repository: Record<string, unknown> = { path: facts.ref.path };
  if (facts.repoCreated !== undefined) repository['createdAt'] = facts.repoCreated;
  if (facts.stars !== undefined) repository['stars'] = facts.stars;
  if (facts.forks !== undefined) repository['forks'] = facts.forks;
  if (facts.forkOf !== undefined) repository['forkOf'] = facts.forkOf;
  if (facts.templateOf !== undefined) repository['templateOf'] = facts.templateOf;
  const history = await historyOf(ctx);
  if (history) {
    history.summary.owner = owner;
    history.summary.repository = repository;
  } else {
    ctx.setSection('provenance', { commits: 0, branches: 0, notable: [], owner, repository });
  }
}

export default defineRule({
  meta: {
    id: 'provenance/owner-young',
    severity: 'medium',
    confidence: 'medium',
    description: 'The account that owns the repository was created days ago, with few public repositories or followers (--online).',
    online: true,
    since: '0.1.0',
    phase: 'post',
  },
  async run(ctx) {
    if (!ctx.options.provenance) return;
    const facts = await hostingOf(ctx);
    if (!facts) return;
    await recordHosting(ctx, facts);
    const age = daysSince(facts.ownerCreated);
    if (age === undefined || age >= RECENT_DAYS) return;
    const thin = (facts.publicRepos ?? 0) <= 2 && (facts.followers ?? 0) <= 1;
    const extra = [
      facts.publicRepos !== undefined ? `${facts.publicRepos} public repositor${facts.publicRepos === 1 ? 'y' : 'ies'}` : undefined,
      facts.followers !== undefined ? `${facts.followers} follower${facts.followers === 1 ? '' : 's'}` : undefined,
    ].filter((x): x is string => x !== undefined);
    ctx.report({
      message: `The ${facts.ref.host} account ${facts.ref.owner} that owns this repository was created ${age} day${age === 1 ? '' : 's'} ago${extra.length > 0 ? ` and has ${extra.join(' and ')}` : ''}: lure repositories come from fresh throwaway accounts.`,
      location: { file: '.git' },
      evidence: `${facts.ref.owner} created ${facts.ownerCreated ?? ''}`,
      severity: age < YOUNG_DAYS || thin ? 'medium' : 'low',
    });
  },
});
