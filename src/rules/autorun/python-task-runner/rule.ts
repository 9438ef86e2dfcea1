import { defineRule } from '../../../core/rule.ts';
import type { RuleContext } from '../../../core/rule.ts';
import type { Trigger } from '../../../core/types.ts';
import { baseName } from '../../../fs/path.ts';
import { readToml } from '../../../lang/toml.ts';
import { prepareUnits, reportUnits } from '../_shared/command-units.ts';
import type { PendingUnit, Runner, UnitStep } from '../_shared/command-units.ts';
import { triggerOfTarget } from '../make-target/rule.ts';

const TOX: Runner = { kind: 'tox-env', program: 'tox -e', noun: 'environment' };
const PROCFILE: Runner = { kind: 'procfile-process', program: 'honcho start', noun: 'process' };
const PIPENV: Runner = { kind: 'pipenv-script', program: 'pipenv run', noun: 'script' };
const POE: Runner = { kind: 'poe-task', program: 'poe', noun: 'task' };
const PDM: Runner = { kind: 'pdm-script', program: 'pdm run', noun: 'script' };
const HATCH: Runner = { kind: 'hatch-script', program: 'hatch run', noun: 'script' };
const RYE: Runner = { kind: 'rye-script', program: 'rye run', noun: 'script' };

/** tox keys whose lines tox runs, in the order it runs them. */
const TOX_KEYS = ['commands_pre', 'commands', 'commands_post'];
/** PDM runs these scripts itself around its own commands (`pdm install` runs pre_install and post_install). */
const PDM_HOOK = /^(?:pre|post)_(?:install|lock|build|publish|init|use|script|run)$/;
const MAX_UNITS = 500;

type Record_ = Record<string, unknown>;

function obj(v: unknown): Record_ | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record_) : undefined;
}

/** The 1-based line of the first line that holds `needle` (its first 40 plain characters), else `fallback`. */
function lineOf(text: string, needle: string, fallback = 1): number {
  const probe = (/[^"'\\\n]{4,40}/.exec(needle)?.[0] ?? needle).trim();
  if (probe === '') return fallback;
  const at = text.indexOf(probe);
  return at < 0 ? fallback : text.slice(0, at).split('\n').length;
}

/** The line of a TOML table header or key (`[tool.poe.tasks]`, `setup =`). */
function keyLine(text: string, key: string, fallback = 1): number {
  const re = new RegExp(String.raw`^\s*(?:"${esc(key)}"|'${esc(key)}'|${esc(key)})\s*=`, 'm');
  const m = re.exec(text);
  return m ? text.slice(0, m.index).split('\n').length : fallback;
}

function esc(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `pkg.mod:func` (a Python callable a runner imports and calls) as the command that runs its module. */
function callCommand(spec: string): string {
  const mod = spec.split(':')[0]?.trim() ?? spec;
  return `python -m ${mod}`;
}

// ---- tox -------------------------------------------------------------------------------------

/** tox.ini (or a `legacy_tox_ini` string): each `[testenv]`/`[testenv:name]` with its command lines. */
function toxIni(path: string, text: string, lineBase: number): PendingUnit[] {
  const out: PendingUnit[] = [];
  const lines = text.split(/\r?\n/);
  let section = '';
  const envs = new Map<string, { line: number; steps: Map<string, UnitStep[]> }>();
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] ?? '';
    const header = /^\s*\[([^\]]+)\]/.exec(raw);
    if (header) {
      section = header[1]?.trim() ?? '';
      continue;
    }
    const env = /^testenv(?::(.+))?$/.exec(section);
    if (!env) continue;
    const key = /^([A-Za-z_]+)\s*[=:]\s*(.*)$/.exec(raw);
    if (!key?.[1] || !TOX_KEYS.includes(key[1])) continue;
    const name = env[1]?.trim() ?? '';
    const entry = envs.get(name) ?? { line: lineBase + i, steps: new Map<string, UnitStep[]>() };
    envs.set(name, entry);
    const steps: UnitStep[] = [];
    const push = (command: string, at: number): void => {
      const c = command.trim().replace(/^-\s*/, '');
      if (c !== '' && !c.startsWith('#')) steps.push({ file: path, line: lineBase + at, command: c, unit: name || 'testenv' });
    };
    push(key[2] ?? '', i);
    // Continuation lines are indented; a trailing `\` joins the next line to this command.
    for (let j = i + 1; j < lines.length && /^\s+\S/.test(lines[j] ?? ''); j++, i++) {
      const prev = steps[steps.length - 1];
      const l = (lines[j] ?? '').trim();
      if (prev && prev.command.endsWith('\\')) prev.command = `${prev.command.slice(0, -1).trimEnd()} ${l}`;
      else push(l, j);
    }
    entry.steps.set(key[1], steps);
  }
  const base = envs.get('');
  for (const [name, env] of envs) {
    // An environment inherits [testenv]'s keys it does not set.
    const steps = TOX_KEYS.flatMap(k => env.steps.get(k) ?? (name === '' ? [] : (base?.steps.get(k) ?? [])));
    if (steps.length === 0) continue;
    out.push({
      runner: TOX,
      path,
      unit: { name: name || 'testenv', line: env.line, steps },
      trigger: 'test',
      label: name === '' ? '[testenv] (every environment)' : `testenv:${name}`,
      invocation: name === '' ? '`tox`' : `\`tox -e ${name}\``,
    });
  }
  return out;
}

