/**
 * The known-malicious package database: the seed list shipped in data/ioc/packages.json plus the
 * `MAL-` entries of the OSV npm and PyPI exports cached by `airlock db update`. Matching is offline.
 * npm names are matched lower-cased, PyPI names in their PEP 503 form, each in its own ecosystem.
 */
import { readFileSync, statSync } from 'node:fs';
import semver from 'semver';
import { joinAbs } from '../../fs/path.ts';
import { isRecord } from '../lockfiles/types.ts';
import { canonicalName } from '../python/pep508.ts';

/** OSV ecosystem names as OSV spells them. */
export type Ecosystem = 'npm' | 'PyPI';

export interface VersionRange {
  introduced?: string;
  fixed?: string;
  lastAffected?: string;
}

export interface Advisory {
  id: string;
  name: string;
  /** Exact affected versions; absent together with `ranges` means every version. */
  versions?: string[];
  ranges?: VersionRange[];
  published?: string;
  summary?: string;
  /** Where it comes from: "osv" or the seed list's source labels. */
  source: string;
  /** Absent means npm (caches written before PyPI was added). */
  ecosystem?: Ecosystem;
}

export interface AdvisoryCache {
  format: 1;
  fetchedAt: string;
  source: string;
  advisories: Advisory[];
}

export interface AdvisoryDb {
  byName: Map<string, Advisory[]>;
  /** When the OSV cache was fetched; undefined when only the seed list is loaded. */
  fetchedAt?: Date;
  cacheError?: string;
  size: number;
}

export const CACHE_FILE = 'osv-npm-malicious.json';

export function cachePath(cacheDir: string): string {
  return joinAbs(cacheDir, CACHE_FILE);
}

export function loadSeed(): Advisory[] {
  const doc: unknown = JSON.parse(readFileSync(new URL('../../../data/ioc/packages.json', import.meta.url), 'utf8'));
  if (!isRecord(doc) || !Array.isArray(doc['entries'])) return [];
  const out: Advisory[] = [];
  for (const e of doc['entries'] as unknown[]) {
    if (!isRecord(e) || typeof e['name'] !== 'string') continue;
    const pypi = e['ecosystem'] === 'PyPI';
    const a: Advisory = {
      id: `airlock-seed:${e['name']}`,
      name: pypi ? canonicalName(e['name']) : e['name'].toLowerCase(),
      source: Array.isArray(e['source']) ? e['source'].join(', ') : 'seed',
    };
    if (pypi) a.ecosystem = 'PyPI';
    if (Array.isArray(e['versions'])) a.versions = e['versions'].filter((v): v is string => typeof v === 'string');
    if (typeof e['note'] === 'string') a.summary = e['note'];
    out.push(a);
  }
  return out;
}

function isCache(v: unknown): v is AdvisoryCache {
  return isRecord(v) && v['format'] === 1 && typeof v['fetchedAt'] === 'string' && Array.isArray(v['advisories']);
}

let lastRead: { path: string; mtimeMs: number; cache: AdvisoryCache } | undefined;

