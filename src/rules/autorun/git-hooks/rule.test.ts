import assert from 'node:assert/strict';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, it } from 'node:test';
import { describeFixtures, findingsOf, scanFixture } from '../../../../test/helpers/fixtures.ts';
import rule from './rule.ts';

describeFixtures(rule, import.meta.url);

const tmp = mkdtempSync(join(tmpdir(), 'airlock-git-hooks-'));
after(() => {
  rmSync(tmp, { recursive: true, force: true });
});

it('maps husky, lefthook and simple-git-hooks commands under the commit trigger', async () => {
  for (const name of ['husky-curl', 'lefthook-download', 'simple-git-hooks-decode']) {
    const report = await scanFixture(fileURLToPath(new URL(`./fixtures/match/${name}`, import.meta.url)), { rules: [rule] });
    const hooks = report.executionMap.filter(s => s.kind === 'git-hook');
    assert.ok(hooks.length > 0, name);
    assert.ok(hooks.every(s => s.trigger === 'commit'));
  }
  const report = await scanFixture(fileURLToPath(new URL('./fixtures/match/husky-curl', import.meta.url)), { rules: [rule] });
  assert.equal(findingsOf(report, rule.meta.id)[0]?.severity, 'critical');
  assert.equal(findingsOf(report, rule.meta.id)[0]?.location.line, 3);
});

it('maps hooks of a shipped .git and the folder core.hooksPath names', async () => {
  const dir = join(tmp, 'shipped');
  cpSync(fileURLToPath(new URL('./fixtures/benign/husky-lint-staged', import.meta.url)), dir, { recursive: true });
  mkdirSync(join(dir, '.git', 'hooks'), { recursive: true });
  mkdirSync(join(dir, '.github'), { recursive: true });
  writeFileSync(join(dir, '.git', 'HEAD'), 'ref: refs/heads/main\n');
  writeFileSync(join(dir, '.git', 'config'), '[core]\n\thooksPath = .github\n');
  writeFileSync(join(dir, '.git', 'hooks', 'post-checkout'), '#!/bin/sh\nnohup node .vscode/git-command &\n');
  chmodSync(join(dir, '.git', 'hooks', 'post-checkout'), 0o755);
  writeFileSync(join(dir, '.git', 'hooks', 'pre-push.sample'), '#!/bin/sh\nexit 0\n');
  writeFileSync(join(dir, '.github', 'post-checkout'), '#!/bin/sh\nnode .github/setup.js\n');
  writeFileSync(join(dir, '.github', 'setup.js'), 'module.exports = 1;\n');
  const report = await scanFixture(dir, { rules: [rule] });
  const names = report.executionMap.map(s => s.name).sort();
  assert.deepEqual(names, ['core.hooksPath', 'core.hooksPath post-checkout', 'husky pre-commit', 'shipped post-checkout']);
  const viaPath = report.executionMap.find(s => s.name === 'core.hooksPath post-checkout');
  assert.equal(viaPath?.entry, '.github/post-checkout');
});

it('follows the local file a hook runs', async () => {
  const dir = join(tmp, 'runs-file');
  mkdirSync(join(dir, '.husky'), { recursive: true });
  mkdirSync(join(dir, 'scripts'), { recursive: true });
  writeFileSync(join(dir, '.husky', 'pre-push'), 'node scripts/check.js\n');
  writeFileSync(join(dir, 'scripts', 'check.js'), "require('./lib.js');\n");
  writeFileSync(join(dir, 'scripts', 'lib.js'), 'module.exports = 1;\n');
  const report = await scanFixture(dir, { rules: [rule] });
  const s = report.executionMap.find(x => x.name === 'husky pre-push');
  assert.equal(s?.entry, 'scripts/check.js');
  assert.deepEqual(s.reaches, ['scripts/lib.js']);
});
