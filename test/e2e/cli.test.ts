/** The CLI as a user meets it: exit codes, one-line errors, formats, --output. */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it, after } from 'node:test';
import { runAirlock } from '../helpers/cli.ts';

const LURE = fileURLToPath(new URL('../../examples/take-home-lure', import.meta.url));
const CLEAN = fileURLToPath(new URL('../../examples/clean-app', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'airlock-cli-'));
after(() => {
  rmSync(tmp, { recursive: true, force: true });
});

describe('airlock CLI', () => {
  it('prints usage and exits 2 without a command', async () => {
    const r = await runAirlock([]);
    assert.equal(r.code, 2);
    assert.match(r.stdout, /Usage: airlock <command>/);
  });

  it('rejects an unknown command with one line and exit 2', async () => {
    const r = await runAirlock(['scna']);
    assert.equal(r.code, 2);
    assert.equal(r.stderr.trim().split('\n').length, 1);
  });

  it('rejects an unknown flag with exit 2 and no stack trace', async () => {
    const r = await runAirlock(['scan', '--bogus', CLEAN]);
    assert.equal(r.code, 2);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  });

  it('rejects a bad --format value', async () => {
    const r = await runAirlock(['scan', '--format', 'xml', CLEAN]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--format must be one of/);
  });

  it('exits 2 with one clear line for a missing target', async () => {
    const r = await runAirlock(['scan', join(tmp, 'does-not-exist')]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /target not found/);
    assert.equal(r.stderr.trim().split('\n').length, 1);
  });

  it('exits 2 for a target that is a plain file', async () => {
    const file = join(tmp, 'notes.txt');
    writeFileSync(file, 'hello');
    const r = await runAirlock(['scan', file]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /not a directory, git URL or archive/);
  });

  it('scans the current directory by default', async () => {
    const r = await runAirlock(['scan', '--format', 'json'], { cwd: CLEAN });
    const report = JSON.parse(r.stdout) as { target: { path: string } };
    assert.equal(report.target.path, '.');
  });

  it('prints JSON with the contract fields', async () => {
    const r = await runAirlock(['scan', '--format', 'json', '--fail-on', 'never', LURE]);
    assert.equal(r.code, 0);
    const report = JSON.parse(r.stdout) as Record<string, unknown>;
    for (const key of [
      'schemaVersion',
      'tool',
      'command',
      'target',
      'verdict',
      'summary',
      'executionMap',
      'findings',
      'errors',
      'timing',
    ]) {
      assert.ok(key in report, key);
    }
  });

  it('writes --output to a file and nothing to stdout', async () => {
    const out = join(tmp, 'report.sarif');
    const r = await runAirlock(['scan', '--format', 'sarif', '--output', out, '--fail-on', 'never', CLEAN]);
    assert.equal(r.code, 0);
    assert.equal(r.stdout, '');
    const sarif = JSON.parse(readFileSync(out, 'utf8')) as { version: string };
    assert.equal(sarif.version, '2.1.0');
  });

  it('lists the rule catalogue and one rule’s documentation', async () => {
    const list = await runAirlock(['rules']);
    assert.equal(list.code, 0);
    assert.match(list.stdout, /autorun\/direnv/);
    const one = await runAirlock(['rules', 'autorun/direnv']);
    assert.equal(one.code, 0);
    assert.match(one.stdout, /^# autorun\/direnv/);
    const missing = await runAirlock(['rules', 'nope/nothing']);
    assert.equal(missing.code, 2);
  });

  it('exits 1 when the verdict reaches --fail-on', async () => {
    const dir = fileURLToPath(new URL('../../src/rules/autorun/direnv/fixtures/match/envrc-curl', import.meta.url));
    const review = await runAirlock(['scan', '--fail-on', 'review', dir]);
    assert.equal(review.code, 1);
    const never = await runAirlock(['scan', '--fail-on', 'never', dir]);
    assert.equal(never.code, 0);
  });
});
