/**
 * VS Code tasks as the editor resolves them: `.vscode/tasks.json` of every folder that can be
 * opened as a workspace and the `tasks` block of `*.code-workspace` files, with per-OS overrides,
 * `type: npm` tasks resolved to their package.json script, `dependsOn` chains and the
 * presentation options that hide a task from the terminal. Built once per scan.
 */
import { LIMITS } from '../../../core/limits.ts';
import { defineFact } from '../../../core/rule.ts';
import type { RuleContext } from '../../../core/rule.ts';
import { baseName, dirName, joinRel } from '../../../fs/path.ts';
import { asArray, asObject, asString } from '../../../lang/jsonc.ts';
import type { JsonPath, JsoncDocument } from '../../../lang/jsonc.ts';
import { filesWhere, isRepoFile, loadJsonc, resolveConfigPath } from './jsonc-file.ts';

export type Os = 'linux' | 'osx' | 'windows';
/** Linux first: it is the variant shown in summaries. */
export const OSES: readonly Os[] = ['linux', 'osx', 'windows'];

export interface TaskCommand {
  /** The command line as the terminal would receive it, or undefined when the task has none. */
  command: string | undefined;
  /** Line of the command (the OS override's, when there is one). */
  line: number;
  /** Working folder, root-relative. */
  cwd: string;
  /** True when an OS-specific block sets this command. */
  override: boolean;
  /** `options.shell.executable` when it is a file of the repository (it runs the command). */
  shell?: string;
}

export interface NpmScript {
  script: string;
  /** Root-relative path of the package.json that holds the script. */
  packageJson: string;
  /** The script text, when the package.json defines it (`npm install` for the install task). */
  body?: string;
  line?: number;
}

export interface VsTask {
  source: TaskSource;
  /** JSON path of the task object in its file; empty for tasks VS Code's npm support provides. */
  path: JsonPath;
  label: string;
  type: string;
  line: number;
  commands: Record<Os, TaskCommand>;
  npm?: NpmScript;
  folderOpen: boolean;
  runOnLine?: number;
  /** Presentation options that hide the task, e.g. "reveal: never". */
  stealth: string[];
  /** True when the task's output never shows (reveal never/silent, or the panel closes). */
  hidden: boolean;
  dependsOn: { ref: string; line: number; task?: VsTask }[];
}

export interface TaskSource {
  /** tasks.json or .code-workspace path. */
  file: string;
  /** The workspace folder the tasks run in (root-relative, "" for the root). */
  folder: string;
  kind: 'tasks.json' | 'code-workspace';
  doc: JsoncDocument;
  tasks: VsTask[];
}

export interface ChainStep {
  task: VsTask;
  /** The task that depends on this one (undefined for the first). */
  requiredBy?: VsTask;
}

const MAX_CHAIN = 50;

export function isTasksJson(path: string): boolean {
  return path === '.vscode/tasks.json' || path.endsWith('/.vscode/tasks.json');
}

export function isCodeWorkspace(path: string): boolean {
  return path.endsWith('.code-workspace');
}

const taskSourcesFact = defineFact('vscode:task-sources', (ctx): TaskSource[] => {
  const sources: TaskSource[] = [];
  for (const file of filesWhere(ctx, p => isTasksJson(p) || isCodeWorkspace(p))) {
    const doc = loadJsonc(ctx, file);
    if (!doc) continue;
    const kind = isTasksJson(file) ? 'tasks.json' : 'code-workspace';
    const folder = kind === 'tasks.json' ? dirName(dirName(file)) : dirName(file);
    const base: JsonPath = kind === 'tasks.json' ? [] : ['tasks'];
    if (kind === 'code-workspace' && asObject(asObject(doc.value)?.['tasks']) === undefined) continue;
    const source: TaskSource = { file, folder, kind, doc, tasks: [] };
    readTasks(ctx, source, base);
    resolveDependsOn(ctx, source);
    sources.push(source);
  }
  return sources;
});

/** Every task source of the target, parsed once per scan. */
export function loadTaskSources(ctx: RuleContext): TaskSource[] {
  return ctx.facts.get(taskSourcesFact);
}

function readTasks(ctx: RuleContext, source: TaskSource, base: JsonPath): void {
  const { doc } = source;
  const top = asObject(valueAtPath(doc.value, base)) ?? {};
  const list = asArray(top['tasks']);
  if (!list) return;
  const max = LIMITS.entries.maxTasksPerFile;
  if (list.length > max) ctx.error(`${list.length} tasks; only the first ${max} were analysed one by one`, source.file, 'too-large');
  list.slice(0, max).forEach((raw, index) => {
    const task = asObject(raw);
    if (!task) return;
    const path = [...base, 'tasks', index];
    source.tasks.push(buildTask(ctx, source, top, task, path));
  });
}

