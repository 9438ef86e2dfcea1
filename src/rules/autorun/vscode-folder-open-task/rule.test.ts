import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { describeFixtures, findingsOf, scanFixture } from '../../../../test/helpers/fixtures.ts';
import rule from './rule.ts';

const ID = 'autorun/vscode-folder-open-task';
const fixture = (kind: string, name: string): string => fileURLToPath(new URL(`./fixtures/${kind}/${name}`, import.meta.url));

describeFixtures(rule, import.meta.url);

describe(`${ID} execution map`, () => {
  it('records each OS variant of a hidden folder-open task, Linux first', async () => {
    const report = await scanFixture(fixture('match', 'hidden-per-os-curl'));
    const surfaces = report.executionMap.filter(s => s.kind === 'vscode-task');
    assert.deepEqual(
      surfaces.map(s => [s.trigger, s.name, s.location.line]),
      [
        ['open', 'eslint-check', 13],
        ['open', 'eslint-check (macOS)', 10],
        ['open', 'eslint-check (Windows)', 16],
      ].sort((a, b) => (a[2] as number) - (b[2] as number)),
    );
    assert.match(surfaces.find(s => s.name === 'eslint-check')?.command ?? '', /^wget -qO- .* \| sh$/);
    const finding = findingsOf(report, ID)[0];
    assert.ok(finding);
    assert.equal(finding.severity, 'high');
    assert.match(
      finding.message,
      /^Opening this folder in VS Code runs `wget .*` \(task "eslint-check", hidden from the terminal: reveal: never, echo: false/,
    );
    assert.match(finding.message, /on macOS `curl .*`, on Windows `curl --ssl-no-revoke/);
    assert.equal(finding.location.line, 13);
  });

  it('records the tasks a folder-open task depends on, dependencies first', async () => {
    const report = await scanFixture(fixture('match', 'depends-on-chain'));
    const surfaces = report.executionMap.filter(s => s.kind === 'vscode-task');
    assert.deepEqual(
      surfaces.map(s => [s.name, s.command]),
      [
        ['install-root-modules (runs before "run-backend")', 'npm install --silent --no-progress'],
        ['run-backend', 'node server.js'],
      ],
    );
    const finding = findingsOf(report, ID)[0];
    assert.ok(finding);
    assert.match(
      finding.message,
      /runs `node server\.js` \(task "run-backend", hidden from the terminal.*\) after `npm install --silent --no-progress`\./,
    );
    assert.deepEqual(
      finding.related?.map(r => r.line),
      [18, 8],
    );
  });

  it('resolves a `type: npm` task to its package.json script in a nested workspace folder', async () => {
    const report = await scanFixture(fixture('match', 'nested-folder'));
    const surface = report.executionMap.filter(s => s.kind === 'vscode-task')[0];
    assert.ok(surface);
    assert.equal(surface.name, 'npm: dev');
    assert.equal(surface.command, 'node scripts/dev.js');
    assert.match(findingsOf(report, ID)[0]?.message ?? '', /^Opening the folder front-end\/ in VS Code runs `node scripts\/dev\.js`/);
  });

  it('reads the tasks block of a .code-workspace file, command and args', async () => {
    const report = await scanFixture(fixture('match', 'code-workspace'));
    const surface = report.executionMap.filter(s => s.kind === 'vscode-task')[0];
    assert.ok(surface);
    assert.equal(surface.command, 'node tools/prepare.js --quiet');
    assert.equal(surface.location.file, 'app.code-workspace');
    assert.match(findingsOf(report, ID)[0]?.message ?? '', /^Opening the workspace app\.code-workspace in VS Code runs/);
  });

  it('uses the last of duplicate runOn keys, as VS Code does, and says so', async () => {
    const hit = await scanFixture(fixture('match', 'duplicate-runon-last-wins'));
    assert.equal(hit.executionMap.filter(s => s.trigger === 'open').length, 1);
    assert.ok(findingsOf(hit, ID).some(f => f.severity === 'info' && /repeats the key "tasks\.0\.runOptions\.runOn"/.test(f.message)));
    const miss = await scanFixture(fixture('benign', 'duplicate-runon-default-wins'));
    assert.equal(miss.executionMap.filter(s => s.trigger === 'open').length, 0);
  });

  for (const name of ['utf16le-bom', 'utf16be-bom', 'crlf']) {
    it(`reads a ${name} tasks.json with correct line numbers`, async () => {
      const report = await scanFixture(fixture('match', name));
      const surface = report.executionMap.filter(s => s.kind === 'vscode-task')[0];
      assert.ok(surface);
      assert.equal(surface.command, 'node boot.js');
      assert.equal(surface.location.line, 6);
    });
  }

  it("maps a repository file set as the tasks' shell as the entry", async () => {
    const report = await scanFixture(fixture('match', 'repo-shell-executable'));
    const surface = report.executionMap.find(s => s.kind === 'vscode-task');
    assert.equal(surface?.entry, '.vscode/shell.sh');
    assert.match(
      findingsOf(report, ID, 'high')[0]?.message ?? '',
      /runs `echo ready` through the shell \.vscode\/shell\.sh of this repository/,
    );
  });

  it('maps nothing for tasks without runOn', async () => {
    const report = await scanFixture(fixture('benign', 'build-tasks-only'));
    assert.equal(report.executionMap.filter(s => s.kind === 'vscode-task').length, 0);
    assert.equal(findingsOf(report, ID).length, 0);
  });
});

describe(`${ID} bad input`, () => {
  const dirs: string[] = [];
  after(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });
  const repoWith = (tasks: string | Buffer): string => {
    const dir = mkdtempSync(join(tmpdir(), 'airlock-tasks-'));
    dirs.push(dir);
    mkdirSync(join(dir, '.vscode'));
    writeFileSync(join(dir, '.vscode', 'tasks.json'), tasks);
    return dir;
  };
  const openTask = '{"label": "x", "command": "node x.js", "runOptions": {"runOn": "folderOpen"}}';

  it('keeps the folder-open task of a malformed file and reports the syntax error as info', async () => {
    const report = await scanFixture(repoWith(`{ "tasks": [ ${openTask} "oops": ] `));
    assert.equal(report.executionMap.filter(s => s.trigger === 'open').length, 1);
    assert.ok(findingsOf(report, ID).some(f => f.severity === 'info' && /syntax error/.test(f.message)));
    assert.deepEqual(report.errors, []);
  });

  it('survives 10,000 levels of nesting and still maps the task', async () => {
    const n = 10_000;
    const report = await scanFixture(repoWith(`{"x": ${'['.repeat(n)}${']'.repeat(n)}, "tasks": [${openTask}]}`));
    assert.equal(report.executionMap.filter(s => s.trigger === 'open').length, 1);
    assert.ok(findingsOf(report, ID).some(f => /iterative parser/.test(f.message)));
    assert.deepEqual(report.errors, []);
  });

  it('reads a 5 MB single-line tasks.json', async () => {
    const pad = 'a'.repeat(5 * 1024 * 1024);
    const report = await scanFixture(repoWith(`{"pad": "${pad}", "tasks": [${openTask}]}`));
    assert.equal(report.executionMap.filter(s => s.trigger === 'open').length, 1);
  });

  it('ignores `tasks` that is not an array, without crashing', async () => {
    const report = await scanFixture(repoWith(`{"tasks": ${openTask}}`));
    assert.deepEqual(report.errors, []);
    assert.equal(findingsOf(report, ID, 'medium').length, 0);
  });

  it('maps a folder-open task whose command is not a string', async () => {
    const report = await scanFixture(
      repoWith(
        '{"tasks": [{"label": "n", "command": 42, "args": [null, {"value": "a b"}], "runOptions": {"runOn": "folderOpen"}}, 7, null, "x"]}',
      ),
    );
    assert.deepEqual(report.errors, []);
    const f = findingsOf(report, ID, 'high')[0];
    assert.ok(f);
    assert.match(f.message, /the process task "n"/);
    assert.equal(report.executionMap.filter(s => s.trigger === 'open').length, 1);
  });

  it('reads a root that is not an object', async () => {
    const report = await scanFixture(repoWith('[1, 2, 3]'));
    assert.deepEqual(report.errors, []);
  });
});

describe(`${ID} many tasks`, () => {
  const dirs: string[] = [];
  after(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });
  it('maps every one of 3,000 folder-open tasks but reports 25 and a summary', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'airlock-many-'));
    dirs.push(dir);
    mkdirSync(join(dir, '.vscode'));
    const tasks = Array.from({ length: 3000 }, (_, i) => ({
      label: `t${i}`,
      command: `node t${i}.js`,
      runOptions: { runOn: 'folderOpen' },
    }));
    writeFileSync(join(dir, '.vscode', 'tasks.json'), JSON.stringify({ version: '2.0.0', tasks }));
    const report = await scanFixture(dir);
    assert.equal(report.executionMap.filter(s => s.kind === 'vscode-task').length, 3000);
    const findings = findingsOf(report, ID, 'high');
    assert.equal(findings.length, 26);
    assert.ok(findings.some(f => /has 2975 more folder-open tasks than the 25 reported here/.test(f.message)));
  });
});

describe(`${ID} symlinks`, () => {
  const dirs: string[] = [];
  after(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });
  const openTask = JSON.stringify({ tasks: [{ label: 'x', command: 'node x.js', runOptions: { runOn: 'folderOpen' } }] });

  it('follows a tasks.json that is a symlink to a file inside the repository', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'airlock-link-'));
    dirs.push(dir);
    mkdirSync(join(dir, '.vscode'));
    mkdirSync(join(dir, 'docs'));
    writeFileSync(join(dir, 'docs', 'editor.json'), openTask);
    symlinkSync('../docs/editor.json', join(dir, '.vscode', 'tasks.json'));
    const report = await scanFixture(dir);
    const s = report.executionMap.find(x => x.kind === 'vscode-task');
    assert.equal(s?.location.file, '.vscode/tasks.json');
    assert.equal(s.command, 'node x.js');
  });

  it('follows a .vscode folder that is a symlink to another folder of the repository', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'airlock-link-'));
    dirs.push(dir);
    mkdirSync(join(dir, 'config', 'editor'), { recursive: true });
    writeFileSync(join(dir, 'config', 'editor', 'tasks.json'), openTask);
    symlinkSync('config/editor', join(dir, '.vscode'));
    const report = await scanFixture(dir);
    assert.deepEqual(
      report.executionMap.filter(x => x.kind === 'vscode-task').map(x => x.location.file),
      ['.vscode/tasks.json'],
    );
    assert.equal(findingsOf(report, ID, 'high').length, 1);
  });

  it('does not follow a symlink that leaves the repository', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'airlock-outside-'));
    const dir = mkdtempSync(join(tmpdir(), 'airlock-link-'));
    dirs.push(outside, dir);
    writeFileSync(join(outside, 'tasks.json'), openTask);
    mkdirSync(join(dir, '.vscode'));
    symlinkSync(join(outside, 'tasks.json'), join(dir, '.vscode', 'tasks.json'));
    const report = await scanFixture(dir);
    assert.equal(report.executionMap.filter(x => x.kind === 'vscode-task').length, 0);
    assert.match(findingsOf(report, ID, 'medium')[0]?.message ?? '', /^\.vscode\/tasks\.json is a symlink to .*, outside this repository/);
  });
});
