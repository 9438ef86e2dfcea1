import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { describeFixtures, tempRepo, findingsOf, scanFixture } from '../../../../test/helpers/fixtures.ts';
import type { Report } from '../../../core/types.ts';
import { officialYarnReleases } from '../../../deps/yarn-release.ts';
import rule from './rule.ts';

describeFixtures(rule, import.meta.url);

const ID = 'autorun/yarn-path';
const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const repo = (files: Record<string, string | Buffer>): string => tempRepo(files, 'airlock-yarn-');

describe('execution map', () => {
  it('yarnPath outside .yarn/releases: install and dev surfaces with the file as entry, high', async () => {
    const report = await scanFixture(fixture('match/yarnpath-custom'));
    const s = report.executionMap.filter(x => x.kind === 'yarn-config');
    assert.deepEqual(
      s.map(x => [x.trigger, x.entry, x.command]),
      [
        ['install', '.yarn/bin/yarn-runtime.js', 'yarn runs .yarn/bin/yarn-runtime.js'],
        ['dev', '.yarn/bin/yarn-runtime.js', 'yarn runs .yarn/bin/yarn-runtime.js'],
      ],
    );
    const [f] = findingsOf(report, ID, 'high');
    assert.equal(f?.location.line, 2);
  });

  it('classic .yarnrc yarn-path', async () => {
    const report = await scanFixture(fixture('match/classic-yarn-path'));
    assert.equal(report.executionMap.find(x => x.name === 'yarn-path')?.entry, 'scripts/yarn.js');
    assert.equal(findingsOf(report, ID, 'high').length, 1);
  });

  it('the official release and plugin paths are low context', async () => {
    const report = await scanFixture(fixture('benign/official-release'));
    assert.deepEqual(
      findingsOf(report, ID).map(f => f.severity),
      ['low', 'low'],
    );
    assert.ok(report.executionMap.some(x => x.name === 'plugin' && x.entry === '.yarn/plugins/@yarnpkg/plugin-workspace-tools.cjs'));
  });

  it('registries, scoped registries, disguised yarnPath, strict-ssl', async () => {
    const dir = repo({
      '.yarnrc.yml': [
        'yarnPath: ./assets/yarn.png',
        'npmRegistryServer: "https://npm.example.invalid"',
        'npmScopes:',
        '  acme:',
        '    npmRegistryServer: "https://npm.pkg.example.com"',
        'enableStrictSsl: false',
        'enableScripts: true',
      ].join('\n'),
      'assets/yarn.png': 'inert',
      'legacy/.yarnrc': '"@acme:registry" "http://198.51.100.3/"\n',
    });
    const report = await scanFixture(dir);
    const sev = (s: string): number => findingsOf(report, ID).filter(f => f.severity === s).length;
    assert.equal(sev('critical'), 1);
    assert.equal(sev('medium'), 3);
    assert.equal(sev('low'), 1);
    assert.equal(sev('info'), 1);
    assert.equal(report.executionMap.filter(x => x.kind === 'npm-registry').length, 3);
  });
});

describe('bad input', () => {
  it('duplicate keys: Yarn refuses the file, the last value is still mapped', async () => {
    const dir = repo({ '.yarnrc.yml': 'yarnPath: .yarn/releases/yarn-4.5.0.cjs\nyarnPath: tools/y.js\n', 'tools/y.js': '1;' });
    const report = await scanFixture(dir);
    assert.match(findingsOf(report, ID).find(f => f.severity === 'info')?.message ?? '', /Yarn would refuse/);
    assert.equal(report.executionMap.find(x => x.name === 'yarnPath')?.entry, 'tools/y.js');
    assert.equal(findingsOf(report, ID, 'high')[0]?.location.line, 2);
  });

  it('malformed YAML, CRLF, BOM, UTF-16, binary and alias bombs do not crash', async () => {
    const bomb = [
      'a: &a ["x","x","x","x","x","x","x","x","x"]',
      ...Array.from(
        { length: 12 },
        (_, i) =>
          `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)}]`,
      ),
    ].join('\n');
    const dir = repo({
      '.yarnrc.yml': '\uFEFFnodeLinker: node-modules\r\nyarnPath: "tools/y.cjs"\r\nplugins: [\r\n',
      'tools/y.cjs': '1;',
      'a/.yarnrc.yml': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('yarnPath: run.js\r\n', 'utf16le')]),
      'a/run.js': '1;',
      'b/.yarnrc.yml': Buffer.from([0, 159, 146, 150, 0, 0]),
      'c/.yarnrc.yml': bomb,
      'd/.yarnrc.yml': '['.repeat(20_000),
    });
    const report = await scanFixture(dir);
    assert.equal(report.executionMap.find(x => x.location.file === '.yarnrc.yml' && x.name === 'yarnPath')?.entry, 'tools/y.cjs');
    assert.equal(report.executionMap.find(x => x.location.file === 'a/.yarnrc.yml')?.entry, 'a/run.js');
    assert.ok(!report.errors.some(e => /rule .* failed/.test(e.message)));
  });
});

