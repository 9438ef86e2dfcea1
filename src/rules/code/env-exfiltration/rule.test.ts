import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { it } from 'node:test';
import { describeFixtures, findingsOf, scanFixture } from '../../../../test/helpers/fixtures.ts';
import rule from './rule.ts';

describeFixtures(rule, import.meta.url);

const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

it('is critical when the whole environment is posted to another machine', async () => {
  const report = await scanFixture(fixture('match/post-env'));
  const hits = findingsOf(report, rule.meta.id);
  assert.deepEqual(
    hits.map(f => [f.severity, f.location.file, f.location.line]),
    [['critical', 'server/routes/auth.js', 3]],
  );
});

it('is low when the environment only goes to localhost (a smoke test), so it never asks for a review', async () => {
  const report = await scanFixture(fixture('benign/smoke-test-localhost'));
  const hits = findingsOf(report, rule.meta.id);
  assert.deepEqual(
    hits.map(f => [f.severity, f.location.file, f.location.line]),
    [['low', 'smoke.spec.js', 7]],
  );
});
