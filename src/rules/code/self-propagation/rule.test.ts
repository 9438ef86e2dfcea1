import assert from 'node:assert/strict';
import { it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { describeFixtures, findingsOf, scanFixture } from '../../../../test/helpers/fixtures.ts';
import rule from './rule.ts';

describeFixtures(rule, import.meta.url);

it('links the npm token the file reads to the publish: the read is related evidence', async () => {
  const report = await scanFixture(fileURLToPath(new URL('./fixtures/match/publish-with-read-token', import.meta.url)));
  const [f] = findingsOf(report, 'code/self-propagation', 'critical');
  assert.match(f?.message ?? '', /using the npm token it reads \(line 6\)/);
  assert.ok(f?.related?.some(r => r.file === 'worm.js' && r.line === 6));
});
