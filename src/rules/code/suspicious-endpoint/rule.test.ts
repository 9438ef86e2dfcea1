import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { it } from 'node:test';
import { defineRule } from '../../../core/rule.ts';
import { describeFixtures, findingsOf, scanFixture } from '../../../../test/helpers/fixtures.ts';
import rule from './rule.ts';

describeFixtures(rule, import.meta.url);

const surfaceFor = (entry: string) =>
  defineRule({
    meta: { id: 'autorun/test-dev', severity: 'info', confidence: 'high', description: 'test surface', phase: 'map', since: '0.1.0' },
    run(ctx) {
      ctx.addSurface({ trigger: 'dev', kind: 'npm-script', name: 'dev', entry, location: { file: 'package.json' } });
    },
  });

it('keeps a JSON-storage fetch in a page low even when `npm run dev` runs it', async () => {
  const dir = fileURLToPath(new URL('./fixtures/benign/jsonkeeper-ssr', import.meta.url));
  const report = await scanFixture(dir, { rules: [surfaceFor('pages/index.js'), rule] });
  assert.deepEqual(
    findingsOf(report, rule.meta.id).map(f => f.severity),
    ['low'],
  );
});

it('raises a raw IP:port that a trigger reaches', async () => {
  const dir = fileURLToPath(new URL('./fixtures/match/telegram-bot', import.meta.url));
  const report = await scanFixture(dir, { rules: [surfaceFor('lib/notify.js'), rule] });
  const [hit] = findingsOf(report, rule.meta.id);
  assert.equal(hit?.severity, 'high');
  assert.match(hit.message, /runs when you run `npm run dev`/);
});
