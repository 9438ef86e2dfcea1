import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { it } from 'node:test';
import { describeFixtures, findingsOf, scanFixture, tempRepo } from '../../../../test/helpers/fixtures.ts';
import { defineRule } from '../../../core/rule.ts';
import rule from './rule.ts';

describeFixtures(rule, import.meta.url);

const fakeFont = fileURLToPath(new URL('./fixtures/match/fake-font', import.meta.url));

it('is high for a text "font" that holds code', async () => {
  const report = await scanFixture(fakeFont, { rules: [rule] });
  const [f] = findingsOf(report, 'assets/disguised-script');
  assert.equal(f?.severity, 'high');
  assert.match(f.message, /woff2 file but holds text/);
  assert.match(f.message, /it contains `global.i =`/);
});

it('is critical when a surface runs the disguised file', async () => {
  const task = defineRule({
    meta: { id: 'autorun/test-task', severity: 'info', confidence: 'high', description: 'test surface', phase: 'map', since: '0.1.0' },
    run(ctx) {
      ctx.addSurface({
        trigger: 'open',
        kind: 'vscode-task',
        name: 'eslint-check',
        location: { file: '.vscode/tasks.json' },
        command: 'node public/fonts/fa-solid-400.woff2',
        entry: 'public/fonts/fa-solid-400.woff2',
      });
    },
  });
  const report = await scanFixture(fakeFont, { rules: [task, rule] });
  const [f] = findingsOf(report, 'assets/disguised-script');
  assert.equal(f?.severity, 'critical');
  assert.match(f.message, /run by eslint-check/);
  assert.deepEqual(f.triggers, ['open']);
});

it('a package.json or data file that starts with a byte-order mark is what it says', async () => {
  const utf8 = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{ "name": "app", "version": "1.0.0" }\n')]);
  const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{ "compilerOptions": {} }\n', 'utf16le')]);
  const report = await scanFixture(tempRepo({ 'package.json': utf8, 'data/tsconfig.json': utf16 }), { rules: [rule] });
  assert.deepEqual(findingsOf(report, 'assets/disguised-script'), []);
});
