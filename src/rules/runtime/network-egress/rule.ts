import { defineRuntimeRule } from '../../../core/rule.ts';
import type { Behavior, Severity } from '../../../core/types.ts';
import { clip, phaseWords, sourceOf, str, strList, triggersOf } from '../behavior.ts';

/** Hosts that ordinary tooling reaches during dev/test (fonts, registries): reported at medium. */
const TOOLING_HOSTS = new Set([
  'fonts.googleapis.com',
  'fonts.gstatic.com',
  'registry.npmjs.org',
  'registry.yarnpkg.com',
  'nodejs.org',
  'binaries.prisma.sh',
  'telemetry.nextjs.org',
]);

function hostOf(b: Behavior): string | undefined {
  if (b.kind === 'dns') return str(b, 'name');
  if (b.kind === 'http') return str(b, 'host');
  if (b.kind === 'network') return str(b, 'destination') ?? str(b, 'sni');
  return undefined;
}

export default defineRuntimeRule({
  meta: {
    id: 'runtime/network-egress',
    severity: 'high',
    confidence: 'high',
    description: 'Code run in the sandbox tried to reach a host other than this machine (DNS, HTTP(S), raw TCP).',
    triggers: ['open', 'install', 'dev', 'test'],
    since: '0.1.0',
  },
  run(ctx) {
    const behaviors = ctx.behaviors;
    const groups = new Map<string, Behavior[]>();
    for (const b of behaviors) {
      const host = hostOf(b)?.toLowerCase();
      if (!host || host === 'localhost') continue;
      const key = `${b.phase}\u0000${host}`;
      const list = groups.get(key) ?? [];
      list.push(b);
      groups.set(key, list);
    }
    const executed = behaviors.filter(b => b.kind === 'code-loaded');
    for (const [key, list] of groups) {
      const [phase = '', host = ''] = key.split('\u0000');
      const http = list.filter(b => b.kind === 'http');
      const carried = [...new Set(list.flatMap(b => strList(b, 'honeytokens')))];
      const ran = executed.filter(b => (str(b, 'host') ?? '').toLowerCase().startsWith(host));
      const ports = [...new Set(list.map(b => b.detail?.['port']).filter((p): p is number => typeof p === 'number'))];
      let severity: Severity = TOOLING_HOSTS.has(host) ? 'medium' : 'high';
      if (carried.length > 0 || ran.length > 0) severity = 'critical';
      const what: string[] = [];
      if (http.length > 0)
        what.push(
          http
            .slice(0, 3)
            .map(b => `${str(b, 'method') ?? 'GET'} ${str(b, 'path') ?? '/'}`)
            .join(', '),
        );
      else if (list.some(b => b.kind === 'network')) what.push(`port ${ports.join(', ') || '?'}`);
      else what.push('DNS lookup only');
      if (carried.length > 0) what.push(`the request carried planted secrets: ${carried.join(', ')}`);
      if (ran.length > 0) what.push('the response was executed');
      const literal = list.some(b => b.detail?.['literalIp'] === true);
      const first = http[0] ?? list[0];
      if (!first) continue;
      ctx.report({
        severity,
        message: `${phaseWords(phase)}, the code tried to reach ${literal ? 'the IP address ' : ''}${host}${ports.length > 0 && http.length === 0 ? `:${ports[0] ?? ''}` : ''} (${what.join('; ')}).`,
        location: sourceOf(first),
        evidence: clip(http[0] ? (str(http[0], 'url') ?? host) : `${host}${ports.length > 0 ? `:${ports.join(',')}` : ''}`),
        triggers: triggersOf(first),
      });
    }
  },
});
