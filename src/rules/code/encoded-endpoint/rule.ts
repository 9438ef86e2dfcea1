import { defineRule } from '../../../core/rule.ts';
import { loadCodeFacts } from '../../../analysis/js/facts.ts';
import { decodeHiddenEndpoint, isEndpoint } from '../../../analysis/js/evaluate.ts';
import { withReach } from '../../../analysis/js/report.ts';
import type { CodeFacts } from '../../../analysis/js/types.ts';

function fetched(files: Iterable<CodeFacts>, endpoint: string, envKey?: string): boolean {
  for (const f of files) {
    for (const r of f.requests) {
      if (r.url !== undefined && (r.url === endpoint || r.url.startsWith(endpoint))) return true;
      if (r.urlTaint?.values.some(v => v === endpoint || v.startsWith(endpoint))) return true;
      if (envKey !== undefined && r.urlTaint?.steps.some(s => s.label === `reads process.env.${envKey}`)) return true;
    }
  }
  return false;
}

export default defineRule({
  meta: {
    id: 'code/encoded-endpoint',
    severity: 'high',
    confidence: 'high',
    description: 'A URL or IP:port is stored encoded (base64, hex, reversed, char codes) in code or a `.env` file.',
    triggers: ['dev', 'build', 'start'],
    escalate: true,
    since: '0.1.0',
    atoms: ['encoded-urls', 'decoders'],
  },
  async run(ctx) {
    const index = await loadCodeFacts(ctx);
    const files = [...index.files.values()];
    for (const e of index.env) {
      if (!e.decoded) continue;
      const used = fetched(files, e.decoded.value, e.key);
      ctx.report({
        message: `\`${e.key}\` in ${e.file} is ${e.decoded.encoding} for ${e.decoded.value}${used ? ', and the code fetches it' : ''}: hiding an address this way has no honest purpose in a project's settings.`,
        location: { file: e.file, line: e.line },
        evidence: e.decoded.value,
        severity: used ? 'high' : 'medium',
      });
    }
    const fromEnv = new Set(index.env.map(e => e.decoded?.value).filter((v): v is string => v !== undefined));
    for (const facts of files) {
      const seen = new Set<string>(fromEnv);
      // An address the file also writes in the clear is not hidden: encoder tests pair each input
      // with its encoded form.
      const clear = facts.strings.filter(s => !s.decoded).map(s => s.value);
      for (const s of facts.strings) {
        let endpoint: string | undefined;
        let how = 'decoded';
        if (s.decoded && isEndpoint(s.value)) endpoint = s.value.trim();
        else if (!s.decoded) {
          const d = decodeHiddenEndpoint(s.value);
          if (d) {
            endpoint = d.value;
            how = d.encoding;
          }
        }
        if (endpoint === undefined || seen.has(endpoint)) continue;
        seen.add(endpoint);
        const shown = endpoint;
        if (!s.decoded && clear.some(v => v.includes(shown))) continue;
        const used = fetched(files, endpoint);
        const severity = facts.inNodeModules ? (used ? 'medium' : 'low') : used ? 'high' : 'medium';
        ctx.report({
          message: withReach(
            `An address is hidden in ${how === 'decoded' ? 'encoded form' : how} and decodes to ${endpoint}${used ? ', which the code fetches' : ''}`,
            ctx.reachingSurfaces(facts.path),
            facts.path,
            s.loc.line,
          ),
          location: s.loc,
          evidence: endpoint,
          severity,
        });
      }
    }
  },
});
