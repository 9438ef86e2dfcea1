import { defineRule } from '../../../core/rule.ts';
import type { Severity } from '../../../core/types.ts';
import { loadCodeFacts } from '../../../analysis/js/facts.ts';
import { truncate, withReach } from '../../../analysis/js/report.ts';
import { analyzeCommand } from '../../../lang/shell/index.ts';

/**
 * Remote access is critical wherever it runs (docs/severity.md, "Remote access"): code that starts
 * a reverse tunnel to this machine's SSH port or shares its terminal hands the machine to someone
 * else. A tunnel to a web app's port is context unless something runs it without being asked.
 */
export default defineRule({
  meta: {
    id: 'code/remote-access',
    severity: 'critical',
    confidence: 'high',
    description:
      'Code starts a program that opens this machine to someone else: a reverse SSH tunnel to its SSH, desktop or engine port, a SOCKS proxy for the far end, a tunnel client exposing such a port, an frp or chisel reverse client, or terminal sharing.',
    triggers: ['install', 'dev', 'build', 'start', 'test', 'open'],
    since: '0.1.0',
    atoms: ['processes'],
  },
  async run(ctx) {
    const index = await loadCodeFacts(ctx);
    for (const facts of index.files.values()) {
      for (const s of facts.sinks) {
        if ((s.kind !== 'shell' && s.kind !== 'spawn') || s.value === undefined) continue;
        const signals = analyzeCommand(s.value).signals;
        const access = signals.find(x => x.kind === 'remote-access');
        const tunnel = access ?? signals.find(x => x.kind === 'tunnel');
        if (!tunnel) continue;
        const reaching = ctx.reachingSurfaces(facts.path);
        const automatic = reaching.some(
          r => r.trigger === 'install' || r.trigger === 'open' || r.trigger === 'commit' || r.trigger === 'shell',
        );
        // A tunnel to the app: medium when something runs it unasked, otherwise context.
        let severity: Severity = access ? 'critical' : automatic ? 'medium' : 'low';
        if (facts.inNodeModules && severity === 'critical') severity = 'high';
        ctx.report({
          message: withReach(
            `This file starts a program that ${access ? 'opens this machine to someone else' : 'exposes a local port through a tunnel'}: ${tunnel.detail}`,
            reaching,
            facts.path,
            s.loc.line,
          ),
          location: s.loc,
          severity,
          evidence: truncate(s.value),
        });
      }
    }
  },
});
