/**
 * pnpm-lock.yaml, lockfile versions 6 (`/name@version` keys, per-package `dev`, `requiresBuild`)
 * and 9 (`name@version` keys in `packages`, the dependency graph in `snapshots`). The key format
 * of version 5 (`/name/version`) is read too.
 */
import type * as Yaml from 'yaml';
import { lazyRequire } from '../../core/lazy-require.ts';
import { LockfileError, isRecord, str } from './types.ts';
import type { LockPackage, ParsedLockfile } from './types.ts';

const yaml = lazyRequire('yaml') as () => typeof Yaml;

/** `name@1.0.0(peer@2)` → `name@1.0.0`; `/name@1.0.0` → `name@1.0.0`; `/name/1.0.0` → `name@1.0.0`. */
function baseKey(raw: string): string {
  let k = raw.startsWith('/') ? raw.slice(1) : raw;
  const paren = k.indexOf('(');
  if (paren > 0) k = k.slice(0, paren);
  if (k.indexOf('@', 1) < 0) {
    const slash = k.lastIndexOf('/');
    if (slash > 0) k = `${k.slice(0, slash)}@${k.slice(slash + 1)}`;
  }
  return k;
}

function nameVersion(key: string): { name: string; version: string } {
  const at = key.indexOf('@', 1);
  return at < 0 ? { name: key, version: '' } : { name: key.slice(0, at), version: key.slice(at + 1) };
}

/** A dependency reference (`1.0.0`, `1.0.0(peer@1)`, `/alias@1.0.0`, `link:../x`) as a base key. */
function refKey(name: string, ref: string): string | undefined {
  if (ref.startsWith('link:') || ref.startsWith('file:') || ref.startsWith('workspace:')) return undefined;
  const head = ref.split('(')[0] ?? ref;
  if (ref.startsWith('/') || (head.indexOf('@', 1) > 0 && !/^\d/.test(head))) return baseKey(ref);
  return baseKey(`${name}@${ref}`);
}

function depRefs(section: unknown): [string, string][] {
  if (!isRecord(section)) return [];
  const out: [string, string][] = [];
  for (const [n, v] of Object.entries(section)) {
    if (typeof v === 'string') out.push([n, v]);
    else if (isRecord(v) && typeof v['version'] === 'string') out.push([n, v['version']]);
  }
  return out;
}

export function parsePnpmLock(text: string): ParsedLockfile {
  let doc: unknown;
  try {
    doc = yaml().parse(text, { maxAliasCount: 1000, uniqueKeys: false });
  } catch (err) {
    throw new LockfileError(`not valid YAML (${(err as Error).message.split('\n')[0] ?? ''})`);
  }
  if (!isRecord(doc)) throw new LockfileError('not a YAML mapping');
  const lv = doc['lockfileVersion'];
  const version = typeof lv === 'string' || typeof lv === 'number' ? String(lv) : undefined;
  const problems: string[] = [];
  const pkgs = isRecord(doc['packages']) ? doc['packages'] : {};
  const snaps = isRecord(doc['snapshots']) ? doc['snapshots'] : undefined;

  const byKey = new Map<string, LockPackage>();
  for (const [raw, e] of Object.entries(pkgs)) {
    if (!isRecord(e)) continue;
    const key = baseKey(raw);
    const nv = nameVersion(key);
    const name = str(e['name']) ?? nv.name;
    const res = isRecord(e['resolution']) ? e['resolution'] : {};
    const p: LockPackage = {
      key,
      name,
      version: str(e['version']) ?? nv.version,
      dev: e['dev'] === true,
      optional: e['optional'] === true,
      deps: [],
    };
    const integrity = str(res['integrity']);
    if (integrity !== undefined) p.integrity = integrity;
    const tarball = str(res['tarball']);
    const repo = str(res['repo']);
    if (tarball !== undefined) p.resolved = tarball;
    else if (repo !== undefined) p.resolved = `${repo}${str(res['commit']) ? '#' + String(res['commit']) : ''}`;
    else if (str(res['directory']) !== undefined) p.local = true;
    if (e['requiresBuild'] === true) p.hasInstallScript = true;
    byKey.set(key, p);
  }
  const graph = snaps ?? pkgs;
  for (const [raw, e] of Object.entries(graph)) {
    if (!isRecord(e)) continue;
    const p = byKey.get(baseKey(raw));
    if (!p) {
      if (problems.length < 50) problems.push(`${raw} is in \`snapshots\` but not in \`packages\``);
      continue;
    }
    for (const [n, ref] of [...depRefs(e['dependencies']), ...depRefs(e['optionalDependencies'])]) {
      const k = refKey(n, ref);
      if (k !== undefined && byKey.has(k) && !p.deps.includes(k)) p.deps.push(k);
    }
  }

  const direct = new Map<string, string>();
  const rootSpecs = new Map<string, string>();
  const importers = isRecord(doc['importers']) ? doc['importers'] : { '.': doc };
  for (const [path, imp] of Object.entries(importers)) {
    if (!isRecord(imp)) continue;
    for (const section of ['dependencies', 'devDependencies', 'optionalDependencies']) {
      const sec = imp[section];
      const specs = isRecord(doc['specifiers']) && path === '.' ? doc['specifiers'] : undefined;
      for (const [n, ref] of depRefs(sec)) {
        const k = refKey(n, ref);
        if (path === '.') {
          const entry = isRecord(sec) ? sec[n] : undefined;
          const spec = isRecord(entry) ? str(entry['specifier']) : specs ? str(specs[n]) : undefined;
          if (spec !== undefined) rootSpecs.set(n, spec);
          if (k !== undefined && byKey.has(k)) direct.set(n, k);
        }
        if (k !== undefined && !byKey.has(k) && problems.length < 50)
          problems.push(`${path} requires ${n}@${ref}, which the lockfile does not contain`);
      }
    }
  }
  const out: ParsedLockfile = { format: 'pnpm', packages: [...byKey.values()], direct, rootSpecs, problems };
  if (version !== undefined) out.version = version;
  return out;
}
