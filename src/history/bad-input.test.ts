/** Hostile or broken histories: bounded, noted, never a crash or a silent pass. */
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, it } from 'node:test';
import { buildRepo, git, tempDir } from '../../test/helpers/git-repo.ts';
import { scan } from '../index.ts';
import { materializeTree } from './materialize.ts';
import { openRepository } from './repo.ts';

const tmp = tempDir('bad-history');
after(() => {
  rmSync(tmp, { recursive: true, force: true });
});

it('ignores ref files with hostile names or contents, and says so', async () => {
  const dir = join(tmp, 'refs');
  buildRepo(dir, {
    commits: [
      { message: 'one', files: { 'a.js': '1' } },
      { message: 'two', files: { 'b.js': '2' } },
    ],
  });
  const heads = join(dir, '.git', 'refs', 'heads');
  writeFileSync(join(heads, 'evil\nname'), git(dir, ['rev-parse', 'HEAD']));
  writeFileSync(join(heads, '-upload-pack=x'), git(dir, ['rev-parse', 'HEAD']));
  writeFileSync(join(heads, 'garbage'), 'not a ref at all\n');
  const report = await scan(dir, { allRefs: true });
  assert.equal(report.provenance?.commits, 2);
  assert.ok(report.notes?.some(n => n.includes('ref file(s) in .git were ignored')));
});

it('records a corrupt object store as an error instead of failing the scan', async () => {
  const dir = join(tmp, 'corrupt');
  buildRepo(dir, {
    commits: [
      { message: 'one', files: { 'a.js': '1' } },
      { message: 'two', files: { 'b.js': '2' } },
    ],
  });
  const objects = join(dir, '.git', 'objects');
  for (const d of readdirSync(objects)) {
    if (!/^[0-9a-f]{2}$/.test(d)) continue;
    for (const f of readdirSync(join(objects, d))) {
      chmodSync(join(objects, d, f), 0o644);
      writeFileSync(join(objects, d, f), 'garbage');
    }
  }
  const report = await scan(dir);
  assert.ok(
    report.errors.some(e => e.message.includes('could not read the git history')) ||
      report.notes?.some(n => n.includes('HEAD is unborn or unreadable')),
  );
});

it('a `.git` file pointing elsewhere, or a `.git` link, is not followed', async () => {
  const dir = join(tmp, 'gitfile');
  mkdirSync(dir);
  writeFileSync(join(dir, '.git'), 'gitdir: /etc\n');
  writeFileSync(join(dir, 'a.js'), '1');
  const report = await scan(dir);
  assert.ok(report.notes?.some(n => n.includes('`.git` is a file')));
  assert.equal(report.provenance, undefined);
});

it('writes a tree with a huge blob only up to the per-file cap', async () => {
  const dir = join(tmp, 'huge');
  buildRepo(dir, { commits: [{ message: 'one', files: { 'big.bin': 'x'.repeat(200_000), 'small.js': '1' } }] });
  const opened = openRepository(dir, join(tmp, 'q'));
  assert.ok(opened && 'repo' in opened);
  try {
    const head = await opened.repo.head();
    const out = join(tmp, 'out');
    mkdirSync(out);
    const r = await materializeTree(opened.repo, head ?? '', out, { maxFileBytes: 100_000 });
    assert.deepEqual(readdirSync(out), ['small.js']);
    assert.match(r.notes.join('\n'), /big\.bin \(larger than the per-file cap/);
  } finally {
    opened.repo.dispose();
  }
});

it('never writes a `.git` entry of a tree (a hook smuggled into a hidden branch)', async () => {
  const dir = join(tmp, 'dotgit-tree');
  buildRepo(dir, { commits: [{ message: 'one', files: { 'a.js': '1' } }] });
  git(
    dir,
    ['fast-import', '--quiet'],
    {},
    'commit refs/heads/sneaky\ncommitter A <a@example.com> 1700000000 +0000\ndata 2\nx\nM 100644 inline .git/hooks/post-checkout\ndata 3\nhi\n\nM 100644 inline .GIT/config\ndata 3\nhi\n\nM 100644 inline ok.txt\ndata 3\nok\n\n',
  );
  const opened = openRepository(dir, join(tmp, 'q'));
  assert.ok(opened && 'repo' in opened);
  try {
    const tip = git(dir, ['rev-parse', 'sneaky']).trim();
    const out = join(tmp, 'out-dotgit');
    mkdirSync(out);
    const r = await materializeTree(opened.repo, tip, out);
    assert.deepEqual(readdirSync(out), ['ok.txt']);
    assert.match(r.notes.join('\n'), /2 entries of the tree were not extracted: \.GIT\/config/);
  } finally {
    opened.repo.dispose();
  }
});

it('does not use a quarantine parent folder that someone else made writable', () => {
  const base = join(tmp, 'shared-tmp');
  mkdirSync(join(base, 'airlock-quarantine'), { recursive: true, mode: 0o777 });
  chmodSync(join(base, 'airlock-quarantine'), 0o777);
  const dir = join(tmp, 'plain-for-q');
  buildRepo(dir, { commits: [{ message: 'one', files: { 'a.js': '1' } }] });
  const opened = openRepository(dir, base);
  assert.ok(opened && 'repo' in opened);
  assert.ok(!opened.repo.gitDir.startsWith(join(base, 'airlock-quarantine') + '/'));
  opened.repo.dispose();
});
