import { defineRule } from '../../../core/rule.ts';
import type { Severity } from '../../../core/types.ts';
import { loadCodeFacts } from '../../../analysis/js/facts.ts';
import { foreignCodeCause, truncate, withReach } from '../../../analysis/js/report.ts';
import { hasKind } from '../../../analysis/js/types.ts';
import type { CodeFacts } from '../../../analysis/js/types.ts';

interface Category {
  id: string;
  label: string;
  test: RegExp;
  /** Severity of the string alone, in project code. */
  alone: Severity;
}

const PRIVATE_IP = /^(?:127\.|10\.|0\.|192\.168\.|172\.(?:1[6-9]|2\d|3[01])\.|169\.254\.|255\.)/;

export const CATEGORIES: readonly Category[] = [
  { id: 'ip-port', label: 'a raw IP address and port', test: /(?:^|[/@\s"'`(])((?:\d{1,3}\.){3}\d{1,3}):(\d{2,5})\b/, alone: 'medium' },
  {
    id: 'json-storage',
    label: 'a JSON-storage or paste service',
    test: /\b(?:api\.npoint\.io|jsonkeeper\.com|mocki\.io|[\w-]+\.tiiny\.site|pastebin\.com\/raw|paste\.ee\/r|hastebin\.com\/raw|api\.jsonbin\.io|rentry\.co\/[\w-]+\/raw|jsonblob\.com\/api)\b/i,
    alone: 'low',
  },
  {
    id: 'serverless-api',
    label: 'a Vercel/Netlify-hosted API',
    test: /\bhttps?:\/\/[\w-]+\.(?:vercel\.app|netlify\.app)\/(?:api|\.netlify\/functions)\//i,
    alone: 'low',
  },
  {
    id: 'ip-lookup',
    label: 'an IP-lookup service',
    test: /\b(?:ipapi\.co|ipinfo\.io|freeipapi\.com|ip-api\.com|api\.ipify\.org|ipwho\.is|ipgeolocation\.io)\b/i,
    alone: 'low',
  },
  {
    id: 'chat-exfil',
    label: 'a Telegram bot or Discord webhook',
    test: /\bapi\.telegram\.org\/bot|\bdiscord(?:app)?\.com\/api\/webhooks\//i,
    alone: 'medium',
  },
  {
    id: 'dead-drop',
    label: 'a blockchain dead drop',
    test: /\b(?:api\.trongrid\.io|fullnode\.\w+\.aptoslabs\.com|bsc-dataseed\d*\.binance\.org|eth_getTransactionByHash|getMemo\s*\()/i,
    alone: 'low',
  },
];

function categorise(value: string): { cat: Category; match: string } | undefined {
  for (const cat of CATEGORIES) {
    const m = cat.test.exec(value);
    if (!m) continue;
    if (cat.id === 'ip-port') {
      const ip = m[1] ?? '';
      if (PRIVATE_IP.test(ip) || ip.split('.').some(o => Number(o) > 255)) continue;
      // Version-like strings (1.2.3.4:5) are not addresses; require a scheme or a plain host:port.
      if (!/^(?:[a-z]+:\/\/)?(?:\d{1,3}\.){3}\d{1,3}:\d{2,5}(?:[/?#].*)?$/i.test(value.trim())) continue;
    }
    return { cat, match: cat.id === 'ip-port' ? `${m[1] ?? ''}:${m[2] ?? ''}` : m[0].trim() };
  }
  return undefined;
}

/** The request that uses an endpoint, and whether its response is run or it sends host data. */
function usage(facts: CodeFacts, value: string): { fetched: boolean; executed: boolean; exfil: boolean } {
  const host = value.replace(/^[a-z]+:\/\//i, '').split(/[/?#]/)[0] ?? value;
  const uses = facts.requests.filter(r => (r.url?.includes(host) ?? false) || (r.urlTaint?.values.some(v => v.includes(host)) ?? false));
  // Run as code in the sense code/remote-code-execution uses: not data handed to a fixed program.
  const executed = facts.sinks.some(
    s => foreignCodeCause(s, facts.inNodeModules) === 'remote' && (s.taint?.values.some(v => v.includes(host)) ?? false),
  );
  const exfil = uses.some(r => hasKind(r.payloadTaint, 'envdump', 'fingerprint', 'credential'));
  return { fetched: uses.length > 0, executed, exfil };
}

export default defineRule({
  meta: {
    id: 'code/suspicious-endpoint',
    severity: 'high',
    confidence: 'medium',
    description:
      'Code contacts an address of the kind these lures use: raw IP:port, JSON-storage/paste services, Vercel API gates, IP-lookup services, Telegram/Discord webhooks, blockchain dead drops.',
    triggers: ['dev', 'build', 'start'],
    since: '0.1.0',
    atoms: ['endpoints', 'chain-endpoints', 'network'],
  },
  async run(ctx) {
    const index = await loadCodeFacts(ctx);
    for (const facts of index.files.values()) {
      const seen = new Set<string>();
      const candidates = [
        ...facts.strings.map(s => ({ value: s.value, loc: s.loc })),
        ...facts.requests.filter(r => r.url !== undefined).map(r => ({ value: r.url ?? '', loc: r.loc })),
      ];
      for (const c of candidates) {
        const hit = categorise(c.value);
        if (!hit || seen.has(hit.match)) continue;
        seen.add(hit.match);
        const u = usage(facts, hit.match);
        let severity: Severity = hit.cat.alone;
        let detail = '';
        if (u.executed) {
          severity = 'high';
          detail = ', and what it returns is run as code';
        } else if (u.exfil) {
          severity = 'high';
          detail = ', and the request carries data about this machine';
        } else if (u.fetched && severity === 'low') {
          severity = hit.cat.id === 'json-storage' || hit.cat.id === 'ip-lookup' ? 'low' : 'medium';
          detail = ', and the code requests it';
        }
        if (facts.inNodeModules && !u.executed && !u.exfil) severity = 'low';
        // A raw address in a file that makes no request, runs no command and exports nothing is
        // data (a parser's test table, a header value): nothing here contacts it.
        const inert = facts.requests.length === 0 && facts.sinks.length === 0 && Object.keys(facts.summary.exports).length === 0;
        if (hit.cat.id === 'ip-port' && !u.fetched && inert) severity = 'low';
        // Reachability raises the strong kinds only: a JSON-storage fetch in a page stays low.
        const surfaces = ctx.reachingSurfaces(facts.path);
        if (severity === 'medium' && surfaces.length > 0 && (hit.cat.id === 'ip-port' || hit.cat.id === 'chat-exfil')) severity = 'high';
        ctx.report({
          message: withReach(
            `This file ${hit.cat.id === 'ip-port' && !u.fetched && inert ? 'names, but never requests,' : 'contacts'} ${hit.cat.label} (${truncate(hit.match, 80)})${detail}`,
            surfaces,
            facts.path,
            c.loc.line,
          ),
          ...(surfaces.length > 0 ? { triggers: [...new Set(surfaces.map(s => s.trigger))] } : {}),
          location: c.loc,
          evidence: truncate(c.value),
          severity,
        });
      }
    }
  },
});
