/**
 * Hostile input: files and folders the scanning user cannot read (mode 000), scanned by the CLI
 * as an unprivileged user (uid 65534 through setpriv; root reads everything). They used to give
 * `pass`; each is now a high finding, and a folder of only unreadable files is nothing scannable.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, describe, it } from 'node:test';
import type { Report } from '../../src/core/types.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const canDrop = process.getuid?.() === 0 && existsSync('/usr/bin/setpriv');
const tmp = mkdtempSync(join(tmpdir(), 'airlock-unreadable-'));
chmodSync(tmp, 0o755);
after(() => {
  rmSync(tmp, { recursive: true, force: true });
});

/** A tree where `locked` paths (files or folders) get mode 000 after everything is written. */
function tree(name: string, files: Record<string, string>, locked: string[]): string {
  const dir = join(tmp, name);
  for (const [path, body] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), body);
  }
  for (const p of locked) chmodSync(join(dir, p), 0o000);
  return dir;
}

/** The CLI run as uid/gid 65534, as a developer's own account would run it. */
async function scanAsNobody(dir: string, extra: string[] = []): Promise<{ code: number; report: Report }> {
  const args = ['--reuid=65534', '--regid=65534', '--clear-groups', '--', process.execPath, '--import', 'tsx'];
  args.push(join(ROOT, 'src/cli/main.ts'), 'scan', dir, '--format', 'json', '--no-provenance', ...extra);
  try {
    const r = await promisify(execFile)('setpriv', args, { cwd: ROOT, env: { PATH: process.env['PATH'] ?? '', HOME: tmp, NO_COLOR: '1' } });
    return { code: 0, report: JSON.parse(r.stdout) as Report };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    assert.ok(e.stdout, `no report: ${e.stderr ?? ''}`);
    return { code: e.code ?? -1, report: JSON.parse(e.stdout) as Report };
  }
}

const gaps = (r: Report): [string, string][] =>
  r.findings.filter(f => f.ruleId === 'scan/incomplete-analysis').map(f => [f.severity, f.location.file]);

describe('hostile: unreadable files', { skip: !canDrop && 'needs root and setpriv to scan as another user' }, () => {
  it('an unreadable file an install script runs is a high finding (exit 1 with --fail-on review)', async () => {
    const dir = tree(
      'entry',
      { 'package.json': '{"scripts":{"postinstall":"node src/setup.js"}}\n', 'src/setup.js': 'require("child_process").exec("x");\n' },
      ['src/setup.js'],
    );
    const { code, report } = await scanAsNobody(dir, ['--fail-on', 'review']);
    assert.deepEqual(gaps(report), [['high', 'src/setup.js']]);
    assert.equal(report.errors.find(e => e.file === 'src/setup.js')?.kind, 'unreadable');
    assert.equal(report.verdict, 'review');
    assert.equal(code, 1);
  });

  it('an unreadable package.json and an unreadable folder are high findings', async () => {
    const dir = tree(
      'manifest',
      { 'package.json': '{"scripts":{"postinstall":"node x.js"}}\n', 'x.js': '1;\n', 'lib/a.js': 'module.exports = 1;\n' },
      ['package.json', 'lib'],
    );
    const { report } = await scanAsNobody(dir);
    assert.deepEqual(gaps(report), [
      ['high', 'lib'],
      ['high', 'package.json'],
    ]);
  });

  it('a folder of only unreadable files is nothing scannable: exit 3', async () => {
    const dir = tree('only', { 'a.js': 'x\n', 'b.json': '{}\n' }, ['a.js', 'b.json']);
    const { code, report } = await scanAsNobody(dir, ['--fail-on', 'never']);
    assert.equal(code, 3);
    assert.equal(report.unscannable?.reason, 'unreadable');
    assert.deepEqual(
      report.findings.map(f => [f.ruleId, f.severity, f.location.file]),
      [
        ['scan/nothing-scannable', 'high', ''],
        ['scan/incomplete-analysis', 'high', 'a.js'],
        ['scan/incomplete-analysis', 'high', 'b.json'],
      ],
    );
  });
});
