import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import yazl from 'yazl';
import { runAirlock } from '../../../../test/helpers/cli.ts';
import { describeFixtures, findingsOf, scanFixture } from '../../../../test/helpers/fixtures.ts';
import { startServer } from '../../../../test/helpers/local-server.ts';
import type { LocalServer } from '../../../../test/helpers/local-server.ts';
import { loadDb, matchAdvisories } from '../../../deps/advisories/db.ts';
import rule from './rule.ts';

const emptyCache = mkdtempSync(join(tmpdir(), 'airlock-cache-empty-'));
// The fixtures run against a cache as `airlock db update` writes it, holding one PyPI MAL- record.
const fixtureCache = mkdtempSync(join(tmpdir(), 'airlock-cache-pypi-'));
writeFileSync(
  join(fixtureCache, 'osv-npm-malicious.json'),
  JSON.stringify({
    format: 1,
    fetchedAt: new Date().toISOString(),
    source: 'test',
    advisories: [
      {
        id: 'MAL-2026-9001',
        name: 'colorama-term',
        ecosystem: 'PyPI',
        versions: ['0.4.8'],
        source: 'osv',
        summary: 'Malicious code in colorama-term (PyPI)',
      },
    ],
  }),
);
describeFixtures(rule, import.meta.url, { rules: [rule], cacheDir: fixtureCache });

const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

function osv(id: string, name: string, affected: Record<string, unknown>, ecosystem = 'npm'): Buffer {
  return Buffer.from(
    JSON.stringify({
      id,
      modified: '2026-11-01T00:00:00Z',
      published: '2026-10-30T00:00:00Z',
      summary: `Malicious code in ${name} (${ecosystem})`,
      affected: [{ package: { ecosystem, name }, ...affected }],
    }),
  );
}

function makeZip(entries: [string, Buffer][]): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const [name, body] of entries) zip.addBuffer(body, name);
  zip.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c));
    zip.outputStream.on('end', () => {
      resolve(Buffer.concat(chunks));
    });
    zip.outputStream.on('error', reject);
  });
}

it('matches the seed list offline and says the OSV database is missing', async () => {
  const report = await scanFixture(fixture('match/seed-package'), { rules: [rule], cacheDir: emptyCache });
  const [hit] = findingsOf(report, 'deps/known-malicious', 'critical');
  assert.ok(hit);
  assert.match(hit.message, /tailwind-mainanimation@1\.0\.3 is a known malicious package/);
  assert.equal(report.verdict, 'block');
  assert.equal(report.dependencies?.advisoryDbAgeDays, undefined);
  assert.equal(report.dependencies?.withInstallScripts, 1);
  assert.ok(report.notes?.some(n => /airlock db update/.test(n)));
});

