import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { it } from 'node:test';
import { defineRule } from '../../../core/rule.ts';
import { describeFixtures, findingsOf, scanFixture } from '../../../../test/helpers/fixtures.ts';
import rule from './rule.ts';

describeFixtures(rule, import.meta.url);

const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/match/${name}`, import.meta.url));

it('shows the decoded URL as evidence and the chain as related locations', async () => {
  const report = await scanFixture(fixture('env-base64-axios'));
  const [hit] = findingsOf(report, rule.meta.id, 'critical');
  assert.ok(hit);
  assert.equal(hit.evidence, 'https://auth-check.example.invalid/api/ipcheck-encrypted/603_1');
  assert.equal(hit.location.file, 'server/routes/auth.js');
  assert.deepEqual(
    hit.related?.map(r => r.line),
    [8, 4, 6],
  );
});

it('follows a decoded constant exported by another module', async () => {
  const report = await scanFixture(fixture('cross-file'));
  const [hit] = findingsOf(report, rule.meta.id, 'critical');
  assert.equal(hit?.location.file, 'middlewares/errorHandler.js');
  assert.equal(hit.evidence, 'https://api.example.invalid/77363e668161581fb2de');
  assert.ok(hit.related?.some(r => r.file === 'config/constant.js'));
});

it('finds the loader in an inline <script> at its HTML line', async () => {
  const report = await scanFixture(fixture('inline-html'));
  assert.equal(findingsOf(report, rule.meta.id, 'critical')[0]?.location.line, 9);
});

it('says which trigger runs the loader', async () => {
  const devScript = defineRule({
    meta: {
      id: 'autorun/test-dev-script',
      severity: 'info',
      confidence: 'high',
      description: 'test surface',
      phase: 'map',
      since: '0.1.0',
    },
    run(ctx) {
      ctx.addSurface({
        trigger: 'dev',
        kind: 'npm-script',
        name: 'dev',
        command: 'node server/index.js',
        entry: 'server/index.js',
        location: { file: 'package.json' },
      });
    },
  });
  const report = await scanFixture(fixture('env-base64-axios'), { rules: [devScript, rule] });
  const [hit] = findingsOf(report, rule.meta.id, 'critical');
  assert.ok(hit);
  assert.match(hit.message, /runs when you run `npm run dev`: server\/index\.js → server\/routes\/auth\.js/);
  assert.deepEqual(hit.triggers, ['dev']);
});

it('mentions the trigger once the execution map knows the dev script', async () => {
  const report = await scanFixture(fixture('env-base64-axios'));
  const [hit] = findingsOf(report, rule.meta.id, 'critical');
  assert.ok(hit);
  const reached = report.executionMap.some(s => s.entry === 'server/routes/auth.js' || s.reaches.includes('server/routes/auth.js'));
  assert.equal(/runs when you/.test(hit.message), reached);
});

it('runs a custom decoder on its constant input and analyses the code it recovers', async () => {
  const report = await scanFixture(fixture('xor-loop-recovered-stage'));
  const hits = findingsOf(report, rule.meta.id, 'critical');
  // The XOR loop is run, and the stage it recovers downloads and runs more: one finding, at the
  // line that runs the stage, says so.
  assert.deepEqual(
    hits.map(h => [h.location.line, h.evidence, h.message.split(' and ')[0]]),
    [[12, 'https://cdn.example.invalid/s2', 'This file decodes code that downloads code from https://cdn.example.invalid/s2']],
  );
});

it('completes a chain through a local helper whose parameter is the URL of code it runs', async () => {
  const report = await scanFixture(fixture('helper-then-eval'));
  const hit = findingsOf(report, rule.meta.id, 'critical').find(h => h.location.file === 'server.js');
  assert.equal(hit?.evidence, 'https://flags.example.invalid/v2/latest.js');
  assert.ok(hit.related?.some(r => r.file === 'lib/net.js' && r.line === 2));
});
