import { defineRule } from '../../../core/rule.ts';
import type { RuleContext } from '../../../core/rule.ts';
import type { Trigger } from '../../../core/types.ts';
import { baseName, extName, joinRel } from '../../../fs/path.ts';
import { readToml } from '../../../lang/toml.ts';
import { isDefaultRegistry } from '../_shared/npmrc.ts';
import { packageTriggers } from '../_shared/package-triggers.ts';

const SCRIPT_EXTS = new Set(['', '.js', '.cjs', '.mjs', '.ts', '.cts', '.mts', '.jsx', '.tsx']);

/** A setting of interest: table path (`''`, `test`, `serve.static`, `install`), key and value. */
interface Setting {
  table: string;
  key: string;
  value: unknown;
}

const WANTED: readonly { table: string; key: string }[] = [
  { table: '', key: 'preload' },
  { table: 'test', key: 'preload' },
  { table: 'serve.static', key: 'plugins' },
  { table: 'install', key: 'registry' },
  { table: 'install.scopes', key: '*' },
];

function get(obj: unknown, path: string): unknown {
  let cur = obj;
  for (const part of path === '' ? [] : path.split('.')) {
    cur = cur !== null && typeof cur === 'object' ? (cur as Record<string, unknown>)[part] : undefined;
  }
  return cur;
}

function settingsOf(doc: unknown): Setting[] {
  const out: Setting[] = [];
  for (const w of WANTED) {
    const table = get(doc, w.table);
    if (table === null || typeof table !== 'object') continue;
    const entries = w.key === '*' ? Object.entries(table) : [[w.key, (table as Record<string, unknown>)[w.key]] as const];
    for (const [key, value] of entries) if (value !== undefined) out.push({ table: w.table, key, value });
  }
  return out;
}

/**
 * Bun refuses a malformed bunfig.toml; to still see what it was meant to do, each `key = value`
 * line is parsed on its own under the table header above it.
 */
function recover(text: string): Setting[] {
  let table = '';
  const doc: Record<string, Record<string, unknown>> = {};
  for (const line of text.split(/\r\n|\r|\n/)) {
    const header = /^\s*\[([A-Za-z0-9_.-]+)\]\s*(?:#.*)?$/.exec(line);
    if (header?.[1] !== undefined) {
      table = header[1];
      continue;
    }
    const one = readToml(line);
    if (one.ok) doc[table] = Object.assign(doc[table] ?? {}, one.value);
  }
  const nested: Record<string, unknown> = { ...doc[''] };
  for (const [t, values] of Object.entries(doc)) {
    if (t === '') continue;
    let cur = nested;
    for (const part of t.split('.')) {
      const next = cur[part];
      cur = (cur[part] = next !== null && typeof next === 'object' ? next : {}) as Record<string, unknown>;
    }
    Object.assign(cur, values);
  }
  return settingsOf(nested);
}

/** Line of `key =` under `[table]` (1 when not found). */
function lineOf(text: string, table: string, key: string): number {
  const lines = text.split(/\r\n|\r|\n/);
  let current = '';
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i] ?? '';
    const header = /^\s*\[([^\]]+)\]/.exec(l);
    if (header?.[1] !== undefined) {
      current = header[1].trim();
      continue;
    }
    if (current === table && new RegExp(`^\\s*"?${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"?\\s*=`).test(l)) return i + 1;
  }
  return 1;
}

function strings(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return (v as unknown[]).filter((x): x is string => typeof x === 'string');
  return [];
}

