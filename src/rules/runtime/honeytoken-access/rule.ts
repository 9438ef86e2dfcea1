import { defineRuntimeRule } from '../../../core/rule.ts';
import { clip, phaseWords, sourceOf, str, strList, triggersOf } from '../behavior.ts';

export default defineRuntimeRule({
  meta: {
    id: 'runtime/honeytoken-access',
    severity: 'critical',
    confidence: 'high',
    description:
      'Code run in the sandbox read a planted decoy secret (SSH key, cloud or npm token, browser or wallet data) or sent one out.',
    triggers: ['open', 'install', 'dev', 'test'],
    since: '0.1.0',
  },
  run(ctx) {
    const seen = new Set<string>();
    for (const b of ctx.behaviors) {
      if (b.kind === 'honeytoken') {
        if (b.detail?.['expectedReader'] === true) continue;
        const token = str(b, 'token') ?? '?';
        const key = `read\u0000${b.phase}\u0000${token}\u0000${strList(b, 'argv').join(' ')}`;
        if (seen.has(key)) continue;
        seen.add(key);
        ctx.report({
          message: `${phaseWords(b.phase)}, the code ${str(b, 'op') === 'read' ? 'read' : 'opened'} the planted ${str(b, 'label') ?? 'secret'}: a take-home project has no reason to touch it.`,
          location: sourceOf(b),
          evidence: clip(`${str(b, 'path') ?? ''} by ${strList(b, 'argv').join(' ')}`, 240),
          triggers: triggersOf(b),
        });
      } else if ((b.kind === 'http' || b.kind === 'network') && strList(b, 'honeytokens').length > 0) {
        const tokens = strList(b, 'honeytokens');
        const key = `sent\u0000${b.phase}\u0000${tokens.join(',')}\u0000${str(b, 'url') ?? str(b, 'destination') ?? ''}`;
        if (seen.has(key)) continue;
        seen.add(key);
        ctx.report({
          message: `${phaseWords(b.phase)}, planted secrets (${tokens.join(', ')}) were sent to ${str(b, 'host') ?? str(b, 'destination') ?? 'a remote host'}.`,
          location: sourceOf(b),
          evidence: clip(b.summary, 240),
          triggers: triggersOf(b),
        });
      }
    }
  },
});
