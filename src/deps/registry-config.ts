/**
 * Registry settings a repository carries for its package manager: `.npmrc` (ini), `.yarnrc.yml`
 * (Yarn Berry), `.yarnrc` (Yarn classic), `bunfig.toml` (Bun). Read here so the dependency rules
 * can judge them.
 */
import { defineFact } from '../core/rule.ts';
import type { RuleContext } from '../core/rule.ts';
import { baseName } from '../fs/path.ts';
import type { ReadResult } from '../lang/read-result.ts';
import { readToml } from '../lang/toml.ts';
import { readYaml } from '../lang/yaml.ts';
import { isRecord } from './lockfiles/types.ts';
import { lineOf } from './text.ts';

export interface RegistrySetting {
  file: string;
  line?: number;
  /** `undefined` for the default registry, `@scope` for a scoped one. */
  scope?: string;
  url: string;
}

export interface TlsSetting {
  file: string;
  line?: number;
  setting: string;
}

export interface RegistryConfig {
  registries: RegistrySetting[];
  weakTls: TlsSetting[];
  /** Auth tokens committed in the config (values never kept). */
  tokens: TlsSetting[];
  /** Files not read because they break a reader's cap (size, nesting, aliases); syntax errors are left to the rules of each tool. */
  unread: { file: string; reason: string }[];
}

function readNpmrc(file: string, text: string, out: RegistryConfig): void {
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, i) => {
    const l = raw.trim();
    if (l === '' || l.startsWith('#') || l.startsWith(';')) return;
    const eq = l.indexOf('=');
    if (eq < 0) return;
    const key = l.slice(0, eq).trim();
    const value = l
      .slice(eq + 1)
      .trim()
      .replace(/^["']|["']$/g, '');
    const line = i + 1;
    if (key === 'registry') out.registries.push({ file, line, url: value });
    else if (/^@[^:]+:registry$/.test(key)) out.registries.push({ file, line, scope: key.slice(0, key.indexOf(':')), url: value });
    else if (key === 'strict-ssl' && value === 'false') out.weakTls.push({ file, line, setting: 'strict-ssl=false' });
    else if (/(?:^|:)(?:_authToken|_auth|_password)$/.test(key) && !/^\$\{[^}]+\}$/.test(value))
      out.tokens.push({ file, line, setting: key });
  });
}

/** The value read, or undefined; a cap reached is recorded in `out.unread`. */
function valueOf<T>(file: string, read: ReadResult<T>, out: RegistryConfig): T | undefined {
  if (read.ok) return read.value;
  if (read.error.kind !== 'syntax') out.unread.push({ file, reason: read.error.message });
  return undefined;
}

function readYarnrcYml(file: string, text: string, out: RegistryConfig): void {
  const doc = valueOf(file, readYaml(text), out);
  if (!isRecord(doc)) return;
  const server = doc['npmRegistryServer'];
  if (typeof server === 'string') {
    const line = lineOf(text, 'npmRegistryServer');
    out.registries.push(line === undefined ? { file, url: server } : { file, line, url: server });
  }
  const scopes = doc['npmScopes'];
  if (isRecord(scopes)) {
    for (const [scope, v] of Object.entries(scopes)) {
      if (!isRecord(v) || typeof v['npmRegistryServer'] !== 'string') continue;
      const line = lineOf(text, scope);
      const s: RegistrySetting = { file, scope: '@' + scope.replace(/^@/, ''), url: v['npmRegistryServer'] };
      if (line !== undefined) s.line = line;
      out.registries.push(s);
    }
  }
  if (doc['enableStrictSsl'] === false) {
    const line = lineOf(text, 'enableStrictSsl');
    out.weakTls.push(line === undefined ? { file, setting: 'enableStrictSsl: false' } : { file, line, setting: 'enableStrictSsl: false' });
  }
  if (typeof doc['npmAuthToken'] === 'string' && !doc['npmAuthToken'].startsWith('${')) {
    const line = lineOf(text, 'npmAuthToken');
    out.tokens.push(line === undefined ? { file, setting: 'npmAuthToken' } : { file, line, setting: 'npmAuthToken' });
  }
}

