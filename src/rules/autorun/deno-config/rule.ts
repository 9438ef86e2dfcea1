import { defineRule } from '../../../core/rule.ts';
import type { RuleContext } from '../../../core/rule.ts';
import type { Severity } from '../../../core/types.ts';
import { baseName, dirName, joinRel } from '../../../fs/path.ts';
import { readJsonc } from '../../../lang/jsonc.ts';
import type { JsoncDocument } from '../../../lang/jsonc.ts';
import { moduleRegistry } from '../../../lang/shell/installers.ts';
import { prepareUnits, reportUnits } from '../_shared/command-units.ts';
import type { PendingUnit, Runner, UnitStep } from '../_shared/command-units.ts';
import { triggerOfTarget } from '../make-target/rule.ts';

const CONFIG = /^deno\.jsonc?$/;
const DENO: Runner = { kind: 'deno-task', program: 'deno task', noun: 'task' };
/** Dependency levels followed from a task. */
const MAX_DEPTH = 8;
const MAX_UNITS = 500;
/** Flags that give a program every permission, or the right to start processes. */
const WIDE = /(?:^|\s)(?:-A|--allow-all|--allow-run)(?=\s|=|$)/;

type Obj = Record<string, unknown>;

function obj(v: unknown): Obj | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined;
}

/** A task's command (`"dev": "…"` or `{ "command": "…" }`) and the tasks it depends on. */
function taskOf(v: unknown): { command?: string; dependencies: string[] } {
  if (typeof v === 'string') return { command: v, dependencies: [] };
  const o = obj(v);
  const deps = Array.isArray(o?.['dependencies']) ? o['dependencies'].filter((d): d is string => typeof d === 'string') : [];
  const command = o?.['command'];
  return { ...(typeof command === 'string' ? { command } : {}), dependencies: deps };
}

/** `deno task x`: its dependencies' commands first (deno runs them before it), then its own. */
function taskSteps(path: string, doc: JsoncDocument, tasks: Obj, name: string): UnitStep[] {
  const out: UnitStep[] = [];
  const seen = new Set<string>();
  const visit = (n: string, depth: number): void => {
    if (seen.has(n) || depth > MAX_DEPTH || !(n in tasks)) return;
    seen.add(n);
    const t = taskOf(tasks[n]);
    for (const d of t.dependencies) visit(d, depth + 1);
    if (t.command !== undefined) out.push({ file: path, line: doc.positionOf(['tasks', n]).line, command: t.command, unit: n });
  };
  visit(name, 0);
  return out;
}

interface RemoteImport {
  specifier: string;
  url: string;
  /** `['imports', spec]` or `['scopes', scope, spec]`. */
  where: (string | number)[];
}

/** Bare specifiers (`imports`, `scopes`) that resolve to a URL outside the registries of published packages. */
function remoteImports(config: Obj): { remote: RemoteImport[]; published: Set<string> } {
  const remote: RemoteImport[] = [];
  const published = new Set<string>();
  const read = (map: Obj | undefined, where: (string | number)[]): void => {
    for (const [spec, target] of Object.entries(map ?? {})) {
      if (typeof target !== 'string') continue;
      if (/^(?:jsr|npm|node):/.test(target) || (/^https?:/i.test(target) && moduleRegistry(target) !== undefined)) published.add(spec);
      else if (/^https?:/i.test(target)) remote.push({ specifier: spec, url: target, where: [...where, spec] });
    }
  };
  read(obj(config['imports']), ['imports']);
  for (const [scope, map] of Object.entries(obj(config['scopes']) ?? {})) read(obj(map), ['scopes', scope]);
  return { remote, published };
}

/**
 * A remote module is code the repository does not hold: `medium`, a reader checks what that host
 * serves; `high` when the map takes a name the project also resolves to a published package
 * (`@std/assert` from JSR in `imports`, from another host in `scopes`), which hides the swap;
 * `low` when deno.lock pins its hash (deno checks the lock before it runs the module).
 */
