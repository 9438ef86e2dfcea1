import { defineRule } from '../../../core/rule.ts';
import type { RuleContext } from '../../../core/rule.ts';
import type { Trigger } from '../../../core/types.ts';
import { baseName, dirName, joinRel } from '../../../fs/path.ts';
import { asArray, asObject, asString } from '../../../lang/jsonc.ts';
import type { JsonPath, JsoncDocument } from '../../../lang/jsonc.ts';
import { assessCommand, shortCommand } from '../_shared/assess-command.ts';
import { commandVerdict } from '../_shared/command-verdict.ts';
import { filesWhere, isRepoFile, loadJsonc } from '../_shared/jsonc-file.ts';
import { triggerOfTarget } from '../make-target/rule.ts';

const RUN_COMMANDS = new Set(['nx:run-commands', '@nrwl/workspace:run-commands', '@nx/workspace:run-commands']);
const RUN_SCRIPT = new Set(['nx:run-script', '@nrwl/workspace:run-script', '@nx/workspace:run-script']);
const CODE_EXT = ['', '.js', '.ts', '.cjs', '.mjs', '.cts', '.mts', '/index.js', '/index.ts'];
/** Targets read from one file; a generated project.json with more is read in part. */
const MAX_TARGETS = 500;

interface Target {
  file: string;
  doc: JsoncDocument;
  project: string;
  /** The project's folder (where its project.json or package.json is). */
  dir: string;
  name: string;
  path: JsonPath;
  config: Record<string, unknown>;
}

/** The workspace root of a project: the nearest folder above it with an nx.json, else the root. */
function workspaceRoot(ctx: RuleContext, dir: string): string {
  let d = dir;
  for (let i = 0; i < 32; i++) {
    if (isRepoFile(ctx, joinRel(d, 'nx.json'))) return d;
    if (d === '') break;
    d = dirName(d);
  }
  return '';
}

function targetsOf(ctx: RuleContext): Target[] {
  const out: Target[] = [];
  for (const file of filesWhere(ctx, p => baseName(p) === 'project.json' || baseName(p) === 'package.json' || baseName(p) === 'nx.json')) {
    const doc = loadJsonc(ctx, file);
    const root = asObject(doc?.value);
    if (!doc || !root) continue;
    const base = baseName(file);
    // nx.json: targetDefaults that carry a command run for every project with that target.
    const prefix: JsonPath = base === 'package.json' ? ['nx', 'targets'] : base === 'nx.json' ? ['targetDefaults'] : ['targets'];
    let targets: Record<string, unknown> | undefined = root;
    for (const seg of prefix) targets = asObject(targets?.[seg as string]);
    if (!targets) continue;
    if (base === 'package.json' && asObject(root['nx']) === undefined) continue;
    if (base === 'project.json' && asString(root['$schema'])?.includes('nx') !== true && !('targets' in root)) continue;
    const dir = dirName(file);
    const project = asString(root['name']) ?? (dir === '' ? 'workspace' : baseName(dir));
    for (const [name, raw] of Object.entries(targets).slice(0, MAX_TARGETS)) {
      const config = asObject(raw);
      if (config) out.push({ file, doc, project, dir, name, path: [...prefix, name], config });
    }
    if (Object.keys(targets).length > MAX_TARGETS) {
      ctx.error(`only the first ${MAX_TARGETS} Nx targets were read`, file, 'truncated');
    }
  }
  return out;
}

/** The commands of a run-commands target (`command`, `commands`, or the `command` shorthand). */
function commandsOf(t: Target): { command: string; path: JsonPath }[] {
  const options = asObject(t.config['options']) ?? {};
  const out: { command: string; path: JsonPath }[] = [];
  const shorthand = asString(t.config['command']);
  if (shorthand !== undefined) out.push({ command: shorthand, path: [...t.path, 'command'] });
  const one = asString(options['command']);
  if (one !== undefined) out.push({ command: one, path: [...t.path, 'options', 'command'] });
  (asArray(options['commands']) ?? []).forEach((c, i) => {
    const command = asString(c) ?? asString(asObject(c)?.['command']);
    if (command !== undefined) out.push({ command, path: [...t.path, 'options', 'commands', i] });
  });
  return out;
}

function resolveCode(ctx: RuleContext, base: string | undefined): string | undefined {
  if (base === undefined) return undefined;
  for (const ext of CODE_EXT) if (isRepoFile(ctx, base + ext)) return base + ext;
  return undefined;
}

/**
 * A local executor's implementation: `./tools/executors/deploy:deploy` (a folder with an
 * executors.json, from the workspace root) or `@org/tools:deploy` when the package `@org/tools`
 * is a project of this repository.
 */
