/**
 * A repository whose own config and hooks would run commands (fsmonitor, pager, external diff,
 * filters, upload-pack hook, includes, hooksPath, every hook) is scanned as a folder, with all refs,
 * and as a ZIP that carries its .git: no marker file may ever appear. A control run of plain git
 * shows the markers are live.
 */
import assert from 'node:assert/strict';
import {
  appendFileSync,
  chmodSync,
  cpSync,
  createWriteStream,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import yazl from 'yazl';
import { buildRepo, git, tempDir } from '../../test/helpers/git-repo.ts';
import { scan } from '../index.ts';
import { HOOK_NAMES } from './shipped.ts';

const tmp = tempDir('safety');
const markers = join(tmp, 'markers');
const repo = join(tmp, 'hostile');
const hooksDir = join(tmp, 'hookspath');

function touch(name: string): string {
  return `touch ${join(markers, name)}`;
}

before(() => {
  mkdirSync(markers);
  buildRepo(repo, {
    checkout: 'main',
    commits: [
      {
        branch: 'main',
        message: 'init',
        files: { 'README.md': 'hi\n', 'a.js': 'module.exports = 1;\n', '.gitattributes': '* filter=evil diff=evil merge=evil\n' },
      },
      { branch: 'dev', message: 'dev', files: { 'b.js': 'module.exports = 2;\n', '.husky/pre-commit': 'npx lint-staged\n' } },
    ],
  });
  mkdirSync(hooksDir);
  for (const hook of HOOK_NAMES) {
    for (const dir of [join(repo, '.git', 'hooks'), hooksDir]) {
      writeFileSync(join(dir, hook), `#!/bin/sh\n${touch(`hook-${hook}`)}\n`);
      chmodSync(join(dir, hook), 0o755);
    }
  }
  writeFileSync(join(tmp, 'evil.inc'), `[core]\n\tfsmonitor = ${touch('include-fsmonitor')}\n`);
  appendFileSync(
    join(repo, '.git', 'config'),
    [
      '[core]',
      `\tfsmonitor = ${touch('fsmonitor')}`,
      `\tpager = ${touch('pager')}`,
      `\teditor = ${touch('editor')}`,
      `\tsshCommand = ${touch('ssh')}`,
      `\thooksPath = ${hooksDir}`,
      '[diff]',
      `\texternal = ${touch('diff-external')}`,
      '[diff "evil"]',
      `\ttextconv = ${touch('textconv')}`,
      `\tcommand = ${touch('diff-command')}`,
      '[merge "evil"]',
      `\tdriver = ${touch('merge-driver')}`,
      '[filter "evil"]',
      `\tsmudge = ${touch('smudge')}`,
      `\tclean = ${touch('clean')}`,
      `\tprocess = ${touch('process')}`,
      '\trequired = true',
      '[uploadpack]',
      `\tpackObjectsHook = ${touch('pack-objects-hook')}`,
      '[include]',
      `\tpath = ${join(tmp, 'evil.inc')}`,
      '[includeIf "gitdir:/"]',
      `\tpath = ${join(tmp, 'evil.inc')}`,
      '[alias]',
      `\trev-list = !${touch('alias')}`,
      `\tcat-file = !${touch('alias')}`,
      '',
    ].join('\n'),
  );
  writeFileSync(join(repo, 'b.js'), 'changed\n');
});
after(() => {
  rmSync(tmp, { recursive: true, force: true });
});

function markersNow(): string[] {
  return readdirSync(markers);
}

it('control: plain git on a copy does run the hostile config', () => {
  const copy = join(tmp, 'control');
  cpSync(repo, copy, { recursive: true });
  try {
    git(copy, ['status']);
  } catch {
    // fsmonitor hooks that print nothing make git complain; the marker is what counts.
  }
  assert.ok(existsSync(join(markers, 'fsmonitor')) || existsSync(join(markers, 'include-fsmonitor')));
  rmSync(markers, { recursive: true });
  mkdirSync(markers);
});

it('scanning the folder with every rule and all refs runs nothing', async () => {
  const report = await scan(repo, { allRefs: true });
  assert.deepEqual(markersNow(), []);
  assert.ok(report.findings.some(f => f.ruleId === 'provenance/shipped-git-hooks' && f.message.includes('core.fsmonitor')));
  assert.ok(report.findings.some(f => f.ruleId === 'provenance/shipped-git-hooks' && f.location.file === '.git/hooks/post-checkout'));
  assert.ok(report.provenance && report.provenance.commits >= 1);
});

it('ignores a GIT_DIR (or other GIT_*) in the environment', async () => {
  const before = process.env['GIT_DIR'];
  process.env['GIT_DIR'] = join(repo, '.git');
  process.env['GIT_CONFIG_PARAMETERS'] = `'core.fsmonitor=${touch('env-params')}'`;
  try {
    const other = join(tmp, 'plain');
    buildRepo(other, { commits: [{ message: 'one', files: { 'x.js': '1' } }] });
    const report = await scan(other);
    assert.equal(report.provenance?.commits, 1);
  } finally {
    if (before === undefined) delete process.env['GIT_DIR'];
    else process.env['GIT_DIR'] = before;
    delete process.env['GIT_CONFIG_PARAMETERS'];
  }
  assert.deepEqual(markersNow(), []);
});

it('scanning a ZIP that carries the hostile .git runs nothing and still reads its history', async () => {
  const zipPath = join(tmp, 'hostile.zip');
  const zip = new yazl.ZipFile();
  const add = (dir: string, prefix: string): void => {
    for (const name of readdirSync(dir)) {
      const abs = join(dir, name);
      const st = statSync(abs);
      if (st.isDirectory()) add(abs, `${prefix}${name}/`);
      else zip.addBuffer(readFileSync(abs), `${prefix}${name}`, { mode: st.mode });
    }
  };
  add(repo, 'hostile/');
  await new Promise<void>(resolve => {
    zip.outputStream.pipe(createWriteStream(zipPath)).on('close', () => {
      resolve();
    });
    zip.end();
  });
  const report = await scan(zipPath, { allRefs: true, quarantineDir: join(tmp, 'q') });
  assert.deepEqual(markersNow(), []);
  assert.equal(report.target.kind, 'archive');
  assert.ok(report.findings.some(f => f.ruleId === 'provenance/shipped-git-hooks' && f.message.includes('core.hooksPath')));
  assert.equal(report.provenance?.commits, 1);
});
