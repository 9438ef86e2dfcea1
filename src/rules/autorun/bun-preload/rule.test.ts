import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { describeFixtures, tempRepo, findingsOf, scanFixture } from '../../../../test/helpers/fixtures.ts';
import rule from './rule.ts';

describeFixtures(rule, import.meta.url);

const ID = 'autorun/bun-preload';
const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const repo = (files: Record<string, string | Buffer>): string => tempRepo(files, 'airlock-bun-');

describe('execution map', () => {
  it('top-level preload: a surface per script trigger with the file as entry, high', async () => {
    const report = await scanFixture(fixture('match/preload-everything'));
    const s = report.executionMap.filter(x => x.kind === 'bunfig');
    assert.deepEqual(
      s.map(x => [x.trigger, x.entry]),
      [
        ['dev', 'scripts/instrument.ts'],
        ['start', 'scripts/instrument.ts'],
      ],
    );
    const [f] = findingsOf(report, ID, 'high');
    assert.equal(f?.location.line, 2);
  });

  it('[test] preload maps to the test trigger as low context', async () => {
    const report = await scanFixture(fixture('benign/test-setup'));
    const s = report.executionMap.find(x => x.kind === 'bunfig');
    assert.equal(s?.trigger, 'test');
    assert.equal(s.entry, 'test/happydom.ts');
    assert.deepEqual(
      findingsOf(report, ID).map(f => f.severity),
      ['low'],
    );
  });

  it('registries and scoped registries', async () => {
    const report = await scanFixture(fixture('match/registry-override'));
    assert.deepEqual(
      findingsOf(report, ID).map(f => [f.severity, f.location.line]),
      [
        ['medium', 2],
        ['medium', 5],
      ],
    );
  });

  it('a data-named preload is critical', async () => {
    const dir = repo({ 'bunfig.toml': 'preload = "./public/favicon.ico"\n', 'public/favicon.ico': 'inert' });
    const report = await scanFixture(dir);
    assert.equal(findingsOf(report, ID, 'critical').length, 1);
    assert.equal(report.executionMap.find(x => x.kind === 'bunfig')?.trigger, 'dev');
  });
});

describe('bad input', () => {
  it('invalid TOML: Bun would refuse it, the preload line is still read', async () => {
    const dir = repo({
      'bunfig.toml': '\uFEFFsmol = true\r\nsmol = false\r\npreload = ["./boot.ts"]\r\n[install\r\nregistry = "http://198.51.100.9/"\r\n',
      'boot.ts': 'export {};\n',
    });
    const report = await scanFixture(dir);
    assert.ok(findingsOf(report, ID).some(f => f.severity === 'info' && /Bun would refuse/.test(f.message)));
    assert.equal(report.executionMap.find(x => x.kind === 'bunfig')?.entry, 'boot.ts');
    assert.equal(findingsOf(report, ID, 'high')[0]?.location.line, 3);
  });

  it('binary, UTF-16 and deeply nested TOML do not crash', async () => {
    const dir = repo({
      'bunfig.toml': Buffer.from([0, 255, 1, 2, 0]),
      'a/bunfig.toml': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('preload = "./x.ts"\r\n', 'utf16le')]),
      'a/x.ts': 'export {};\n',
      'b/bunfig.toml': `a = ${'['.repeat(50_000)}${']'.repeat(50_000)}\npreload = "./y.ts"\n`,
    });
    const report = await scanFixture(dir);
    assert.equal(report.executionMap.find(x => x.location.file === 'a/bunfig.toml')?.entry, 'a/x.ts');
    assert.ok(findingsOf(report, ID).some(f => f.location.file === 'b/bunfig.toml'));
    assert.ok(!report.errors.some(e => /rule .* failed/.test(e.message)));
  });
});
