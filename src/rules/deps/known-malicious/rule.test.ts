import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
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
describeFixtures(rule, import.meta.url, { rules: [rule], cacheDir: emptyCache });

const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

function osv(id: string, name: string, affected: Record<string, unknown>): Buffer {
  return Buffer.from(
    JSON.stringify({
      id,
      modified: '2026-11-01T00:00:00Z',
      published: '2026-10-30T00:00:00Z',
      summary: `Malicious code in ${name} (npm)`,
      affected: [{ package: { ecosystem: 'npm', name }, ...affected }],
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
    server = await startServer({
      '/npm/all.zip': zip,
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
