/**
 * The known-malicious package database: the seed list shipped in data/ioc/packages.json plus the
 * `MAL-` entries of the OSV npm export cached by `airlock db update`. Matching is offline.
 */
import { readFileSync, statSync } from 'node:fs';
import semver from 'semver';
import { joinAbs } from '../../fs/path.ts';
import { isRecord } from '../lockfiles/types.ts';

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
    const a: Advisory = {
      id: `airlock-seed:${e['name']}`,
      name: e['name'].toLowerCase(),
      source: Array.isArray(e['source']) ? e['source'].join(', ') : 'seed',
    };
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

export function buildDb(advisories: readonly Advisory[], fetchedAt?: Date): AdvisoryDb {
  const byName = new Map<string, Advisory[]>();
  for (const a of advisories) {
    const list = byName.get(a.name);
    if (list) list.push(a);
    else byName.set(a.name, [a]);
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

/** Advisories that match `name` at `version` (any version when `version` is not a semver). */
export function matchAdvisories(db: AdvisoryDb, name: string, version: string | undefined): Advisory[] {
  const list = db.byName.get(name.toLowerCase());
  if (!list) return [];
  const v = version === undefined ? null : semver.valid(version);
  return list.filter(a => {
    if (coversAll(a)) return true;
    if (v === null) return false;
    if (a.versions?.includes(v)) return true;
    return (a.ranges ?? []).some(r => inRange(v, r));
  });
}
