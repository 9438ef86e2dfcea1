import { defineRuntimeRule } from '../../../core/rule.ts';
import type { Behavior } from '../../../core/types.ts';
import { clip, sourceOf, triggersOf } from '../behavior.ts';

interface NotRun {
  step?: string;
  why: string;
  fix: string;
}

function notRunOf(b: Behavior): NotRun[] {
  const v = b.detail?.['notRun'];
  if (!Array.isArray(v)) return [];
  return v.filter(
    (n): n is NotRun =>
      n !== null && typeof n === 'object' && typeof (n as NotRun).why === 'string' && typeof (n as NotRun).fix === 'string',
  );
}

export default defineRuntimeRule({
  meta: {
    id: 'runtime/phase-not-run',
    severity: 'high',
    confidence: 'high',
    description:
      'A requested detonation phase did not really run its trigger (tool or dependencies missing, no tests found, server never listened, result lost), so its silence proves nothing.',
    triggers: ['open', 'install', 'dev', 'test'],
    since: '0.1.0',
  },
  run(ctx) {
    for (const b of ctx.behaviors) {
      if (b.kind !== 'phase') continue;
      const list = notRunOf(b);
      if (list.length === 0) continue;
      const first = list[0];
      if (!first) continue;
      const whys = list.slice(0, 4).map(n => (n.step !== undefined ? `"${n.step}": ${n.why}` : n.why));
      ctx.report({
        message: `The ${b.phase} phase did not really run: ${whys.join('; ')}. Nothing it would have done was observed; to make it run, ${first.fix}.`,
        location: sourceOf(b),
        evidence: clip(b.summary, 300),
        triggers: triggersOf(b),
      });
    }
  },
});
