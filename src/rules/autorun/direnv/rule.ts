import { defineRule } from '../../../core/rule.ts';
import type { Severity } from '../../../core/types.ts';
import { maxSeverity, severityRank } from '../../../core/severity.ts';
import { baseName, joinRel } from '../../../fs/path.ts';
import { analyzeCommand } from '../../../lang/shell/index.ts';
import type { CommandAnalysis } from '../../../lang/shell/index.ts';
import { commandRisk } from '../_shared/command-risk.ts';

/** direnv stdlib functions and shell builtins that only set up the environment. */
const DECLARATIVE = new Set([
  'export',
  'unset',
  'set',
  'dotenv',
  'dotenv_if_exists',
  'layout',
  'use',
  'path_add',
  'PATH_add',
  'MANPATH_add',
  'watch_file',
  'watch_dir',
  'source_env',
  'source_env_if_exists',
  'source_up',
  'source_up_if_exists',
  'env_vars_required',
  'log_status',
  'log_error',
  'has',
  'strict_env',
  'unstrict_env',
  'expand_path',
  'direnv_load',
  'user_rel_path',
  'find_up',
  'test',
  '[',
  '[[',
  'true',
  'false',
  ':',
  'echo',
  'printf',
  'local',
  'declare',
  '=',
]);

function active(a: CommandAnalysis): boolean {
  return a.commands.some(c => !DECLARATIVE.has(c.program) && !DECLARATIVE.has(c.program.toLowerCase()));
}

interface Line {
  text: string;
  line: number;
  analysis: CommandAnalysis;
  severity: Severity;
}

/**
 * direnv asks before it runs a new or changed .envrc, so nothing here is critical on its own:
 * downloading and running code is high, any other command medium.
 */
function severityOf(a: CommandAnalysis): Severity {
  if (!active(a)) return 'info';
  return commandRisk(a, 'shell', false).severity === 'critical' ? 'high' : 'medium';
}

export default defineRule({
  meta: {
    id: 'autorun/direnv',
    severity: 'high',
    confidence: 'high',
    description: 'An `.envrc` file runs as shell code when direnv is enabled and you `cd` into the folder.',
    triggers: ['shell'],
    phase: 'map',
    files: { basenames: ['.envrc'] },
    since: '0.1.0',
  },
  run(ctx) {
    for (const file of ctx.inventory.files) {
      if (file.inNodeModules || baseName(file.path) !== '.envrc' || file.type !== 'file') continue;
      const text = ctx.text(file.path) ?? '';
      const dir = file.path.includes('/') ? file.path.slice(0, file.path.lastIndexOf('/')) : '';
      const whole = analyzeCommand(text);
      const lines: Line[] = text
        .split(/\r?\n/)
        .map((t, i) => ({ text: t.trim(), line: i + 1 }))
        .filter(l => l.text !== '' && !l.text.startsWith('#'))
        .map(l => {
          const analysis = analyzeCommand(l.text);
          return { ...l, analysis, severity: severityOf(analysis) };
        });
      const worstLine = lines.reduce<Line | undefined>(
        (w, l) => (!w || severityRank(l.severity) > severityRank(w.severity) ? l : w),
        undefined,
      );
      const severity = maxSeverity(worstLine?.severity ?? 'info', severityOf(whole));
      const shown = worstLine && worstLine.severity !== 'info' ? worstLine : lines[0];
      const files = whole.runsFiles
        .map(f => joinRel(dir, f.file))
        .filter((p): p is string => p !== undefined && ctx.inventory.byPath.get(p)?.type === 'file');
      const entry = files[0];
      ctx.addSurface({
        trigger: 'shell',
        kind: 'direnv',
        location: { file: file.path, line: shown?.line ?? 1 },
        name: '.envrc',
        ...(shown ? { command: shown.text.slice(0, 300) } : {}),
        ...(entry !== undefined ? { entry } : {}),
      });
      const risk = commandRisk(whole, 'shell', entry !== undefined);
      const why = severity !== 'info' && risk.why ? ` (${risk.why})` : '';
      ctx.report({
        message:
          severity !== 'info' && shown
            ? `Entering this folder with direnv allowed runs \`${shown.text.slice(0, 120)}\` from ${file.path}${why}.`
            : `${file.path} only sets environment variables when direnv loads it.`,
        location: { file: file.path, line: shown?.line ?? 1 },
        ...(shown ? { evidence: risk.signal ? `${shown.text.slice(0, 300)}\n${risk.signal.detail}` : shown.text.slice(0, 300) } : {}),
        severity,
        // The files it runs decide the rest (core/policy.ts surfaceSeverity).
        ...(files.length > 0 ? { runs: { trigger: 'shell' as const, files } } : {}),
      });
    }
  },
});