/** The cache file under `cacheDir` (parsed once per process while it does not change). */
export function readCache(cacheDir: string): AdvisoryCache | undefined {
  const path = cachePath(cacheDir);
  let mtimeMs: number;
  try {
    mtimeMs = statSync(path).mtimeMs;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  if (lastRead?.path === path && lastRead.mtimeMs === mtimeMs) return lastRead.cache;
  const doc: unknown = JSON.parse(readFileSync(path, 'utf8'));
  if (!isCache(doc)) throw new Error(`${path} is not an Airlock advisory cache; run \`airlock db update\``);
  lastRead = { path, mtimeMs, cache: doc };
  return doc;
}

function keyOf(ecosystem: Ecosystem, name: string): string {
  return ecosystem === 'PyPI' ? `pypi:${canonicalName(name)}` : name.toLowerCase();
}

export function buildDb(advisories: readonly Advisory[], fetchedAt?: Date): AdvisoryDb {
  const byName = new Map<string, Advisory[]>();
  for (const a of advisories) {
    const key = keyOf(a.ecosystem ?? 'npm', a.name);
    const list = byName.get(key);
    if (list) list.push(a);
    else byName.set(key, [a]);
  }
  const db: AdvisoryDb = { byName, size: advisories.length };
  if (fetchedAt) db.fetchedAt = fetchedAt;
  return db;
}

/** The seed list plus the OSV cache under `cacheDir`, when there is one. */
export function loadDb(cacheDir: string): AdvisoryDb {
  const seed = loadSeed();
  let cache: AdvisoryCache | undefined;
  let cacheError: string | undefined;
  try {
    cache = readCache(cacheDir);
  } catch (err) {
    cacheError = (err as Error).message;
  }
  const db = buildDb([...seed, ...(cache?.advisories ?? [])], cache ? new Date(cache.fetchedAt) : undefined);
  if (cacheError !== undefined) db.cacheError = cacheError;
  return db;
}

function inRange(version: string, r: VersionRange): boolean {
  const intro = r.introduced === undefined || r.introduced === '0' ? undefined : r.introduced;
  if (intro !== undefined && (!semver.valid(intro) || semver.lt(version, intro))) return false;
  if (r.fixed !== undefined && semver.valid(r.fixed) && semver.gte(version, r.fixed)) return false;
  if (r.lastAffected !== undefined && semver.valid(r.lastAffected) && semver.gt(version, r.lastAffected)) return false;
  return true;
}

/** Whether the advisory covers every version of the package. */
export function coversAll(a: Advisory): boolean {
  if (a.versions === undefined && a.ranges === undefined) return true;
  return (a.ranges ?? []).some(
    r => (r.introduced === undefined || r.introduced === '0') && r.fixed === undefined && r.lastAffected === undefined,
  );
}

/**
 * Advisories that match `name` at `version` in `ecosystem` (any version when `version` is not a
 * version the ecosystem's comparison understands, only advisories that cover every version match).
 */
export function matchAdvisories(db: AdvisoryDb, name: string, version: string | undefined, ecosystem: Ecosystem = 'npm'): Advisory[] {
  const list = db.byName.get(keyOf(ecosystem, name));
  if (!list) return [];
  if (ecosystem === 'PyPI') return list.filter(a => coversAll(a) || (version !== undefined && pypiAffected(a, version)));
  const v = version === undefined ? null : semver.valid(version);
  return list.filter(a => {
    if (coversAll(a)) return true;
    if (v === null) return false;
    if (a.versions?.includes(v)) return true;
    return (a.ranges ?? []).some(r => inRange(v, r));
  });
}

/** PEP 440 release numbers (`1.0` = `1.0.0`, `v1.2`), or undefined for versions with more than a release. */
function release(v: string): number[] | undefined {
  const m = /^v?(\d+(?:\.\d+)*)$/i.exec(v.trim());
  if (!m?.[1]) return undefined;
  const parts = m[1].split('.').map(Number);
  while (parts.length > 1 && parts[parts.length - 1] === 0) parts.pop();
  return parts;
}

function compareRelease(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** A PyPI version against an advisory's exact versions and ranges (release numbers only). */
function pypiAffected(a: Advisory, version: string): boolean {
  const v = release(version);
  const same = (x: string): boolean =>
    x.trim().toLowerCase() === version.trim().toLowerCase() || (v !== undefined && release(x)?.join('.') === v.join('.'));
  if (a.versions?.some(same) === true) return true;
  if (v === undefined) return false;
  return (a.ranges ?? []).some(r => {
    const intro = r.introduced === undefined || r.introduced === '0' ? undefined : release(r.introduced);
    if (r.introduced !== undefined && r.introduced !== '0' && intro === undefined) return false;
    if (intro !== undefined && compareRelease(v, intro) < 0) return false;
    const fixed = r.fixed === undefined ? undefined : release(r.fixed);
    if (fixed !== undefined && compareRelease(v, fixed) >= 0) return false;
    const last = r.lastAffected === undefined ? undefined : release(r.lastAffected);
    if (last !== undefined && compareRelease(v, last) > 0) return false;
    return true;
  });
}
