import { defineRule } from '../../../core/rule.ts';
import type { RuleContext } from '../../../core/rule.ts';
import { placeLines, programLangOf } from '../../../analysis/embedded-program.ts';
import type { ProgramLang } from '../../../analysis/embedded-program.ts';
import { baseName, dirName, joinRel } from '../../../fs/path.ts';
import { interpolate, isShellInterpreter, parseJustfile } from '../../../lang/justfile.ts';
import type { JustImport, JustRecipe, Justfile } from '../../../lang/justfile.ts';
import { readYamlDocument } from '../../../lang/yaml.ts';
import type { YamlDocument } from '../../../lang/yaml.ts';
import { isRepoFile } from '../_shared/jsonc-file.ts';
import { prepareUnits, reportUnits } from '../_shared/command-units.ts';
import type { PendingUnit, Runner, UnitStep } from '../_shared/command-units.ts';
import { triggerOfTarget } from '../make-target/rule.ts';

const JUSTFILE = /^\.?justfile$/i;
const TASKFILE = /^taskfile(?:\.dist)?\.ya?ml$/i;
/** Dependency and `just x`/`task: x` levels followed from a recipe or task. */
const MAX_DEPTH = 8;
const MAX_VISITS = 200;

export type RunnerKind = 'just-recipe' | 'taskfile-task';

/** Files read through `import`, `mod` and `includes`, from one top file. */
const MAX_FILES = 32;

/** The label of a recipe or task in the map: the default one is marked, as make-target marks its goal. */
export function unitLabel(name: string, isDefault: boolean, kind: RunnerKind): string {
  return isDefault ? `${name} (default ${kind === 'just-recipe' ? 'recipe' : 'task'})` : name;
}

const JUST: Runner & { kind: RunnerKind } = { kind: 'just-recipe', program: 'just', noun: 'recipe' };
const TASK: Runner & { kind: RunnerKind } = { kind: 'taskfile-task', program: 'task', noun: 'task' };

type Step = UnitStep;
type Pending = PendingUnit;

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

/** A recipe of a justfile or of a file it imports; `name` is qualified by its module (`tools::boot`). */
interface JustEntry {
  name: string;
  recipe: JustRecipe;
  jf: Justfile;
  path: string;
  /** `tools::` for a recipe of `mod tools`, '' at the top. */
  prefix: string;
}

interface JustProject {
  recipes: Map<string, JustEntry>;
  /** Aliases, qualified as recipes are. */
  aliases: Map<string, string>;
  /** Module names, qualified (`tools`, `tools::sub`). */
  modules: Set<string>;
}

/** The files a module without a path may be (just looks for these, in this order). */
function moduleFiles(dir: string, name: string): string[] {
  return [`${name}.just`, `${name}/mod.just`, `${name}/justfile`, `${name}/Justfile`, `${name}/.justfile`]
    .map(p => joinRel(dir, p))
    .filter((p): p is string => p !== undefined);
}

