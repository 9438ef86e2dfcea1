import { defineRule } from '../../../core/rule.ts';
import type { Severity } from '../../../core/types.ts';
import { loadCodeFacts } from '../../../analysis/js/facts.ts';
import { truncate, withReach } from '../../../analysis/js/report.ts';
import { hasKind } from '../../../analysis/js/types.ts';

export default defineRule({
  meta: {
    id: 'code/silent-process',
    severity: 'high',
    confidence: 'medium',
    description:
      'A process is started detached from the terminal, with its output discarded, hidden on Windows and unreferenced, so it outlives the command you ran.',
    triggers: ['dev', 'build', 'start', 'install'],
    escalate: true,
    since: '0.1.0',
    atoms: ['processes'],
  },
  async run(ctx) {
    const index = await loadCodeFacts(ctx);
    for (const facts of index.files.values()) {
      for (const s of facts.spawns) {
        const hiding = [
          s.detached && 'detached',
          s.stdioIgnore && 'output discarded',
          s.windowsHide && 'window hidden',
          s.unref && 'unreferenced',
        ].filter((x): x is string => typeof x === 'string');
        if (!s.detached || hiding.length < 3) continue;
        const risky = s.stdinNode || hasKind(s.taint, 'network', 'decoded', 'rpc');
        let severity: Severity = risky ? 'high' : 'medium';
        if (facts.inNodeModules) severity = risky ? 'medium' : 'low';
        const what = s.stdinNode ? 'a `node -` process that reads its program from stdin' : `\`${truncate(s.command ?? 'a process', 80)}\``;
        ctx.report({
          message: withReach(
            `This file starts ${what} in the background (${hiding.join(', ')}), so it keeps running after you stop the command`,
            ctx.reachingSurfaces(facts.path),
            facts.path,
            s.loc.line,
          ),
          location: s.loc,
          severity,
          evidence: truncate(s.command ?? ''),
        });
      }
    }
  },
});
