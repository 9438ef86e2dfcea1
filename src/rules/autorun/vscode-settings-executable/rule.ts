import type { RuleContext } from '../../../core/rule.ts';
import { defineRule } from '../../../core/rule.ts';
import type { Severity } from '../../../core/types.ts';
import { openTaskSeverity, surfaceSeverity } from '../../../core/policy.ts';
import { baseName, dirName } from '../../../fs/path.ts';
import { asArray, asObject, asString } from '../../../lang/jsonc.ts';
import { shellTools } from '../../../knowledge/index.ts';
import type { JsonPath, JsoncDocument } from '../../../lang/jsonc.ts';
import { assessCommand, signalPhrase } from '../_shared/assess-command.ts';
import { filesWhere, isRepoFile, loadJsonc, reportSyntax, resolveConfigPath } from '../_shared/jsonc-file.ts';
import { addTaskSurfaces } from '../_shared/task-surfaces.ts';
import { openTaskRun } from '../_shared/open-task-run.ts';
import { unusualProgramPlace } from '../../../knowledge/persistence.ts';
import { chainOf, findTaskByLabel, folderOpenChains, isCodeWorkspace, loadTaskSources, npmScriptIn } from '../_shared/vscode-tasks.ts';

/** A JSONC file (or a block of a .code-workspace file) with the folder it configures. */
interface Block {
  file: string;
  /** The editor that reads it (VS Code when absent). */
  editor?: string;
  folder: string;
  doc: JsoncDocument;
  base: JsonPath;
  value: Record<string, unknown>;
}

const EXECUTABLE_KEY =
  /\.(?:path|executablePath|nodePath|serverPath|command|overrideCommand|runtime|defaultInterpreterPath|interpreterPath|pythonPath|binPath|binaryPath|executable|exePath|program|procMacro\.server|tsdk|goroot|toolsGopath|venvPath)$/;
/** Settings whose array value is one command line (program and arguments), not a list of alternatives. */
const ARGV_KEY = /(?:overrideCommand|\.command|\.program|\.binary\.path)$/;
/** Settings whose object value maps tool names to programs (`go.alternateTools`). */
const TOOL_MAP_KEY = /\.alternateTools$/;
const PRELOAD_VARS = new Set([
  'LD_PRELOAD',
  'LD_AUDIT',
  'DYLD_INSERT_LIBRARIES',
  'DYLD_LIBRARY_PATH',
  'NODE_OPTIONS',
  'BASH_ENV',
  'ENV',
  'PYTHONSTARTUP',
  'PERL5OPT',
  'RUBYOPT',
]);
const PACKAGE_MANAGERS = new Set(['npm', 'yarn', 'pnpm', 'bun', 'auto']);
const OS_KEYS = ['linux', 'osx', 'windows'] as const;
/** Globs that hide the files which make a folder run code on open. */
const HIDES_CONFIG =
  /(?:^|\/)(?:\.vscode|\.devcontainer|\.idea|\.run|\.cursor|tasks\.json|settings\.json|launch\.json|mcp\.json|devcontainer\.json|\*\.code-workspace)(?:\/|$)/;

function blocksOf(ctx: RuleContext, isFile: (p: string) => boolean, workspaceKey: string): Block[] {
  const out: Block[] = [];
  for (const file of filesWhere(ctx, p => isFile(p) || isCodeWorkspace(p))) {
    const doc = loadJsonc(ctx, file);
    if (!doc) continue;
    if (isCodeWorkspace(file)) {
      const value = asObject(asObject(doc.value)?.[workspaceKey]);
      if (value) out.push({ file, folder: dirName(file), doc, base: [workspaceKey], value });
      continue;
    }
    reportSyntax(ctx, file, doc, 'VS Code');
    const value = asObject(doc.value);
    if (value) out.push({ file, folder: dirName(dirName(file)), doc, base: [], value });
  }
  return out;
}

const inVscode =
  (name: string) =>
  (p: string): boolean =>
    p === `.vscode/${name}` || p.endsWith(`/.vscode/${name}`);