/** The justfile and what its `import` and `mod` lines load, within the repository. */
function loadJustProject(ctx: RuleContext, path: string, jf: Justfile): JustProject {
  const project: JustProject = { recipes: new Map(), aliases: new Map(), modules: new Set() };
  const seen = new Set<string>([path]);
  const add = (file: string, f: Justfile, prefix: string, depth: number): void => {
    for (const r of f.recipes.values()) {
      const name = `${prefix}${r.name}`;
      // The importing file's recipe wins over an imported one of the same name.
      if (!project.recipes.has(name)) project.recipes.set(name, { name, recipe: r, jf: f, path: file, prefix });
    }
    for (const [a, target] of f.aliases)
      if (!project.aliases.has(`${prefix}${a}`)) project.aliases.set(`${prefix}${a}`, `${prefix}${target}`);
    for (const imp of f.imports) follow(file, imp, prefix, depth);
  };
  const follow = (from: string, imp: JustImport, prefix: string, depth: number): void => {
    const dir = dirName(from);
    const candidates = imp.path !== undefined ? [joinRel(dir, imp.path)] : moduleFiles(dir, imp.name ?? '');
    const found = candidates.find(c => isRepoFile(ctx, c));
    if (found === undefined) {
      const what =
        imp.kind === 'mod' ? `mod ${imp.name ?? ''}${imp.path !== undefined ? ` '${imp.path}'` : ''}` : `import ${imp.path ?? ''}`;
      const where = imp.path !== undefined ? 'names a file that is not in the repository' : 'has no module file in the repository';
      if (!imp.optional) ctx.error(`\`${what}\` (line ${String(imp.line)}) ${where}; just refuses to load the justfile`, from);
      return;
    }
    if (seen.has(found)) return;
    if (depth >= MAX_DEPTH || seen.size >= MAX_FILES) {
      ctx.error(
        `\`${imp.kind}\` at line ${String(imp.line)} was not followed: more than ${String(MAX_FILES)} files or ${String(MAX_DEPTH)} levels`,
        from,
        'truncated',
      );
      return;
    }
    seen.add(found);
    const text = ctx.text(found);
    if (text === undefined) {
      ctx.error(
        `a justfile ${imp.kind === 'mod' ? 'module' : 'import'} that is not a readable text file: its recipes were not analysed`,
        found,
        'unreadable',
      );
      return;
    }
    const f = parseJustfile(text);
    if (f.truncated !== undefined) ctx.error(`the justfile was read in part: ${f.truncated}`, found, 'truncated');
    const inner = imp.kind === 'mod' ? `${prefix}${imp.name ?? ''}::` : prefix;
    if (imp.kind === 'mod') project.modules.add(inner.slice(0, -2));
    add(found, f, inner, depth + 1);
  };
  add(path, jf, '', 0);
  return project;
}

/** The program a recipe's body is, when the analysis reads that interpreter's language. */
function programOf(entry: JustEntry): { lang: ProgramLang; code: string } | undefined {
  const r = entry.recipe;
  if (r.interpreter === undefined || isShellInterpreter(r.interpreter)) return undefined;
  const lang = programLangOf(r.interpreter);
  if (lang === undefined) return undefined;
  return { lang, code: interpolate(entry.jf, r, placeLines(r.source)) };
}

function recipeSteps(entry: JustEntry): Step[] {
  const { jf, path, recipe: r, name } = entry;
  const at = (line: number, command: string): Step => ({ file: path, line, command, unit: name });
  if (r.interpreter !== undefined) {
    const first = r.body[0];
    if (!first) return [];
    const body = r.body.map(l => interpolate(jf, r, l.text)).join('\n');
    if (isShellInterpreter(r.interpreter)) return [at(first.line, body)];
    // Another interpreter (`#!/usr/bin/env python3`): the body is that program's code.
    const program = r.interpreter.replace(/^\/usr\/bin\/env\s+(?:-S\s+)?/, '').trim();
    const step = at(first.line, `${program} ${program.includes('node') ? '-e' : '-c'} '${body.replace(/'/g, `'\\''`)}'`);
    const code = programOf(entry);
    return [code ? { ...step, program: code } : step];
  }
  // `set shell := ["python3", "-c"]`: each line is a program for that interpreter.
  const shell = jf.shell?.[0];
  const lang = shell !== undefined && !isShellInterpreter(shell) ? programLangOf(shell) : undefined;
  const custom = shell !== undefined && !isShellInterpreter(shell) ? jf.shell : undefined;
  return r.body.map(l => {
    const text = interpolate(jf, r, l.text);
    if (custom === undefined) return at(l.line, text);
    const step = at(l.line, `${custom.join(' ')} '${text.replace(/'/g, `'\\''`)}'`);
    return lang === undefined ? step : { ...step, program: { lang, code: placeLines([{ line: l.line, text }]) } };
  });
}