function readYarnrc(file: string, text: string, out: RegistryConfig): void {
  text.split(/\r?\n/).forEach((raw, i) => {
    const m = /^\s*(registry|"@[^"]+:registry"|@\S+:registry)\s+"?([^"\s]+)"?\s*$/.exec(raw);
    if (!m?.[1] || !m[2]) return;
    const key = m[1].replace(/"/g, '');
    out.registries.push(
      key === 'registry' ? { file, line: i + 1, url: m[2] } : { file, line: i + 1, scope: key.slice(0, key.indexOf(':')), url: m[2] },
    );
  });
}

function bunRegistry(v: unknown): { url?: string; token: boolean } {
  if (typeof v === 'string') return { url: v, token: /\/\/[^/@\s]+:[^/@\s]+@/.test(v) };
  if (isRecord(v) && typeof v['url'] === 'string') {
    const secret = [v['token'], v['password']].some(x => typeof x === 'string' && !x.startsWith('$'));
    return { url: v['url'], token: secret };
  }
  return { token: false };
}

function readBunfig(file: string, text: string, out: RegistryConfig): void {
  const doc = valueOf(file, readToml(text), out);
  const install = isRecord(doc) ? doc['install'] : undefined;
  if (!isRecord(install)) return;
  const add = (value: unknown, scope: string | undefined, needle: string): void => {
    const r = bunRegistry(value);
    const line = lineOf(text, needle);
    if (r.url !== undefined) {
      const s: RegistrySetting = scope === undefined ? { file, url: r.url } : { file, scope, url: r.url };
      if (line !== undefined) s.line = line;
      out.registries.push(s);
    }
    if (r.token)
      out.tokens.push(
        line === undefined ? { file, setting: `${scope ?? 'registry'} token` } : { file, line, setting: `${scope ?? 'registry'} token` },
      );
  };
  if (install['registry'] !== undefined) add(install['registry'], undefined, 'registry');
  if (isRecord(install['scopes'])) {
    for (const [scope, v] of Object.entries(install['scopes'])) add(v, '@' + scope.replace(/^@/, ''), scope);
  }
}

const registryConfigFact = defineFact('deps:registry-config', (ctx): RegistryConfig => {
  const out: RegistryConfig = { registries: [], weakTls: [], tokens: [], unread: [] };
  for (const f of ctx.inventory.files) {
    if (f.inNodeModules || f.type !== 'file') continue;
    const name = baseName(f.path);
    if (name !== '.npmrc' && name !== '.yarnrc.yml' && name !== '.yarnrc' && name !== 'bunfig.toml') continue;
    const text = ctx.text(f.path);
    if (text === undefined) continue;
    if (name === '.npmrc') readNpmrc(f.path, text, out);
    else if (name === '.yarnrc.yml') readYarnrcYml(f.path, text, out);
    else if (name === 'bunfig.toml') readBunfig(f.path, text, out);
    else readYarnrc(f.path, text, out);
  }
  for (const u of out.unread) ctx.error(`registry settings not read: ${u.reason}`, u.file);
  return out;
});

/** Every registry setting in the repository (outside node_modules), read once per scan. */
export function registryConfig(ctx: RuleContext): RegistryConfig {
  return ctx.facts.get(registryConfigFact);
}

/** Hosts of well-known public registries and mirrors (judged as ordinary). */
export const WELL_KNOWN_REGISTRY_HOSTS: ReadonlySet<string> = new Set([
  'registry.npmjs.org',
  'registry.npmjs.com',
  'registry.yarnpkg.com',
  'registry.npmmirror.com',
  'registry.npm.taobao.org',
  'npm.pkg.github.com',
  'npm.jsr.io',
  'gitlab.com',
  'pkgs.dev.azure.com',
  'npm.jsr.io',
]);

export function isWellKnownRegistryHost(host: string, configured: string): boolean {
  if (WELL_KNOWN_REGISTRY_HOSTS.has(host)) return true;
  try {
    return new URL(configured).hostname.toLowerCase() === host;
  } catch {
    return false;
  }
}
