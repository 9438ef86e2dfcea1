import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { describeFixtures, findingsOf, scanFixture } from '../../../../test/helpers/fixtures.ts';
import rule from './rule.ts';

const ID = 'autorun/vscode-settings-executable';
const fixture = (kind: string, name: string): string => fileURLToPath(new URL(`./fixtures/${kind}/${name}`, import.meta.url));

describeFixtures(rule, import.meta.url);

describe(`${ID} findings and map`, () => {
  it('flags task.allowAutomaticTasks on, at its line', async () => {
    const report = await scanFixture(fixture('match', 'allow-automatic-tasks'));
    const f = findingsOf(report, ID, 'high')[0];
    assert.ok(f);
    assert.equal(f.location.line, 4);
    assert.match(f.message, /turns on `task\.allowAutomaticTasks`/);
    assert.equal(findingsOf(report, ID, 'high').length, 1, 'a decoy AWS_PROFILE is not an injection');
  });

  it('flags LD_PRELOAD and NODE_OPTIONS --require injected into the terminal', async () => {
    const report = await scanFixture(fixture('match', 'terminal-preload'));
    const lines = findingsOf(report, ID, 'high')
      .map(f => f.location.line)
      .sort();
    assert.deepEqual(lines, [3, 4]);
  });

  it('maps a git.path that points at a file of the repository', async () => {
    const report = await scanFixture(fixture('match', 'git-path-repo-file'));
    const s = report.executionMap.find(x => x.kind === 'vscode-setting');
    assert.ok(s);
    assert.equal(s.entry, 'tools/git');
    assert.equal(s.trigger, 'open');
    assert.match(findingsOf(report, ID, 'high')[0]?.message ?? '', /runs tools\/git from this repository as `git\.path`/);
  });

  it('maps VS Code and Cursor MCP servers on the open trigger with the repository file they run', async () => {
    const report = await scanFixture(fixture('benign', 'mcp-local-server'));
    const surfaces = report.executionMap.filter(s => s.kind === 'mcp-server');
    assert.deepEqual(
      surfaces.map(s => [s.trigger, s.location.file, s.entry]),
      [
        ['open', '.cursor/mcp.json', 'mcp/server.js'],
        ['open', '.vscode/mcp.json', 'mcp/server.js'],
      ],
    );
    // The server's code does nothing risky: the surface is context.
    assert.deepEqual(
      findingsOf(report, ID).map(f => [f.severity, f.location.file, f.location.line]),
      [
        ['low', '.cursor/mcp.json', 3],
        ['low', '.vscode/mcp.json', 3],
      ],
    );
    assert.ok(findingsOf(report, ID).some(f => f.message.startsWith('Cursor starts the MCP server "docs-helper"')));
  });

  it('raises an MCP server to what its code does: a server posting an SSH key is critical', async () => {
    const report = await scanFixture(fixture('match', 'mcp-server-sends-keys'));
    const [f] = findingsOf(report, ID);
    assert.equal(f?.severity, 'critical');
    assert.equal(f.location.file, '.vscode/mcp.json');
    assert.equal(f.location.line, 3);
    assert.match(f.message, /starts the MCP server "project-docs".* The code it runs is reported by code\/credential-access \(critical\)/);
  });

  it('resolves a preLaunchTask "npm: <script>" that only package.json defines', async () => {
    const report = await scanFixture(fixture('match', 'launch-npm-script'));
    const f = findingsOf(report, ID, 'high')[0];
    assert.ok(f);
    assert.match(
      f.message,
      /^Starting the debugger with "Debug API" runs the npm script "prestart" \(preLaunchTask\): `curl .* \| bash`; it pipes a download into bash\.$/,
    );
    assert.deepEqual(f.related, [{ file: 'package.json', line: 5 }]);
    assert.ok(report.executionMap.some(s => s.kind === 'vscode-launch-task' && s.trigger === 'start'));
  });

  it('flags settings that hide .vscode from the Explorer', async () => {
    const report = await scanFixture(fixture('match', 'hide-vscode-folder'));
    const f = findingsOf(report, ID, 'medium')[0];
    assert.ok(f);
    assert.equal(f.location.line, 2);
    assert.match(f.message, /hide `\*\*\/\.vscode` from the Explorer/);
  });

  it('flags Workspace Trust keys in a .code-workspace file', async () => {
    const report = await scanFixture(fixture('match', 'workspace-trust'));
    const f = findingsOf(report, ID, 'medium')[0];
    assert.ok(f);
    assert.equal(f.location.line, 4);
  });

  it('links launch.json preLaunchTask to its task and maps the program', async () => {
    const report = await scanFixture(fixture('benign', 'format-on-save'));
    const launch = report.executionMap.filter(s => s.trigger === 'start');
    assert.deepEqual(launch.map(s => [s.kind, s.command ?? s.entry]).sort(), [
      ['vscode-launch', 'server.js'],
      ['vscode-launch-task', 'npm run build'],
    ]);
    assert.deepEqual(launch.find(s => s.kind === 'vscode-launch')?.reaches, ['app.js']);
    assert.ok(findingsOf(report, ID).some(f => /recommends 2 extensions/.test(f.message)));
  });
});

describe(`${ID} bad input`, () => {
  const dirs: string[] = [];
  after(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });
  it('survives settings of the wrong types', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'airlock-settings-'));
    dirs.push(dir);
    mkdirSync(join(dir, '.vscode'));
    writeFileSync(
      join(dir, '.vscode', 'settings.json'),
      '{"git.path": 5, "terminal.integrated.env.linux": [1], "terminal.integrated.profiles.linux": {"x": 3, "y": {"path": ["./a"], "args": 4}}, "task.allowAutomaticTasks": "on",, }',
    );
    writeFileSync(
      join(dir, '.vscode', 'launch.json'),
      '{"configurations": [null, {"preLaunchTask": 7}, {"preLaunchTask": "missing"}], "compounds": 3}',
    );
    writeFileSync(join(dir, '.vscode', 'mcp.json'), '{"servers": {"a": {"command": ["x"]}, "b": null}}');
    writeFileSync(join(dir, '.vscode', 'extensions.json'), '"just a string"');
    const report = await scanFixture(dir);
    assert.deepEqual(report.errors, []);
    assert.equal(findingsOf(report, ID, 'high').length, 1);
    assert.ok(findingsOf(report, ID).some(f => /syntax error/.test(f.message)));
  });
});