function lineOf(block: Block, path: JsonPath): number {
  return block.doc.positionOf([...block.base, ...path]).line;
}

function show(value: string): string {
  return `\`${value.length > 120 ? `${value.slice(0, 117)}…` : value}\``;
}

/** What a path-valued setting points at: a file of this repository, a folder of it, or an unusual place. */
function target(ctx: RuleContext, folder: string, value: string): { kind: 'repo-file' | 'repo-dir' | 'unusual' | 'other'; path?: string } {
  const first = value.trim().split(/\s+/)[0] ?? '';
  const rel = resolveConfigPath(folder, first);
  const looksRelative = /^(?:\.{1,2}[\\/]|\$\{workspace)/.test(first) || (first.includes('/') && !/^(?:[A-Za-z]:|[\\/~$%])/.test(first));
  if (rel !== undefined && looksRelative) {
    if (isRepoFile(ctx, rel)) return { kind: 'repo-file', path: rel };
    if (ctx.inventory.dirs.has(rel)) return { kind: 'repo-dir', path: rel };
  }
  if (unusualProgramPlace(first) && !inToolInstallDir(first)) return { kind: 'unusual' };
  return { kind: 'other' };
}

/**
 * A program where a toolchain or version manager installs it (`~/.cargo/bin/rust-analyzer`,
 * `${userHome}/.pyenv/shims/python`): a hidden folder under home, but the usual place for it.
 */
function inToolInstallDir(path: string): boolean {
  const home = path.replace(/^(?:\$\{userHome\}|\$\{env:HOME\}|\$HOME)(?=[\\/])/i, '~').replaceAll('\\', '/');
  return !/(?:^|\/)\.\.(?:\/|$)/.test(home) && shellTools().toolInstallDirs.some(dir => home.startsWith(`${dir}/`));
}

function checkEnv(ctx: RuleContext, block: Block, env: Record<string, unknown>, path: JsonPath, where: string): void {
  for (const [name, raw] of Object.entries(env)) {
    const value = asString(raw);
    if (value === undefined) continue;
    const upper = name.toUpperCase();
    const preload =
      PRELOAD_VARS.has(upper) &&
      (upper !== 'NODE_OPTIONS' || /(?:^|\s)(?:--require|-r|--import|--loader|--experimental-loader)\b/.test(value));
    const pathHijack = upper === 'PATH' && /\$\{workspaceFolder\}|^\.{1,2}\//.test(value);
    if (!preload && !pathHijack) continue;
    const loaded = preload ? preloadedFile(ctx, block.folder, upper, value) : undefined;
    const location = { file: block.file, line: lineOf(block, [...path, name]) };
    // BASH_ENV and ENV name a file the shell sources: shell code, whatever its name.
    const kind = upper === 'BASH_ENV' || upper === 'ENV' ? 'vscode-terminal-rcfile' : 'vscode-terminal-env';
    if (loaded !== undefined)
      ctx.addSurface({ trigger: 'open', kind, location, entry: loaded, command: `${name}=${value}`.slice(0, 500), name });
    ctx.report({
      severity: preload ? 'high' : 'medium',
      message: preload
        ? `This repository's VS Code settings set ${name}=${show(value)} in ${where}, which loads code into every program started there.`
        : `This repository's VS Code settings put a folder of the repository first on PATH in ${where} (${show(value)}), so its files shadow ordinary commands.`,
      location,
      evidence: `${name}=${value}`.slice(0, 300),
      ...(loaded !== undefined ? { runs: { trigger: 'open' as const, files: [loaded] } } : {}),
    });
  }
}

/** The repository file a preload variable makes every program load (`BASH_ENV=…`, `NODE_OPTIONS=--require …`). */
function preloadedFile(ctx: RuleContext, folder: string, name: string, value: string): string | undefined {
  const files =
    name === 'NODE_OPTIONS'
      ? [...value.matchAll(/(?:--require|-r|--import|--loader|--experimental-loader)[=\s]+(\S+)/g)].map(m => m[1] ?? '')
      : value.split(name === 'LD_PRELOAD' || name === 'LD_AUDIT' || name === 'DYLD_INSERT_LIBRARIES' ? /[\s:]+/ : /\s+/);
  for (const f of files) {
    const t = target(ctx, folder, f.replace(/^(['"])(.*)\1$/, '$2'));
    if (t.kind === 'repo-file') return t.path;
  }
  return undefined;
}

function checkExecutable(ctx: RuleContext, block: Block, key: string, raw: unknown, path: JsonPath, trigger: 'open' | 'shell'): void {
  const map = TOOL_MAP_KEY.test(key) ? asObject(raw) : undefined;
  if (map) {
    for (const [tool, v] of Object.entries(map)) checkExecutable(ctx, block, `${key}.${tool}`, v, [...path, tool], trigger);
    return;
  }
  const list = (asArray(raw) ?? [raw]).map(asString).filter((v): v is string => v !== undefined);
  const values =
    ARGV_KEY.test(key) && asArray(raw)
      ? [list.map(a => (/[\s"'$`\\|&;<>()]/.test(a) ? `'${a.replace(/'/g, `'\\''`)}'` : a)).join(' ')]
      : list;
  for (const value of values) {
    const t = target(ctx, block.folder, value);
    const location = { file: block.file, line: lineOf(block, path) };
    const risk = /\s/.test(value.trim()) ? assessCommand(ctx, value, block.folder) : undefined;
    const remote = risk?.level === 'remote' ? risk.signals[0] : undefined;
    // A command line whose program is a tool and whose script is a repository file (`node build/check.js`).
    if (t.kind === 'other' && risk?.entry !== undefined && isRepoFile(ctx, risk.entry)) {
      t.kind = 'repo-file';
      t.path = risk.entry;
    }
    let severity: Severity | undefined;
    let message = '';
    if (t.kind === 'repo-file' && t.path !== undefined) {
      severity = 'high';
      message = `${block.editor ?? 'VS Code'} runs ${t.path} from this repository as \`${key}\` (${show(value)}) when the feature that uses it starts.`;
      ctx.addSurface({ trigger, kind: 'vscode-setting', location, entry: t.path, command: value.slice(0, 500), name: key });
    } else if (t.kind === 'repo-dir' && !/(?:^|\/)node_modules(?:\/|$)/.test(t.path ?? '')) {
      severity = 'medium';
      message = `\`${key}\` points VS Code at the folder ${t.path ?? value} of this repository, so what it loads from there comes from the repository.`;
    } else if (t.kind === 'unusual') {
      severity = 'medium';
      message = `\`${key}\` points VS Code at ${show(value)}, an unusual place for a program.`;
    } else if (remote) {
      severity = 'high';
      message = `\`${key}\` holds the command ${show(value)}; ${signalPhrase(remote.detail, value)}.`;
    } else if (key === 'npm.packageManager' && !PACKAGE_MANAGERS.has(value)) {
      severity = 'medium';
      message = `\`npm.packageManager\` is ${show(value)} instead of npm, yarn, pnpm or bun, so VS Code runs it for every npm task.`;
    }
    if (severity)
      ctx.report({
        severity,
        message,
        location,
        evidence: `${key}: ${value}`.slice(0, 300),
        ...(t.kind === 'repo-file' && t.path !== undefined ? { runs: { trigger, files: [t.path] } } : {}),
      });
  }
}

function checkProfile(ctx: RuleContext, block: Block, key: string, profile: Record<string, unknown>, path: JsonPath): void {
  const exe = asString(profile['path']) ?? asString(asArray(profile['path'])?.[0]);
  if (exe !== undefined) checkExecutable(ctx, block, key, exe, [...path, 'path'], 'shell');
  const args = (asArray(profile['args']) ?? []).map(asString).filter((a): a is string => a !== undefined);
  if (args.some(a => /^(?:-c|--command|\/c|--init-file|--rcfile|-Command|-EncodedCommand|-File)$/i.test(a))) {
    const at = args.findIndex(a => /^(?:--init-file|--rcfile|-File)$/i.test(a));
    const sourced = /^--(?:init-file|rcfile)$/.test(args[at] ?? '');
    const named = at >= 0 ? target(ctx, block.folder, args[at + 1] ?? '') : undefined;
    const file = named?.kind === 'repo-file' ? named.path : undefined;
    const location = { file: block.file, line: lineOf(block, [...path, 'args']) };
    if (file !== undefined)
      ctx.addSurface({
        trigger: 'open',
        kind: sourced ? 'vscode-terminal-rcfile' : 'vscode-terminal-profile',
        location,
        entry: file,
        command: args.join(' ').slice(0, 500),
        name: key,
      });
    ctx.report({
      severity: 'medium',
      message: `The terminal profile \`${key}\` starts its shell with commands of its own: ${show(args.join(' '))}${file !== undefined ? `, which runs ${file} from this repository in every terminal` : ''}.`,
      location,
      evidence: args.join(' ').slice(0, 300),
      ...(file !== undefined ? { runs: { trigger: 'open' as const, files: [file] } } : {}),
    });
  }
  const env = asObject(profile['env']);
  if (env) checkEnv(ctx, block, env, [...path, 'env'], `the terminal profile \`${key}\``);
}

function checkSettings(ctx: RuleContext, block: Block, settings: Record<string, unknown>, prefix: JsonPath): void {
  for (const [key, value] of Object.entries(settings)) {
    const path = [...prefix, key];
    const location = { file: block.file, line: lineOf(block, path) };
    if (/^\[.+\]$/.test(key)) {
      const inner = asObject(value);
      if (inner) checkSettings(ctx, block, inner, path);
      continue;
    }
    if (key === 'task.allowAutomaticTasks') {
      if (value === 'on' || value === true) {
        const opened = folderOpenChains(loadTaskSources(ctx)).map(({ task, chain }) => openTaskRun(ctx, task, chain));
        const watchers = opened.length > 0 && opened.every(r => r.watcher);
        const files = [...new Set(opened.flatMap(r => r.files))];
        ctx.report({
          severity: openTaskSeverity(watchers),
          message: watchers
            ? `This repository turns on \`task.allowAutomaticTasks\` so that VS Code runs its folder-open tasks without asking; they start the project's watcher, whose code is judged by the code rules.`
            : `This repository turns on \`task.allowAutomaticTasks\` so that VS Code runs its folder-open tasks without asking; no legitimate test repository needs it.`,
          location,
          evidence: `"task.allowAutomaticTasks": ${JSON.stringify(value)}`,
          ...(watchers && files.length > 0 ? { runs: { trigger: 'open' as const, files } } : {}),
        });
      }
      continue;
    }
    if (key === 'files.exclude' || key === 'search.exclude') {
      const hidden = Object.entries(asObject(value) ?? {})
        .filter(([glob, on]) => on === true && HIDES_CONFIG.test(glob))
        .map(([glob]) => glob);
      if (hidden.length > 0) {
        ctx.report({
          severity: 'medium',
          message: `This repository's settings hide ${hidden.map(g => `\`${g}\``).join(', ')} from the ${key === 'files.exclude' ? 'Explorer' : 'search'}, which is where its auto-run configuration lives.`,
          location,
          evidence: hidden.join(', ').slice(0, 300),
        });
      }
      continue;
    }
    if (key.startsWith('security.workspace.trust.')) {
      ctx.report({
        severity: 'medium',
        message: `This repository tries to change Workspace Trust (\`${key}\`: ${JSON.stringify(value)}); VS Code ignores it in workspace settings, but a repository has no reason to set it.`,
        location,
        evidence: `${key}: ${JSON.stringify(value)}`.slice(0, 300),
      });
      continue;
    }
    const terminal = /^terminal\.integrated\.(env|profiles|shell|shellArgs|automationProfile)\.(linux|osx|windows)$/.exec(key);
    if (terminal) {
      const [, what] = terminal;
      const obj = asObject(value);
      if (what === 'env' && obj) checkEnv(ctx, block, obj, path, 'the integrated terminal');
      else if (what === 'profiles' && obj) {
        for (const [name, profile] of Object.entries(obj)) {
          const p = asObject(profile);
          if (p) checkProfile(ctx, block, `${key}.${name}`, p, [...path, name]);
        }
      } else if (what === 'automationProfile' && obj) checkProfile(ctx, block, key, obj, path);
      else if (what === 'shell') checkExecutable(ctx, block, key, value, path, 'shell');
      else if (what === 'shellArgs') {
        const args = (asArray(value) ?? [value]).map(asString).filter((a): a is string => a !== undefined);
        ctx.report({
          severity: 'medium',
          message: `This repository adds arguments to every terminal shell VS Code opens (\`${key}\`: ${show(args.join(' '))}).`,
          location,
          evidence: args.join(' ').slice(0, 300),
        });
      }
      continue;
    }
    if (key === 'npm.packageManager' || key === 'git.path' || key === 'eslint.runtime' || EXECUTABLE_KEY.test(key)) {
      checkExecutable(ctx, block, key, value, path, 'open');
    }
  }
  const envBlock = asObject(settings['terminal.integrated.env']);
  if (envBlock) {
    for (const os of OS_KEYS) {
      const inner = asObject(envBlock[os]);
      if (inner) checkEnv(ctx, block, inner, [...prefix, 'terminal.integrated.env', os], 'the integrated terminal');
    }
  }
}

/** A `preLaunchTask: "npm: <script>"` that VS Code's npm support provides from package.json. */
function launchNpmScript(
  ctx: RuleContext,
  block: Block,
  name: string,
  key: string,
  scriptName: string,
  path: string | undefined,
  location: { file: string; line: number },
): void {
  const dir = path === undefined ? block.folder : (resolveConfigPath(block.folder, path) ?? block.folder);
  const script = npmScriptIn(ctx, dir, scriptName);
  const command = script.body ?? `npm run ${scriptName}`;
  const risk = assessCommand(ctx, command, dir);
  ctx.addSurface({
    trigger: 'start',
    kind: 'vscode-launch-task',
    location,
    command: command.slice(0, 500),
    name: `npm: ${scriptName} (${key} of "${name}")`,
    ...(risk.entry ? { entry: risk.entry } : {}),
  });
  const signal = risk.level === 'remote' ? risk.signals[0] : undefined;
  ctx.report({
    severity: signal ? 'high' : 'info',
    message: `Starting the debugger with "${name}" runs the npm script "${scriptName}" (${key}): ${show(command)}${signal ? `; ${signalPhrase(signal.detail, command)}` : ''}.`,
    location,
    ...(script.line === undefined ? {} : { related: [{ file: script.packageJson, line: script.line }] }),
  });
}

function checkLaunch(ctx: RuleContext, block: Block): void {
  const sources = loadTaskSources(ctx);
  const configs = [
    ...(asArray(block.value['configurations']) ?? []).map((c, i) => ({ c: asObject(c), path: ['configurations', i] as JsonPath })),
    ...(asArray(block.value['compounds']) ?? []).map((c, i) => ({ c: asObject(c), path: ['compounds', i] as JsonPath })),
  ];
  for (const { c, path } of configs) {
    if (!c) continue;
    const name = asString(c['name']) ?? 'debug configuration';
    for (const key of ['preLaunchTask', 'postDebugTask'] as const) {
      const label = asString(c[key]);
      if (label === undefined) continue;
      const task = findTaskByLabel(sources, block.folder, label);
      const location = { file: block.file, line: lineOf(block, [...path, key]) };
      const npm = /^npm: (.+?)(?: - (.+))?$/.exec(label);
      if (!task && npm?.[1] !== undefined) {
        launchNpmScript(ctx, block, name, key, npm[1], npm[2], location);
        continue;
      }
      if (!task) {
        ctx.report({
          severity: 'info',
          message: `The debug configuration "${name}" runs the task "${label}" (${key}), which is not defined in this repository.`,
          location,
        });
        continue;
      }
      for (const step of chainOf(task)) {
        addTaskSurfaces(ctx, step.task, 'start', 'vscode-launch-task', `${step.task.label} (${key} of "${name}")`);
      }
      ctx.report({
        severity: 'info',
        message: `Starting the debugger with "${name}" runs the task "${task.label}" (${key}): ${task.commands.linux.command === undefined ? `a ${task.type} task` : show(task.commands.linux.command)}.`,
        location,
        related: [{ file: task.source.file, line: task.commands.linux.line }],
      });
    }
    const program = asString(c['program']);
    const programPath = program === undefined ? undefined : resolveConfigPath(block.folder, program);
    if (isRepoFile(ctx, programPath)) {
      ctx.addSurface({
        trigger: 'start',
        kind: 'vscode-launch',
        location: { file: block.file, line: lineOf(block, [...path, 'program']) },
        entry: programPath,
        name,
      });
    }
    const runtime = asString(c['runtimeExecutable']);
    if (runtime !== undefined) checkExecutable(ctx, block, `${name} runtimeExecutable`, runtime, [...path, 'runtimeExecutable'], 'open');
  }
}

function checkMcp(ctx: RuleContext): void {
  const files = filesWhere(ctx, p => inVscode('mcp.json')(p) || p === '.cursor/mcp.json' || p.endsWith('/.cursor/mcp.json'));
  for (const file of files) {
    const doc = loadJsonc(ctx, file);
    if (!doc) continue;
    const editor = file.includes('.cursor/') ? 'Cursor' : 'VS Code';
    reportSyntax(ctx, file, doc, editor);
    const root = asObject(doc.value);
    const key = asObject(root?.['servers']) ? 'servers' : 'mcpServers';
    const servers = asObject(root?.[key]) ?? {};
    const folder = dirName(dirName(file));
    const block: Block = { file, folder, doc, base: [], value: root ?? {} };
    for (const [name, raw] of Object.entries(servers)) {
      const server = asObject(raw);
      if (!server) continue;
      const command = asString(server['command']);
      const location = { file, line: doc.positionOf([key, name]).line };
      const env = asObject(server['env']);
      if (env) checkEnv(ctx, block, env, [key, name, 'env'], `the MCP server "${name}"`);
      if (command === undefined) continue;
      const args = (asArray(server['args']) ?? []).map(asString).filter((a): a is string => a !== undefined);
      const line = [command, ...args].join(' ');
      const risk = assessCommand(ctx, line, folder);
      const local = risk.entry ?? [command, ...args].map(a => resolveConfigPath(folder, a)).find(p => isRepoFile(ctx, p));
      const signal = risk.level === 'remote' || risk.level === 'inline' ? risk.signals[0] : undefined;
      ctx.addSurface({
        trigger: 'open',
        kind: 'mcp-server',
        location,
        command: line.slice(0, 500),
        name,
        ...(local ? { entry: local } : {}),
      });
      let message = `${editor} starts the MCP server "${name}" for this folder with ${show(line)}.`;
      if (signal)
        message = `${editor} starts the MCP server "${name}" for this folder with ${show(line)}; ${signalPhrase(signal.detail, line)}.`;
      else if (local)
        message = `${editor} starts the MCP server "${name}" for this folder, which runs ${local} from this repository (${show(line)}).`;
      // A server the editor starts is a surface: what it runs decides (core/policy.ts). A command
      // that downloads, decodes or inlines code is evidence by itself; a repository file is
      // context raised to what the code rules find in it; a tool or package is context.
      ctx.report({
        severity: signal ? 'high' : surfaceSeverity('open', undefined),
        message,
        location,
        evidence: line.slice(0, 300),
        ...(local ? { runs: { trigger: 'open' as const, files: [local] } } : {}),
      });
    }
  }
}

/**
 * Zed's project settings (`.zed/settings.json`) nest what VS Code writes as dotted keys: a language
 * server's `lsp.<name>.binary.path` and `arguments`, the terminal's `shell.program` or
 * `shell.with_arguments`, and `terminal.env`. Each program setting is read as a VS Code one.
 */
function checkZed(ctx: RuleContext): void {
  for (const file of filesWhere(ctx, p => p === '.zed/settings.json' || p.endsWith('/.zed/settings.json'))) {
    const doc = loadJsonc(ctx, file);
    if (!doc) continue;
    reportSyntax(ctx, file, doc, 'Zed');
    const root = asObject(doc.value);
    if (!root) continue;
    const block: Block = { file, editor: 'Zed', folder: dirName(dirName(file)), doc, base: [], value: root };
    const walk = (o: Record<string, unknown>, path: JsonPath, depth: number): void => {
      for (const [k, v] of Object.entries(o)) {
        const at = [...path, k];
        const dotted = at.join('.');
        const inner = asObject(v);
        if (dotted === 'terminal.env' && inner) checkEnv(ctx, block, inner, at, 'the Zed terminal');
        else if (/^terminal\.shell\.with_arguments$/.test(dotted) && inner) {
          const program = asString(inner['program']);
          const args = (asArray(inner['args']) ?? []).map(asString).filter((a): a is string => a !== undefined);
          if (program !== undefined) checkProfile(ctx, block, dotted, { path: program, args }, at);
        } else if (/\.binary$/.test(dotted) && inner) {
          const program = asString(inner['path']);
          const args = (asArray(inner['arguments']) ?? []).map(asString).filter((a): a is string => a !== undefined);
          if (program !== undefined)
            checkExecutable(ctx, block, `${dotted}.path`, args.length > 0 ? [program, ...args] : program, [...at, 'path'], 'open');
        } else if (inner && depth < 6) walk(inner, at, depth + 1);
        else if (/^terminal\.shell\.program$/.test(dotted)) checkExecutable(ctx, block, dotted, v, at, 'shell');
      }
    };
    walk(root, [], 0);
  }
}

function checkRecommendations(ctx: RuleContext): void {
  for (const block of blocksOf(ctx, inVscode('extensions.json'), 'extensions')) {
    const recs = (asArray(block.value['recommendations']) ?? []).map(asString).filter((r): r is string => r !== undefined);
    if (recs.length === 0) continue;
    // An extension packaged in the repository runs with the editor's rights once installed, and
    // its code is not what a marketplace publisher signed: a surface Airlock does not read inside.
    recs.forEach((r, i) => {
      const path = /\.vsix$/i.test(r) ? resolveConfigPath(block.folder, r) : undefined;
      if (!isRepoFile(ctx, path)) return;
      ctx.report({
        severity: 'medium',
        message: `${baseName(block.file)} recommends installing the extension package ${path} from this repository; an extension runs with your editor's rights, and Airlock does not read inside the package.`,
        location: { file: block.file, line: lineOf(block, ['recommendations', i]) },
        evidence: r.slice(0, 300),
      });
    });
    ctx.report({
      severity: 'info',
      message: `${baseName(block.file)} recommends ${recs.length} extension${recs.length === 1 ? '' : 's'} (${recs.slice(0, 8).join(', ')}${recs.length > 8 ? ', …' : ''}); check each publisher before installing.`,
      location: { file: block.file, line: lineOf(block, ['recommendations']) },
    });
  }
}

export default defineRule({
  meta: {
    id: 'autorun/vscode-settings-executable',
    severity: 'high',
    confidence: 'high',
    description:
      'Workspace settings (VS Code, .code-workspace, Zed), launch and MCP configs that pre-authorise tasks, start programs or inject code into terminals; the repository files they run are followed.',
    triggers: ['open', 'shell', 'start'],
    phase: 'map',
    since: '0.1.0',
  },
  run(ctx) {
    for (const block of blocksOf(ctx, inVscode('settings.json'), 'settings')) checkSettings(ctx, block, block.value, []);
    for (const block of blocksOf(ctx, inVscode('launch.json'), 'launch')) checkLaunch(ctx, block);
    checkMcp(ctx);
    checkZed(ctx);
    checkRecommendations(ctx);
  },
});
