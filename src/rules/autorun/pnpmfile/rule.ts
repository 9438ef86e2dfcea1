import { defineRule } from '../../../core/rule.ts';
import type { RuleContext } from '../../../core/rule.ts';
import { baseName, joinRel } from '../../../fs/path.ts';
import type { ParseResult } from 'oxc-parser';
import { errorMessage } from '../../../core/errors.ts';
import { jsParses } from '../../../facts/parses.ts';
import { readNpmrc } from '../_shared/npmrc.ts';
import { absence } from '../_shared/absence.ts';
import { field, loadYaml } from '../_shared/yaml-doc.ts';

const DEFAULT_NAMES = new Set(['.pnpmfile.cjs', '.pnpmfile.mjs']);
const HOOKS = new Set(['readPackage', 'afterAllResolved', 'updateConfig', 'preResolution', 'importPackage', 'fetchers']);
const MAX_WALK_NODES = 200_000;

/** Hook names the file defines: object keys named like pnpm hooks, found in its syntax tree. */
function hookNames(ctx: RuleContext, path: string): string[] {
  const text = ctx.text(path);
  if (text === undefined) return [];
  const found = new Set<string>();
  let result: ParseResult;
  try {
    ({ result } = ctx.facts.get(jsParses).parse(path, text, 'js'));
  } catch (err) {
    ctx.error(`its hooks could not be read: ${errorMessage(err)}`, path);
    return [];
  }
  const stack: unknown[] = [result.program];
  let seen = 0;
  while (stack.length > 0 && seen++ < MAX_WALK_NODES) {
    const node = stack.pop();
    if (node === null || typeof node !== 'object') continue;
    if (Array.isArray(node)) {
      for (const n of node as unknown[]) stack.push(n);
      continue;
    }
    const n = node as Record<string, unknown>;
    if (n['type'] === 'Property' || n['type'] === 'MethodDefinition') {
      const key = n['key'] as Record<string, unknown> | undefined;
      const name = key?.['name'] ?? key?.['value'];
      if (typeof name === 'string' && HOOKS.has(name)) found.add(name);
    }
    for (const [k, v] of Object.entries(n)) if (k !== 'parent' && v !== null && typeof v === 'object') stack.push(v);
  }
  return [...found].sort();
}

interface Pointer {
  /** File that names the pnpmfile (itself, `.npmrc` or `pnpm-workspace.yaml`). */
  from: string;
  line: number;
  setting?: string;
}

export default defineRule({
  meta: {
    id: 'autorun/pnpmfile',
    severity: 'high',
    confidence: 'high',
    description:
      'A pnpmfile (`.pnpmfile.cjs`, or one named in `.npmrc`/`pnpm-workspace.yaml`) runs on every `pnpm install` and can rewrite dependencies.',
    triggers: ['install'],
    phase: 'map',
    files: { basenames: ['.pnpmfile.cjs', '.pnpmfile.mjs', '.npmrc', 'pnpm-workspace.yaml'] },
    since: '0.1.0',
  },
  run(ctx) {
    const pnpmfiles = new Map<string, Pointer>();
    for (const file of ctx.inventory.files) {
      if (file.inNodeModules || file.type !== 'file') continue;
      const name = baseName(file.path);
      const dir = file.path.includes('/') ? file.path.slice(0, file.path.lastIndexOf('/')) : '';
      if (DEFAULT_NAMES.has(name)) {
        if (!pnpmfiles.has(file.path)) pnpmfiles.set(file.path, { from: file.path, line: 1 });
      } else if (name === '.npmrc') {
        const rc = readNpmrc(ctx, file.path);
        for (const key of ['pnpmfile', 'global-pnpmfile']) {
          const s = rc?.settings.get(key);
          const target = s ? joinRel(dir, s.value.replace(/\\/g, '/')) : undefined;
          if (s && target !== undefined) pnpmfiles.set(target, { from: file.path, line: s.line, setting: `${key}=${s.value}` });
        }
      } else if (name === 'pnpm-workspace.yaml') {
        workspace(ctx, file.path, dir, pnpmfiles);
      }
    }
    for (const [path, p] of pnpmfiles) mapPnpmfile(ctx, path, p);
  },
});

function workspace(ctx: RuleContext, path: string, dir: string, pnpmfiles: Map<string, Pointer>): void {
  const y = loadYaml(ctx, path);
  if (!y) return;
  if (y.rejected !== undefined) {
    ctx.report({
      severity: 'info',
      message: `pnpm would refuse ${path} (${y.rejected}). Airlock still read the settings it could.`,
      location: { file: path, line: 1 },
    });
  }
  for (const key of ['pnpmfile', 'globalPnpmfile']) {
    const v = field(y.value, key);
    const target = typeof v === 'string' ? joinRel(dir, v.replace(/\\/g, '/')) : undefined;
    if (typeof v === 'string' && target !== undefined)
      pnpmfiles.set(target, { from: path, line: y.lines.get(key) ?? 1, setting: `${key}: ${v}` });
  }
  const allowAll = field(y.value, 'dangerouslyAllowAllBuilds');
  if (allowAll === true) {
    ctx.report({
      severity: 'low',
      message: `${path} lets every dependency run its install scripts (dangerouslyAllowAllBuilds: true), which pnpm blocks by default.`,
      location: { file: path, line: y.lines.get('dangerouslyAllowAllBuilds') ?? 1 },
      evidence: 'dangerouslyAllowAllBuilds: true',
    });
  }
}

function mapPnpmfile(ctx: RuleContext, path: string, p: Pointer): void {
  const exists = ctx.inventory.byPath.get(path)?.type === 'file';
  const hooks = exists ? hookNames(ctx, path) : [];
  ctx.addSurface({
    trigger: 'install',
    kind: 'pnpmfile',
    location: { file: p.from, line: p.line },
    command: p.setting ?? `pnpm loads ${path}`,
    ...(exists ? { entry: path } : {}),
    name: baseName(path),
  });
  const hookText = hooks.length > 0 ? ` Its hooks: ${hooks.join(', ')}.` : '';
  const rewrites = hooks.includes('readPackage') ? ' `readPackage` can change any dependency before it is installed.' : '';
  ctx.report({
    severity: exists ? 'high' : 'medium',
    message: exists
      ? `\`pnpm install\` runs ${path} with your privileges before installing anything.${hookText}${rewrites}`
      : `${p.from} tells pnpm to run ${path} on install, but the file is ${absence(ctx.inventory, path)}.`,
    location: { file: p.from, line: p.line },
    ...(p.setting ? { evidence: p.setting } : {}),
  });
}