describe('airlock db update against a local OSV export', () => {
  let server: LocalServer;
  before(async () => {
    const zip = await makeZip([
      [
        'MAL-2026-0001.json',
        osv('MAL-2026-0001', 'express', { ranges: [{ type: 'SEMVER', events: [{ introduced: '4.21.2' }, { fixed: '4.21.3' }] }] }),
      ],
      ['MAL-2026-0002.json', osv('MAL-2026-0002', 'left-padx', { ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }] }] })],
      ['MAL-2026-0003.json', osv('MAL-2026-0003', 'react', { versions: ['18.2.1'] })],
      ['GHSA-xxxx-yyyy-zzzz.json', osv('GHSA-xxxx-yyyy-zzzz', 'react-dom', { versions: ['18.2.0'] })],
      ['MAL-2026-0004.json', Buffer.from('{ not json')],
    ]);
    const pypiZip = await makeZip([
      ['MAL-2026-0101.json', osv('MAL-2026-0101', 'Colorama_Term', { versions: ['0.4.8'] }, 'PyPI')],
      ['MAL-2026-0102.json', osv('MAL-2026-0102', 'reqeusts', { ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }] }] }, 'PyPI')],
      [
        'MAL-2026-0103.json',
        osv(
          'MAL-2026-0103',
          'fastapi',
          { ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0.115.7' }, { fixed: '0.115.8' }] }] },
          'PyPI',
        ),
      ],
    ]);
    server = await startServer({
      '/npm/all.zip': zip,
      '/PyPI/all.zip': pypiZip,
      '/broken.zip': Buffer.from('PK\u0003\u0004 this is not a zip file'),
      '/error.zip': (_req, res) => res.writeHead(500).end(),
    });
  });
  after(() => server.close());

  it('downloads the ZIP, keeps MAL- entries and makes scans match them offline', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'airlock-cache-'));
    const r = await runAirlock(['db', 'update', '--source', `${server.url}/npm/all.zip`, '--cache-dir', cacheDir]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Saved 3 malicious-package records \(3 packages\).*1 unreadable records skipped/);
    assert.deepEqual(readdirSync(cacheDir), ['osv-npm-malicious.json']);

    const db = loadDb(cacheDir);
    assert.equal(matchAdvisories(db, 'express', '4.21.2').length, 1);
    assert.equal(matchAdvisories(db, 'express', '4.21.3').length, 0);
    assert.equal(matchAdvisories(db, 'left-padx', '9.9.9').length, 1);
    assert.equal(matchAdvisories(db, 'react', '18.2.0').length, 0);
    assert.equal(matchAdvisories(db, 'react-dom', '18.2.0').length, 0);

    const report = await scanFixture(fixture('benign/ordinary'), { rules: [rule], cacheDir });
    const hits = findingsOf(report, 'deps/known-malicious', 'critical');
    assert.deepEqual(
      hits.map(h => h.location.file),
      ['package-lock.json'],
    );
    assert.match(hits[0]?.message ?? '', /express@4\.21\.2 .*MAL-2026-0001/);
    assert.equal(report.dependencies?.advisoryDbAgeDays, 0);
    assert.ok(report.notes?.some(n => /OSV database downloaded .* \(0 days old\)/.test(n)));
  });

  it('keeps PyPI MAL- entries too, and matches Python requirements by their PEP 503 name and version', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'airlock-cache-'));
    const r = await runAirlock([
      'db',
      'update',
      '--source',
      `${server.url}/npm/all.zip`,
      '--source',
      `${server.url}/PyPI/all.zip`,
      '--cache-dir',
      cacheDir,
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Saved 6 malicious-package records \(6 packages\)/);
    const db = loadDb(cacheDir);
    assert.equal(matchAdvisories(db, 'colorama.term', '0.4.8', 'PyPI').length, 1);
    assert.equal(matchAdvisories(db, 'colorama-term', '0.4.7', 'PyPI').length, 0);
    assert.equal(matchAdvisories(db, 'fastapi', '0.115.7', 'PyPI').length, 1);
    assert.equal(matchAdvisories(db, 'fastapi', '0.115.8', 'PyPI').length, 0);
    assert.equal(matchAdvisories(db, 'fastapi', '0.115.7.0', 'PyPI').length, 1);
    assert.equal(matchAdvisories(db, 'reqeusts', undefined, 'PyPI').length, 1);
    // Ecosystems stay apart: a PyPI record never matches an npm package of the same name.
    assert.equal(matchAdvisories(db, 'reqeusts', '1.0.0', 'npm').length, 0);

    const report = await scanFixture(fixture('match/pypi-mal-entry'), { rules: [rule], cacheDir });
    const hits = findingsOf(report, 'deps/known-malicious', 'critical');
    assert.deepEqual(
      hits.map(h => [h.location.file, h.location.line, h.evidence]),
      [['requirements.txt', 3, 'MAL-2026-0101 (osv)']],
    );
    assert.match(hits[0]?.message ?? '', /colorama-term==0\.4\.8 in requirements\.txt is a known malicious PyPI package/);
    assert.deepEqual(report.dependencies?.ecosystems, [{ ecosystem: 'pypi', files: ['requirements.txt'], packages: 3, direct: 3 }]);
  });

  it('fails with exit 2 and a one-line message on a broken ZIP or a server error, leaving no files', async () => {
    for (const path of ['/broken.zip', '/error.zip', '/missing.zip']) {
      const cacheDir = mkdtempSync(join(tmpdir(), 'airlock-cache-'));
      const r = await runAirlock(['db', 'update', '--source', `${server.url}${path}`, '--cache-dir', cacheDir]);
      assert.equal(r.code, 2, path);
      assert.match(r.stderr, /db update failed/);
      assert.equal(r.stderr.trim().split('\n').length, 1);
      assert.deepEqual(readdirSync(cacheDir), [], path);
    }
  });

  it('rejects a --source that is not an http(s) URL', async () => {
    const r = await runAirlock(['db', 'update', '--source', 'file:///etc/passwd']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--source must be an http\(s\) URL/);
    assert.equal(existsSync('/etc/passwd.part'), false);
  });
});
