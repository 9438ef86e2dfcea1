/**
 * `airlock db update`: download the OSV npm and PyPI exports (ZIPs of OSV JSON files), keep their
 * `MAL-` entries (malicious packages) and write them to the advisory cache. Each ZIP is streamed to
 * the cache folder under a size cap and read entry by entry, each entry capped too.
 */
import { mkdir, rm, writeFile, rename } from 'node:fs/promises';
import type * as Yauzl from 'yauzl';
import type { Entry, ZipFile } from 'yauzl';
import { lazyRequire } from '../../core/lazy-require.ts';
import { joinAbs } from '../../fs/path.ts';
import { isRecord, str } from '../lockfiles/types.ts';
import { downloadToFile } from '../registry/http.ts';
import type { HttpOptions } from '../registry/http.ts';
import { cachePath } from './db.ts';
import type { Advisory, AdvisoryCache, Ecosystem, VersionRange } from './db.ts';
import { canonicalName } from '../python/pep508.ts';

const yauzl = lazyRequire('yauzl') as () => typeof Yauzl;

export const DEFAULT_OSV_SOURCES: readonly string[] = [
  'https://osv-vulnerabilities.storage.googleapis.com/npm/all.zip',
  'https://osv-vulnerabilities.storage.googleapis.com/PyPI/all.zip',
];
const ECOSYSTEMS: ReadonlySet<string> = new Set<Ecosystem>(['npm', 'PyPI']);
const MAX_ZIP_BYTES = 2 * 1024 * 1024 * 1024;
const MAX_ENTRY_BYTES = 4 * 1024 * 1024;
const MAX_ENTRIES = 2_000_000;

/** One OSV record as an Advisory per affected npm or PyPI package, or nothing when it is not a MAL- entry. */
export function advisoriesFromOsv(doc: unknown): Advisory[] {
  if (!isRecord(doc)) return [];
  const id = str(doc['id']);
  if (id?.startsWith('MAL-') !== true || !Array.isArray(doc['affected'])) return [];
  if (str(doc['withdrawn']) !== undefined) return [];
  const out: Advisory[] = [];
  for (const aff of doc['affected'] as unknown[]) {
    if (!isRecord(aff) || !isRecord(aff['package'])) continue;
    const pkg = aff['package'];
    const ecosystem = str(pkg['ecosystem']);
    if (ecosystem === undefined || !ECOSYSTEMS.has(ecosystem) || typeof pkg['name'] !== 'string') continue;
    const pypi = ecosystem === 'PyPI';
    const a: Advisory = { id, name: pypi ? canonicalName(pkg['name']) : pkg['name'].toLowerCase(), source: 'osv' };
    if (pypi) a.ecosystem = 'PyPI';
    if (Array.isArray(aff['versions']) && aff['versions'].length > 0)
      a.versions = aff['versions'].filter((v): v is string => typeof v === 'string');
    const ranges: VersionRange[] = [];
    for (const r of Array.isArray(aff['ranges']) ? (aff['ranges'] as unknown[]) : []) {
      if (!isRecord(r) || !Array.isArray(r['events'])) continue;
      let cur: VersionRange | undefined;
      for (const ev of r['events'] as unknown[]) {
        if (!isRecord(ev)) continue;
        const intro = str(ev['introduced']);
        if (intro !== undefined) {
          if (cur) ranges.push(cur);
          cur = { introduced: intro };
        }
        const fixed = str(ev['fixed']);
        if (fixed !== undefined && cur) {
          cur.fixed = fixed;
          ranges.push(cur);
          cur = undefined;
        }
        const last = str(ev['last_affected']);
        if (last !== undefined && cur) {
          cur.lastAffected = last;
          ranges.push(cur);
          cur = undefined;
        }
      }
      if (cur) ranges.push(cur);
    }
    if (ranges.length > 0) a.ranges = ranges;
    const published = str(doc['published']) ?? str(doc['modified']);
    if (published !== undefined) a.published = published;
    const summary = str(doc['summary']);
    if (summary !== undefined) a.summary = summary.slice(0, 200);
    out.push(a);
  }
  return out;
}

