import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { describeFixtures, findingsOf, scanFixture } from '../../../../test/helpers/fixtures.ts';
import rule from './rule.ts';

const ID = 'autorun/vscode-task-remote-shell';
const fixture = (kind: string, name: string): string => fileURLToPath(new URL(`./fixtures/${kind}/${name}`, import.meta.url));

describeFixtures(rule, import.meta.url);

describe(`${ID} findings`, () => {
  it('is critical for a hidden folder-open curl | bash, in the words of the brief', async () => {
    const report = await scanFixture(fixture('match', 'folder-open-curl-bash'));
    const f = findingsOf(report, ID)[0];
    assert.ok(f);
    assert.equal(f.severity, 'critical');
    assert.equal(f.location.line, 8);
    assert.match(
      f.message,
      /^Opening this folder in VS Code runs `curl -s .* \| bash` \(task "vscode", hidden from the terminal: reveal: never, echo: false, close: true, problemMatcher: \[\]\); .*pipes a download into bash\.$/,
    );
    assert.equal(report.verdict, 'block');
  });

  it('is critical for node running a file named like a font, and maps that file as the entry', async () => {
    const report = await scanFixture(fixture('match', 'font-node-task'));
    const f = findingsOf(report, ID, 'critical')[0];
    assert.ok(f);
    assert.match(f.message, /fa-solid-400\.woff2/);
    const surface = report.executionMap.find(s => s.kind === 'vscode-task');
    assert.equal(surface?.entry, 'public/fonts/fa-solid-400.woff2');
  });

  it('is critical for a task that only a debug configuration runs, resolved through its npm script', async () => {
    const report = await scanFixture(fixture('match', 'npm-task-remote'));
    const f = findingsOf(report, ID)[0];
    assert.ok(f);
    assert.equal(f.severity, 'critical');
    assert.match(f.message, /^Running the VS Code task "setup" runs `wget -qO- .* \| sh`/);
    assert.deepEqual(f.related, [{ file: 'package.json', line: 5 }]);
    const launch = report.executionMap.find(s => s.kind === 'vscode-launch-task');
    assert.equal(launch?.trigger, 'start');
  });

  it('follows dependsOn: the task a folder-open task depends on is critical', async () => {
    const report = await scanFixture(fixture('match', 'depends-on-remote'));
    const f = findingsOf(report, ID, 'critical')[0];
    assert.ok(f);
    assert.match(f.message, /\(task "bootstrap", which runs before "start", hidden from the terminal/);
    const open = report.executionMap.filter(s => s.trigger === 'open').map(s => [s.name, s.entry]);
    assert.deepEqual(open, [
      ['bootstrap (runs before "start")', undefined],
      ['start', 'server.js'],
    ]);
  });

  it('flags git core.hooksPath redirection on open', async () => {
    const report = await scanFixture(fixture('match', 'hooks-path'));
    assert.match(findingsOf(report, ID, 'critical')[0]?.message ?? '', /core\.hooksPath/);
  });

  it('checks every OS variant: a Windows-only encoded PowerShell command', async () => {
    const report = await scanFixture(fixture('match', 'windows-only-powershell'));
    const f = findingsOf(report, ID, 'critical')[0];
    assert.ok(f);
    assert.equal(f.location.line, 8);
    assert.match(f.message, /\(task "restore", Windows\)/);
  });

  it('leaves an ordinary folder-open watcher to vscode-folder-open-task, which calls it a watcher (low: tsc runs no repository code)', async () => {
    const report = await scanFixture(fixture('benign', 'folder-open-watcher'));
    assert.equal(findingsOf(report, ID).length, 0);
    const open = findingsOf(report, 'autorun/vscode-folder-open-task');
    assert.deepEqual(
      open.map(f => f.severity),
      ['low', 'low'],
    );
    for (const f of open)
      assert.match(f.message, /starts the watcher `tsc -w -p \.`.*without asking; a watcher of the project is ordinary/);
  });
});
