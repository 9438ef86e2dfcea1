import { defineRule } from '../../../core/rule.ts';
import type { RuleContext } from '../../../core/rule.ts';
import type { Severity, Trigger } from '../../../core/types.ts';
import { baseName, dirName, joinRel } from '../../../fs/path.ts';
import { interpolate, isShellInterpreter, parseJustfile } from '../../../lang/justfile.ts';
import type { JustRecipe, Justfile } from '../../../lang/justfile.ts';
import { readYamlDocument } from '../../../lang/yaml.ts';
import type { YamlDocument } from '../../../lang/yaml.ts';
import { isRepoFile } from '../_shared/jsonc-file.ts';
import { clipCommand, judgeSteps } from '../_shared/command-steps.ts';
import type { CommandStep, StepsJudgement } from '../_shared/command-steps.ts';
import { triggerOfTarget } from '../make-target/rule.ts';

const JUSTFILE = /^\.?justfile$/i;
const TASKFILE = /^taskfile(?:\.dist)?\.ya?ml$/i;
/** Dependency and `just x`/`task: x` levels followed from a recipe or task. */
const MAX_DEPTH = 8;
const MAX_VISITS = 200;

export type RunnerKind = 'just-recipe' | 'taskfile-task';

interface Runner {
  kind: RunnerKind;
  /** `just` or `task`. */
  program: string;
  /** `recipe` or `task`. */
  noun: string;
}

const JUST: Runner = { kind: 'just-recipe', program: 'just', noun: 'recipe' };
const TASK: Runner = { kind: 'taskfile-task', program: 'task', noun: 'task' };

/** A step names the recipe or task it belongs to, so a finding can say "through `deps`". */
type Step = CommandStep & { unit: string };

interface Unit {
  name: string;
  line: number;
  steps: Step[];
}

/** The label of a recipe or task in the map: the default one is marked, as make-target marks its goal. */
export function unitLabel(name: string, isDefault: boolean, kind: RunnerKind): string {
  return isDefault ? `${name} (default ${kind === 'just-recipe' ? 'recipe' : 'task'})` : name;
}

function severityOf(j: StepsJudgement): Severity {
  if (j.tier === 'decisive') return 'critical';
  if (j.credentials) return j.sends ? 'critical' : 'high';
  if (j.tier === 'hidden') return 'medium';
  if (j.tier === 'context') return 'low';
  return 'info';
}

interface Pending {
  runner: Runner;
  path: string;
  unit: Unit;
  trigger: Trigger;
  label: string;
}

/**
 * Maps every unit of a file, then reports them: units whose worst step is their own first, so a
 * step that several units run (`default: [setup]`) is one finding, at the unit that holds it.
 */
function reportAll(ctx: RuleContext, pending: readonly Pending[]): void {
  const judged = pending.map(p => ({ p, j: judgeSteps(ctx, p.unit.steps) }));
  const own = (x: (typeof judged)[number]): number => ((x.j.step as Step | undefined)?.unit === x.p.unit.name ? 0 : 1);
  const told = new Set<string>();
  for (const x of [...judged].sort((a, b) => own(a) - own(b))) report(ctx, x.p, x.j, told);
}

function report(ctx: RuleContext, p: Pending, j: StepsJudgement, told: Set<string>): void {
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
    location: { file: path, line: unit.line },
    name: label,
    command: clipCommand(command, 500),
    ...(files[0] !== undefined ? { entry: files[0], reaches: files.slice(1) } : {}),
  });
  const severity = severityOf(j);
  if (severity === 'info' && files.length === 0) return;
  // The step that set the severity: credentials outrank everything short of a decisive step.
  const cause = j.tier === 'decisive' || !j.credentials ? (j.tier !== 'none' ? j.step : undefined) : j.credentials;
  const shownStep = (cause ?? unit.steps[0]) as Step | undefined;
  const key = `${shownStep?.file ?? path}:${String(shownStep?.line ?? unit.line)}:${severity}`;
  if (told.has(key)) return;
  told.add(key);
  const invocation = unit.name === '(load time)' ? `Any \`${runner.program}\`` : `\`${runner.program} ${unit.name}\``;
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

/** `just x y` / `just --justfile f x` in a command: the recipes it names (best effort: names of this file). */
function calledNames(command: string, program: string, known: (name: string) => boolean): string[] {
  const out: string[] = [];
  const re = new RegExp(String.raw`(?:^|[;&|(]\s*)${program}((?:\s+[^\s;&|]+)*)`, 'g');
  for (const m of command.matchAll(re)) {
    for (const arg of (m[1] ?? '').trim().split(/\s+/)) {
      if (arg === '--') break;
      if (known(arg)) out.push(arg);
    }
  }
  return out;
}

// ---- justfile ----------------------------------------------------------------------------------

