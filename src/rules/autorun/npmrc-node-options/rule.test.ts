import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { describeFixtures, tempRepo, findingsOf, scanFixture } from '../../../../test/helpers/fixtures.ts';
import { parseNpmrc } from '../_shared/npmrc.ts';
import rule from './rule.ts';

describeFixtures(rule, import.meta.url);

const ID = 'autorun/npmrc-node-options';
const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const repo = (files: Record<string, string | Buffer>): string => tempRepo(files, 'airlock-npmrc-');

describe('execution map', () => {
  it('node-options --require: install and dev surfaces with the preloaded file as entry', async () => {
    const report = await scanFixture(fixture('match/node-options-require'));
    const surfaces = report.executionMap.filter(s => s.kind === 'npmrc');
    assert.deepEqual(
      surfaces.map(s => [s.trigger, s.entry, s.command]),
      [
        ['install', 'scripts/telemetry.cjs', 'NODE_OPTIONS=--require ./scripts/telemetry.cjs'],
        ['dev', 'scripts/telemetry.cjs', 'NODE_OPTIONS=--require ./scripts/telemetry.cjs'],
      ],
    );
    const [f] = findingsOf(report, ID, 'high');
    assert.equal(f?.location.line, 3);
  });

  it('a custom registry is an install surface and a medium finding', async () => {
    const report = await scanFixture(fixture('match/custom-registry'));
    assert.ok(report.executionMap.some(s => s.kind === 'npm-registry' && s.trigger === 'install'));
    assert.equal(findingsOf(report, ID, 'medium')[0]?.severity, 'medium');
  });

  it('script-shell pointing into the repository is critical', async () => {
    const report = await scanFixture(fixture('match/script-shell-local'));
    assert.equal(report.executionMap.find(s => s.name === 'script-shell')?.entry, 'tools/shell.js');
    assert.equal(findingsOf(report, ID, 'critical').length, 1);
  });

  it('scoped registries, import with =, data-named preloads, ignore-scripts', async () => {
    const dir = repo({
      '.npmrc': [
        '@acme:registry=https://npm.pkg.example.com/',
        'node-options=--import=./hooks/loader.png',
        'ignore-scripts=false',
        'strict-ssl=false',
      ].join('\n'),
      'hooks/loader.png': 'inert',
    });
    const report = await scanFixture(dir);
    const by = (sev: string): string[] =>
      findingsOf(report, ID)
        .filter(f => f.severity === sev)
        .map(f => f.message);
    assert.equal(by('critical').length, 1);
    assert.match(by('critical')[0] ?? '', /hooks\/loader\.png/);
    assert.equal(by('medium').length, 1);
    assert.match(by('medium')[0] ?? '', /@acme packages/);
    assert.equal(by('low').length, 1);
    assert.equal(by('info').length, 1);
  });

  it('reads a nested .npmrc relative to its folder', async () => {
    const dir = repo({ 'server/.npmrc': 'node-options=-r ./boot.js', 'server/boot.js': '1;' });
    const report = await scanFixture(dir);
    assert.equal(report.executionMap.find(s => s.kind === 'npmrc')?.entry, 'server/boot.js');
  });
});

describe('ini reading', () => {
  it('follows ini rules: comments, sections, quotes, arrays, last wins, CRLF and BOM', () => {
    const rc = parseNpmrc(
      '\uFEFF; comment\r\n# other\r\nregistry = https://a.example.com/\r\nregistry=https://registry.npmjs.org/\r\nnode-options = "--require ./x.js"\r\nscript-shell=\'/bin/bash\'\r\nca[]=one\r\nsave-exact\r\nfund=false ; trailing\r\n[section]\r\nnode-options=--require ./hidden.js\r\n',
      'a/.npmrc',
    );
    assert.equal(rc.dir, 'a');
    assert.equal(rc.settings.get('registry')?.value, 'https://registry.npmjs.org/');
    assert.equal(rc.settings.get('registry')?.line, 4);
    assert.equal(rc.settings.get('node-options')?.value, '--require ./x.js');
    assert.equal(rc.settings.get('script-shell')?.value, '/bin/bash');
    assert.equal(rc.settings.get('ca')?.value, 'one');
    assert.equal(rc.settings.get('save-exact')?.value, 'true');
    assert.equal(rc.settings.get('fund')?.value, 'false');
  });

  it('UTF-16, binary and huge files do not crash', async () => {
    const dir = repo({
      '.npmrc': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('node-options=--require ./a.js\r\n', 'utf16le')]),
      'a.js': '1;',
      'b/.npmrc': Buffer.from([0, 1, 2, 255, 0, 61]),
      'c/.npmrc': `${'x=1\n'.repeat(200_000)}registry=http://198.51.100.7/\n`,
    });
    const report = await scanFixture(dir);
    assert.equal(report.executionMap.find(s => s.kind === 'npmrc')?.entry, 'a.js');
    assert.ok(findingsOf(report, ID).some(f => f.location.file === 'c/.npmrc' && f.location.line === 200_001));
    assert.ok(!report.errors.some(e => /failed/.test(e.message)));
  });
});
