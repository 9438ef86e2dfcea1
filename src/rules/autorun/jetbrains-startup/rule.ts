import type { RuleContext } from '../../../core/rule.ts';
import { defineRule } from '../../../core/rule.ts';
import type { Location, Trigger } from '../../../core/types.ts';
import { baseName, dirName, joinRel } from '../../../fs/path.ts';
import { assessCommand, joinLines, signalPhrase } from '../_shared/assess-command.ts';
import type { CommandRisk } from '../_shared/assess-command.ts';
import { filesWhere, isRepoFile, readConfigText } from '../_shared/jsonc-file.ts';
import { lineAt } from '../_shared/text.ts';
import { npmScriptIn } from '../_shared/vscode-tasks.ts';
import { readXml } from '../../../lang/xml.ts';
import { gapKindOf } from '../../../lang/read-result.ts';
import type { XmlElement } from '../../../lang/xml.ts';
import { descendants, optionsOf } from '../_shared/xml.ts';

interface Step {
  /** What runs, as a command line, when it can be told. */
  command?: string;
  /** A local file the step runs. */
  entry?: string;
  /** Kind of step, e.g. "shell script", "npm", "external tool", "run configuration". */
  kind: string;
  location: Location;
  /** Another run configuration this step runs (RunConfigurationTask). */
  ref?: string;
}

interface RunConfig {
  name: string;
  type: string;
  main: Step;
  beforeRun: Step[];
}

interface ExternalTool {
  command: string;
  location: Location;
}

const CONFIG_FILE = /(?:^|\/)\.idea\/runConfigurations\/[^/]+\.xml$|(?:^|\/)\.run\/[^/]+\.run\.xml$|(?:^|\/)\.idea\/workspace\.xml$/;
const STARTUP_FILE = /(?:^|\/)\.idea\/(?:startup|workspace)\.xml$/;
const TOOLS_FILE = /(?:^|\/)\.idea\/tools\/[^/]+\.xml$/;
const WATCHERS_FILE = /(?:^|\/)\.idea\/watcherTasks\.xml$/;
/** Macros a File Watcher fills with the changed file (`$FilePath$`…): a placeholder word here. */
const FILE_MACRO =
  /\$(?:File\w*|Dir\w*|SourcepathEntry|Sourcepath|ModuleName|ModuleSourcePath|Classpath|ColumnNumber|LineNumber|Selection\w*|Clipboard\w*|Prompt\w*)\$/g;

/** The project folder of a file under `.idea/` or `.run/`. */
function projectOf(path: string): string {
  const parts = path.split('/');
  const at = parts.findIndex(p => p === '.idea' || p === '.run');
  return parts.slice(0, Math.max(0, at)).join('/');
}

function expand(project: string, value: string): string {
  const prefix = project === '' ? '' : `${project}/`;
  return value.replace(/\$PROJECT_DIR\$\/?/g, prefix).replace(/\$(?:MODULE_DIR|MODULE_WORKING_DIR)\$\/?/g, prefix);
}

/** A file of the repository named in a run configuration: `$PROJECT_DIR$/x`, or relative to `base`. */
function localFile(ctx: RuleContext, project: string, value: string | undefined, base = project): string | undefined {
  if (value === undefined || value === '') return undefined;
  let rel: string | undefined;
  if (/\$(?:PROJECT_DIR|MODULE_DIR|MODULE_WORKING_DIR)\$/.test(value)) rel = joinRel('', expand(project, value));
  else if (/^(?:[\\/~$]|[A-Za-z]:)/.test(value)) return undefined;
  else rel = joinRel(base, value);
  return isRepoFile(ctx, rel) ? rel : undefined;
}

function join(...parts: (string | undefined)[]): string {
  return parts.filter((p): p is string => p !== undefined && p !== '').join(' ');
}

function npmStep(ctx: RuleContext, project: string, el: XmlElement, location: Location): Step {
  const value = (tag: string): string | undefined => el.children.find(c => c.name === tag)?.attrs['value'];
  const command = value('command') ?? 'run';
  const scripts = descendants(el.children, 'script')
    .map(s => s.attrs['value'])
    .filter((s): s is string => s !== undefined);
  const pkg = value('package-json');
  const dir = pkg === undefined ? project : dirName(expand(project, pkg));
  const first = scripts[0];
  const body = command === 'run' && first !== undefined ? npmScriptIn(ctx, dir, first).body : undefined;
  return { kind: 'npm', location, command: body ?? join('npm', command, ...scripts) };
}

