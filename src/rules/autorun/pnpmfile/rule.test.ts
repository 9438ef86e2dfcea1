import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { describeFixtures, tempRepo, findingsOf, scanFixture } from '../../../../test/helpers/fixtures.ts';
import rule from './rule.ts';

describeFixtures(rule, import.meta.url);

const ID = 'autorun/pnpmfile';
const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const repo = (files: Record<string, string | Buffer>): string => tempRepo(files, 'airlock-pnpm-');

describe('execution map', () => {
  it('.pnpmfile.cjs is an install surface with itself as entry, and its hooks are named', async () => {
    const report = await scanFixture(fixture('match/read-package-hook'));
    const s = report.executionMap.find(x => x.kind === 'pnpmfile');
    assert.equal(s?.trigger, 'install');
    assert.equal(s.entry, '.pnpmfile.cjs');
    const [f] = findingsOf(report, ID, 'high');
    assert.match(f?.message ?? '', /Its hooks: readPackage\./);
  });

  it('pnpm-workspace.yaml pnpmfile points the entry at the named file', async () => {
    const report = await scanFixture(fixture('match/workspace-pnpmfile'));
    const s = report.executionMap.find(x => x.kind === 'pnpmfile');
    assert.equal(s?.entry, 'tools/pnpm-hooks.cjs');
    assert.deepEqual(s.location, { file: 'pnpm-workspace.yaml', line: 3 });
  });

  it('.npmrc pnpmfile, a missing file, reached files and dangerouslyAllowAllBuilds', async () => {
    const dir = repo({
      '.npmrc': 'pnpmfile=config/hooks.cjs\n',
      'config/hooks.cjs': "const helper = require('./helper');\nmodule.exports = { hooks: { updateConfig: helper } };\n",
      'config/helper.js': 'module.exports = c => c;\n',
      'web/.npmrc': 'pnpmfile=gone.cjs\n',
      'pnpm-workspace.yaml': 'dangerouslyAllowAllBuilds: true\n',
    });
    const report = await scanFixture(dir);
    const s = report.executionMap.find(x => x.entry === 'config/hooks.cjs');
    assert.deepEqual(s?.reaches, ['config/helper.js']);
    const sev = findingsOf(report, ID)
      .map(f => f.severity)
      .sort();
    assert.deepEqual(sev, ['high', 'low', 'medium']);
  });
});

describe('bad input', () => {
  it('a broken pnpmfile, a broken workspace file and binary content do not crash', async () => {
    const dir = repo({
      '.pnpmfile.cjs': 'module.exports = { hooks: { readPackage(pkg) { return pkg ',
      'pnpm-workspace.yaml': 'packages: [\n  "a"\npnpmfile: x.cjs\npnpmfile: y.cjs\n',
      'y.cjs': '1;',
      'b/.pnpmfile.cjs': Buffer.from([0, 1, 2, 3, 255]),
    });
    const report = await scanFixture(dir);
    assert.ok(report.executionMap.some(x => x.entry === '.pnpmfile.cjs'));
    assert.ok(findingsOf(report, ID).some(f => f.severity === 'info' && /pnpm would refuse/.test(f.message)));
    assert.ok(!report.errors.some(e => /rule .* failed/.test(e.message)));
  });
});