function valueAtPath(value: unknown, path: JsonPath): unknown {
  let v = value;
  for (const seg of path) {
    if (typeof seg === 'number') v = asArray(v)?.[seg];
    else v = asObject(v)?.[seg];
  }
  return v;
}

function buildTask(
  ctx: RuleContext,
  source: TaskSource,
  top: Record<string, unknown>,
  task: Record<string, unknown>,
  path: JsonPath,
): VsTask {
  const { doc, folder } = source;
  const type = asString(task['type']) ?? asString(top['type']) ?? 'process';
  const line = doc.positionOf(path).line;
  const npm = type === 'npm' ? npmScriptOf(ctx, folder, task) : undefined;
  const commands = {} as Record<Os, TaskCommand>;
  for (const os of OSES) commands[os] = commandFor(ctx, doc, folder, top, task, path, os, type, npm);

  const presentation = {
    ...asObject(top['presentation']),
    ...asObject(asObject(top['linux'])?.['presentation']),
    ...asObject(task['presentation']),
    ...asObject(asObject(task['linux'])?.['presentation']),
  };
  const stealth: string[] = [];
  const reveal = asString(presentation['reveal']);
  if (reveal === 'never' || reveal === 'silent') stealth.push(`reveal: ${reveal}`);
  if (presentation['echo'] === false) stealth.push('echo: false');
  if (presentation['focus'] === false) stealth.push('focus: false');
  if (presentation['close'] === true) stealth.push('close: true');
  if (presentation['showReuseMessage'] === false) stealth.push('showReuseMessage: false');
  if (presentation['clear'] === true) stealth.push('clear: true');
  if (task['isBackground'] === true) stealth.push('isBackground: true');
  if (Array.isArray(task['problemMatcher']) && task['problemMatcher'].length === 0) stealth.push('problemMatcher: []');
  if (task['hide'] === true) stealth.push('hide: true');
  const hidden = reveal === 'never' || reveal === 'silent' || presentation['close'] === true;

  const runOn = asString(asObject(task['runOptions'])?.['runOn']);
  const label = labelOf(task, type, npm, commands.linux.command);
  const dependsOn = dependsOnRefs(doc, task, path);
  const out: VsTask = { source, path, label, type, line, commands, folderOpen: runOn === 'folderOpen', stealth, hidden, dependsOn };
  if (npm) out.npm = npm;
  if (runOn !== undefined) out.runOnLine = doc.positionOf([...path, 'runOptions', 'runOn']).line;
  return out;
}

function labelOf(task: Record<string, unknown>, type: string, npm: NpmScript | undefined, command: string | undefined): string {
  const explicit = asString(task['label']) ?? asString(task['taskName']);
  if (explicit !== undefined) return explicit;
  if (npm) {
    const p = asString(task['path']);
    return p ? `npm: ${npm.script} - ${p.replace(/\/$/, '')}` : `npm: ${npm.script}`;
  }
  if (type === 'typescript') return `tsc: ${asString(task['option']) ?? 'build'} - ${asString(task['tsconfig']) ?? 'tsconfig.json'}`;
  return command ?? `${type} task`;
}

function dependsOnRefs(doc: JsoncDocument, task: Record<string, unknown>, path: JsonPath): VsTask['dependsOn'] {
  const raw = task['dependsOn'];
  const items = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  const out: VsTask['dependsOn'] = [];
  items.forEach((item, i) => {
    const itemPath = Array.isArray(raw) ? [...path, 'dependsOn', i] : [...path, 'dependsOn'];
    const line = doc.positionOf(itemPath).line;
    if (typeof item === 'string') {
      out.push({ ref: item, line });
      return;
    }
    const obj = asObject(item);
    if (!obj) return;
    const type = asString(obj['type']);
    const script = asString(obj['script']);
    const name = asString(obj['task']) ?? asString(obj['label']);
    if (type === 'npm' && script !== undefined) out.push({ ref: `npm: ${script}`, line });
    else if (name !== undefined) out.push({ ref: name, line });
  });
  return out;
}

function npmScriptOf(ctx: RuleContext, folder: string, task: Record<string, unknown>): NpmScript | undefined {
  const script = asString(task['script']);
  if (script === undefined) return undefined;
  const dir = resolveConfigPath(folder, asString(task['path']) ?? '.') ?? folder;
  return npmScriptIn(ctx, dir, script);
}

