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
  assert.match(messages, /ops@example\.net, signs commits under 3 names that are not variants of one another/);
  assert.equal(findingsOf(report, rule.meta.id).find(f => f.message.includes('ops@example.net'))?.severity, 'low');
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

it('does not accuse one person writing their name several ways, nor one backwards date', async () => {
  const dir = join(tmp, 'variants');
  buildRepo(dir, {
    commits: [
      { message: 'one', date: '2025-03-01T09:00:00Z', author: { name: 'Abe Tomoaki', email: 'abe@example.com' }, files: { 'a.txt': '1' } },
      { message: 'two', date: '2025-03-02T09:00:00Z', author: { name: 'abetomo', email: 'abe@example.com' }, files: { 'b.txt': '2' } },
      {
        message: 'three',
        date: '2025-03-03T09:00:00Z',
        author: { name: 'Tomoaki Abe', email: 'abe@example.com' },
        files: { 'c.txt': '3' },
      },
      { message: 'four', date: '2025-03-02T20:00:00Z', files: { 'd.txt': '4' } },
      { message: 'five', date: '2025-03-04T09:00:00Z', files: { 'e.txt': '5' } },
    ],
  });
  const report = await scan(dir, { rules: [rule] });
  assert.deepEqual(findingsOf(report, rule.meta.id, 'low'), []);
  const info = findingsOf(report, rule.meta.id).map(f => [f.severity, f.message.replace(/[0-9a-f]{10}/, '<sha>')]);
  assert.deepEqual(info, [
    [
      'info',
      '1 commit is dated before its parent; the worst, <sha>, is 13 hours older than the commit it follows. A wrong clock or a rebase that kept the original dates does this.',
    ],
    ['info', 'One e-mail address, abe@example.com, signs commits under 3 spellings of one name.'],
  ]);
});
