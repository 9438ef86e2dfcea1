import { defineRule } from '../../../core/rule.ts';
import { surfaceSeverity } from '../../../core/policy.ts';
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

/** Hooks that edit what is installed in place: the dependency lists of each package, the resolved lockfile. */
const EDIT_HOOKS = new Set(['readPackage', 'afterAllResolved']);
/**
 * A string a dependency edit would write to install something other than a registry version: a
 * URL, a git or local source, an alias to another package (`npm:other@1`).
 */
const OTHER_SOURCE = /^(?:https?:|git(?:\+[a-z]+)?:|ssh:|github:|gitlab:|bitbucket:|gist:|file:|link:|portal:|npm:)/i;

interface PnpmfileCode {
  /** Hook names the file defines: object keys named like pnpm hooks, found in its syntax tree. */
  hooks: string[];
  /** Strings in the file that name a source other than the registry. */
  sources: string[];
  readable: boolean;
}

function readPnpmfile(ctx: RuleContext, path: string): PnpmfileCode {
  const text = ctx.text(path);
  if (text === undefined) return { hooks: [], sources: [], readable: false };
  const found = new Set<string>();
  const sources = new Set<string>();
  let result: ParseResult;
  try {
    ({ result } = ctx.facts.get(jsParses).parse(path, text, 'js'));
  } catch (err) {
    ctx.error(`its hooks could not be read: ${errorMessage(err)}`, path);
    return { hooks: [], sources: [], readable: false };
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
    const literal =
      n['type'] === 'Literal'
        ? n['value']
        : n['type'] === 'TemplateElement'
          ? (n['value'] as { cooked?: unknown } | undefined)?.cooked
          : undefined;
    if (typeof literal === 'string' && OTHER_SOURCE.test(literal.trim())) sources.add(literal.trim());
    for (const [k, v] of Object.entries(n)) if (k !== 'parent' && v !== null && typeof v === 'object') stack.push(v);
  }
  return { hooks: [...found].sort(), sources: [...sources], readable: seen <= MAX_WALK_NODES };
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
  const code = exists ? readPnpmfile(ctx, path) : { hooks: [], sources: [], readable: false };
  const hooks = code.hooks;
  ctx.addSurface({
    trigger: 'install',
    kind: 'pnpmfile',
    location: { file: p.from, line: p.line },
    command: p.setting ?? `pnpm loads ${path}`,
    ...(exists ? { entry: path } : {}),
    name: baseName(path),
  });
  const location = { file: p.from, line: p.line };
  const evidence = p.setting ? { evidence: p.setting } : {};
  if (!exists) {
    ctx.report({
      severity: 'medium',
      message: `${p.from} tells pnpm to run ${path} on install, but the file is ${absence(ctx.inventory, path)}.`,
      location,
      ...evidence,
    });
    return;
  }
  const hookText = hooks.length > 0 ? ` Its hooks: ${hooks.join(', ')}.` : '';
  // A surface is context: hooks that only edit dependency lists or the lockfile, with no other
  // source named anywhere in the file, change versions (a monorepo keeping its templates' ranges
  // in step); the code they run is judged by the code rules, and the engine raises this finding
  // to what they find. Hooks that replace fetching or importing, a file whose hooks could not be
  // read, and an edit that can point a dependency at a URL, git or another package stay high.
  const edits = code.readable && hooks.length > 0 && hooks.every(h => EDIT_HOOKS.has(h));
  if (edits && code.sources.length === 0) {
    ctx.report({
      severity: surfaceSeverity('install', undefined),
      message: `\`pnpm install\` runs ${path} with your privileges before installing anything.${hookText} It names no source other than the registry, so its edits can change versions, not where packages come from.`,
      location,
      ...evidence,
      runs: { trigger: 'install', files: [path] },
    });
    return;
  }
  const redirect =
    code.sources.length > 0
      ? ` It names a source other than the registry (\`${code.sources[0]?.slice(0, 80) ?? ''}\`), which a hook can give any dependency.`
      : '';
  const rewrites = hooks.includes('readPackage') ? ' `readPackage` can change any dependency before it is installed.' : '';
  ctx.report({
    severity: 'high',
    message: `\`pnpm install\` runs ${path} with your privileges before installing anything.${hookText}${rewrites}${redirect}`,
    location,
    ...evidence,
  });
}
