/**
 * The npm registry client of `--online` checks: packuments (package metadata) and tarballs, from
 * the base URL in `ctx.options.registryUrl`. Tarballs are verified against their integrity and kept
 * in `<cacheDir>/tarballs/<algo>-<hex>.tgz`; nothing is written anywhere else.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { joinAbs } from '../../fs/path.ts';
import { isRecord } from '../lockfiles/types.ts';
import { HttpError, fetchBytes, fetchJson } from './http.ts';
import type { HttpOptions } from './http.ts';
import { integrityKey, matchesIntegrity } from './tarball.ts';

const VALID_NAME = /^(?:@[a-z0-9~-][a-z0-9._~-]*\/)?[a-z0-9~-][a-z0-9._~-]*$/i;
const MAX_PACKUMENT_BYTES = 48 * 1024 * 1024;
const MAX_TARBALL_BYTES = 64 * 1024 * 1024;
const MAX_COUNTS_BYTES = 64 * 1024;
const MAX_FAILURES_IN_A_ROW = 3;

export interface VersionInfo {
  version: string;
  tarball?: string;
  integrity?: string;
  shasum?: string;
  scripts: Record<string, string>;
  maintainers: string[];
  publisher?: string;
}

export interface Packument {
  name: string;
  versions: Map<string, VersionInfo>;
  /** Version → publish time. */
  time: Map<string, Date>;
  /** When the first version was published (the registry's `time.created`, else the earliest version). */
  created?: Date;
  /** The version the `latest` tag points at. */
  latest?: string;
  /** The package's current maintainers. */
  maintainers: string[];
}

function names(v: unknown): string[] {
  if (!Array.isArray(v)) return [];
  return v.map(m => (isRecord(m) && typeof m['name'] === 'string' ? m['name'] : typeof m === 'string' ? m : '')).filter(n => n !== '');
}

export function readPackument(doc: unknown): Packument {
  if (!isRecord(doc) || !isRecord(doc['versions'])) throw new HttpError('the registry answer is not a package document');
  const versions = new Map<string, VersionInfo>();
  for (const [v, raw] of Object.entries(doc['versions'])) {
    if (!isRecord(raw)) continue;
    const dist = isRecord(raw['dist']) ? raw['dist'] : {};
    const info: VersionInfo = { version: v, scripts: {}, maintainers: names(raw['maintainers']) };
    if (typeof dist['tarball'] === 'string') info.tarball = dist['tarball'];
    if (typeof dist['integrity'] === 'string') info.integrity = dist['integrity'];
    if (typeof dist['shasum'] === 'string') info.shasum = dist['shasum'];
    if (isRecord(raw['scripts'])) for (const [k, s] of Object.entries(raw['scripts'])) if (typeof s === 'string') info.scripts[k] = s;
    const npmUser = raw['_npmUser'];
    if (isRecord(npmUser) && typeof npmUser['name'] === 'string') info.publisher = npmUser['name'];
    versions.set(v, info);
  }
  const time = new Map<string, Date>();
  let created: Date | undefined;
  if (isRecord(doc['time'])) {
    for (const [v, t] of Object.entries(doc['time'])) {
      if (typeof t !== 'string' || v === 'modified') continue;
      const d = new Date(t);
      if (Number.isNaN(d.getTime())) continue;
      if (v === 'created') created = d;
      else time.set(v, d);
    }
  }
  for (const d of time.values()) if (created === undefined || d < created) created = d;
  // The `latest` tag, else the version published last.
  const tag = isRecord(doc['dist-tags']) ? doc['dist-tags']['latest'] : undefined;
  let latest = typeof tag === 'string' && versions.has(tag) ? tag : undefined;
  if (latest === undefined) {
    for (const [v, t] of time) if (versions.has(v) && (latest === undefined || t > (time.get(latest) ?? t))) latest = v;
  }
  // Current maintainers: the package's list, else those of the latest version.
  let maintainers = names(doc['maintainers']);
  if (maintainers.length === 0 && latest !== undefined) maintainers = versions.get(latest)?.maintainers ?? [];
  const out: Packument = { name: typeof doc['name'] === 'string' ? doc['name'] : '', versions, time, maintainers };
  if (created !== undefined) out.created = created;
  if (latest !== undefined) out.latest = latest;
  return out;
}

