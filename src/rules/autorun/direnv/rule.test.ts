import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { it } from 'node:test';
import { describeFixtures, findingsOf, scanFixture } from '../../../../test/helpers/fixtures.ts';
import rule from './rule.ts';

describeFixtures(rule, import.meta.url);

it('puts .envrc on the execution map under the shell trigger', async () => {
  const dir = fileURLToPath(new URL('./fixtures/match/envrc-curl', import.meta.url));
  const report = await scanFixture(dir);
  const surface = report.executionMap.find(s => s.kind === 'direnv');
  assert.ok(surface);
  assert.equal(surface.trigger, 'shell');
  assert.match(surface.command ?? '', /curl/);
  assert.equal(findingsOf(report, 'autorun/direnv')[0]?.location.line, 2);
});