describe('committed Yarn releases, recognised by SHA-256', () => {
  // A stand-in for a release (the real ones are 2-3 MB of Yarn's code): like Yarn's bundle, it
  // runs a string from the environment as code, which the code rules report in project code.
  const release = `#!/usr/bin/env node\n/* eslint-disable */\n"use strict";\nconst hook = process.env.YARN_HOOK_CODE;\nif (hook) eval(hook);\nmodule.exports = { version: '4.99.0' };\n`;
  const sha = (text: string): string => createHash('sha256').update(text).digest('hex');
  const files = (body: string): Record<string, string> => ({
    'package.json': '{ "name": "app", "private": true, "packageManager": "yarn@4.99.0" }\n',
    '.yarnrc.yml': 'nodeLinker: node-modules\nyarnPath: .yarn/releases/yarn-4.99.0.cjs\n',
    '.yarn/releases/yarn-4.99.0.cjs': body,
  });
  const list = (entries: [string, string][]): string => {
    const dir = mkdtempSync(join(tmpdir(), 'airlock-yarn-list-'));
    const file = join(dir, 'yarn-releases.txt');
    writeFileSync(file, `# test list\n${entries.map(([v, h]) => `${v}\t${h}`).join('\n')}\n`);
    return file;
  };
  const summary = (report: Report): [string, string, string, number | undefined][] =>
    report.findings
      .filter(f => f.severity !== 'info' || f.ruleId === ID)
      .map(f => [f.ruleId, f.severity, f.location.file, f.location.line]);

  it('ships the official releases: Yarn 4.13.0 is bin/yarn.js of @yarnpkg/cli-dist 4.13.0', () => {
    const shipped = officialYarnReleases();
    assert.equal(shipped.byVersion.get('4.13.0'), '730e0619753d39754c9e7613c7e57f084ea18b3244f5ba9a5a60bd3da048450b');
    assert.ok(shipped.byVersion.size >= 80);
  });

  it('an official release is Yarn itself: the yarnPath is inventory and the code rules do not read it', async () => {
    const report = await scanFixture(repo(files(release)), { yarnReleases: list([['4.99.0', sha(release)]]) });
    assert.deepEqual(summary(report), [[ID, 'info', '.yarnrc.yml', 2]]);
    assert.match(
      findingsOf(report, ID)[0]?.message ?? '',
      /\(yarnPath in \.yarnrc\.yml; the official Yarn 4\.99\.0 release: its SHA-256 is that of bin\/yarn\.js of the published @yarnpkg\/cli-dist 4\.99\.0\)/,
    );
    assert.equal(report.verdict, 'pass');
  });

  it('a release the list does not hold is read as code, as before', async () => {
    const report = await scanFixture(repo(files(release)));
    assert.deepEqual(summary(report), [
      ['code/dynamic-code', 'high', '.yarn/releases/yarn-4.99.0.cjs', 5],
      [ID, 'low', '.yarnrc.yml', 2],
    ]);
  });

  it('a file named as a listed release whose bytes differ is modified: high, and its code is still read', async () => {
    const changed = release.replace("version: '4.99.0'", "version: '4.99.0', x: require('https').get('https://example.invalid')");
    const report = await scanFixture(repo(files(changed)), { yarnReleases: list([['4.99.0', sha(release)]]) });
    const [hit] = findingsOf(report, ID);
    assert.equal(hit?.severity, 'high');
    assert.match(hit.message, /named as Yarn 4\.99\.0, but its bytes are not the official 4\.99\.0 release/);
    assert.ok(findingsOf(report, 'code/dynamic-code', 'high').length > 0);
    // The same release with nothing naming it in a yarnPath: yarn does not run it.
    const idle = repo({ ...files(changed), '.yarnrc.yml': 'nodeLinker: node-modules\n' });
    const quiet = await scanFixture(idle, { rules: [rule], yarnReleases: list([['4.99.0', sha(release)]]) });
    assert.deepEqual(summary(quiet), [[ID, 'low', '.yarn/releases/yarn-4.99.0.cjs', undefined]]);
  });

  it('an unreadable release list is an error, and the shipped list is still used', async () => {
    const report = await scanFixture(repo(files(release)), { rules: [rule], yarnReleases: '/nonexistent/yarn-releases.txt' });
    assert.match(
      report.errors.map(e => e.message).join('\n'),
      /the Yarn release list \/nonexistent\/yarn-releases\.txt could not be read \(ENOENT\)/,
    );
    assert.equal(findingsOf(report, ID)[0]?.severity, 'low');
  });
});
