import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, it } from 'node:test';
import { findingsOf } from '../../../../test/helpers/fixtures.ts';
import { buildRepo, tempDir } from '../../../../test/helpers/git-repo.ts';
import { describeRepoFixtures } from '../../../../test/helpers/repo-fixtures.ts';
import { scan } from '../../../index.ts';
import rule from './rule.ts';

describeRepoFixtures(rule, import.meta.url, { rules: [rule] });

const tmp = tempDir('history-anomaly');
after(() => {
  rmSync(tmp, { recursive: true, force: true });
});

it('finds future dates, scripted timestamps and one e-mail under many names', async () => {
  const dir = join(tmp, 'forged');
  const same = '2025-02-02T02:02:02Z';
  buildRepo(dir, {
    commits: [
      { message: 'one', date: same, author: { name: 'Alice', email: 'ops@example.net' }, files: { 'a.txt': '1' } },
      { message: 'two', date: same, author: { name: 'Bob', email: 'ops@example.net' }, files: { 'b.txt': '2' } },
      { message: 'three', date: same, author: { name: 'Carol', email: 'ops@example.net' }, files: { 'c.txt': '3' } },
      { message: 'four', date: same, files: { 'd.txt': '4' } },
      { message: 'five', date: same, files: { 'e.txt': '5' } },
      {
        message: 'six',
        date: '2099-01-01T00:00:00Z',
        committer: { name: 'Someone Else', email: 'else@example.org' },
        files: { 'f.txt': '6' },
      },
    ],
  });
  const report = await scan(dir, { rules: [rule] });
  const messages = findingsOf(report, rule.meta.id)
    .map(f => f.message)
    .join('\n');
  assert.match(messages, /dated in the future/);
  assert.match(messages, /5 commits carry the identical author and commit time/);
  assert.match(messages, /ops@example\.net, signs commits under 3 different names/);
  assert.match(messages, /committed by someone other than their author/);
  assert.equal(report.provenance?.commits, 6);
  assert.equal(report.provenance.authors, 2);
});

it('reports nothing and notes it when the target has no .git (a fixture inside the airlock checkout)', async () => {
  const report = await scan(new URL('./fixtures/benign', import.meta.url).pathname, { rules: [rule] });
  assert.equal(findingsOf(report, rule.meta.id).length, 0);
  assert.ok(report.notes?.some(n => n.includes('no git history')));
  assert.equal(report.provenance, undefined);
});

it('is off with provenance: false', async () => {
  const dir = join(tmp, 'single');
  buildRepo(dir, { commits: [{ message: 'Initial commit', files: { 'x.js': '1' } }] });
  assert.equal(findingsOf(await scan(dir, { rules: [rule], provenance: false }), rule.meta.id).length, 0);
  assert.equal(findingsOf(await scan(dir, { rules: [rule] }), rule.meta.id).length, 1);
});
