import { defineRule } from '../../../core/rule.ts';
import type { FindingInput } from '../../../core/rule.ts';
import type { Severity } from '../../../core/types.ts';
import { loadCodeFacts } from '../../../analysis/js/facts.ts';
import { chainText, endpointOf, foreignCodeCause, relatedOf, truncate, withReach } from '../../../analysis/js/report.ts';
import { hasKind, STAGE_STEP } from '../../../analysis/js/types.ts';
import type { SinkFact } from '../../../analysis/js/types.ts';

const CODE_SINKS = new Set<SinkFact['kind']>(['eval', 'function', 'vm', 'module-load', 'module-compile', 'timer', 'wasm', 'stdin-code']);

function describeSink(s: SinkFact, python: boolean): string {
  switch (s.kind) {
    case 'eval':
    case 'function':
    case 'vm':
    case 'timer':
      return `runs it as ${python ? 'Python' : 'JavaScript'} with \`${s.callee}\``;
    case 'module-load':
      return `loads it as a module with \`${s.callee}\``;
    case 'module-compile':
      return python ? `turns it into code with \`${s.callee}\`` : `compiles it as a module with \`${s.callee}\``;
    case 'wasm':
      return `instantiates it as WebAssembly with \`${s.callee}\``;
    case 'stdin-code':
      return 'pipes it into a program that runs what it reads on stdin (`node -`, a shell)';
    case 'shell':
    case 'spawn':
    case 'fork':
      if (s.inlineCode === true)
        return `runs it as code on an interpreter's command line (\`${s.value?.split(/\s/).slice(0, 2).join(' ') ?? ''}\`) with \`${s.callee}\``;
      return `runs it as a command with \`${s.callee}\``;
  }
}

const HOLE = '${…}';

/**
 * Network data that only completes arguments the command writes with a fixed start
 * (`npm install pkg@${version}`, `--tag=${tag}`) picks a value for a program the repository
 * chose; it does not choose the program or a whole argument. Data that is a whole word can name
 * a package, a URL or a script to run, and stays a finding.
 */
function completesFixedArguments(command: string): boolean {
  const words = command.trim().split(/\s+/);
  if (words.length < 2 || words[0]?.includes(HOLE) !== false) return false;
  return words.slice(1).every(w => !w.includes(HOLE) || (!w.startsWith(HOLE) && !/[;&|`$<>()]/.test(w.replaceAll(HOLE, ''))));
}

export default defineRule({
  meta: {
    id: 'code/remote-code-execution',
    severity: 'critical',
    confidence: 'high',
    description: 'Data fetched from the network, a blockchain, a decoded string or a data file is run as code.',
    triggers: ['dev', 'build', 'start', 'install', 'open', 'test'],
    since: '0.1.0',
  },
  async run(ctx) {
    const index = await loadCodeFacts(ctx);
    for (const facts of index.files.values()) {
      // A decoded stage's own sinks are reported at the sink that runs the stage: one finding per
      // place, the most telling cause (a download over a data file over hidden text).
      const best = new Map<string, { rank: number; finding: FindingInput }>();
      for (const s of facts.sinks) {
        const t = s.taint;
        const cause = foreignCodeCause(s, facts.inNodeModules);
        if (!cause) continue;
        const remote = cause === 'remote';
        const fromFile = cause === 'file';
        const hidden = cause === 'hidden';
        const endpoint = endpointOf(t);
        let what: string | undefined;
        const runsCode = CODE_SINKS.has(s.kind) || s.inlineCode === true;
        if (runsCode) {
          if (remote)
            what = hasKind(t, 'rpc')
              ? `reads data from a blockchain${endpoint ? ` (${endpoint})` : ''}`
              : `downloads code${endpoint ? ` from ${endpoint}` : ''}`;
          else if (fromFile) what = `reads ${t?.values[0] ?? 'a data file'}`;
          else what = s.value !== undefined && s.value.length >= 8 ? 'decodes hidden text' : 'decodes text it never shows in the clear';
        } else {
          what = `receives a command${endpoint ? ` from ${endpoint}` : ' over the network'}`;
        }
        if (!what) continue;
        let severity: Severity = facts.inNodeModules && !remote && !fromFile ? 'high' : 'critical';
        // `git clone ${url}` with a URL from an API: network data reaches a known program's arguments.
        const knownProgram =
          !runsCode &&
          s.value !== undefined &&
          /^[\w./-]+\s/.test(s.value) &&
          !/^(?:sh|bash|zsh|cmd|powershell|pwsh|node|python3?)\s/.test(s.value);
        if (knownProgram) {
          const picksAValue = completesFixedArguments(s.value ?? '');
          severity = picksAValue ? 'low' : 'high';
          what = `${picksAValue ? 'completes a fixed argument with' : 'passes'} data received${endpoint ? ` from ${endpoint}` : ' over the network'} ${picksAValue ? 'for' : 'to'} \`${s.value?.split(/\s/)[0] ?? ''}\``;
        }
        // A sink of a decoded stage, reported where the stage is run.
        const staged = t?.steps[0]?.label === STAGE_STEP;
        const message = withReach(
          knownProgram
            ? `This file ${what}, a command started with \`${s.callee}\``
            : `This file ${staged ? 'decodes code that ' : ''}${what} and ${describeSink(s, facts.language === 'python')}`,
          ctx.reachingSurfaces(facts.path),
          facts.path,
          s.loc.line,
        );
        const related = relatedOf(t, s.loc);
        if (s.via) related.push(s.via);
        const key = `${s.loc.line ?? ''}:${s.loc.column ?? ''}`;
        const rank = (severity === 'critical' ? 4 : 0) + (remote ? 2 : fromFile ? 1 : 0);
        const seen = best.get(key);
        if (seen && seen.rank >= rank) continue;
        best.set(key, {
          rank,
          finding: {
            message,
            location: s.loc,
            severity,
            evidence: truncate(
              endpoint ?? (fromFile ? (t?.values[0] ?? '') : hidden ? (t?.values.find(v => v.length >= 8) ?? s.value ?? '') : chainText(t)),
            ),
            ...(related.length > 0 ? { related } : {}),
          },
        });
      }
      for (const { finding } of best.values()) ctx.report(finding);
    }
  },
});
