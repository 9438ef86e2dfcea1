/**
 * pnpm-lock.yaml, every lockfile version pnpm has written since 2019: 5.x (`/name/version` keys,
 * peers after `_`: `/name/1.0.0_peer@2.0.0`, per-importer `specifiers`), 6.x (`/name@version` keys,
 * peers in parentheses, per-package `dev`, `requiresBuild`) and 9.x (`name@version` keys in
 * `packages`, the dependency graph in `snapshots`; pnpm 10+ may put a first YAML document for its
 * own `packageManagerDependencies` before the project's). Another version is not guessed at: it
 * is a LockfileError, so the file goes to `errors[]` and produces no anomaly findings.
 */
import { LIMITS } from '../../core/limits.ts';
import { readYamlDocuments } from '../../lang/yaml.ts';
import { readYamlBlockDocuments } from '../../lang/yaml-block.ts';
import { LockfileError, isRecord, readFailure, str } from './types.ts';
import type { LockPackage, ParsedLockfile } from './types.ts';

/** pnpm writes no aliases; a few are tolerated (a hand-edited file), a bomb is not. */
const MAX_LOCKFILE_ALIASES = 1000;

/** Major lockfile versions this reader knows. */
const KNOWN_MAJORS = new Set(['5', '6', '9']);
const SEMVER = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

/** `1.0.0_react@17.0.2+react-dom@17.0.2` (v5 peers) → `1.0.0`. */
function stripPeers(version: string): string {
  const us = version.indexOf('_');
  if (us <= 0) return version;
  const head = version.slice(0, us);
  return SEMVER.test(head) ? head : version;
}

/**
 * `name@1.0.0(peer@2)` → `name@1.0.0`; `/name@1.0.0` → `name@1.0.0`; `/name/1.0.0` and
 * `/@scope/name/1.0.0_peer@1` (version 5) → `name@1.0.0`, `@scope/name@1.0.0`.
 */
function baseKey(raw: string): string {
  let k = raw.startsWith('/') ? raw.slice(1) : raw;
  const paren = k.indexOf('(');
  if (paren > 0) k = k.slice(0, paren);
  const parts = k.split('/');
  const at = k.startsWith('@') ? 2 : 1;
  const v5 = parts[at];
  if (v5 !== undefined && /^\d/.test(v5) && !(parts[at - 1] ?? '').includes('@', at === 2 ? 0 : 1)) {
    return `${parts.slice(0, at).join('/')}@${stripPeers(parts.slice(at).join('/'))}`;
  }
  const nv = nameVersion(k);
  return nv.version === '' ? k : `${nv.name}@${stripPeers(nv.version)}`;
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

/**
 * The project's document: the last one (pnpm 10+ writes its own dependencies first), read in
 * linear time by the block-YAML reader when the file keeps to what pnpm writes, else by the full
 * hardened YAML reader (size, nesting and alias caps) up to a few megabytes: a large lockfile
 * written to need the full grammar is an attacker's way to take minutes and gigabytes.
 */
function projectDocument(text: string): unknown {
  const fast = readYamlBlockDocuments(text, { maxChars: LIMITS.read.maxLockfileChars });
  if (fast === undefined && text.length > LIMITS.read.maxFullYamlLockfileChars) {
    throw new LockfileError(
      `a lockfile of ${text.length} characters in YAML that pnpm never writes (anchors, tags, block or multi-line scalars, tabs) is not read: the full YAML reader takes ${LIMITS.read.maxFullYamlLockfileChars} at most`,
      'too-large',
    );
  }
  const read = fast ?? readYamlDocuments(text, { maxChars: LIMITS.read.maxLockfileChars, maxAliases: MAX_LOCKFILE_ALIASES });
  if (!read.ok) throw readFailure(read.error);
  return read.value.filter(isRecord).at(-1);
}

export function parsePnpmLock(text: string): ParsedLockfile {
  const doc = projectDocument(text);
  if (!isRecord(doc)) throw new LockfileError('not a YAML mapping');
  const lv = doc['lockfileVersion'];
  const version = typeof lv === 'string' || typeof lv === 'number' ? String(lv) : undefined;
  const major = version?.split('.')[0];
  if (major === undefined || !KNOWN_MAJORS.has(major)) {
    throw new LockfileError(
      `lockfileVersion ${version === undefined ? '(none)' : JSON.stringify(version.slice(0, 20))} is not a pnpm lockfile version Airlock reads (5.x, 6.x, 9.x)`,
      'unparseable',
    );
  }
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
      const specs = isRecord(imp['specifiers']) ? imp['specifiers'] : undefined;
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