function openZip(path: string): Promise<ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl().open(path, { lazyEntries: true, autoClose: true, strictFileNames: false, validateEntrySizes: true }, (err, zip) => {
      if (err) reject(new Error(`not a readable ZIP file (${err.message})`));
      else resolve(zip);
    });
  });
}

function readEntry(zip: ZipFile, entry: Entry): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (err, stream) => {
      if (err) {
        reject(err);
        return;
      }
      const chunks: Buffer[] = [];
      let total = 0;
      stream.on('data', (c: Buffer) => {
        total += c.length;
        if (total > MAX_ENTRY_BYTES) stream.destroy(new Error(`${entry.fileName} is larger than ${MAX_ENTRY_BYTES} bytes`));
        else chunks.push(c);
      });
      stream.on('error', reject);
      stream.on('end', () => {
        resolve(Buffer.concat(chunks));
      });
    });
  });
}

/** Reads the MAL- entries of an OSV export ZIP on disk. */
export async function readOsvZip(path: string): Promise<{ advisories: Advisory[]; skipped: number }> {
  const zip = await openZip(path);
  const advisories: Advisory[] = [];
  let skipped = 0;
  let seen = 0;
  await new Promise<void>((resolve, reject) => {
    zip.on('error', reject);
    zip.on('end', resolve);
    zip.on('entry', (entry: Entry) => {
      seen++;
      const base = entry.fileName.slice(entry.fileName.lastIndexOf('/') + 1);
      if (seen > MAX_ENTRIES) {
        zip.close();
        reject(new Error(`more than ${MAX_ENTRIES} entries`));
        return;
      }
      if (!base.startsWith('MAL-') || !base.endsWith('.json') || entry.uncompressedSize > MAX_ENTRY_BYTES) {
        if (base.startsWith('MAL-')) skipped++;
        zip.readEntry();
        return;
      }
      readEntry(zip, entry)
        .then(buf => {
          try {
            advisories.push(...advisoriesFromOsv(JSON.parse(buf.toString('utf8'))));
          } catch {
            skipped++;
          }
          zip.readEntry();
        })
        .catch(() => {
          skipped++;
          zip.readEntry();
        });
    });
    zip.readEntry();
  });
  return { advisories, skipped };
}

export interface UpdateResult {
  file: string;
  advisories: number;
  packages: number;
  skipped: number;
  bytes: number;
}

/**
 * Download every source, extract their MAL- entries and replace the cache file atomically: one
 * failed download leaves the previous cache in place.
 */
export async function updateAdvisoryCache(
  cacheDir: string,
  sources: readonly string[] = DEFAULT_OSV_SOURCES,
  http: HttpOptions = {},
): Promise<UpdateResult> {
  await mkdir(cacheDir, { recursive: true });
  const zipPath = joinAbs(cacheDir, 'osv-all.zip');
  try {
    const advisories: Advisory[] = [];
    let skipped = 0;
    let bytes = 0;
    for (const source of sources) {
      bytes += await downloadToFile(source, zipPath, { timeoutMs: 120_000, maxBytes: MAX_ZIP_BYTES, ...http });
      const read = await readOsvZip(zipPath);
      for (const a of read.advisories) advisories.push(a);
      skipped += read.skipped;
      await rm(zipPath, { force: true });
    }
    const cache: AdvisoryCache = { format: 1, fetchedAt: new Date().toISOString(), source: sources.join(' '), advisories };
    const file = cachePath(cacheDir);
    await writeFile(`${file}.tmp`, JSON.stringify(cache));
    await rename(`${file}.tmp`, file);
    return {
      file,
      advisories: advisories.length,
      packages: new Set(advisories.map(a => `${a.ecosystem ?? 'npm'}:${a.name}`)).size,
      skipped,
      bytes,
    };
  } finally {
    await rm(zipPath, { force: true });
  }
}