export class RegistryClient {
  private readonly base: string;
  private readonly cacheDir: string;
  private readonly http: HttpOptions;
  private readonly packuments = new Map<string, Promise<Packument>>();
  private failuresInARow = 0;

  constructor(registryUrl: string, cacheDir: string, http: HttpOptions = {}) {
    this.base = registryUrl.replace(/\/+$/, '');
    this.cacheDir = cacheDir;
    this.http = http;
  }

  /**
   * Stops asking a registry that is down: after a few transport failures in a row (timeouts,
   * refused connections, 5xx after retries) every further request fails at once, so a dead or
   * blackholed registry costs seconds, not minutes per package.
   */
  private async guard<T>(request: () => Promise<T>): Promise<T> {
    if (this.failuresInARow >= MAX_FAILURES_IN_A_ROW)
      throw new HttpError(`${this.base} is not answering (${MAX_FAILURES_IN_A_ROW} failures in a row); request skipped`);
    try {
      const out = await request();
      this.failuresInARow = 0;
      return out;
    } catch (err) {
      if (err instanceof HttpError && (err.status === undefined || err.status >= 500)) this.failuresInARow++;
      throw err;
    }
  }

  /**
   * Downloads of `name` over the last week, from npm's download counts API at `downloadsUrl`
   * (`/downloads/point/last-week/<name>`); undefined when the API knows no count for it.
   */
  async weeklyDownloads(downloadsUrl: string, name: string): Promise<number | undefined> {
    if (!VALID_NAME.test(name) || name.includes('..'))
      throw new HttpError(`${JSON.stringify(name.slice(0, 80))} is not a valid package name`);
    const url = `${downloadsUrl.replace(/\/+$/, '')}/downloads/point/last-week/${name}`;
    let doc: unknown;
    try {
      doc = await fetchJson(url, { maxBytes: MAX_COUNTS_BYTES, ...this.http });
    } catch (err) {
      if (err instanceof HttpError && err.status === 404) return undefined;
      throw err;
    }
    const n = isRecord(doc) ? doc['downloads'] : undefined;
    return typeof n === 'number' && Number.isFinite(n) && n >= 0 ? n : undefined;
  }

  packument(name: string): Promise<Packument> {
    if (!VALID_NAME.test(name) || name.includes('..'))
      return Promise.reject(new HttpError(`${JSON.stringify(name.slice(0, 80))} is not a valid package name`));
    let p = this.packuments.get(name);
    if (!p) {
      const url = `${this.base}/${name.replace('/', '%2f')}`;
      p = this.guard(() => fetchJson(url, { maxBytes: MAX_PACKUMENT_BYTES, ...this.http })).then(readPackument);
      this.packuments.set(name, p);
    }
    return p;
  }

  /**
   * The tarball of one published version, verified against the registry's integrity (and the
   * caller's expected integrity when given). Cached by integrity.
   */
  async tarball(info: VersionInfo): Promise<Buffer> {
    const integrity = info.integrity ?? (info.shasum ? `sha1-${Buffer.from(info.shasum, 'hex').toString('base64')}` : undefined);
    if (info.tarball === undefined || integrity === undefined)
      throw new HttpError(`the registry lists no tarball with an integrity hash for version ${info.version}`);
    const key = integrityKey(integrity);
    const dir = joinAbs(this.cacheDir, 'tarballs');
    const file = key === undefined ? undefined : joinAbs(dir, `${key}.tgz`);
    if (file !== undefined) {
      try {
        const cached = readFileSync(file);
        if (matchesIntegrity(cached, integrity)) return cached;
      } catch {
        // Not cached yet.
      }
    }
    const url = new URL(info.tarball, this.base + '/');
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new HttpError(`tarball URL ${url.protocol} is not http(s)`);
    const bytes = await this.guard(() => fetchBytes(url.toString(), { maxBytes: MAX_TARBALL_BYTES, ...this.http }));
    if (!matchesIntegrity(bytes, integrity))
      throw new HttpError(`the tarball of version ${info.version} does not match the registry's integrity hash`);
    if (file !== undefined) {
      const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
      try {
        mkdirSync(dir, { recursive: true });
        writeFileSync(tmp, bytes);
        renameSync(tmp, file);
      } catch {
        // A read-only or full cache only costs a download next time.
        rmSync(tmp, { force: true });
      }
    }
    return bytes;
  }
}