/** tox.toml / `[tool.tox]`: `env_run_base` and `env.<name>`, commands as lists of argument lists. */
function toxToml(path: string, text: string, tox: Record_): PendingUnit[] {
  const out: PendingUnit[] = [];
  const envs: [string, Record_][] = [];
  const base = obj(tox['env_run_base']);
  if (base) envs.push(['', base]);
  for (const [name, v] of Object.entries(obj(tox['env']) ?? {})) {
    const e = obj(v);
    if (e) envs.push([name, e]);
  }
  for (const [name, env] of envs) {
    const steps: UnitStep[] = [];
    for (const key of TOX_KEYS) {
      const value = env[key] ?? (name === '' ? undefined : base?.[key]);
      if (!Array.isArray(value)) continue;
      for (const cmd of value) {
        const words = Array.isArray(cmd) ? cmd.filter((w): w is string => typeof w === 'string') : typeof cmd === 'string' ? [cmd] : [];
        if (words.length === 0) continue;
        const command = words.map(w => (/^[\w@%+=:,./-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`)).join(' ');
        // The line of its longest word, which is the most likely to be written only there.
        const longest = words.reduce((a, b) => (b.length > a.length ? b : a), '');
        steps.push({ file: path, line: lineOf(text, longest), command, unit: name || 'env_run_base' });
      }
    }
    if (steps.length === 0) continue;
    out.push({
      runner: TOX,
      path,
      unit: { name: name || 'env_run_base', line: steps[0]?.line ?? 1, steps },
      trigger: 'test',
      label: name === '' ? 'env_run_base (every environment)' : `env.${name}`,
      invocation: name === '' ? '`tox`' : `\`tox -e ${name}\``,
    });
  }
  return out;
}

// ---- Procfile ----------------------------------------------------------------------------------

/** `name: command` lines; honcho, foreman and `heroku local` start every process of the file. */
function procfile(path: string, text: string): PendingUnit[] {
  const out: PendingUnit[] = [];
  const file = baseName(path);
  text.split(/\r?\n/).forEach((raw, i) => {
    const m = /^([A-Za-z0-9_-]+):\s*(.+)$/.exec(raw.trim());
    if (!m?.[1] || !m[2] || raw.trim().startsWith('#')) return;
    const name = m[1];
    out.push({
      runner: PROCFILE,
      path,
      unit: { name, line: i + 1, steps: [{ file: path, line: i + 1, command: m[2], unit: name }] },
      trigger: name === 'release' ? 'install' : 'start',
      label: name,
      invocation:
        file === 'Procfile'
          ? `\`heroku local\`, \`honcho start\` or \`foreman start\` (process \`${name}\`)`
          : `\`foreman start -f ${file}\` (process \`${name}\`)`,
    });
  });
  return out;
}

// ---- Pipfile and pyproject.toml scripts ----------------------------------------------------------

/** A runner's task value as commands: a string, `{cmd|shell|call|script|…}`, or a sequence of them. */
function taskCommands(v: unknown, depth = 0): string[] {
  if (depth > 4) return [];
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) {
    // A list of words (`cmd = ["pytest", "-x"]`) or a sequence of tasks.
    if (v.every(x => typeof x === 'string') && depth > 0) return [v.join(' ')];
    return v.flatMap(x => taskCommands(x, depth + 1));
  }
  const o = obj(v);
  if (!o) return [];
  const out: string[] = [];
  for (const key of ['cmd', 'shell']) {
    const c = o[key];
    if (typeof c === 'string') out.push(c);
    else if (Array.isArray(c)) out.push(c.filter(x => typeof x === 'string').join(' '));
  }
  for (const key of ['call', 'script']) if (typeof o[key] === 'string') out.push(callCommand(o[key]));
  for (const key of ['sequence', 'composite', 'chain']) if (Array.isArray(o[key])) out.push(...taskCommands(o[key], depth + 1));
  return out;
}

function scriptUnits(
  runner: Runner,
  path: string,
  text: string,
  table: Record_ | undefined,
  section: string,
  triggerOf: (name: string) => Trigger,
  invocation?: (name: string) => string,
): PendingUnit[] {
  const out: PendingUnit[] = [];
  if (!table) return out;
  const from = text.indexOf(section);
  const after = from < 0 ? text : text.slice(from);
  const offset = from < 0 ? 0 : text.slice(0, from).split('\n').length - 1;
  for (const [name, value] of Object.entries(table)) {
    if (name === '_' || out.length >= MAX_UNITS) continue;
    const line = offset + keyLine(after, name, 1);
    const steps = taskCommands(value).map(command => ({
      file: path,
      line: offset + lineOf(after, command, line - offset),
      command,
      unit: name,
    }));
    if (steps.length === 0) continue;
    out.push({
      runner,
      path,
      unit: { name, line, steps },
      trigger: triggerOf(name),
      label: name,
      ...(invocation ? { invocation: invocation(name) } : {}),
    });
  }
  return out;
}

function pdmTrigger(name: string): Trigger {
  return PDM_HOOK.test(name) ? (/install|init|use/.test(name) ? 'install' : 'build') : triggerOfTarget(name);
}

function pdmInvocation(name: string): string {
  const hook = /^(pre|post)_(\w+)$/.exec(name);
  return hook && PDM_HOOK.test(name) ? `\`pdm ${hook[2] ?? ''}\` (its \`${name}\` hook)` : `\`pdm run ${name}\``;
}

/** Hatch: `[tool.hatch.envs.<env>.scripts]` and the environment's `pre-install-commands`/`post-install-commands`. */
function hatchUnits(path: string, text: string, envs: Record_ | undefined, prefix: string): PendingUnit[] {
  const out: PendingUnit[] = [];
  for (const [env, v] of Object.entries(envs ?? {})) {
    const e = obj(v);
    if (!e) continue;
    const qualify = (name: string): string => (env === 'default' ? name : `${env}:${name}`);
    out.push(
      ...scriptUnits(
        HATCH,
        path,
        text,
        obj(e['scripts']),
        `[${prefix}envs.${env}.scripts]`,
        triggerOfTarget,
        n => `\`hatch run ${qualify(n)}\``,
      ),
    );
    const hooks = [...taskCommands(e['pre-install-commands'] ?? []), ...taskCommands(e['post-install-commands'] ?? [])];
    if (hooks.length > 0) {
      const steps = hooks.map(command => ({ file: path, line: lineOf(text, command), command, unit: `${env} (install)` }));
      out.push({
        runner: HATCH,
        path,
        unit: { name: `${env} (install)`, line: steps[0]?.line ?? 1, steps },
        trigger: 'install',
        label: `${env} environment install commands`,
        invocation: `The first \`hatch run\`, \`hatch shell\` or \`hatch test\` in the \`${env}\` environment`,
      });
    }
  }
  return out;
}

function pyproject(ctx: RuleContext, path: string, text: string): PendingUnit[] {
  if (!/\[tool\.(?:poe|pdm|hatch|rye|tox)\b/.test(text)) return [];
  const read = readToml(text);
  if (!read.ok) {
    ctx.error(`pyproject.toml could not be read for its task runners: ${read.error.message}`, path, 'unparseable');
    return [];
  }
  const tool = obj(read.value['tool']) ?? {};
  const out: PendingUnit[] = [];
  const poe = obj(tool['poe']);
  out.push(...scriptUnits(POE, path, text, obj(poe?.['tasks']), '[tool.poe.tasks]', triggerOfTarget));
  out.push(...scriptUnits(PDM, path, text, obj(obj(tool['pdm'])?.['scripts']), '[tool.pdm.scripts]', pdmTrigger, pdmInvocation));
  out.push(...scriptUnits(RYE, path, text, obj(obj(tool['rye'])?.['scripts']), '[tool.rye.scripts]', triggerOfTarget));
  out.push(...hatchUnits(path, text, obj(obj(tool['hatch'])?.['envs']), 'tool.hatch.'));
  const tox = obj(tool['tox']);
  if (tox) {
    const legacy = tox['legacy_tox_ini'];
    // A multi-line string starts on the line after `legacy_tox_ini = """`.
    if (typeof legacy === 'string') out.push(...toxIni(path, legacy, keyLine(text, 'legacy_tox_ini') + 1));
    else out.push(...toxToml(path, text, tox));
  }
  return out;
}

function tomlUnits(ctx: RuleContext, path: string, text: string, what: string, units: (v: Record_) => PendingUnit[]): PendingUnit[] {
  const read = readToml(text);
  if (!read.ok) {
    ctx.error(`${what} could not be read: ${read.error.message}`, path, 'unparseable');
    return [];
  }
  return units(read.value);
}

function unitsOf(ctx: RuleContext, path: string, text: string): PendingUnit[] {
  const name = baseName(path);
  if (name === 'tox.ini') return toxIni(path, text, 1);
  if (name === 'tox.toml') return tomlUnits(ctx, path, text, 'tox.toml', v => toxToml(path, text, v));
  if (/^Procfile(?:\.[\w-]+)?$/.test(name)) return procfile(path, text);
  if (name === 'Pipfile')
    return tomlUnits(ctx, path, text, 'Pipfile', v => scriptUnits(PIPENV, path, text, obj(v['scripts']), '[scripts]', triggerOfTarget));
  if (name === 'hatch.toml') return tomlUnits(ctx, path, text, 'hatch.toml', v => hatchUnits(path, text, obj(v['envs']), ''));
  if (name === 'pyproject.toml') return pyproject(ctx, path, text);
  return [];
}

/** noxfile.py is Python that `nox` imports (every session's code runs in it): a test surface whose code the Python rules read. */
function noxfile(ctx: RuleContext, path: string): void {
  ctx.addSurface({ trigger: 'test', kind: 'noxfile', location: { file: path, line: 1 }, name: 'nox', command: 'nox', entry: path });
  ctx.report({
    severity: 'info',
    message: '`nox` imports noxfile.py and runs its sessions; its code is read by the Python rules.',
    location: { file: path, line: 1 },
    runs: { trigger: 'test', files: [path] },
  });
}

export default defineRule({
  meta: {
    id: 'autorun/python-task-runner',
    severity: 'critical',
    confidence: 'high',
    description:
      'Python project task runners: tox environments (tox.ini, tox.toml, [tool.tox]), noxfile.py, Procfile processes, Pipfile scripts, and Poe, PDM (with its install hooks), Hatch (with its environment install commands) and Rye scripts in pyproject.toml.',
    triggers: ['install', 'dev', 'start', 'build', 'test', 'lint'],
    phase: 'map',
    files: {
      globs: [
        '**/tox.ini',
        '**/tox.toml',
        '**/noxfile.py',
        '**/Procfile',
        '**/Procfile.*',
        '**/Pipfile',
        '**/pyproject.toml',
        '**/hatch.toml',
      ],
    },
    since: '0.1.0',
  },
  async run(ctx) {
    const pending: PendingUnit[][] = [];
    for (const file of ctx.inventory.files) {
      if (file.inNodeModules || file.type !== 'file') continue;
      const name = baseName(file.path);
      if (name === 'noxfile.py') {
        noxfile(ctx, file.path);
        continue;
      }
      if (!/^(?:tox\.ini|tox\.toml|Procfile(?:\.[\w-]+)?|Pipfile|pyproject\.toml|hatch\.toml)$/.test(name)) continue;
      if (/(?:^|\/)(?:\.tox|\.nox|\.venv|venv|site-packages)\//.test(file.path)) continue;
      const text = ctx.text(file.path);
      if (text === undefined) {
        ctx.error(`${name} is not a readable text file: what it runs was not analysed`, file.path, 'unreadable');
        continue;
      }
      pending.push(unitsOf(ctx, file.path, text));
    }
    await prepareUnits(pending.flat());
    for (const p of pending) reportUnits(ctx, p);
  },
});