/** The npm script `script` of the package.json in `dir` ("install" is `npm install` itself). */
export function npmScriptIn(ctx: RuleContext, dir: string, script: string): NpmScript {
  const packageJson = joinRel(dir, 'package.json') ?? 'package.json';
  const out: NpmScript = { script, packageJson };
  if (script === 'install' || script === 'ci') {
    out.body = `npm ${script}`;
    return out;
  }
  const doc = loadJsonc(ctx, packageJson);
  const body = asString(asObject(asObject(doc?.value)?.['scripts'])?.[script]);
  if (doc && body !== undefined) {
    out.body = body;
    out.line = doc.positionOf(['scripts', script]).line;
  }
  return out;
}

function commandValue(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  const arr = asArray(v);
  if (arr) return arr.filter((x): x is string => typeof x === 'string').join(' ');
  const obj = asObject(v);
  if (obj) return commandValue(obj['value']);
  return undefined;
}

/** Quote an argument the way VS Code does for shell tasks when it holds spaces. */
function quoteArg(a: string): string {
  return /[\s"'`$;&|<>()]/.test(a) && !/^'.*'$|^".*"$/.test(a) ? `'${a.replace(/'/g, `'\\''`)}'` : a;
}

function commandFor(
  ctx: RuleContext,
  doc: JsoncDocument,
  folder: string,
  top: Record<string, unknown>,
  task: Record<string, unknown>,
  path: JsonPath,
  os: Os,
  type: string,
  npm: NpmScript | undefined,
): TaskCommand {
  const over = asObject(task[os]);
  const topOver = asObject(top[os]);
  const options = {
    ...asObject(top['options']),
    ...asObject(topOver?.['options']),
    ...asObject(task['options']),
    ...asObject(over?.['options']),
  };
  const cwdRaw = asString(options['cwd']);
  let cwd = cwdRaw === undefined ? folder : (resolveConfigPath(folder, cwdRaw) ?? folder);

  if (npm) {
    const pkgDir = dirName(npm.packageJson);
    cwd = pkgDir;
    const command = npm.body ?? `npm run ${npm.script}`;
    return { command, line: doc.positionOf([...path, 'script']).line, cwd, override: false };
  }
  if (type === 'typescript') {
    const tsconfig = asString(task['tsconfig']) ?? 'tsconfig.json';
    const watch = asString(task['option']) === 'watch' ? ' --watch' : '';
    return { command: `tsc -p ${quoteArg(tsconfig)}${watch}`, line: doc.positionOf(path).line, cwd, override: false };
  }

  const overCommand = commandValue(over?.['command']);
  const taskCommand = commandValue(task['command']);
  const topCommand = commandValue(topOver?.['command']) ?? commandValue(top['command']);
  const command = overCommand ?? taskCommand ?? topCommand;
  const argsRaw = over && 'args' in over ? over['args'] : task['args'];
  const args = (asArray(argsRaw) ?? []).map(commandValue).filter((a): a is string => a !== undefined);
  const full = command === undefined ? undefined : [command, ...args.map(quoteArg)].join(' ');
  let linePath: JsonPath;
  if (overCommand !== undefined) linePath = [...path, os, 'command'];
  else if (taskCommand !== undefined) linePath = [...path, 'command'];
  else linePath = path;
  const out: TaskCommand = {
    command: full,
    line: doc.positionOf(linePath).line,
    cwd,
    override: overCommand !== undefined || (over !== undefined && 'args' in over),
  };
  const shellExe = asString(asObject(options['shell'])?.['executable']);
  const shell = shellExe === undefined ? undefined : resolveConfigPath(folder, shellExe);
  if (shell !== undefined && isRepoFile(ctx, shell)) out.shell = shell;
  return out;
}

function resolveDependsOn(ctx: RuleContext, source: TaskSource): void {
  const synthesized = new Map<string, VsTask>();
  // The last task with a label wins, as with duplicate keys.
  const byLabel = new Map<string, VsTask>();
  for (const t of source.tasks) byLabel.set(t.label, t);
  for (const task of source.tasks) {
    for (const dep of task.dependsOn) {
      const found = byLabel.get(dep.ref);
      if (found) {
        dep.task = found;
        continue;
      }
      const npm = /^npm: (.+?)(?: - (.+))?$/.exec(dep.ref);
      if (!npm?.[1]) continue;
      const key = dep.ref;
      let made = synthesized.get(key);
      if (!made) {
        const dir = npm[2] === undefined ? source.folder : (resolveConfigPath(source.folder, npm[2]) ?? source.folder);
        made = detectedNpmTask(source, dep.ref, npmScriptIn(ctx, dir, npm[1]), dep.line);
        synthesized.set(key, made);
      }
      dep.task = made;
    }
  }
}

/** A task VS Code's npm support provides for a package.json script (`npm: <script>`). */
function detectedNpmTask(source: TaskSource, label: string, npm: NpmScript, line: number): VsTask {
  const command: TaskCommand = { command: npm.body ?? `npm run ${npm.script}`, line, cwd: dirName(npm.packageJson), override: false };
  return {
    source,
    path: [],
    label,
    type: 'npm',
    line,
    commands: { linux: command, osx: command, windows: command },
    npm,
    folderOpen: false,
    stealth: [],
    hidden: false,
    dependsOn: [],
  };
}

/** The task and every task it depends on, dependencies first as VS Code runs them. */
export function chainOf(task: VsTask): ChainStep[] {
  const out: ChainStep[] = [];
  const seen = new Set<VsTask>();
  const visit = (t: VsTask, requiredBy: VsTask | undefined, depth: number): void => {
    if (seen.has(t) || out.length >= MAX_CHAIN || depth > MAX_CHAIN) return;
    seen.add(t);
    for (const d of t.dependsOn) if (d.task) visit(d.task, t, depth + 1);
    out.push(requiredBy ? { task: t, requiredBy } : { task: t });
  };
  visit(task, undefined, 0);
  return out;
}

/** Find a task by label in the sources of a folder (its tasks.json) and in workspace files. */
export function findTaskByLabel(sources: readonly TaskSource[], folder: string, label: string): VsTask | undefined {
  const inFolder = sources.filter(s => s.folder === folder && s.kind === 'tasks.json');
  for (const s of [...inFolder, ...sources.filter(x => x.kind === 'code-workspace')]) {
    const found = [...s.tasks].reverse().find(t => t.label === label);
    if (found) return found;
    for (const t of s.tasks) for (const d of t.dependsOn) if (d.ref === label && d.task) return d.task;
  }
  return undefined;
}

/** Every task that runs when the folder opens: folder-open tasks and their dependencies. */
export function folderOpenChains(sources: readonly TaskSource[]): { task: VsTask; chain: ChainStep[] }[] {
  const out: { task: VsTask; chain: ChainStep[] }[] = [];
  for (const s of sources) for (const t of s.tasks) if (t.folderOpen) out.push({ task: t, chain: chainOf(t) });
  return out;
}

/** "Opening this folder" or "Opening the folder `web`", for messages. */
export function openingPhrase(source: TaskSource): string {
  if (source.kind === 'code-workspace') return `Opening the workspace ${baseName(source.file)}`;
  return source.folder === '' ? 'Opening this folder' : `Opening the folder ${source.folder}/`;
}

/** Commands of every OS variant that differ from the Linux one. */
export function otherVariants(task: VsTask): { os: Os; command: TaskCommand }[] {
  const linux = task.commands.linux.command;
  const out: { os: Os; command: TaskCommand }[] = [];
  for (const os of OSES) {
    if (os === 'linux') continue;
    const c = task.commands[os];
    if (c.command !== undefined && c.command !== linux) out.push({ os, command: c });
  }
  return out;
}

/** The hiding part of a message: "hidden from the terminal: reveal never, echo false". */
export function stealthPhrase(task: VsTask): string {
  if (task.stealth.length === 0) return '';
  return task.hidden ? `hidden from the terminal: ${task.stealth.join(', ')}` : `quiet: ${task.stealth.join(', ')}`;
}

/** Findings one rule reports per file before it sums up the rest (the map still lists them all). */
export const MAX_FINDINGS_PER_FILE = 25;

/**
 * Counts findings per file and tells, once per file, how many more it did not report one by one.
 * Returns false when the finding should be left out.
 */
export function findingBudget(ctx: RuleContext, what: string): { take(file: string): boolean; finish(): void } {
  const counts = new Map<string, number>();
  return {
    take(file: string): boolean {
      const n = (counts.get(file) ?? 0) + 1;
      counts.set(file, n);
      return n <= MAX_FINDINGS_PER_FILE;
    },
    finish(): void {
      for (const [file, n] of counts) {
        if (n <= MAX_FINDINGS_PER_FILE) continue;
        ctx.report({
          message: `${file} has ${n - MAX_FINDINGS_PER_FILE} more ${what} than the ${MAX_FINDINGS_PER_FILE} reported here; all of them are on the execution map.`,
          location: { file, line: 1 },
        });
      }
    },
  };
}
