import { defineRule } from '../../../core/rule.ts';
import { loadCodeFacts } from '../../../analysis/js/facts.ts';
import { endpointOf, relatedOf, truncate, withReach } from '../../../analysis/js/report.ts';
import { hasKind } from '../../../analysis/js/types.ts';

/** A shell line that downloads and runs in one go: `curl … | sh`, `wget -O- … | bash`, `iwr … | iex`. */
export const PIPE_TO_SHELL =
  /\b(?:curl|wget|iwr|irm|Invoke-WebRequest|Invoke-RestMethod)\b[^\n]*?(?:\|\s*(?:sudo\s+)?(?:ba|z|da|k)?sh\b|\|\s*node\b|\|\s*python[23]?\b|\|\s*iex\b|\|\s*Invoke-Expression\b|\|\s*powershell\b|&&\s*(?:ba)?sh\s|;\s*(?:ba)?sh\s)|\b(?:ba)?sh\s+-c\s+["']?\$\((?:curl|wget)\b|\bpowershell(?:\.exe)?\b[^\n]*-(?:e|enc|encodedcommand)\s+[A-Za-z0-9+/=]{16,}/i;

const EXECUTABLE = /\.(?:[cm]?js|sh|exe|py|bat|cmd|ps1|vbs|scr|dll|so|dylib|bin|node)$/i;

export default defineRule({
  meta: {
    id: 'code/download-and-execute',
    severity: 'critical',
    confidence: 'high',
    description:
      'Code downloads a file or script and runs it: `curl … | sh` from a process call, or fetched bytes written to disk and then executed.',
    triggers: ['dev', 'build', 'start', 'install', 'open', 'test'],
    since: '0.1.0',
  },
  async run(ctx) {
    const index = await loadCodeFacts(ctx);
    for (const facts of index.files.values()) {
      const surfaces = ctx.reachingSurfaces(facts.path);
      for (const s of facts.sinks) {
        if ((s.kind === 'shell' || s.kind === 'spawn') && s.value && PIPE_TO_SHELL.test(s.value)) {
          ctx.report({
            message: withReach(
              `\`${s.callee}\` downloads a script and pipes it into an interpreter: \`${truncate(s.value, 120)}\``,
              surfaces,
              facts.path,
            ),
            location: s.loc,
            evidence: truncate(s.value),
            severity: facts.inNodeModules ? 'high' : 'critical',
          });
        }
      }
      const execRefs = facts.sinks.filter(s => s.refs && s.refs.length > 0 && s.kind !== 'eval' && s.kind !== 'function');
      for (const w of facts.writes) {
        if (!hasKind(w.taint, 'network')) continue;
        const runner = execRefs.find(s =>
          s.refs?.some(
            r =>
              w.refs.includes(r) ||
              (w.path !== undefined && r.startsWith('path:') && w.path.length > 3 && r.includes(w.path.replace(/^.*[\\/]/, ''))),
          ),
        );
        const endpoint = endpointOf(w.taint);
        if (runner) {
          ctx.report({
            message: withReach(
              `Downloaded data${endpoint ? ` from ${endpoint}` : ''} is written to ${w.path ?? 'a file'} and then run with \`${runner.callee}\``,
              surfaces,
              facts.path,
            ),
            location: runner.loc,
            evidence: truncate(endpoint ?? w.path ?? ''),
            related: [w.loc, ...relatedOf(w.taint, runner.loc)],
            severity: facts.inNodeModules ? 'high' : 'critical',
          });
        } else if (
          w.path !== undefined &&
          EXECUTABLE.test(w.path) &&
          facts.sinks.some(s => s.kind === 'spawn' || s.kind === 'shell' || s.kind === 'fork' || s.kind === 'module-load')
        ) {
          ctx.report({
            message: withReach(
              `Downloaded data${endpoint ? ` from ${endpoint}` : ''} is saved as the program ${w.path}, and this file also starts processes`,
              surfaces,
              facts.path,
            ),
            location: w.loc,
            evidence: truncate(w.path),
            related: relatedOf(w.taint, w.loc),
            severity: 'high',
          });
        }
      }
    }
  },
});
