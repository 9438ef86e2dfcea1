import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { describeFixtures, findingsOf, scanFixture } from '../../../../test/helpers/fixtures.ts';
import { startServer } from '../../../../test/helpers/local-server.ts';
import type { LocalServer } from '../../../../test/helpers/local-server.ts';
import { publish } from '../../../../test/helpers/tarball.ts';
import type { PublishedVersion } from '../../../../test/helpers/tarball.ts';
import { registryStanding } from '../../../core/policy.ts';
import type { ScanRequest } from '../../../index.ts';
import { buildIndex, findTyposquat, normalise, oneEdit, popularIndex } from '../../../deps/typosquat.ts';
import rule from './rule.ts';

describeFixtures(rule, import.meta.url, { rules: [rule] });

const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

describe('typosquat detection', () => {
  const CASES: [string, string | undefined, string?][] = [
    ['expresss', 'express', 'doubled'],
    ['reactt-dom', 'react-dom', 'doubled'],
    ['lodahs', 'lodash', 'swapped'],
    ['axois', 'axios', 'swapped'],
    ['chalkk', 'chalk', 'doubled'],
    ['commanderr', 'commander', 'doubled'],
    ['webpak', 'webpack', 'dropped'],
    ['reactdom', 'react-dom', 'separator'],
    ['types-node', '@types/node', 'scope'],
    ['lodash-utils', 'lodash', 'suffix'],
    ['express', undefined],
    ['react-dom', undefined],
    ['@types/node', undefined],
    ['vue2', undefined],
    ['my-company-internal-lib', undefined],
    ['ms', undefined],
  ];
  for (const [name, target, kind] of CASES) {
    it(`${name} → ${target ?? 'nothing'}`, () => {
      const s = findTyposquat(name);
      assert.equal(s?.target, target);
      if (kind !== undefined) assert.equal(s?.kind, kind);
    });
  }

  it('never calls a popular package a typosquat of another', () => {
    const index = popularIndex();
    for (const name of index.names.slice(0, 2000)) assert.equal(findTyposquat(name, index), undefined, name);
  });

  it('classifies single edits', () => {
    assert.deepEqual(oneEdit('abcd', 'abdc'), { kind: 'swapped', char: '' });
    assert.equal(oneEdit('abcd', 'wxyz'), undefined);
    assert.equal(normalise('@Types/Node'), 'typesnode');
  });

  it('checks 100,000 names quickly with a custom index', () => {
    const index = buildIndex(['express', 'react', 'lodash']);
    const t = performance.now();
    for (let i = 0; i < 100_000; i++) findTyposquat(`generated-package-${i}`, index);
    assert.ok(performance.now() - t < 10_000);
  });
});

it('is high for a one-typo miss of a top package that runs an install script', async () => {
  const report = await scanFixture(fixture('match/transposed-in-lockfile'), { rules: [rule] });
  const hits = findingsOf(report, 'deps/typosquat');
  assert.equal(hits.length, 1);
  assert.equal(hits[0]?.severity, 'high');
  assert.equal(hits[0].location.file, 'package.json');
  assert.equal(hits[0].location.line, 12);
  assert.match(
    hits[0].message,
    /^reactt-dom looks like a typo of the popular package react-dom \(a letter doubled\); it runs an install script\.$/,
  );
});

it('is medium for the same miss without an install script', async () => {
  const report = await scanFixture(fixture('match/doubled-letter'), { rules: [rule] });
  const hits = findingsOf(report, 'deps/typosquat');
  assert.equal(hits[0]?.severity, 'medium');
});

it('never reports a package that is popular itself, however close its name is to a more popular one', async () => {
  // Pairs seen on real projects: each of these has tens of thousands of downloads a month or more.
  for (const name of ['preact-router', 'pepjs', 'react-rnd', '@vercel/og', 'semiver']) assert.equal(findTyposquat(name), undefined, name);
  const report = await scanFixture(fixture('benign/popular-lookalikes'), { rules: [rule] });
  assert.deepEqual(findingsOf(report, 'deps/typosquat', 'medium'), []);
  // ts-config is not on the list: a separator-only miss is context, not a reason to review.
  const low = findingsOf(report, 'deps/typosquat', 'low');
  assert.deepEqual(
    low.map(f => [f.severity, f.location.line, f.evidence]),
    [['low', 12, 'ts-config ≈ tsconfig']],
  );
});