function mainStep(ctx: RuleContext, project: string, el: XmlElement, location: Location): Step {
  const type = el.attrs['type'] ?? '';
  const opts = optionsOf(el);
  if (type === 'ShConfigurationType') {
    if (opts.get('EXECUTE_SCRIPT_FILE') === 'false') return { kind: 'shell script', location, command: opts.get('SCRIPT_TEXT') ?? '' };
    const script = opts.get('SCRIPT_PATH');
    const entry = localFile(ctx, project, script);
    const step: Step = {
      kind: 'shell script',
      location,
      command: join(
        opts.get('INTERPRETER_PATH'),
        opts.get('INTERPRETER_OPTIONS'),
        script === undefined ? undefined : expand(project, script),
        opts.get('SCRIPT_OPTIONS'),
      ),
    };
    if (entry) step.entry = entry;
    return step;
  }
  if (type === 'js.build_tools.npm') return npmStep(ctx, project, el, location);
  if (type === 'NodeJSConfigurationType') {
    const file = el.attrs['path-to-js-file'];
    const workDir = el.attrs['working-dir'];
    const base = workDir === undefined ? project : expand(project, workDir).replace(/\/$/, '');
    const entry = localFile(ctx, project, file, base);
    const step: Step = {
      kind: 'node',
      location,
      command: join('node', el.attrs['node-parameters'], file, el.attrs['application-parameters']),
    };
    if (entry) step.entry = entry;
    return step;
  }
  if (type === 'PythonConfigurationType') {
    const script = opts.get('SCRIPT_NAME');
    const entry = localFile(ctx, project, script);
    const step: Step = {
      kind: 'python',
      location,
      command: join(
        'python',
        opts.get('INTERPRETER_OPTIONS'),
        script === undefined ? undefined : expand(project, script),
        opts.get('PARAMETERS'),
      ),
    };
    if (entry) step.entry = entry;
    return step;
  }
  return { kind: type === '' ? 'run configuration' : type, location };
}

function readTools(ctx: RuleContext): Map<string, ExternalTool> {
  const tools = new Map<string, ExternalTool>();
  for (const file of filesWhere(ctx, p => TOOLS_FILE.test(p))) {
    const text = readConfigText(ctx, file);
    const parsed = text === undefined ? undefined : readXml(text);
    if (!parsed?.ok || text === undefined) continue;
    for (const set of descendants(parsed.value, 'toolSet')) {
      for (const tool of descendants(set.children, 'tool')) {
        const exec = descendants(tool.children, 'exec')[0];
        if (!exec) continue;
        const opts = optionsOf(exec);
        tools.set(`Tool_${set.attrs['name'] ?? ''}_${tool.attrs['name'] ?? ''}`, {
          command: join(opts.get('COMMAND'), opts.get('PARAMETERS')),
          location: { file, line: lineAt(text, tool.start) },
        });
      }
    }
  }
  return tools;
}

function readConfigs(ctx: RuleContext, tools: Map<string, ExternalTool>): Map<string, RunConfig[]> {
  const byProject = new Map<string, RunConfig[]>();
  for (const file of filesWhere(ctx, p => CONFIG_FILE.test(p))) {
    const text = readConfigText(ctx, file);
    if (text === undefined) continue;
    const parsed = readXml(text);
    if (!parsed.ok) {
      if (parsed.error.kind === 'syntax') {
        ctx.report({
          severity: 'info',
          message: `${file} is not well-formed XML (${parsed.error.message.slice(0, 120)}); a JetBrains IDE would not load it, and Airlock could not read it.`,
          location: { file, line: 1 },
        });
      } else ctx.error(`not read: ${parsed.error.message}`, file, gapKindOf(parsed.error));
      continue;
    }
    const project = projectOf(file);
    const list = byProject.get(project) ?? [];
    const isWorkspace = baseName(file) === 'workspace.xml';
    const components = descendants(parsed.value, 'component').filter(c => (isWorkspace ? c.attrs['name'] === 'RunManager' : true));
    for (const component of components) {
      for (const el of component.children.filter(c => c.name === 'configuration')) {
        if (el.attrs['default'] === 'true') continue;
        const location = { file, line: lineAt(text, el.start) };
        const config: RunConfig = {
          name: el.attrs['name'] ?? '',
          type: el.attrs['type'] ?? '',
          main: mainStep(ctx, project, el, location),
          beforeRun: [],
        };
        for (const method of el.children.filter(c => c.name === 'method')) {
          for (const opt of method.children.filter(c => c.name === 'option' && c.attrs['enabled'] !== 'false')) {
            const loc = { file, line: lineAt(text, opt.start) };
            const name = opt.attrs['name'] ?? '';
            if (name === 'RunConfigurationTask') {
              const ref = opt.attrs['run_configuration_name'];
              if (ref !== undefined) config.beforeRun.push({ kind: 'run configuration', location: loc, ref });
            } else if (name === 'NpmBeforeRunTask') {
              config.beforeRun.push(npmStep(ctx, project, opt, loc));
            } else if (name === 'ToolBeforeRunTask') {
              const tool = tools.get(opt.attrs['actionId'] ?? '');
              config.beforeRun.push(
                tool ? { kind: 'external tool', location: tool.location, command: tool.command } : { kind: 'external tool', location: loc },
              );
            } else if (name !== '') {
              config.beforeRun.push({ kind: name, location: loc });
            }
          }
        }
        list.push(config);
      }
    }
    byProject.set(project, list);
  }
  return byProject;
}

