import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { describeFixtures, tempRepo, findingsOf, scanFixture } from '../../../../test/helpers/fixtures.ts';
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
