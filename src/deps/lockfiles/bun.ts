/**
 * bun.lock (Bun 1.2+ text lockfile): JSON with comments and trailing commas. `packages` maps an
 * install path (`a`, `a/b` for b nested under a) to `[ident, registry, info, integrity]` for
 * registry packages and `[ident, info, …]` for git, tarball and local ones.
 */
import { LIMITS } from '../../core/limits.ts';
import { readJsoncValue } from '../../lang/jsonc.ts';
import { LockfileError, isRecord, readFailure, splitSpec, str, stringMap } from './types.ts';
import type { LockPackage, ParsedLockfile } from './types.ts';

const REGISTRY_VERSION = /^\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.+-]*)?$/;

export function parseBunLock(text: string): ParsedLockfile {
  const read = readJsoncValue(text, { maxChars: LIMITS.read.maxLockfileChars });
  if (!read.ok) throw readFailure(read.error);
  const doc = read.value;
  if (!isRecord(doc) || !isRecord(doc['packages'])) throw new LockfileError('has no `packages` object: not a bun.lock');
  const lv = doc['lockfileVersion'];
  // Bun 1.2 writes version 0, Bun 1.2.x after the workspace change version 1.
  if (lv !== 0 && lv !== 1)
    throw new LockfileError(
      `lockfileVersion ${JSON.stringify(lv ?? null).slice(0, 20)} is not a bun.lock version Airlock reads (0, 1)`,
      'unparseable',
    );
  const problems: string[] = [];
  const entries = new Map<string, { name: string; info: Record<string, unknown> }>();
  const packages: LockPackage[] = [];
  for (const [key, raw] of Object.entries(doc['packages'])) {
    if (!Array.isArray(raw) || typeof raw[0] !== 'string') {
      if (problems.length < 50) problems.push(`${key} is not a [ident, …] array`);
      continue;
    }
    const items: unknown[] = raw;
    const { name, range } = splitSpec(items[0] as string);
    const p: LockPackage = { key, name, version: range, dev: false, optional: false, deps: [] };
    let info: Record<string, unknown> = {};
    if (REGISTRY_VERSION.test(range)) {
      const registry = str(items[1]);
      if (registry !== undefined && registry !== '') p.resolved = registry;
      if (isRecord(items[2])) info = items[2];
      const integrity = str(items[3]);
      if (integrity !== undefined) p.integrity = integrity;
    } else {
      if (isRecord(items[1])) info = items[1];
      if (/^(?:workspace|link):/.test(range)) p.local = true;
      else p.resolved = range;
      if (range.startsWith('npm:')) delete p.resolved;
    }
    if (info['optional'] === true) p.optional = true;
    entries.set(key, { name, info });
    packages.push(p);
  }
  const parentOf = (key: string, name: string): string | undefined => {
    if (key.endsWith('/' + name)) return key.slice(0, key.length - name.length - 1);
    return undefined;
  };
  const resolve = (from: string | undefined, dep: string): string | undefined => {
    let base = from;
    while (base !== undefined) {
      const k = `${base}/${dep}`;
      if (entries.has(k)) return k;
      const e = entries.get(base);
      base = e ? parentOf(base, e.name) : undefined;
    }
    return entries.has(dep) ? dep : undefined;
  };
  for (const p of packages) {
    const e = entries.get(p.key);
    if (!e) continue;
    for (const f of ['dependencies', 'optionalDependencies', 'peerDependencies']) {
      for (const dn of stringMap(e.info[f]).keys()) {
        const k = resolve(p.key, dn);
        if (k !== undefined) p.deps.push(k);
      }
    }
  }
  const direct = new Map<string, string>();
  const rootSpecs = new Map<string, string>();
  const ws = isRecord(doc['workspaces']) ? doc['workspaces'] : {};
  const root = isRecord(ws['']) ? ws[''] : {};
  for (const f of ['dependencies', 'devDependencies', 'optionalDependencies']) {
    for (const [dn, range] of stringMap(root[f])) {
      rootSpecs.set(dn, range);
      const k = resolve(undefined, dn);
      if (k !== undefined) direct.set(dn, k);
      else if (problems.length < 50) problems.push(`the root requires ${dn}@${range}, which the lockfile does not contain`);
    }
  }
  const out: ParsedLockfile = { format: 'bun', packages, direct, rootSpecs, problems };
  if (typeof lv === 'number' || typeof lv === 'string') out.version = String(lv);
  return out;
}
