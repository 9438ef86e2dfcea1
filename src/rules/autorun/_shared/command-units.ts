/**
 * Units of a task runner (a justfile recipe, a Taskfile task, a tox environment, a deno task, a
 * Procfile process…): each is a surface with its steps, judged by the shared shell analysis, with
 * programs for an interpreter (a shebang recipe, `python -c …`) read by the code analysis of their
 * language, and reported once per step (a step several units run is one finding, at the unit
 * that holds it).
 */
import type { RuleContext } from '../../../core/rule.ts';
import type { Severity, Trigger } from '../../../core/types.ts';
import { needsPythonParser, preparePrograms, programVerdict } from '../../../analysis/embedded-program.ts';
import type { ProgramLang } from '../../../analysis/embedded-program.ts';
import { dirName, joinRel } from '../../../fs/path.ts';
import { analyzeCommand } from '../../../lang/shell/index.ts';
import { isRepoFile } from './jsonc-file.ts';
import { clipCommand, judgeSteps } from './command-steps.ts';
import type { CommandStep, StepsJudgement } from './command-steps.ts';

export interface Runner {
  /** The surface kind (`just-recipe`, `tox-env`). */
  kind: string;
  /** What the user types before the unit's name: `just`, `task`, `tox -e`. */
  program: string;
  /** `recipe`, `task`, `environment`. */
  noun: string;
}

/**
 * A step names the unit it belongs to, so a finding can say "through `deps`". A step that is a
 * program for an interpreter the code analysis reads (a `#!/usr/bin/env python3` recipe) carries
 * that program, placed at its lines.
 */
export type UnitStep = CommandStep & { unit: string; program?: { lang: ProgramLang; code: string } };

export interface Unit {
  name: string;
  line: number;
  /** The file the unit is written in, when not the top file (an imported justfile, an included Taskfile). */
  file?: string;
  steps: UnitStep[];
}

export interface PendingUnit {
  runner: Runner;
  /** The file the runner reads (its folder is where commands run). */
  path: string;
  unit: Unit;
  trigger: Trigger;
  label: string;
  /** How the user starts it, when not `${program} ${unit}` (`Any \`just\``, `\`heroku local\``). */
  invocation?: string;
}

const RANK: Record<StepsJudgement['tier'], number> = { none: 0, context: 1, hidden: 2, decisive: 3 };

/**
 * The steps' worst: shell steps through the shell analysis, programs through the code analysis
 * of their language, with the constant commands a program runs (`os.system("…")`) read as shell.
 */
function judgeUnit(ctx: RuleContext, steps: readonly UnitStep[]): StepsJudgement {
  const shell: UnitStep[] = [];
  const programs: { step: UnitStep; lang: ProgramLang; code: string; inline?: true }[] = [];
  for (const step of steps) {
    if (step.program === undefined) {
      shell.push(step);
      // Inline code (`python3 -c …`, `node -e …`) is that language's program.
      for (const p of analyzeCommand(step.command).programs) programs.push({ step, lang: p.lang, code: p.code, inline: true });
    } else programs.push({ step, ...step.program });
  }
  const verdicts = programs.map(p => ({ p, v: ctx.facts.get(programVerdict, { path: p.step.file, lang: p.lang, code: p.code }) }));
  for (const { p, v } of verdicts) {
    if (v.error !== undefined)
      ctx.error(
        `the ${p.lang === 'py' ? 'Python' : 'JavaScript'} recipe at line ${String(p.step.line)} could not be analysed: ${v.error}`,
        p.step.file,
        'unparseable',
      );
    for (const c of v.commands) {
      const line = p.inline ? p.step.line + (c.line ?? 1) - 1 : (c.line ?? p.step.line);
      shell.push({ ...p.step, line, command: c.command });
    }
  }
  let j = judgeSteps(ctx, shell);
  for (const { p, v } of verdicts) {
    if (v.tier === 'none' || RANK[v.tier] <= RANK[j.tier]) continue;
    const { signal: _dropped, ...rest } = j;
    // The message quotes the program's line that does it, not the whole recipe.
    // A shebang recipe's program is placed at its lines; inline code starts at its command's line.
    const line = p.inline ? p.step.line + (v.line ?? 1) - 1 : (v.line ?? p.step.line);
    const text = p.inline ? p.step.command : p.code.split('\n')[line - 1]?.trim();
    j = {
      ...rest,
      tier: v.tier,
      why: v.why,
      step: { ...p.step, line, command: text !== undefined && text !== '' ? text : p.step.command },
    };
  }
  return j;
}