/**
 * File Watchers (`.idea/watcherTasks.xml`): each enabled task runs its program with its arguments
 * whenever a file of its type changes in the project (a save, a checkout), without being asked.
 */
function readWatchers(ctx: RuleContext): { project: string; name: string; step: Step }[] {
  const out: { project: string; name: string; step: Step }[] = [];
  for (const file of filesWhere(ctx, p => WATCHERS_FILE.test(p))) {
    const text = readConfigText(ctx, file);
    if (text === undefined) continue;
    const parsed = readXml(text);
    if (!parsed.ok) {
      ctx.error(`not read: ${parsed.error.message}`, file, gapKindOf(parsed.error));
      continue;
    }
    const project = projectOf(file);
    for (const task of descendants(parsed.value, 'TaskOptions')) {
      if (task.attrs['isEnabled'] === 'false') continue;
      const opts = optionsOf(task);
      const program = opts.get('program');
      if (program === undefined || program === '') continue;
      const macros = (v: string | undefined): string | undefined =>
        v === undefined
          ? undefined
          : expand(project, v.replace(/\$(?:ProjectFileDir|ContentRoot)\$\/?/g, '$PROJECT_DIR$/')).replace(FILE_MACRO, 'FILE');
      const entry = localFile(ctx, project, program.replace(/\$(?:ProjectFileDir|ContentRoot)\$/g, '$PROJECT_DIR$'));
      const step: Step = {
        kind: 'file watcher',
        location: { file, line: lineAt(text, task.start) },
        command: join(macros(program), macros(opts.get('arguments'))),
      };
      if (entry) step.entry = entry;
      out.push({ project, name: opts.get('name') ?? 'File Watcher', step });
    }
  }
  return out;
}

function readStartup(ctx: RuleContext): { project: string; name: string; location: Location }[] {
  const out: { project: string; name: string; location: Location }[] = [];
  for (const file of filesWhere(ctx, p => STARTUP_FILE.test(p))) {
    const text = readConfigText(ctx, file);
    const parsed = text === undefined ? undefined : readXml(text);
    if (!parsed?.ok || text === undefined) continue;
    const components = descendants(parsed.value, 'component').filter(c =>
      /^ProjectStartup(?:Shared|Local)Configuration$/.test(c.attrs['name'] ?? ''),
    );
    for (const c of components) {
      for (const task of [...descendants(c.children, 'configuration'), ...descendants(c.children, 'task')]) {
        const name = task.attrs['name'];
        if (name !== undefined) out.push({ project: projectOf(file), name, location: { file, line: lineAt(text, task.start) } });
      }
    }
  }
  return out;
}

/** The steps a configuration runs, before-run steps (and the configurations they name) first. */
function stepsOf(config: RunConfig, all: RunConfig[], seen = new Set<RunConfig>()): Step[] {
  if (seen.has(config) || seen.size > 50) return [];
  seen.add(config);
  const out: Step[] = [];
  for (const b of config.beforeRun) {
    const ref = b.ref === undefined ? undefined : all.find(c => c.name === b.ref);
    if (ref) out.push(...stepsOf(ref, all, seen));
    else out.push(b);
  }
  out.push(config.main);
  return out;
}

function describe(step: Step): string {
  if (step.command !== undefined && step.command !== '') {
    const c = joinLines(step.command);
    return `\`${c.length > 120 ? `${c.slice(0, 117)}…` : c}\``;
  }
  return `a ${step.kind} step`;
}

/** The most serious thing any step does, with the step. */
function worstRisk(ctx: RuleContext, project: string, steps: Step[]): { risk: CommandRisk; step: Step } | undefined {
  let worst: { risk: CommandRisk; step: Step } | undefined;
  const order = ['tools', 'repo-code', 'inline', 'remote'];
  for (const step of steps) {
    if (step.command === undefined || step.command === '') continue;
    const risk = assessCommand(ctx, step.command, project);
    if (!worst || order.indexOf(risk.level) > order.indexOf(worst.risk.level)) worst = { risk, step };
  }
  return worst;
}

