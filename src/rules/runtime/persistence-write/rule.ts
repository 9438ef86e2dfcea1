import { defineRuntimeRule } from '../../../core/rule.ts';
import type { Severity } from '../../../core/types.ts';
import { clip, phaseWords, sourceOf, str, triggersOf } from '../behavior.ts';

const CRITICAL = new Set([
  'desktop autostart entry',
  'systemd user service',
  'system start-up configuration',
  'crontab',
  'macOS LaunchAgent',
  'editor extension code',
]);

export default defineRuntimeRule({
  meta: {
    id: 'runtime/persistence-write',
    severity: 'critical',
    confidence: 'high',
    description:
      'Code run in the sandbox tried to make something run again later: shell start-up files, autostart, cron, LaunchAgents, editor extensions.',
    triggers: ['open', 'install', 'dev', 'test'],
    since: '0.1.0',
  },
  run(ctx) {
    const seen = new Set<string>();
    for (const b of ctx.behaviors) {
      if (b.kind !== 'persistence') continue;
      const path = str(b, 'path') ?? '';
      const what = str(b, 'what') ?? 'start-up file';
      const key = `${b.phase}\u0000${path}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const severity: Severity = CRITICAL.has(what) ? 'critical' : 'high';
      ctx.report({
        severity,
        message: `${phaseWords(b.phase)}, the code ${b.detail?.['ok'] === true ? 'changed' : 'tried to change'} a ${what} (${path}), which would run code again at every ${what.includes('shell') ? 'new terminal' : 'start'}.`,
        location: sourceOf(b),
        evidence: clip(b.summary, 240),
        triggers: triggersOf(b),
      });
    }
  },
});