/** `just tools boot` / `just tools::boot` / `just boot`: the qualified recipes a command names. */
function calledRecipes(command: string, project: JustProject, prefix: string): string[] {
  const out: string[] = [];
  const re = /(?:^|[;&|(]\s*)just((?:\s+[^\s;&|]+)*)/g;
  const known = (n: string): string | undefined => {
    for (const q of [`${prefix}${n}`, n]) if (project.recipes.has(q) || project.aliases.has(q)) return q;
    return undefined;
  };
  for (const m of command.matchAll(re)) {
    const args = (m[1] ?? '').trim().split(/\s+/);
    for (let i = 0; i < args.length; i++) {
      const arg = args[i] ?? '';
      if (arg === '--') break;
      const next = args[i + 1];
      if (project.modules.has(arg) && next !== undefined && known(`${arg}::${next}`) !== undefined) {
        out.push(known(`${arg}::${next}`) as string);
        i++;
        continue;
      }
      const q = known(arg);
      if (q !== undefined) out.push(q);
    }
  }
  return out;
}

function resolveRecipe(project: JustProject, name: string): Step[] {
  const out: Step[] = [];
  let visits = 0;
  const seen = new Set<string>();
  const visit = (n: string, depth: number): void => {
    const entry = project.recipes.get(project.aliases.get(n) ?? n);
    if (!entry || depth > MAX_DEPTH || visits++ > MAX_VISITS) return;
    // just runs each recipe once per invocation, whatever its arguments.
    if (seen.has(entry.name)) return;
    seen.add(entry.name);
    const dep = (d: string): string => (project.recipes.has(`${entry.prefix}${d}`) ? `${entry.prefix}${d}` : d);
    for (const d of entry.recipe.dependencies) if (!d.after) visit(dep(d.name), depth + 1);
    for (const step of recipeSteps(entry)) {
      out.push(step);
      for (const called of calledRecipes(step.command, project, entry.prefix)) visit(called, depth + 1);
    }
    for (const d of entry.recipe.dependencies) if (d.after) visit(dep(d.name), depth + 1);
  };
  visit(name, 0);
  return out;
}

function mapJustfile(ctx: RuleContext, path: string, text: string): Pending[] {
  const jf = parseJustfile(text);
  if (jf.truncated !== undefined) ctx.error(`the justfile was read in part: ${jf.truncated}`, path, 'truncated');
  const project = loadJustProject(ctx, path, jf);
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
  for (const entry of project.recipes.values()) {
    const r = entry.recipe;
    if (r.private && entry.name !== jf.defaultRecipe) continue;
    const steps = resolveRecipe(project, entry.name);
    if (steps.length === 0) continue;
    const label = unitLabel(entry.name, entry.name === jf.defaultRecipe, JUST.kind);
    const trigger = triggerOfTarget(r.name);
    pending.push({ runner: JUST, path, unit: { name: entry.name, line: r.line, file: entry.path, steps }, trigger, label });
  }
  return pending;
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

/** A task of the Taskfile or of one it includes; `name` is qualified by its namespace (`tools:boot`). */
interface TaskEntry {
  t: TaskDoc;
  local: string;
  /** `tools:` for a task of an included file, '' at the top (and for `flatten: true`). */
  ns: string;
  /** `internal: true` on the task or on its include: not callable on its own. */
  internal: boolean;
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

/** A reference to a task from inside `ns`: `:x` is the top file's, `x` first the namespace's own. */
function qualify(tasks: ReadonlyMap<string, TaskEntry>, ns: string, ref: string): string {
  if (ref.startsWith(':')) return ref.slice(1);
  return tasks.has(`${ns}${ref}`) ? `${ns}${ref}` : ref;
}

function taskSteps(tasks: ReadonlyMap<string, TaskEntry>, name: string): Step[] {
  const out: Step[] = [];
  let visits = 0;
  const seen = new Set<string>();
  const visit = (n: string, depth: number): void => {
    const entry = tasks.get(n);
    if (entry === undefined || depth > MAX_DEPTH || visits++ > MAX_VISITS || seen.has(n)) return;
    seen.add(n);
    const { t, local, ns } = entry;
    const task = t.tasks[local];
    const lineOf = (keys: (string | number)[]): number => t.doc.lineOf(['tasks', ...keys]) ?? 1;
    const vars = new Map(t.vars);
    const push = (keys: (string | number)[], command: string): void => {
      out.push({ file: t.path, line: lineOf([local, ...keys]), command: template(command, vars), unit: n });
    };
    const ref = (r: string): string => qualify(tasks, ns, r);
    // A task written as a string or a list is its commands.
    const spec: Obj = isObj(task) ? task : { cmds: asList(task) };
    for (const d of readVars(spec['vars'], vars)) push(['vars', d.key], d.command);
    for (const [i, d] of asList(spec['deps']).entries()) {
      const dep = typeof d === 'string' ? d : isObj(d) && typeof d['task'] === 'string' ? d['task'] : undefined;
      if (dep !== undefined) visit(ref(dep), depth + 1);
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
        if (typeof inner['task'] === 'string') visit(ref(inner['task']), depth + 1);
        else if (typeof inner['cmd'] === 'string') push(['cmds', i], inner['cmd']);
        else if (typeof c['defer'] === 'string') push(['cmds', i], c['defer']);
      }
    }
    for (const step of out.filter(s => s.unit === n))
      for (const called of calledNames(step.command, 'task', x => tasks.has(qualify(tasks, ns, x)))) visit(ref(called), depth + 1);
  };
  visit(name, 0);
  return out.filter(s => s.command !== '');
}

/** Reads one Taskfile; undefined (and a gap) when it cannot be read. */
function readTaskDoc(ctx: RuleContext, path: string, text: string): { t: TaskDoc; root: Obj } | undefined {
  const read = readYamlDocument(text, { merge: true });
  if (!read.ok) {
    ctx.error(`the Taskfile could not be read: ${read.error.message}`, path, read.error.kind === 'size' ? 'too-large' : 'unparseable');
    return undefined;
  }
  const doc = read.value;
  if (doc.error) ctx.error(`the Taskfile is not valid YAML, so task refuses it: ${doc.error.message}`, path, 'unparseable');
  const root = isObj(doc.value) ? doc.value : {};
  const tasks = isObj(root['tasks']) ? root['tasks'] : {};
  return { t: { path, doc, tasks, vars: new Map() }, root };
}

/** The Taskfile a path in `includes` names: the file, or the Taskfile of a folder. */
function includedFile(ctx: RuleContext, dir: string, written: string): string | undefined {
  const base = joinRel(dir, written.replace(/\{\{[^}]*\}\}/g, ''));
  if (base === undefined) return undefined;
  if (isRepoFile(ctx, base)) return base;
  return ['Taskfile.yml', 'taskfile.yml', 'Taskfile.yaml', 'taskfile.yaml', 'Taskfile.dist.yml', 'Taskfile.dist.yaml']
    .map(n => joinRel(base, n))
    .find(p => isRepoFile(ctx, p));
}

/** The Taskfile's tasks with those of the files its `includes` name (within the repository). */
function loadTaskProject(ctx: RuleContext, top: TaskDoc, root: Obj): Map<string, TaskEntry> {
  const tasks = new Map<string, TaskEntry>();
  const seen = new Set<string>([top.path]);
  const add = (t: TaskDoc, r: Obj, ns: string, internal: boolean, depth: number): void => {
    for (const [local, spec] of Object.entries(t.tasks)) {
      if (!tasks.has(`${ns}${local}`))
        tasks.set(`${ns}${local}`, { t, local, ns, internal: internal || (isObj(spec) && spec['internal'] === true) });
    }
    const includes = isObj(r['includes']) ? r['includes'] : {};
    for (const [key, v] of Object.entries(includes)) {
      const spec: Obj = isObj(v) ? v : { taskfile: v };
      const written = typeof spec['taskfile'] === 'string' ? spec['taskfile'] : undefined;
      if (written === undefined) continue;
      const line = t.doc.lineOf(['includes', key]) ?? 1;
      const found = includedFile(ctx, dirName(t.path), written);
      if (found === undefined) {
        if (/^(?:[a-z][\w+.-]*:\/\/|git@)/i.test(written)) {
          // Remote Taskfiles (URLs, git): code task downloads, whose load-time variables run on
          // any `task`, and which the repository does not hold to read.
          ctx.error(
            `\`includes: ${key}\` (line ${String(line)}) is a remote Taskfile (${written}), which task downloads when it runs: its tasks were not analysed`,
            t.path,
          );
          ctx.addSurface({
            trigger: 'build',
            kind: 'taskfile-task',
            location: { file: t.path, line },
            name: `${ns}${key}:* (remote Taskfile)`,
            command: `task includes ${written}`.slice(0, 500),
          });
          ctx.report({
            severity: 'medium',
            message: `${t.path} includes the remote Taskfile ${written} as \`${ns}${key}\`: task downloads it and runs its tasks, and the commands it sets to run on load run on any \`task\`; that code is not in the repository.`,
            location: { file: t.path, line },
            evidence: `includes: ${key}: ${written}`,
          });
          continue;
        }
        // A file outside the repository or missing: not followed.
        if (spec['optional'] !== true)
          ctx.error(
            `\`includes: ${key}\` (line ${String(line)}) names ${written}, which is not a Taskfile in the repository: its tasks were not analysed`,
            t.path,
          );
        continue;
      }
      if (seen.has(found)) continue;
      if (depth >= MAX_DEPTH || seen.size >= MAX_FILES) {
        ctx.error(
          `\`includes: ${key}\` was not followed: more than ${String(MAX_FILES)} files or ${String(MAX_DEPTH)} levels`,
          t.path,
          'truncated',
        );
        continue;
      }
      seen.add(found);
      const text = ctx.text(found);
      if (text === undefined) {
        ctx.error('an included Taskfile that is not a readable text file: its tasks were not analysed', found, 'unreadable');
        continue;
      }
      const inner = readTaskDoc(ctx, found, text);
      if (!inner) continue;
      readVars(inner.root['vars'], inner.t.vars);
      add(inner.t, inner.root, spec['flatten'] === true ? ns : `${ns}${key}:`, internal || spec['internal'] === true, depth + 1);
    }
  };
  add(top, root, '', false, 0);
  return tasks;
}

function mapTaskfile(ctx: RuleContext, path: string, text: string): Pending[] {
  const read = readTaskDoc(ctx, path, text);
  if (!read) return [];
  const { t, root } = read;
  const doc = t.doc;
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
  const tasks = loadTaskProject(ctx, t, root);
  for (const [name, entry] of tasks) {
    if (entry.internal) continue;
    const steps = taskSteps(tasks, name);
    if (steps.length === 0) continue;
    const line = entry.t.doc.lineOf(['tasks', entry.local]) ?? 1;
    pending.push({
      runner: TASK,
      path,
      unit: { name, line, ...(entry.t.path !== path ? { file: entry.t.path } : {}), steps },
      trigger: triggerOfTarget(entry.local),
      label: unitLabel(name, name === 'default', TASK.kind),
    });
  }
  return pending;
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
  async run(ctx) {
    const files: Pending[][] = [];
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
      files.push(just ? mapJustfile(ctx, file.path, text) : mapTaskfile(ctx, file.path, text));
    }
    // A Python recipe is read by the Python parser, loaded once (and only) when one is there.
    await prepareUnits(files.flat());
    for (const pending of files) reportUnits(ctx, pending);
  },
});
