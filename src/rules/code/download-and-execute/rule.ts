import { defineRule } from '../../../core/rule.ts';
import { loadCodeFacts } from '../../../analysis/js/facts.ts';
import { endpointOf, relatedOf, truncate, withReach } from '../../../analysis/js/report.ts';
import { hasKind } from '../../../analysis/js/types.ts';
import type { SinkFact, WriteFact } from '../../../analysis/js/types.ts';

/** A shell line that downloads and runs in one go: `curl … | sh`, `wget -O- … | bash`, `iwr … | iex`. */
export const PIPE_TO_SHELL =
  /\b(?:curl|wget|iwr|irm|Invoke-WebRequest|Invoke-RestMethod)\b[^\n]*?(?:\|\s*(?:sudo\s+)?(?:ba|z|da|k)?sh\b|\|\s*node\b|\|\s*python[23]?\b|\|\s*iex\b|\|\s*Invoke-Expression\b|\|\s*powershell\b|&&\s*(?:ba)?sh\s|;\s*(?:ba)?sh\s)|\b(?:ba)?sh\s+-c\s+["']?\$\((?:curl|wget)\b|\bpowershell(?:\.exe)?\b[^\n]*-(?:e|enc|encodedcommand)\s+[A-Za-z0-9+/=]{16,}/i;

const EXECUTABLE = /\.(?:[cm]?js|sh|exe|py|bat|cmd|ps1|vbs|scr|dll|so|dylib|bin|node)$/i;

/** Programs that run the file or text they are given (`node f`, `bash f`, `source f`). */
const RUNS_OPERAND =
  /^(?:sh|bash|zsh|dash|ksh|cmd|cmd\.exe|powershell|powershell\.exe|pwsh|node|nodejs|node\.exe|python[\d.]*|perl|ruby|php|osascript|wscript|cscript|mshta|bun|deno|tsx|ts-node|source|\.)$/i;
/** Words that start the program after them: `sudo x`, `FOO=1 x`, `nohup x`. */
const PREFIX = /^(?:sudo|env|nohup|exec|time|command|xargs|start|[A-Za-z_]\w*=\S*)$/i;

/**
 * The words of a command line that are run as code: each segment's program, and every word of a
 * segment whose program is an interpreter. `gh release create --notes-file notes.md` runs `gh`,
 * not `notes.md`: a file handed to a fixed program as data is not executed.
 */
export function executedWords(command: string): string[] {
  const out: string[] = [];
  for (const segment of command.split(/&&|\|\||[;|&\n`]|\$\(/)) {
    const words = segment
      .trim()
      .split(/\s+/)
      .map(w => w.replace(/^["'(]+|["')]+$/g, ''))
      .filter(Boolean);
    let i = 0;
    while (i < words.length - 1 && PREFIX.test(words[i] ?? '')) i++;
    const program = words[i];
    if (program === undefined) continue;
    if (RUNS_OPERAND.test(program.replace(/^.*[\\/]/, ''))) out.push(...words.slice(i));
    else out.push(program);
  }
  return out;
}

/** Whether `runner` runs what `w` wrote: the same variable or path, in a place the command runs. */
function runsWrite(runner: SinkFact, w: WriteFact): boolean {
  const base = w.path?.replace(/^.*[\\/]/, '');
  const linked = runner.refs?.some(
    r =>
      w.refs.includes(r) || (base !== undefined && w.path !== undefined && w.path.length > 3 && r.startsWith('path:') && r.includes(base)),
  );
  if (!linked) return false;
  // A module load runs what it names; an unknown command (`${…}`) may be the file itself; a known
  // command must run it.
  if (runner.value === undefined || (runner.kind !== 'shell' && runner.kind !== 'spawn')) return true;
  return executedWords(runner.value).some(word => word.includes('${') || (base !== undefined && base.length > 0 && word.includes(base)));
}

export default defineRule({
  meta: {
    id: 'code/download-and-execute',
    severity: 'critical',
    confidence: 'high',
    description:
      'Code downloads a file or script and runs it: `curl … | sh` from a process call, or fetched bytes written to disk and then executed.',
    triggers: ['dev', 'build', 'start', 'install', 'open', 'test'],
    since: '0.1.0',
    atoms: ['code-loaders', 'processes', 'network', 'decoders'],
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
              s.loc.line,
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
        const runner = execRefs.find(s => runsWrite(s, w));
        const endpoint = endpointOf(w.taint);
        if (runner) {
          ctx.report({
            message: withReach(
              `Downloaded data${endpoint ? ` from ${endpoint}` : ''} is written to ${w.path ?? 'a file'} and then run with \`${runner.callee}\``,
              surfaces,
              facts.path,
              runner.loc.line,
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
              w.loc.line,
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
