import { defineRule } from '../../../core/rule.ts';
import { isLoopbackUrl, theftSeverity } from '../../../core/policy.ts';
import type { Severity } from '../../../core/types.ts';
import { loadCodeFacts } from '../../../analysis/js/facts.ts';
import { endpointOf, relatedOf, truncate, withReach } from '../../../analysis/js/report.ts';
import { hasKind } from '../../../analysis/js/types.ts';
import { waysOut } from '../../../analysis/js/exits.ts';

/** An environment variable that turns telemetry off (`DO_NOT_TRACK`, `NEXT_TELEMETRY_DISABLED`, `ACME_NO_ANALYTICS`). */
const OPT_OUT = /^(?:DO_NOT_TRACK|[A-Z0-9_]*(?:TELEMETRY|TRACKING|ANALYTICS)[A-Z0-9_]*)$/;
/** The same name read through an alias of `process.env` (`const env = process.env; env.DO_NOT_TRACK`). */
const OPT_OUT_READ =
  /\.(?:DO_NOT_TRACK|[A-Z0-9_]*(?:TELEMETRY|TRACKING|ANALYTICS)[A-Z0-9_]*)\b|\[\s*['"](?:DO_NOT_TRACK|[A-Z0-9_]*(?:TELEMETRY|TRACKING|ANALYTICS)[A-Z0-9_]*)['"]\s*\]/;

function honoursOptOut(envReads: readonly { name: string }[], text: string | undefined): boolean {
  return envReads.some(e => OPT_OUT.test(e.name)) || (text !== undefined && OPT_OUT_READ.test(text));
}

export default defineRule({
  meta: {
    id: 'code/env-exfiltration',
    severity: 'critical',
    confidence: 'high',
    description:
      'The whole environment (`process.env`) or a fingerprint of the machine is sent in a network request (critical when it is the whole environment or names the machine or user).',
    triggers: ['dev', 'build', 'start', 'install'],
    escalate: true,
    since: '0.1.0',
    atoms: ['environment-reads', 'network'],
  },
  async run(ctx) {
    const index = await loadCodeFacts(ctx);
    for (const facts of index.files.values()) {
      const runsRemote = facts.sinks.some(s => hasKind(s.taint, 'network', 'rpc'));
      for (const r of facts.requests) {
        const p = r.payloadTaint;
        const dump = hasKind(p, 'envdump');
        const fingerprints = new Set((p?.steps ?? []).filter(s => /^reads os\./.test(s.label)).map(s => s.label));
        const fingerprint = hasKind(p, 'fingerprint') && fingerprints.size >= 2;
        if (!dump && !fingerprint) continue;
        const dest = r.url ?? endpointOf(r.urlTaint);
        // Theft: the whole environment, or a fingerprint that names this machine or its user, sent
        // to another machine (core/policy.ts); to localhost (a smoke test) it is no theft.
        const identifying = [...fingerprints].some(l => /hostname|userInfo|networkInterfaces|homedir/.test(l));
        let severity: Severity = theftSeverity({ sent: dump || identifying, loopback: isLoopbackUrl(dest), runsRemote, installed: false });
        // Platform, release and architecture name no machine and no person: a CLI's usage
        // telemetry sends them. With an opt-out the file honours (`DO_NOT_TRACK`, an
        // `…_TELEMETRY_DISABLED` variable) it is context; without one, a reader checks what goes home.
        if (!dump && !identifying && !runsRemote && severity === 'high')
          severity = honoursOptOut(facts.envReads, ctx.text(facts.path)) ? 'low' : 'medium';
        if (facts.inNodeModules && !runsRemote && severity !== 'low') severity = 'medium';
        const what = dump
          ? 'all your environment variables (API keys, tokens, secrets)'
          : identifying
            ? `a fingerprint of this machine (${[...fingerprints].map(l => l.replace('reads ', '')).join(', ')})`
            : `facts about this machine that name neither it nor you (${[...fingerprints].map(l => l.replace('reads ', '')).join(', ')}), as usage telemetry does,`;
        const tail = runsRemote ? ', and runs code the server sends back' : '';
        ctx.report({
          message: withReach(
            `This file sends ${what} to ${dest ? truncate(dest, 100) : 'a server'} with \`${r.callee}\`${tail}`,
            ctx.reachingSurfaces(facts.path),
            facts.path,
            r.loc.line,
          ),
          location: r.loc,
          severity,
          evidence: truncate(dest ?? p?.steps.map(s => s.label).join(' → ') ?? ''),
          related: relatedOf(p, r.loc),
        });
      }
      // The whole environment handed to an uploading program, or copied into a cloud-synced folder.
      if (facts.requests.some(r => hasKind(r.payloadTaint, 'envdump'))) continue;
      const exit = waysOut(facts, ['envdump'], () => false)[0];
      if (!exit) continue;
      ctx.report({
        message: withReach(
          `This file sends all your environment variables (API keys, tokens, secrets) out of this machine with ${exit.how}`,
          ctx.reachingSurfaces(facts.path),
          facts.path,
          exit.loc.line,
        ),
        location: exit.loc,
        severity: facts.inNodeModules ? 'medium' : 'critical',
        evidence: truncate(exit.evidence),
      });
    }
  },
});
