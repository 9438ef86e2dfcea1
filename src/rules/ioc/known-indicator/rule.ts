import { createHash } from 'node:crypto';
import { errorMessage } from '../../../core/errors.ts';
import { defineRule } from '../../../core/rule.ts';
import type { Rule } from '../../../core/rule.ts';
import type { Severity } from '../../../core/types.ts';
import { MAX_TEXT_BYTES, readBytes } from '../../../fs/read.ts';
import { decodeText } from '../../../fs/sniff.ts';
import { positionOf } from '../../../analysis/text-source.ts';
import { loadIocs } from '../../../ioc/index.ts';
import type { LoadedIoc } from '../../../ioc/index.ts';
import { IocMatcher } from '../../../ioc/matcher.ts';

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
  const sources = entry.source.join(', ');
  return `${entry.note ?? 'campaign indicator'} (${sources}, data/ioc/${entry.file})`;
}

export interface KnownIndicatorOptions {
  /** Extra IOC files in the data/ioc format (tests, local intelligence). */
  extraFiles?: readonly (URL | string)[];
}

export function createKnownIndicatorRule(options: KnownIndicatorOptions = {}): Rule {
  let matcher: IocMatcher | undefined;
  return defineRule({
    meta: {
      id: 'ioc/known-indicator',
      severity: 'critical',
      confidence: 'high',
      description: 'A published indicator of the fake-recruiter campaigns (C2 domain, IP, payload URL, marker, wallet address or file hash) appears in the repository.',
      since: '0.1.0',
    },
    run(ctx) {
      matcher ??= new IocMatcher(loadIocs(options.extraFiles ?? []));
      const m = matcher;
      for (const entry of ctx.inventory.files) {
        if (entry.type !== 'file' || entry.size === 0) continue;
        const hashIt = !entry.inNodeModules && entry.size <= MAX_TEXT_BYTES;
        if (entry.content !== 'text' && !hashIt) continue;
        let bytes: Buffer;
        try {
          bytes = readBytes(ctx.root, entry, MAX_TEXT_BYTES);
        } catch (err) {
          ctx.error(`unreadable: ${errorMessage(err)}`, entry.path);
          continue;
        }
        if (hashIt && m.hashes.size > 0) {
          const digest = createHash('sha256').update(bytes).digest('hex');
          const known = m.hashes.get(digest);
          if (known) {
            ctx.report({
              message: `${entry.path} is byte-for-byte a known malicious file: ${describe(known)}.`,
              location: { file: entry.path },
              evidence: `sha256 ${digest}`,
              severity: 'critical',
            });
          }
        }
        if (entry.content !== 'text') continue;
        const utf16 = entry.encoding === 'utf16le' || entry.encoding === 'utf16be';
        const text = utf16 ? decodeText(bytes, entry.encoding) : undefined;
        const candidates = m.candidates(text === undefined ? bytes : Buffer.from(text, 'utf8'));
        if (candidates.length === 0) continue;
        const body = text ?? decodeText(bytes, entry.encoding);
        const seen = new Set<string>();
        for (const hit of m.confirm(body, candidates)) {
          if (seen.has(hit.entry.value)) continue;
          seen.add(hit.entry.value);
          const pos = positionOf(body, hit.offset);
          const prose = DOCS.test(entry.path) ? ' (in documentation)' : '';
          ctx.report({
            message: `${entry.path}${prose} contains the ${KIND[hit.entry.type]} \`${hit.matched}\`, a published indicator: ${describe(hit.entry)}.`,
            location: { file: entry.path, line: pos.line, column: pos.column },
            evidence: hit.matched,
            severity: severityOf(hit.entry, entry.path),
            confidence: hit.entry.confidence === 'low' ? 'medium' : 'high',
          });
        }
      }
    },
  });
}

export default createKnownIndicatorRule();
