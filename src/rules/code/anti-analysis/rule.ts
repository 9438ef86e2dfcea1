import { defineRule } from '../../../core/rule.ts';
import { evasionSeverity } from '../../../core/policy.ts';
import { loadCodeFacts } from '../../../analysis/js/facts.ts';
import { withReach } from '../../../analysis/js/report.ts';

const WHAT: Record<string, string> = {
  'debugger-trap': 'sets a debugger trap',
  'ci-check': 'checks whether it runs in CI before it acts',
  'vm-check': 'checks for sandboxes or virtual machines before it acts',
  'host-check': 'checks the host name or user before it acts',
  delay: 'waits a long time before it acts',
};

export default defineRule({
  meta: {
    id: 'code/anti-analysis',
    severity: 'medium',
    confidence: 'medium',
    description:
      'Code hides from analysis: debugger traps, CI/sandbox/VM/host checks that gate a network call or code execution, long sleeps before acting.',
    triggers: ['dev', 'build', 'start'],
    escalate: true,
    since: '0.1.0',
    atoms: ['analysis-checks', 'environment-reads'],
  },
  async run(ctx) {
    const index = await loadCodeFacts(ctx);
    for (const facts of index.files.values()) {
      for (const g of facts.gates) {
        if (g.kind !== 'debugger-trap' && !g.gatesAction) continue;
        const kind = g.kind === 'debugger-trap' ? 'trap' : g.kind === 'vm-check' ? 'sandbox' : 'guard';
        const severity = evasionSeverity({ kind, risky: g.risky, installed: facts.inNodeModules });
        if (severity === undefined) continue;
        ctx.report({
          message: withReach(
            `This file ${WHAT[g.kind] ?? 'hides from analysis'}${kind === 'guard' && !g.risky ? ' (what it guards runs no data as code and sends no secrets)' : ''}: ${g.detail}`,
            ctx.reachingSurfaces(facts.path),
            facts.path,
            g.loc.line,
          ),
          location: g.loc,
          severity,
          evidence: g.detail,
        });
      }
    }
  },
});
