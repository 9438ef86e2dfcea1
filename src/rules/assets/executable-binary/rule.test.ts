import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { it } from 'node:test';
import { describeFixtures, findingsOf, scanFixture } from '../../../../test/helpers/fixtures.ts';
import { defineRule } from '../../../core/rule.ts';
import rule from './rule.ts';

describeFixtures(rule, import.meta.url);

const elfRepo = fileURLToPath(new URL('./fixtures/match/committed-elf', import.meta.url));

it('is high when a surface command runs the binary', async () => {
  const script = defineRule({
    meta: { id: 'autorun/test-script', severity: 'info', confidence: 'high', description: 'test surface', phase: 'map', since: '0.1.0' },
    run(ctx) {
      ctx.addSurface({
        trigger: 'install',
        kind: 'npm-script',
        name: 'postinstall',
        location: { file: 'package.json' },
        command: './bin/helper --quiet',
      });
    },
  });
  const plain = findingsOf(await scanFixture(elfRepo, { rules: [rule] }), 'assets/executable-binary');
  assert.equal(plain[0]?.severity, 'medium');
  const [f] = findingsOf(await scanFixture(elfRepo, { rules: [script, rule] }), 'assets/executable-binary');
  assert.equal(f?.severity, 'high');
  assert.match(f.message, /postinstall runs it/);
});
