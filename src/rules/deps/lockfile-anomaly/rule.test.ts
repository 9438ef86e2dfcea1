import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { it } from 'node:test';
import { describeFixtures, findingsOf, scanFixture } from '../../../../test/helpers/fixtures.ts';
import rule from './rule.ts';

describeFixtures(rule, import.meta.url, { rules: [rule] });

const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

it('rates a path-traversal entry name high', async () => {
  const report = await scanFixture(fixture('match/traversal-name'), { rules: [rule] });
  const hit = findingsOf(report, 'deps/lockfile-anomaly', 'high')[0];
  assert.ok(hit);
  assert.match(hit.message, /outside node_modules/);
});

it('reports a truncated lockfile in errors[], not as an anomaly', async () => {
  const report = await scanFixture(fixture('benign/truncated'), { rules: [rule] });
  assert.ok(report.errors.some(e => e.file === 'package-lock.json' && /not valid JSON/.test(e.message)));
  assert.deepEqual(findingsOf(report, 'deps/lockfile-anomaly', 'low'), []);
});

it('names a binary bun.lockb in errors[] (its packages were not checked) and reports no anomaly', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'airlock-bun-lockb-'));
  try {
    writeFileSync(join(dir, 'package.json'), '{"name":"app","dependencies":{"left-pad":"1.3.0"}}\n');
    writeFileSync(join(dir, 'bun.lockb'), Buffer.from('#!/usr/bin/env bun\nbun-lockfile-format-v0\n\u0002\u0000\u0001', 'latin1'));
    const report = await scanFixture(dir, { rules: [rule] });
    assert.deepEqual(
      report.errors.map(e => [e.file, /binary bun\.lockb format is not read.*not checked/.test(e.message)]),
      [['bun.lockb', true]],
    );
    assert.deepEqual(findingsOf(report, 'deps/lockfile-anomaly', 'info'), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

it('reads a pnpm v5 monorepo lockfile (/name/version_peer keys) without one anomaly', async () => {
  const report = await scanFixture(fixture('benign/pnpm-v5-monorepo'), { rules: [rule] });
  assert.deepEqual(findingsOf(report, 'deps/lockfile-anomaly', 'low'), []);
  assert.deepEqual(report.errors, []);
});

it('calls a lockfile older than its package.json low context, at the dependency line', async () => {
  const report = await scanFixture(fixture('benign/stale-lockfile'), { rules: [rule] });
  const hits = findingsOf(report, 'deps/lockfile-anomaly', 'low');
  assert.deepEqual(
    hits.map(f => [f.severity, f.location.file, f.location.line]),
    [['low', 'package.json', 9]],
  );
  assert.match(hits[0]?.message ?? '', /asks for express@\^5\.0\.0 but package-lock\.json installs express@4\./);
});

it('judges a well-known scoped registry info and a company one low', async () => {
  const report = await scanFixture(fixture('benign/scoped-company-registry'), { rules: [rule] });
  const hits = findingsOf(report, 'deps/lockfile-anomaly').filter(f => f.location.file === '.npmrc');
  assert.deepEqual(hits.map(f => f.severity).sort(), ['info', 'low']);
});

it('redacts credentials in resolved URLs and flags non-UTF-8 and contradictory lockfiles', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'airlock-lock-'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'x', dependencies: { ms: '^2.0.0' } }));
  const lock = {
    lockfileVersion: 2,
    packages: {
      '': { dependencies: { ms: '^2.0.0' } },
      'node_modules/ms': {
        version: '2.0.0',
        resolved: 'https://deploy:s3cr3t-token@registry.example.invalid/ms/-/ms-2.0.0.tgz',
        integrity: 'sha512-AAAA',
      },
    },
    dependencies: { ms: { version: '2.1.0', integrity: 'sha512-AAAA' } },
  };
  writeFileSync(join(dir, '.npmrc'), '//registry.example.invalid/:_authToken=npm_s3cr3t-token\n');
  writeFileSync(
    join(dir, 'package-lock.json'),
    Buffer.from(JSON.stringify(lock).replace('{"lockfileVersion"', '{"name":"x\u00ff","lockfileVersion"'), 'latin1'),
  );
  const report = await scanFixture(dir, { rules: [rule] });
  const text = JSON.stringify(report);
  assert.doesNotMatch(text, /s3cr3t-token/);
  const messages = findingsOf(report, 'deps/lockfile-anomaly')
    .map(f => f.message)
    .join('\n');
  assert.match(messages, /credentials embedded/);
  assert.match(messages, /\.npmrc contains a registry credential/);
  assert.match(messages, /contradicts itself/);
  assert.match(messages, /not valid text/);
});

it('reads a 100,000-entry lockfile whole (its cost is measured by scripts, not asserted here)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'airlock-big-'));
  const packages: Record<string, unknown> = { '': { dependencies: { 'pkg-0': '1.0.0' } } };
  for (let i = 0; i < 100_000; i++) {
    packages[`node_modules/pkg-${i}`] = {
      version: '1.0.0',
      resolved: `https://registry.npmjs.org/pkg-${i}/-/pkg-${i}-1.0.0.tgz`,
      integrity: 'sha512-AAAA',
      dependencies: { [`pkg-${i + 1}`]: '1.0.0' },
    };
  }
  writeFileSync(join(dir, 'package-lock.json'), JSON.stringify({ lockfileVersion: 3, packages }));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'big', dependencies: { 'pkg-0': '1.0.0' } }));
  try {
    const report = await scanFixture(dir);
    assert.equal(report.dependencies?.packages, 100_000);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

it('judges registry overrides in .yarnrc.yml and bunfig.toml too', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'airlock-rc-'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'x' }));
  writeFileSync(
    join(dir, '.yarnrc.yml'),
    'npmRegistryServer: "http://198.51.100.4:4873"\nnpmScopes:\n  acme:\n    npmRegistryServer: "https://npm.pkg.github.com"\n',
  );
  writeFileSync(
    join(dir, 'bunfig.toml'),
    '[install]\nregistry = "https://npm.bun-mirror.example.invalid/"\n\n[install.scopes]\nmycompany = { url = "https://npm.mycompany.example.com/", token = "$NPM_TOKEN" }\n',
  );
  const report = await scanFixture(dir, { rules: [rule] });
  const got = findingsOf(report, 'deps/lockfile-anomaly')
    .map(f => `${f.location.file}:${f.location.line ?? 0} ${f.severity}`)
    .sort();
  assert.deepEqual(got, ['.yarnrc.yml:1 high', '.yarnrc.yml:3 info', 'bunfig.toml:2 high', 'bunfig.toml:5 low']);
});
