import { defineRuntimeRule } from '../../../core/rule.ts';
import { clip, phaseWords, sourceOf, str, triggersOf } from '../behavior.ts';

export default defineRuntimeRule({
  meta: {
    id: 'runtime/remote-code-loaded',
    severity: 'critical',
    confidence: 'high',
    description: 'Code run in the sandbox executed the body of a network response (the sinks serve a traceable decoy payload).',
    triggers: ['open', 'install', 'dev', 'test'],
    since: '0.1.0',
  },
  run(ctx) {
    const seen = new Set<string>();
    for (const b of ctx.behaviors) {
      if (b.kind !== 'code-loaded') continue;
      const decoy = str(b, 'decoy') ?? '';
      if (seen.has(decoy)) continue;
      seen.add(decoy);
      ctx.report({
        message: `${phaseWords(b.phase)}, the code downloaded ${str(b, 'url') ?? 'a response'} and executed it: a remote server decides what runs on your machine.`,
        location: sourceOf(b),
        evidence: clip(b.summary, 240),
        triggers: triggersOf(b),
      });
    }
  },
});