function severityOf(j: StepsJudgement): Severity {
  if (j.tier === 'decisive') return 'critical';
  if (j.credentials) return j.sends ? 'critical' : 'high';
  if (j.tier === 'hidden') return 'medium';
  if (j.tier === 'context') return 'low';
  return 'info';
}

/**
 * Maps every unit of a file, then reports them: units whose worst step is their own first, so a
 * step that several units run (`default: [setup]`) is one finding, at the unit that holds it.
 */
export function reportUnits(ctx: RuleContext, pending: readonly PendingUnit[]): void {
  const judged = pending.map(p => ({ p, j: judgeUnit(ctx, p.unit.steps) }));
  const own = (x: (typeof judged)[number]): number => ((x.j.step as UnitStep | undefined)?.unit === x.p.unit.name ? 0 : 1);
  const told = new Set<string>();
  for (const x of [...judged].sort((a, b) => own(a) - own(b))) report(ctx, x.p, x.j, told);
}

function report(ctx: RuleContext, p: PendingUnit, j: StepsJudgement, told: Set<string>): void {
  const { runner, path, unit, trigger, label } = p;
  const dir = dirName(path);
  const command = unit.steps.map(s => s.command).join('; ');
  const files: string[] = [];
  for (const f of j.runs) {
    const rel = joinRel(dir, f);
    if (rel !== undefined && isRepoFile(ctx, rel) && !files.includes(rel)) files.push(rel);
  }
  ctx.addSurface({
    trigger,
    kind: runner.kind,
    location: { file: unit.file ?? path, line: unit.line },
    name: label,
    command: clipCommand(command, 500),
    ...(files[0] !== undefined ? { entry: files[0], reaches: files.slice(1) } : {}),
  });
  const severity = severityOf(j);
  if (severity === 'info' && files.length === 0) return;
  // The step that set the severity: credentials outrank everything short of a decisive step.
  const cause = j.tier === 'decisive' || !j.credentials ? (j.tier !== 'none' ? j.step : undefined) : j.credentials;
  const shownStep = (cause ?? unit.steps[0]) as UnitStep | undefined;
  const key = `${shownStep?.file ?? path}:${String(shownStep?.line ?? unit.line)}:${severity}`;
  if (told.has(key)) return;
  told.add(key);
  const invocation = p.invocation ?? (unit.name === '(load time)' ? `Any \`${runner.program}\`` : `\`${runner.program} ${unit.name}\``);
  const via = shownStep && shownStep.unit !== unit.name && unit.name !== '(load time)' ? ` (through \`${shownStep.unit}\`)` : '';
  const why =
    j.tier === 'decisive' || j.tier === 'hidden'
      ? `, which ${j.why}`
      : j.credentials
        ? j.sends
          ? ', which reads credential or browser files and uploads data'
          : ', which reads credential or browser files'
        : '';
  ctx.report({
    severity,
    message: `${invocation} runs \`${clipCommand(shownStep?.command ?? command)}\`${via}${why}.`,
    location: { file: shownStep?.file ?? path, line: shownStep?.line ?? unit.line },
    evidence: j.signal
      ? `${clipCommand(shownStep?.command ?? '', 300)}\n${j.signal.detail}`
      : clipCommand(shownStep?.command ?? command, 300),
    ...(files.length > 0 ? { runs: { trigger, files } } : {}),
  });
}

/** Loads the Python parser when a unit has Python code (a recipe program or inline `python -c`). */
export async function prepareUnits(pending: readonly PendingUnit[]): Promise<void> {
  const python = pending.some(p =>
    p.unit.steps.some(s =>
      s.program !== undefined ? needsPythonParser(s.program.lang) : /\b(?:python|pypy)/.test(s.command) && needsPythonParser('py'),
    ),
  );
  if (python) await preparePrograms();
}
