import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { it } from 'node:test';
import { describeFixtures, findingsOf, scanFixture, tempRepo } from '../../../../test/helpers/fixtures.ts';
import rule from './rule.ts';

describeFixtures(rule, import.meta.url);

const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

it('reports an install entry that does not parse as high, first in the report', async () => {
  const report = await scanFixture(fixture('match/unparseable-entry'));
  const hits = findingsOf(report, 'scan/incomplete-analysis');
  assert.deepEqual(
    hits.map(f => [f.severity, f.location.file, f.triggers]),
    [['high', 'setup.js', ['install']]],
  );
  assert.equal(report.findings[0]?.ruleId, 'scan/incomplete-analysis');
  assert.match(hits[0]?.message ?? '', /could not fully analyse setup\.js, which is read or run on install: it does not parse/);
  assert.deepEqual(
    report.errors.filter(e => e.kind !== undefined).map(e => [e.kind, e.file]),
    [['unparseable', 'setup.js']],
  );
  assert.equal(report.verdict, 'review');
});

it('reports a subfolder whose .vscode is a link out of the tree', async () => {
  const report = await scanFixture(fixture('match/vscode-link-out'));
  const hits = findingsOf(report, 'scan/incomplete-analysis');
  assert.deepEqual(
    hits.map(f => [f.severity, f.location.file, f.triggers]),
    [['high', 'app/.vscode', ['open']]],
  );
});

it('says nothing when every file a trigger reaches was analysed', async () => {
  for (const name of ['benign/complete-app', 'benign/broken-unreached']) {
    const report = await scanFixture(fixture(name));
    assert.deepEqual(findingsOf(report, 'scan/incomplete-analysis'), [], name);
  }
});

it('reports a package.json past the read cap as critical: no real manifest is that large', async () => {
  const padding = 'a'.repeat(17 * 1024 * 1024);
  const dir = tempRepo({ 'package.json': `{"name":"take-home","description":"${padding}","scripts":{"build":"tsc"}}\n` });
  const report = await scanFixture(dir);
  assert.deepEqual(
    findingsOf(report, rule.meta.id).map(f => [f.severity, f.location.file]),
    [['critical', 'package.json']],
  );
});

it('reports a lockfile that install reads but Airlock could not as high, and a broken one not at all', async () => {
  const pkg = '{"name":"take-home","dependencies":{"left-pad":"1.3.0"}}\n';
  const cases: [string, Record<string, string | Buffer>, [string, string, string[] | undefined][]][] = [
    [
      'binary bun.lockb',
      { 'package.json': pkg, 'bun.lockb': Buffer.from('#!/usr/bin/env bun\nbun-lockfile-format-v0\n\u0002\u0000\u0001', 'latin1') },
      [['high', 'bun.lockb', ['install']]],
    ],
    [
      'npm lockfile version from the future',
      { 'package.json': pkg, 'package-lock.json': '{"name":"take-home","lockfileVersion":9,"packages":{}}\n' },
      [['high', 'package-lock.json', ['install']]],
    ],
    [
      'yarn berry metadata version from the future',
      { 'package.json': pkg, 'yarn.lock': '__metadata:\n  version: 12\n  cacheKey: 10c0\n' },
      [['high', 'yarn.lock', ['install']]],
    ],
    [
      'npm lockfile cut short (no package manager reads it either)',
      { 'package.json': pkg, 'package-lock.json': '{"name":"take-home","lockf' },
      [],
    ],
  ];
  for (const [name, files, expected] of cases) {
    const report = await scanFixture(tempRepo(files));
    const hits = findingsOf(report, rule.meta.id);
    assert.deepEqual(
      hits.map(f => [f.severity, f.location.file, f.triggers]),
      expected,
      name,
    );
    if (expected.length > 0) {
      assert.match(hits[0]?.message ?? '', /could not read the lockfile .* install without being checked/, name);
      // The dependency reader's gap is told apart by who recorded it, and quoted in its own words.
      const gap = report.errors.find(e => e.file === hits[0]?.location.file && e.by?.area === 'deps');
      assert.ok(gap?.by !== undefined, `${name}: the dependency reader's gap names its rule`);
      assert.ok(hits[0]?.message.includes(`: ${gap.by.detail}.`), name);
      assert.doesNotMatch(hits[0]?.message ?? '', /deps\//, name);
      assert.equal(report.verdict, 'review', name);
    }
  }
});

it('does not call a lockfile the dependency reader read whole unread because the text pass stopped at its cap', async () => {
  const lock = {
    name: 'take-home',
    lockfileVersion: 3,
    packages: {
      '': { name: 'take-home', dependencies: { 'left-pad': '1.3.0' } },
      'node_modules/left-pad': {
        version: '1.3.0',
        resolved: 'https://registry.npmjs.org/left-pad/-/left-pad-1.3.0.tgz',
        integrity: 'sha512-XI5MPzVNApjAyhQzphX8BkmKsKUxD4LdyK24iZeQEbjT3H2N0l6yGIUAd6xkH+V8j7UrYFH4oomLTsbtp3GeLg==',
        license: 'x'.repeat(17 * 1024 * 1024),
      },
    },
  };
  const report = await scanFixture(
    tempRepo({ 'package.json': '{"name":"take-home","dependencies":{"left-pad":"1.3.0"}}\n', 'package-lock.json': JSON.stringify(lock) }),
  );
  assert.ok(report.errors.some(e => e.file === 'package-lock.json' && e.kind === 'too-large'));
  assert.deepEqual(findingsOf(report, rule.meta.id), []);
  assert.equal(report.dependencies?.packages, 1);
});

it("reads a project template's files as a template: low context where nothing outside the template runs them", async () => {
  const warnings: string[] = [];
  const listen = (w: Error): void => {
    warnings.push(w.message);
  };
  process.on('warning', listen);
  const report = await scanFixture(fixture('benign/cookiecutter-template'));
  await new Promise(resolve => setImmediate(resolve));
  process.off('warning', listen);
  const hits = findingsOf(report, 'scan/incomplete-analysis');
  assert.deepEqual(
    hits.map(f => [f.severity, f.location.file]),
    [
      ['low', '{{cookiecutter.project_slug}}/docker-compose.local.yml'],
      ['low', '{{cookiecutter.project_slug}}/pyproject.toml'],
    ],
  );
  assert.match(
    hits[0]?.message ?? '',
    /is part of the project template \{\{cookiecutter\.project_slug\}\}\/ and does not parse as it stands/,
  );
  assert.equal(report.verdict, 'pass');
  // `{{ cookiecutter.project_slug }}_data: {}` is a mapping used as a key: the YAML parser's warning is not printed.
  assert.deepEqual(warnings, []);
  // A template file that a script outside the template runs is what runs: high.
  const run = await scanFixture(fixture('match/template-run-by-script'));
  assert.deepEqual(
    findingsOf(run, 'scan/incomplete-analysis').map(f => [f.severity, f.location.file, f.triggers]),
    [['high', '{{cookiecutter.project_slug}}/setup.js', ['install']]],
  );
});