function reportImports(ctx: RuleContext, path: string, doc: JsoncDocument, config: Obj, tasks: Obj): void {
  const { remote, published } = remoteImports(config);
  if (remote.length === 0) return;
  const lock = joinRel(dirName(path), 'deno.lock');
  const lockText = lock !== undefined && ctx.inventory.byPath.get(lock)?.type === 'file' ? (ctx.text(lock) ?? '') : '';
  const wide = Object.keys(tasks).filter(n => WIDE.test(taskOf(tasks[n]).command ?? ''));
  const runs =
    wide.length > 0 ? ` \`deno task ${wide[0] ?? ''}\` runs with every permission (\`-A\`), so that code can do anything you can.` : '';
  for (const r of remote) {
    const pinned = lockText.includes(`"${r.url}"`);
    const swapped = published.has(r.specifier) && r.where[0] === 'scopes';
    const severity: Severity = swapped ? 'high' : pinned ? 'low' : 'medium';
    const why = swapped
      ? `, a name the project also takes from a package registry: code importing it gets this host's module instead`
      : pinned
        ? ', pinned by its hash in deno.lock'
        : ', code that is not in the repository and that the host can change at any time';
    ctx.report({
      severity,
      message: `${path} maps \`${r.specifier}\` to ${r.url}${why}.${pinned ? '' : runs}`,
      location: { file: path, line: doc.positionOf(r.where).line },
      evidence: `"${r.specifier}": "${r.url}"`,
    });
  }
}

function mapConfig(ctx: RuleContext, path: string, text: string): PendingUnit[] {
  const doc = readJsonc(text);
  const config = obj(doc.value);
  if (!config) {
    if (doc.errors.length > 0)
      ctx.error(`${baseName(path)} is not valid JSON: its tasks and imports were not analysed`, path, 'unparseable');
    return [];
  }
  const pending: PendingUnit[] = [];
  const tasks = obj(config['tasks']) ?? {};
  for (const name of Object.keys(tasks).slice(0, MAX_UNITS)) {
    const steps = taskSteps(path, doc, tasks, name);
    if (steps.length === 0) continue;
    pending.push({
      runner: DENO,
      path,
      unit: { name, line: doc.positionOf(['tasks', name]).line, steps },
      trigger: triggerOfTarget(name),
      label: name,
    });
  }
  reportImports(ctx, path, doc, config, tasks);
  const importMap = config['importMap'];
  if (typeof importMap === 'string' && /^https?:/i.test(importMap) && moduleRegistry(importMap) === undefined)
    ctx.report({
      severity: 'medium',
      message: `${path} takes its import map from ${importMap}: that host decides what every bare import of the project runs.`,
      location: { file: path, line: doc.positionOf(['importMap']).line },
      evidence: `"importMap": "${importMap}"`,
    });
  return pending;
}

export default defineRule({
  meta: {
    id: 'autorun/deno-config',
    severity: 'critical',
    confidence: 'high',
    description:
      'deno.json/deno.jsonc tasks (what `deno task` runs, with their dependencies) and import maps (`imports`, `scopes`, `importMap`) that resolve bare specifiers to modules served by a host other than a package registry.',
    triggers: ['install', 'dev', 'start', 'build', 'test', 'lint'],
    phase: 'map',
    files: { globs: ['**/deno.json', '**/deno.jsonc'] },
    since: '0.1.0',
  },
  async run(ctx) {
    const pending: PendingUnit[][] = [];
    for (const file of ctx.inventory.files) {
      if (file.inNodeModules || file.type !== 'file' || !CONFIG.test(baseName(file.path))) continue;
      const text = ctx.text(file.path);
      if (text === undefined) {
        ctx.error(`${baseName(file.path)} is not a readable text file: its tasks were not analysed`, file.path, 'unreadable');
        continue;
      }
      pending.push(mapConfig(ctx, file.path, text));
    }
    await prepareUnits(pending.flat());
    for (const p of pending) reportUnits(ctx, p);
  },
});