function addSteps(ctx: RuleContext, project: string, steps: Step[], trigger: Trigger, kind: string, name: string): void {
  for (const s of steps) {
    if (s.entry === undefined && s.command) {
      const entry = assessCommand(ctx, s.command, project).entry;
      if (entry !== undefined) s.entry = entry;
    }
    ctx.addSurface({
      trigger,
      kind,
      location: s.location,
      name: s === steps[steps.length - 1] ? name : `${s.kind} before "${name}"`,
      ...(s.command ? { command: s.command.slice(0, 500) } : {}),
      ...(s.entry ? { entry: s.entry } : {}),
    });
  }
}

export default defineRule({
  meta: {
    id: 'autorun/jetbrains-startup',
    severity: 'critical',
    confidence: 'high',
    description:
      'JetBrains startup tasks run a run configuration when the project opens, File Watchers run a program when a file changes; run configurations can run shell scripts and tools before launch.',
    triggers: ['open', 'start'],
    phase: 'map',
    since: '0.1.0',
  },
  run(ctx) {
    const tools = readTools(ctx);
    const configs = readConfigs(ctx, tools);
    const startup = readStartup(ctx);
    const started = new Set<RunConfig>();

    for (const s of startup) {
      const all = configs.get(s.project) ?? [];
      const config = all.find(c => c.name === s.name);
      if (!config) {
        ctx.report({
          severity: 'info',
          message: `A JetBrains startup task names the run configuration "${s.name}", which is not in this repository.`,
          location: s.location,
        });
        continue;
      }
      started.add(config);
      const steps = stepsOf(config, all);
      addSteps(ctx, s.project, steps, 'open', 'jetbrains-startup', config.name);
      const before = steps.slice(0, -1);
      const worst = worstRisk(ctx, s.project, steps);
      const signal = worst?.risk.signals[0];
      const remote = worst?.risk.level === 'remote' && signal !== undefined;
      ctx.report({
        severity: remote ? 'critical' : 'high',
        message: `Opening this project in a JetBrains IDE runs the startup task "${config.name}": ${describe(config.main)}${before.length > 0 ? `, after ${before.map(describe).join(', then ')}` : ''}${signal ? `; ${signalPhrase(signal.detail, worst.step.command ?? '')}` : ''}.`,
        location: config.main.location,
        related: [s.location, ...before.map(b => b.location)],
        ...(config.main.command ? { evidence: config.main.command.slice(0, 1000) } : {}),
      });
    }

    for (const w of readWatchers(ctx)) {
      addSteps(ctx, w.project, [w.step], 'open', 'jetbrains-file-watcher', w.name);
      const worst = worstRisk(ctx, w.project, [w.step]);
      const signal = worst?.risk.signals[0];
      const level = signal ? worst.risk.level : undefined;
      ctx.report({
        severity: level === 'remote' ? 'critical' : level === 'inline' ? 'medium' : 'info',
        message: `The JetBrains File Watcher "${w.name}" runs ${describe(w.step)} whenever a watched file changes in the open project${
          signal ? `; ${signalPhrase(signal.detail, w.step.command ?? '')}` : ''
        }.`,
        location: w.step.location,
        ...(w.step.command ? { evidence: w.step.command.slice(0, 1000) } : {}),
        ...(w.step.entry ? { runs: { trigger: 'open' as const, files: [w.step.entry] } } : {}),
      });
    }

    for (const [project, all] of configs) {
      for (const config of all) {
        if (started.has(config)) continue;
        const steps = stepsOf(config, all);
        addSteps(ctx, project, steps, 'start', 'jetbrains-run', config.name);
        const before = steps.slice(0, -1).filter(b => b.command);
        const worst = worstRisk(ctx, project, steps);
        const signal = worst?.risk.signals[0];
        const level = signal ? worst.risk.level : undefined;
        if (before.length === 0 && config.main.kind !== 'shell script' && level === undefined) continue;
        ctx.report({
          severity: level === 'remote' ? 'high' : level === 'inline' ? 'medium' : 'info',
          message: `Running "${config.name}" in a JetBrains IDE runs ${before.length > 0 ? `${before.map(describe).join(', then ')} before ` : ''}${describe(config.main)}${signal ? `; ${signalPhrase(signal.detail, worst.step.command ?? '')}` : ''}.`,
          location: config.main.location,
          related: before.map(b => b.location),
        });
      }
    }
  },
});
