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
  const [f] = findingsOf(report, 'autorun/direnv');
  assert.equal(f?.location.line, 2);
  assert.equal(f.severity, 'high');
  assert.match(f.message, /\(runs code it downloads\)/);
});

it('finds downloads hidden in an export substitution', async () => {
  const dir = fileURLToPath(new URL('./fixtures/match/envrc-export-subst', import.meta.url));
  const report = await scanFixture(dir);
  const [f] = findingsOf(report, 'autorun/direnv');
  assert.equal(f?.severity, 'medium');
  assert.equal(f.location.line, 3);
  assert.match(f.message, /\(decodes base64\)/);
});

it('environment-only files are info, with the first line shown', async () => {
  const dir = fileURLToPath(new URL('./fixtures/benign/envrc-nix', import.meta.url));
  const report = await scanFixture(dir);
  assert.deepEqual(
    findingsOf(report, 'autorun/direnv').map(f => [f.severity, f.location.line]),
    [['info', 1]],
  );
});

it('a sourced repository script is the entry', async () => {
  const dir = fileURLToPath(new URL('./fixtures/match/envrc-source-script', import.meta.url));
  const report = await scanFixture(dir);
  const surface = report.executionMap.find(s => s.kind === 'direnv');
  assert.equal(surface?.entry, 'scripts/setup.sh');
  assert.equal(surface.location.line, 2);
  assert.equal(findingsOf(report, 'autorun/direnv')[0]?.severity, 'medium');
});