function recipeSteps(jf: Justfile, path: string, r: JustRecipe): Step[] {
  const at = (line: number, command: string): Step => ({ file: path, line, command, unit: r.name });
  if (r.interpreter !== undefined) {
    const first = r.body[0];
    if (!first) return [];
    const body = r.body.map(l => interpolate(jf, r, l.text)).join('\n');
    if (isShellInterpreter(r.interpreter)) return [at(first.line, body)];
    // Another interpreter (`#!/usr/bin/env python3`): the body is that program's code.
    const program = r.interpreter.replace(/^\/usr\/bin\/env\s+(?:-S\s+)?/, '').trim();
    return [at(first.line, `${program} -c '${body.replace(/'/g, `'\\''`)}'`)];
  }
  return r.body.map(l => at(l.line, interpolate(jf, r, l.text)));
}

function resolveRecipe(jf: Justfile, path: string, name: string): Step[] {
  const out: Step[] = [];
  let visits = 0;
  const seen = new Set<string>();
  const visit = (n: string, depth: number): void => {
    const r = jf.recipes.get(jf.aliases.get(n) ?? n);
    if (!r || depth > MAX_DEPTH || visits++ > MAX_VISITS) return;
    // just runs each recipe once per invocation, whatever its arguments.
    if (seen.has(r.name)) return;
    seen.add(r.name);
    for (const d of r.dependencies) if (!d.after) visit(d.name, depth + 1);
    for (const step of recipeSteps(jf, path, r)) {
      out.push(step);
      for (const called of calledNames(step.command, 'just', x => jf.recipes.has(x) || jf.aliases.has(x))) visit(called, depth + 1);
    }
    for (const d of r.dependencies) if (d.after) visit(d.name, depth + 1);
  };
  visit(name, 0);
  return out;
}

function mapJustfile(ctx: RuleContext, path: string, text: string): void {
  const jf = parseJustfile(text);
  if (jf.truncated !== undefined) ctx.error(`the justfile was read in part: ${jf.truncated}`, path, 'truncated');
  const dir = dirName(path);
  for (const imp of jf.imports) {
    const rel = joinRel(dir, imp.path);
    if (!imp.optional && (rel === undefined || !isRepoFile(ctx, rel))) {
      ctx.error(
        `\`import ${imp.path}\` (line ${imp.line}) names a file that is not in the repository; just refuses to load the justfile`,
        path,
      );
    }
  }
  const pending: Pending[] = [];
  if (jf.loadTime.length > 0) {
    const steps = jf.loadTime.map(l => ({ file: path, line: l.line, command: interpolate(jf, undefined, l.text), unit: '(load time)' }));
    pending.push({
      runner: JUST,
      path,
      unit: { name: '(load time)', line: jf.loadTime[0]?.line ?? 1, steps },
      trigger: 'build',
      label: '(load time)',
    });
  }
  for (const r of jf.recipes.values()) {
    if (r.private && r.name !== jf.defaultRecipe) continue;
    const steps = resolveRecipe(jf, path, r.name);
    if (steps.length === 0) continue;
    const label = unitLabel(r.name, r.name === jf.defaultRecipe, JUST.kind);
    pending.push({ runner: JUST, path, unit: { name: r.name, line: r.line, steps }, trigger: triggerOfTarget(r.name), label });
  }
  reportAll(ctx, pending);
}

// ---- Taskfile ----------------------------------------------------------------------------------

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);

interface TaskDoc {
  path: string;
  doc: YamlDocument;
  tasks: Obj;
  vars: Map<string, string>;
}

/** Static string variables (`NAME: value` or `{value: …}`) and the commands of dynamic ones (`{sh: …}`). */
function readVars(value: unknown, into: Map<string, string>): { key: string; command: string }[] {
  const dynamic: { key: string; command: string }[] = [];
  if (!isObj(value)) return dynamic;
  for (const [key, v] of Object.entries(value)) {
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') into.set(key, String(v));
    else if (isObj(v) && typeof v['sh'] === 'string') dynamic.push({ key, command: v['sh'] });
    else if (isObj(v) && typeof v['value'] === 'string') into.set(key, v['value']);
  }
  return dynamic;
}

/** `{{.NAME}}` of known variables expanded (Go templates; other expressions are left as written). */
function template(text: string, vars: ReadonlyMap<string, string>): string {
  return text.replace(/\{\{\s*\.([A-Za-z_]\w*)\s*\}\}/g, (whole, name: string) => vars.get(name) ?? whole);
}