function localExecutor(ctx: RuleContext, executor: string, wsRoot: string): string | undefined {
  const at = executor.lastIndexOf(':');
  if (at <= 0) return undefined;
  const pkg = executor.slice(0, at);
  const name = executor.slice(at + 1);
  let dir: string | undefined;
  if (pkg.startsWith('.')) dir = joinRel(wsRoot, pkg);
  else {
    const found = filesWhere(ctx, p => baseName(p) === 'package.json').find(
      p => asString(asObject(loadJsonc(ctx, p)?.value)?.['name']) === pkg,
    );
    if (found !== undefined) dir = dirName(found);
  }
  if (dir === undefined) return undefined;
  const manifest = asObject(loadJsonc(ctx, joinRel(dir, 'package.json') ?? 'package.json')?.value);
  const listed = asString(manifest?.['executors']) ?? asString(manifest?.['builders']);
  for (const candidate of [listed, 'executors.json', 'builders.json']) {
    if (candidate === undefined) continue;
    const file = joinRel(dir, candidate);
    const list = asObject(loadJsonc(ctx, file ?? '')?.value);
    const entries = asObject(list?.['executors']) ?? asObject(list?.['builders']);
    const impl = asString(asObject(entries?.[name])?.['implementation']);
    if (impl === undefined || file === undefined) continue;
    const entry = resolveCode(ctx, joinRel(dirName(file), impl));
    if (entry !== undefined) return entry;
  }
  return undefined;
}

function mapTarget(ctx: RuleContext, t: Target): void {
  const trigger: Trigger = triggerOfTarget(t.name);
  const label = `${t.project}:${t.name}`;
  const wsRoot = workspaceRoot(ctx, t.dir);
  const executor = asString(t.config['executor']) ?? asString(t.config['builder']);
  const invocation = `\`nx run ${label}\``;
  const commands = commandsOf(t);
  if (commands.length > 0 && (executor === undefined || RUN_COMMANDS.has(executor))) {
    const options = asObject(t.config['options']) ?? {};
    const cwdRaw = asString(options['cwd']);
    const cwd = cwdRaw === undefined ? wsRoot : (joinRel(wsRoot, cwdRaw) ?? wsRoot);
    for (const c of commands) {
      const line = t.doc.positionOf(c.path).line;
      const risk = assessCommand(ctx, c.command, cwd);
      ctx.addSurface({
        trigger,
        kind: 'nx-target',
        location: { file: t.file, line },
        command: c.command.slice(0, 500),
        name: label,
        ...(risk.entry !== undefined ? { entry: risk.entry, reaches: risk.files.slice(1) } : {}),
      });
      const verdict = commandVerdict(c.command);
      if (verdict) {
        ctx.report({
          severity: verdict.severity,
          message: `${invocation} runs \`${shortCommand(c.command)}\`, ${verdict.why}.`,
          location: { file: t.file, line },
          evidence: verdict.evidence,
        });
      } else if (risk.files.length > 0) {
        ctx.report({
          severity: 'info',
          message: `${invocation} runs \`${shortCommand(c.command)}\`, which runs ${risk.files.slice(0, 3).join(', ')} from this repository.`,
          location: { file: t.file, line },
          runs: { trigger, files: risk.files },
        });
      }
    }
    return;
  }
  if (executor === undefined) return;
  const line = t.doc.positionOf([...t.path, t.config['executor'] === undefined ? 'builder' : 'executor']).line;
  if (RUN_SCRIPT.has(executor)) {
    const script = asString(asObject(t.config['options'])?.['script']);
    if (script === undefined) return;
    const command = `npm run ${script}`;
    const risk = assessCommand(ctx, command, t.dir);
    ctx.addSurface({
      trigger,
      kind: 'nx-target',
      location: { file: t.file, line },
      command,
      name: label,
      ...(risk.entry !== undefined ? { entry: risk.entry, reaches: risk.files.slice(1) } : {}),
    });
    return;
  }
  const entry = localExecutor(ctx, executor, wsRoot);
  if (entry === undefined) return;
  ctx.addSurface({ trigger, kind: 'nx-target', location: { file: t.file, line }, command: executor, name: label, entry });
  ctx.report({
    severity: 'info',
    message: `${invocation} runs the executor ${executor}, whose code is ${entry} in this repository.`,
    location: { file: t.file, line },
    runs: { trigger, files: [entry] },
  });
}

export default defineRule({
  meta: {
    id: 'autorun/nx-target',
    severity: 'critical',
    confidence: 'high',
    description:
      'Nx targets (project.json, package.json#nx, nx.json targetDefaults): run-commands read as shell commands, run-script package scripts, and executors that live in the repository.',
    triggers: ['dev', 'build', 'start', 'test', 'lint', 'install'],
    phase: 'map',
    files: { basenames: ['project.json', 'nx.json'] },
    since: '0.1.0',
  },
  run(ctx) {
    for (const t of targetsOf(ctx)) mapTarget(ctx, t);
  },
});