export default defineRule({
  meta: {
    id: 'autorun/bun-preload',
    severity: 'critical',
    confidence: 'high',
    description: '`bunfig.toml` preload scripts and plugins that Bun runs before your code, and registry overrides.',
    triggers: ['dev', 'build', 'start', 'test', 'install'],
    phase: 'map',
    files: { basenames: ['bunfig.toml'] },
    since: '0.1.0',
  },
  run(ctx) {
    for (const file of ctx.inventory.files) {
      if (file.inNodeModules || file.type !== 'file' || baseName(file.path) !== 'bunfig.toml') continue;
      const text = ctx.text(file.path);
      if (text === undefined) {
        ctx.error('bunfig.toml is not a readable text file: its settings were not analysed', file.path);
        continue;
      }
      const body = text.replace(/^\uFEFF/, '');
      let settings: Setting[];
      const read = readToml(body);
      if (read.ok) settings = settingsOf(read.value);
      else {
        if (read.error.kind === 'syntax') {
          ctx.report({
            severity: 'info',
            message: `Bun would refuse ${file.path} (${read.error.message}). Airlock still read the settings it could.`,
            location: { file: file.path, line: 1 },
          });
        } else {
          ctx.error(`not read as a whole (${read.error.message}); its settings were read line by line`, file.path);
          ctx.report({
            severity: 'info',
            message: `${file.path} could not be read as a whole (${read.error.message}); Airlock read its settings line by line.`,
            location: { file: file.path, line: 1 },
          });
        }
        settings = recover(body);
      }
      const dir = file.path.includes('/') ? file.path.slice(0, file.path.lastIndexOf('/')) : '';
      for (const s of settings) handle(ctx, file.path, dir, body, s);
    }
  },
});

function handle(ctx: RuleContext, path: string, dir: string, text: string, s: Setting): void {
  const line = lineOf(text, s.table, s.key);
  if (s.key === 'preload' || s.key === 'plugins') {
    const triggers: Trigger[] =
      s.table === 'test' ? ['test'] : s.table === 'serve.static' ? ['dev'] : packageTriggers(ctx, dir).filter(t => t !== 'install');
    const what = s.table === '' ? 'preload' : `[${s.table}] ${s.key}`;
    for (const spec of strings(s.value)) preload(ctx, path, dir, line, spec, what, triggers.length > 0 ? triggers : ['dev']);
    return;
  }
  const url = typeof s.value === 'string' ? s.value : get(s.value, 'url');
  if (typeof url !== 'string' || isDefaultRegistry(url)) return;
  const scope = s.table === 'install.scopes' ? `@${s.key.replace(/^@/, '')}` : '';
  ctx.addSurface({
    trigger: 'install',
    kind: 'npm-registry',
    location: { file: path, line },
    command: `[${s.table}] ${s.key} = ${url}`,
    name: scope || 'registry',
  });
  ctx.report({
    severity: 'medium',
    message: scope
      ? `\`bun install\` fetches ${scope} packages from ${url} (set in ${path}), not from the public registry.`
      : `\`bun install\` fetches every package from ${url} (set in ${path}), not from the public registry.`,
    location: { file: path, line },
    evidence: `${s.key} = ${url}`,
  });
}

function preload(ctx: RuleContext, path: string, dir: string, line: number, spec: string, what: string, triggers: Trigger[]): void {
  const local = /^\.{1,2}[\\/]/.test(spec) || (!spec.startsWith('/') && /\.[cm]?[jt]sx?$/.test(spec));
  if (!local) {
    ctx.report({
      severity: 'low',
      message: `Bun loads the package \`${spec}\` before running your code (${what} in ${path}).`,
      location: { file: path, line },
      evidence: `${what} = ${spec}`,
    });
    return;
  }
  const entry = joinRel(dir, spec.replace(/\\/g, '/'));
  const exists = entry !== undefined && ctx.inventory.byPath.get(entry)?.type === 'file';
  for (const trigger of triggers) {
    ctx.addSurface({
      trigger,
      kind: 'bunfig',
      location: { file: path, line },
      command: `bun ${what} ${spec}`,
      ...(exists ? { entry } : {}),
      name: what,
    });
  }
  const disguised = !SCRIPT_EXTS.has(extName(spec));
  ctx.report({
    severity: disguised ? 'critical' : what === 'preload' ? 'high' : 'low',
    message: `Bun runs ${entry ?? spec} before ${what.startsWith('[test]') ? 'every `bun test`' : what.startsWith('[serve') ? 'serving the dev server' : 'every script it runs'} (${what} in ${path})${disguised ? ', a file named like data rather than code' : ''}${exists ? '' : ', and the file is not in the repository'}.`,
    location: { file: path, line },
    evidence: `${what} = ${spec}`,
  });
}
