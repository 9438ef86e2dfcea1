/**
 * package-lock.json and npm-shrinkwrap.json, lockfileVersion 1, 2 and 3. Version 2 carries both
 * the `packages` map (read) and the legacy `dependencies` tree (checked against it).
 */
import { LIMITS } from '../../core/limits.ts';
import { readJson } from '../../lang/json.ts';
import { LockfileError, isRecord, readFailure, str, stringMap } from './types.ts';
import type { LockPackage, ParsedLockfile } from './types.ts';

const NM = 'node_modules/';

function nameFromKey(key: string): string {
  const at = key.lastIndexOf(NM);
  return at < 0 ? key.slice(key.lastIndexOf('/') + 1) : key.slice(at + NM.length);
}

/** Node's lookup: `<from>/node_modules/<name>`, then each enclosing node_modules, then the top. */
function resolveFrom(from: string, name: string, has: (key: string) => boolean): string | undefined {
  let base = from;
  for (;;) {
    const candidate = base === '' ? NM + name : `${base}/${NM}${name}`;
    if (has(candidate)) return candidate;
    if (base === '') return undefined;
    const at = base.lastIndexOf('/' + NM);
    base = at < 0 ? '' : base.slice(0, at);
  }
}

function depNames(entry: Record<string, unknown>, withDev: boolean): string[] {
  const names = new Set<string>();
  const fields = ['dependencies', 'optionalDependencies', 'peerDependencies', 'requires'];
  if (withDev) fields.push('devDependencies');
  for (const f of fields) {
    const v = entry[f];
    if (isRecord(v)) for (const k of Object.keys(v)) names.add(k);
  }
  return [...names];
}

function isRegistryVersion(v: string): boolean {
  return /^\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.+-]*)?$/.test(v);
}

export function parseNpmLock(text: string): ParsedLockfile {
  const read = readJson(text, { maxChars: LIMITS.read.maxLockfileChars });
  if (!read.ok) throw readFailure(read.error);
  const doc = read.value;
  if (!isRecord(doc)) throw new LockfileError('not a JSON object');
  const lv = doc['lockfileVersion'];
  const version = typeof lv === 'number' || typeof lv === 'string' ? String(lv) : undefined;
  // npm 5-6 write version 1 (the `dependencies` tree), npm 7-8 version 2 (both), npm 9+ version 3.
  if (version !== undefined && !['1', '2', '3'].includes(version))
    throw new LockfileError(
      `lockfileVersion ${JSON.stringify(version.slice(0, 20))} is not an npm lockfile version Airlock reads (1, 2, 3)`,
      'unparseable',
    );
  const problems: string[] = [];
  const entries = new Map<string, Record<string, unknown>>();
  if (isRecord(doc['packages'])) {
    for (const [k, v] of Object.entries(doc['packages'])) if (isRecord(v)) entries.set(k, v);
    if (isRecord(doc['dependencies'])) compareLegacy(doc['dependencies'], '', entries, problems);
  } else if (isRecord(doc['dependencies'])) {
    flattenLegacy(doc['dependencies'], '', entries);
    entries.set('', {
      dependencies: Object.fromEntries([...entries.keys()].filter(k => k.lastIndexOf(NM) === 0).map(k => [nameFromKey(k), '*'])),
    });
  } else if (version === undefined) {
    throw new LockfileError('has neither `packages` nor `dependencies`: not an npm lockfile');
  }
  const has = (k: string): boolean => entries.has(k);
  const packages: LockPackage[] = [];
  for (const [key, e] of entries) {
    if (key === '') continue;
    const inNm = key.includes(NM);
    const name = str(e['name']) ?? nameFromKey(key);
    const rawVersion = str(e['version']) ?? '';
    const link = e['link'] === true || !inNm;
    const resolved = str(e['resolved']) ?? (rawVersion !== '' && !isRegistryVersion(rawVersion) ? rawVersion : undefined);
    const target = link && typeof e['resolved'] === 'string' ? entries.get(e['resolved']) : undefined;
    const depSource = target ?? e;
    const deps: string[] = [];
    for (const d of depNames(depSource, !inNm)) {
      const r = resolveFrom(link && typeof e['resolved'] === 'string' ? e['resolved'] : key, d, has);
      if (r !== undefined) deps.push(r);
    }
    const p: LockPackage = {
      key,
      name,
      version: rawVersion,
      dev: e['dev'] === true,
      optional: e['optional'] === true,
      deps,
    };
    if (resolved !== undefined) p.resolved = resolved;
    const integrity = str(e['integrity']);
    if (integrity !== undefined) p.integrity = integrity;
    if (e['hasInstallScript'] === true) p.hasInstallScript = true;
    if (link) p.local = true;
    packages.push(p);
  }
  const root = entries.get('') ?? {};
  const direct = new Map<string, string>();
  const rootSpecs = new Map<string, string>();
  for (const f of ['dependencies', 'devDependencies', 'optionalDependencies']) {
    for (const [n, range] of stringMap(root[f])) rootSpecs.set(n, range);
  }
  for (const n of depNames(root, true)) {
    const r = resolveFrom('', n, has);
    if (r !== undefined) direct.set(n, r);
  }
  const out: ParsedLockfile = { format: 'npm', packages, direct, problems };
  if (version !== undefined) out.version = version;
  if (isRecord(doc['packages'])) out.rootSpecs = rootSpecs;
  return out;
}

function flattenLegacy(deps: Record<string, unknown>, parent: string, out: Map<string, Record<string, unknown>>): void {
  const stack: [Record<string, unknown>, string][] = [[deps, parent]];
  while (stack.length > 0) {
    const [level, base] = stack.pop() as [Record<string, unknown>, string];
    for (const [name, e] of Object.entries(level)) {
      if (!isRecord(e)) continue;
      const key = base === '' ? NM + name : `${base}/${NM}${name}`;
      out.set(key, e);
      if (isRecord(e['dependencies'])) stack.push([e['dependencies'], key]);
    }
  }
}

/** lockfileVersion 2 keeps both trees; npm trusts `packages`, older npm trusts `dependencies`. */
function compareLegacy(
  deps: Record<string, unknown>,
  parent: string,
  entries: Map<string, Record<string, unknown>>,
  problems: string[],
): void {
  const legacy = new Map<string, Record<string, unknown>>();
  flattenLegacy(deps, parent, legacy);
  for (const [key, e] of legacy) {
    const modern = entries.get(key);
    const lv = str(e['version']);
    const mv = modern ? str(modern['version']) : undefined;
    if (!modern) problems.push(`${key} is in the legacy \`dependencies\` tree but not in \`packages\``);
    else if (lv !== undefined && mv !== undefined && lv !== mv && isRegistryVersion(lv)) {
      problems.push(`${key} is ${mv} in \`packages\` but ${lv} in \`dependencies\``);
    } else if (str(e['integrity']) !== undefined && str(modern['integrity']) !== undefined && e['integrity'] !== modern['integrity']) {
      problems.push(`${key} has different integrity hashes in \`packages\` and \`dependencies\``);
    }
    if (problems.length >= 50) return;
  }
}
