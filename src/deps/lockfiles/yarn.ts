/**
 * yarn.lock, classic (v1, its own format) and Berry (v2+, YAML with `__metadata`), both through
 * Yarn's own parser. Keys hold one or more `name@range` descriptors separated by ", ".
 */
import { readYarnLock } from '../../lang/yarn-lock.ts';
import { LockfileError, isRecord, readFailure, splitSpec, str, stringMap } from './types.ts';
import type { LockPackage, ParsedLockfile } from './types.ts';

function parse(text: string): Record<string, unknown> {
  const read = readYarnLock(text);
  if (!read.ok) throw readFailure(read.error);
  return read.value;
}

/**
 * @param manifestDeps the root package.json dependencies (name → range), to find direct ones.
 */
export function parseYarnLock(text: string, manifestDeps: ReadonlyMap<string, string>): ParsedLockfile {
  const doc = parse(text);
  const meta = doc['__metadata'];
  const berry = isRecord(meta);
  // Yarn 2 writes __metadata.version 4, Yarn 3 version 6, Yarn 4 version 8.
  const mv = berry ? meta['version'] : undefined;
  const berryVersion = typeof mv === 'string' || typeof mv === 'number' ? String(mv) : '';
  if (berry && !/^[4-8]$/.test(berryVersion))
    throw new LockfileError(
      `__metadata.version ${JSON.stringify(berryVersion.slice(0, 20))} is not a yarn.lock version Airlock reads (4 to 8)`,
      'unparseable',
    );
  const byDescriptor = new Map<string, string>();
  const entries: [string, Record<string, unknown>][] = [];
  // The classic parser gives each descriptor of a multi-descriptor key the same value object.
  const keyOfValue = new Map<object, string>();
  for (const [rawKey, value] of Object.entries(doc)) {
    if (rawKey === '__metadata' || !isRecord(value)) continue;
    const descriptors = rawKey
      .split(/,\s*/)
      .map(s => s.trim().replace(/^"|"$/g, ''))
      .filter(s => s !== '');
    const seen = keyOfValue.get(value);
    const first = seen ?? descriptors[0];
    if (first === undefined) continue;
    for (const d of descriptors) byDescriptor.set(d, first);
    if (seen !== undefined) continue;
    keyOfValue.set(value, first);
    entries.push([first, value]);
  }
  const lookup = (name: string, range: string): string | undefined =>
    byDescriptor.get(`${name}@${range}`) ?? (berry && !range.includes(':') ? byDescriptor.get(`${name}@npm:${range}`) : undefined);

  const problems: string[] = [];
  const packages: LockPackage[] = [];
  const direct = new Map<string, string>();
  for (const [key, e] of entries) {
    const { name } = splitSpec(key);
    const version = str(e['version']) ?? '';
    const deps: string[] = [];
    for (const field of ['dependencies', 'optionalDependencies']) {
      for (const [dn, range] of stringMap(e[field])) {
        const k = lookup(dn, range);
        if (k !== undefined) deps.push(k);
        else if (field === 'dependencies' && problems.length < 50)
          problems.push(`${key} requires ${dn}@${range}, which the lockfile does not contain`);
      }
    }
    const p: LockPackage = { key, name, version, dev: false, optional: false, deps };
    if (berry) {
      const resolution = str(e['resolution']) ?? key;
      const range = splitSpec(resolution).range;
      if (/^(?:workspace|link|portal):/.test(range)) p.local = true;
      else if (!range.startsWith('npm:') && !range.startsWith('patch:')) p.resolved = range;
      if (range.startsWith('workspace:')) {
        const isRoot = range === 'workspace:.';
        for (const [dn, r] of [...stringMap(e['dependencies']), ...stringMap(e['devDependencies'])]) {
          const k = lookup(dn, r);
          if (k !== undefined && isRoot) direct.set(dn, k);
        }
      }
    } else {
      const resolved = str(e['resolved']);
      if (resolved !== undefined) p.resolved = resolved;
      const integrity = str(e['integrity']);
      if (integrity !== undefined) p.integrity = integrity;
    }
    packages.push(p);
  }
  for (const [dn, range] of manifestDeps) {
    if (direct.has(dn)) continue;
    const k = lookup(dn, range);
    if (k !== undefined) direct.set(dn, k);
  }
  const out: ParsedLockfile = { format: berry ? 'yarn-berry' : 'yarn-classic', packages, direct, problems };
  const v = berry ? str(meta['version']) : '1';
  if (v !== undefined) out.version = v;
  return out;
}