function taskSteps(t: TaskDoc, name: string): Step[] {
  const out: Step[] = [];
  let visits = 0;
  const seen = new Set<string>();
  const lineOf = (keys: (string | number)[]): number => t.doc.lineOf(['tasks', ...keys]) ?? 1;
  const visit = (n: string, depth: number): void => {
    const task = t.tasks[n];
    if (task === undefined || depth > MAX_DEPTH || visits++ > MAX_VISITS || seen.has(n)) return;
    seen.add(n);
    const vars = new Map(t.vars);
    const push = (keys: (string | number)[], command: string): void => {
      out.push({ file: t.path, line: lineOf([n, ...keys]), command: template(command, vars), unit: n });
    };
    // A task written as a string or a list is its commands.
    const spec: Obj = isObj(task) ? task : { cmds: asList(task) };
    for (const d of readVars(spec['vars'], vars)) push(['vars', d.key], d.command);
    for (const [i, d] of asList(spec['deps']).entries()) {
      const dep = typeof d === 'string' ? d : isObj(d) && typeof d['task'] === 'string' ? d['task'] : undefined;
      if (dep !== undefined) visit(dep, depth + 1);
      else if (d !== undefined) push(['deps', i], '');
    }
    for (const [i, p] of asList(spec['preconditions']).entries()) {
      const sh = typeof p === 'string' ? p : isObj(p) && typeof p['sh'] === 'string' ? p['sh'] : undefined;
      if (sh !== undefined) push(['preconditions', i], sh);
    }
    for (const [i, s] of asList(spec['status']).entries()) if (typeof s === 'string') push(['status', i], s);
    const cmds = spec['cmds'] ?? (typeof spec['cmd'] === 'string' ? [spec['cmd']] : undefined);
    for (const [i, c] of asList(cmds).entries()) {
      if (typeof c === 'string') push(spec['cmds'] !== undefined ? ['cmds', i] : ['cmd'], c);
      else if (isObj(c)) {
        const inner = isObj(c['defer']) ? c['defer'] : c;
        if (typeof inner['task'] === 'string') visit(inner['task'], depth + 1);
        else if (typeof inner['cmd'] === 'string') push(['cmds', i], inner['cmd']);
        else if (typeof c['defer'] === 'string') push(['cmds', i], c['defer']);
      }
    }
    for (const step of out.filter(s => s.unit === n))
      for (const called of calledNames(step.command, 'task', x => x in t.tasks)) visit(called, depth + 1);
  };
  visit(name, 0);
  return out.filter(s => s.command !== '');
}

function mapTaskfile(ctx: RuleContext, path: string, text: string): void {
  const read = readYamlDocument(text, { merge: true });
  if (!read.ok) {
    ctx.error(`the Taskfile could not be read: ${read.error.message}`, path, read.error.kind === 'size' ? 'too-large' : 'unparseable');
    return;
  }
  const doc = read.value;
  if (doc.error) ctx.error(`the Taskfile is not valid YAML, so task refuses it: ${doc.error.message}`, path, 'unparseable');
  const root = isObj(doc.value) ? doc.value : {};
  const tasks = isObj(root['tasks']) ? root['tasks'] : {};
  const t: TaskDoc = { path, doc, tasks, vars: new Map() };
  const dynamic = [...readVars(root['vars'], t.vars), ...readVars(root['env'], new Map())];
  const pending: Pending[] = [];
  if (dynamic.length > 0) {
    // task evaluates the file's dynamic variables whatever task is asked for.
    const steps = dynamic.map(d => ({
      file: path,
      line: doc.lineOf([isObj(root['vars']) && d.key in root['vars'] ? 'vars' : 'env', d.key]) ?? 1,
      command: d.command,
      unit: '(load time)',
    }));
    pending.push({
      runner: TASK,
      path,
      unit: { name: '(load time)', line: steps[0]?.line ?? 1, steps },
      trigger: 'build',
      label: '(load time)',
    });
  }
  for (const [name, spec] of Object.entries(tasks)) {
    if (isObj(spec) && spec['internal'] === true) continue;
    const steps = taskSteps(t, name);
    if (steps.length === 0) continue;
    const line = doc.lineOf(['tasks', name]) ?? 1;
    pending.push({
      runner: TASK,
      path,
      unit: { name, line, steps },
      trigger: triggerOfTarget(name),
      label: unitLabel(name, name === 'default', TASK.kind),
    });
  }
  reportAll(ctx, pending);
}

export default defineRule({
  meta: {
    id: 'autorun/task-runner',
    severity: 'critical',
    confidence: 'high',
    description:
      'justfile recipes and Taskfile (go-task) tasks, with their dependencies, the commands just and task run while loading the file, and the local scripts they run.',
    triggers: ['install', 'dev', 'start', 'build', 'test', 'lint'],
    phase: 'map',
    files: { globs: ['**/[jJ]ustfile', '**/.justfile', '**/JUSTFILE', '**/[tT]askfile.{yml,yaml}', '**/[tT]askfile.dist.{yml,yaml}'] },
    since: '0.1.0',
  },
  run(ctx) {
    for (const file of ctx.inventory.files) {
      if (file.inNodeModules || file.type !== 'file') continue;
      const name = baseName(file.path);
      const just = JUSTFILE.test(name);
      if (!just && !TASKFILE.test(name)) continue;
      const text = ctx.text(file.path);
      if (text === undefined) {
        ctx.error(
          `a ${just ? 'justfile' : 'Taskfile'} that is not a readable text file: its ${just ? 'recipes' : 'tasks'} were not analysed`,
          file.path,
          'unreadable',
        );
        continue;
      }
      if (just) mapJustfile(ctx, file.path, text);
      else mapTaskfile(ctx, file.path, text);
    }
  },
});