describe('--online: the registry record raises or drops a candidate', () => {
  const routes: Record<string, unknown> = {};
  let server: LocalServer;
  const online = (): ScanRequest => ({
    rules: [rule],
    online: true,
    cacheDir: mkdtempSync(join(tmpdir(), 'airlock-typosquat-')),
    registryUrl: server.url,
    downloadsUrl: `${server.url}/counts`,
  });
  const daysAgo = (n: number): string => new Date(Date.now() - n * 86_400_000).toISOString();
  const versions = (n: number, first: string, scripts: Record<string, string> = {}): PublishedVersion[] =>
    Array.from({ length: n }, (_, i) => ({ version: `1.0.${i}`, files: {}, time: first, scripts: i === n - 1 ? scripts : {} }));
  const counts = (name: string, downloads: number): Record<string, object> => ({
    [`/counts/downloads/point/last-week/${name}`]: { downloads, package: name },
  });

  before(async () => {
    server = await startServer(routes as never);
    Object.assign(
      routes,
      // A week-old package, one version, one maintainer, an install script: an impostor's record.
      publish(server.url, 'expresss', versions(1, daysAgo(6), { postinstall: 'node setup.js' })),
      counts('expresss', 14),
      // A suffix look-alike published last month, two versions.
      publish(server.url, 'lodash-utils', versions(2, daysAgo(40))),
      counts('lodash-utils', 3),
      // A package with years of releases and users of its own.
      publish(server.url, 'ts-config', versions(12, '2016-03-01T00:00:00.000Z')),
      counts('ts-config', 4_200),
    );
  });
  after(() => server.close());

  it('raises a young, unused look-alike and says what the registry shows', async () => {
    const report = await scanFixture(fixture('online/young-impostor'), online());
    const hits = findingsOf(report, 'deps/typosquat');
    assert.deepEqual(
      hits.map(f => [f.severity, f.location.line, f.message]),
      [
        [
          'high',
          5,
          'expresss looks like a typo of the popular package express (a letter doubled); the registry shows first published 6 days ago, 14 downloads last week, 1 version, 1 maintainer, an install script in 1.0.0.',
        ],
        [
          'medium',
          6,
          'lodash-utils looks like a typo of the popular package lodash (an extra prefix or suffix); the registry shows first published 40 days ago, 3 downloads last week, 2 versions, 1 maintainer.',
        ],
      ],
    );
    assert.ok(server.requests.includes('GET /counts/downloads/point/last-week/expresss'));
    assert.deepEqual(report.errors, []);
  });

  it('drops a look-alike the registry shows to be established, and keeps judging the others', async () => {
    const request = online();
    const report = await scanFixture(fixture('online/established-lookalike'), request);
    const hits = findingsOf(report, 'deps/typosquat');
    // ts-config: ten years, twelve versions, 4,200 downloads a week: no finding. expresss: as above.
    assert.deepEqual(
      hits.map(f => [f.severity, f.location.line, f.evidence?.split('\n')[0]]),
      [['high', 9, 'expresss ≈ express']],
    );
    // Offline, the same tree is judged by name only: both reported, neither raised.
    const offline = await scanFixture(fixture('online/established-lookalike'), { rules: [rule] });
    assert.deepEqual(
      findingsOf(offline, 'deps/typosquat')
        .map(f => [f.severity, f.location.line])
        .sort((a, b) => Number(a[1]) - Number(b[1])),
      [
        ['low', 8],
        ['medium', 9],
      ],
    );
  });

  it('keeps the offline judgement, with an error, when the registry does not answer', async () => {
    const report = await scanFixture(fixture('match/doubled-letter'), { ...online(), registryUrl: 'http://127.0.0.1:9' });
    assert.deepEqual(
      findingsOf(report, 'deps/typosquat').map(f => [f.severity, f.location.line]),
      [['medium', 5]],
    );
    assert.match(report.errors.map(e => e.message).join('\n'), /registry metadata could not be read for 1 typo-like package/);
  });

  it('weighs age, downloads, versions and maintainers', () => {
    assert.equal(registryStanding({ ageDays: 10, weeklyDownloads: 90_000, versions: 30, maintainers: 3 }), 'obscure');
    assert.equal(registryStanding({ ageDays: 89, versions: 5, maintainers: 1 }), 'obscure');
    assert.equal(registryStanding({ ageDays: 90, versions: 5, maintainers: 1 }), 'ordinary');
    assert.equal(registryStanding({ ageDays: 800, weeklyDownloads: 99, versions: 3, maintainers: 1 }), 'obscure');
    assert.equal(registryStanding({ ageDays: 800, weeklyDownloads: 99, versions: 4, maintainers: 1 }), 'ordinary');
    assert.equal(registryStanding({ ageDays: 800, weeklyDownloads: 99, versions: 3, maintainers: 2 }), 'ordinary');
    assert.equal(registryStanding({ ageDays: 365, weeklyDownloads: 1_000, versions: 3, maintainers: 1 }), 'established');
    assert.equal(registryStanding({ ageDays: 364, weeklyDownloads: 1_000, versions: 3, maintainers: 1 }), 'ordinary');
    assert.equal(registryStanding({ ageDays: 900, weeklyDownloads: 999, versions: 30, maintainers: 4 }), 'ordinary');
    assert.equal(registryStanding({ ageDays: 900, weeklyDownloads: 5_000, versions: 2, maintainers: 4 }), 'ordinary');
    // No download count: two maintainers and ten versions stand in for use.
    assert.equal(registryStanding({ ageDays: 900, versions: 10, maintainers: 2 }), 'established');
    assert.equal(registryStanding({ ageDays: 900, versions: 9, maintainers: 2 }), 'ordinary');
  });
});
