import { defineRule } from '../../../core/rule.ts';
import type { Severity } from '../../../core/types.ts';
import { textFacts } from '../../../analysis/text-facts.ts';
import { iocMatcher } from '../../../analysis/text-source.ts';
import type { LoadedIoc } from '../../../ioc/index.ts';

// Prose where a value is more likely quoted than used.
const DOCS = /(?:^|\/)(?:docs?|documentation)\/|\.(?:md|mdx|markdown|txt|rst|adoc)$|(?:^|\/)(?:LICEN[CS]E|CHANGELOG|AUTHORS)[^/]*$/i;

const KIND: Record<LoadedIoc['type'], string> = {
  domain: 'domain',
  ip: 'IP address',
  url: 'payload URL',
  'url-path': 'URL path',
  marker: 'marker',
  address: 'blockchain address',
  sha256: 'file',
};

function severityOf(entry: LoadedIoc, path: string): Severity {
  if (DOCS.test(path)) return 'medium';
  if (entry.confidence === 'low' || entry.type === 'url-path') return 'high';
  return 'critical';
}

function describe(entry: LoadedIoc): string {
  const [first, ...more] = entry.references;
  const where = first === undefined ? 'Airlock indicator list' : more.length > 0 ? `${first} and ${more.length} more` : first;
  return `${entry.note ?? 'campaign indicator'} (reported in ${where})`;
}

export default defineRule({
  meta: {
    id: 'ioc/known-indicator',
    textGates: ['ioc'],
    severity: 'critical',
    confidence: 'high',
    description:
      'A published indicator of the fake-recruiter campaigns (C2 domain, IP, payload URL, marker, wallet address or file hash) appears in the repository.',
    since: '0.1.0',
  },
  async run(ctx) {
    // The shipped IOC set plus the scan's `iocFiles`: the one the shared text pass matches.
    const matcher = ctx.facts.get(iocMatcher);
    for (const facts of (await textFacts(ctx)).values()) {
      const known = facts.sha256 === undefined ? undefined : matcher.hashes.get(facts.sha256);
      if (known) {
        ctx.report({
          message: `${facts.path} is byte-for-byte a known malicious file: ${describe(known)}.`,
          location: { file: facts.path },
          evidence: `sha256 ${facts.sha256 ?? ''}`,
          severity: 'critical',
        });
      }
      const seen = new Set<string>();
      for (const hit of facts.ioc) {
        const entry = hit.value.entry;
        if (seen.has(entry.value)) continue;
        seen.add(entry.value);
        const prose = DOCS.test(facts.path) ? ' (in documentation)' : '';
        ctx.report({
          message: `${facts.path}${prose} contains the ${KIND[entry.type]} \`${hit.value.matched}\`, a published indicator: ${describe(entry)}.`,
          location: { file: facts.path, line: hit.line, column: hit.column },
          evidence: hit.value.matched,
          severity: severityOf(entry, facts.path),
          confidence: entry.confidence === 'low' ? 'medium' : 'high',
        });
      }
    }
  },
});
