/** Batch scanning: several targets through the worker pool, summary, JSON lines, output dirs. */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { runAirlock } from '../helpers/cli.ts';

const LURE = fileURLToPath(new URL('../../examples/take-home-lure', import.meta.url));
const CLEAN = fileURLToPath(new URL('../../examples/clean-app', import.meta.url));
const ENVRC = fileURLToPath(new URL('../../src/rules/autorun/direnv/fixtures/match/envrc-curl', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'airlock-batch-'));
after(() => {
  rmSync(tmp, { recursive: true, force: true });
});

describe('batch scanning', () => {
  it('stops a hanging target at --target-timeout, reports it, and scans the rest with a new worker', async () => {
    const open = new Set<Socket>();
    const server = createServer(sock => {
      open.add(sock);
      sock.resume();
      sock.on('error', () => undefined);
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    const url = `git://127.0.0.1:${(server.address() as AddressInfo).port}/x`;
    try {
      const started = Date.now();
      const r = await runAirlock([
        'scan',
        '--format',
        'json',
        '--jobs',
        '1',
        '--target-timeout',
        '15',
        '--clone-timeout',
        '600',
        url,
        CLEAN,
      ]);
      const took = Date.now() - started;
      assert.equal(r.code, 2);
      const lines = r.stdout
        .trim()
        .split('\n')
        .map(l => JSON.parse(l) as { target: unknown; error?: string; verdict?: string });
      assert.equal(lines.length, 2);
      assert.deepEqual(lines[0], { target: url, error: 'not finished after 15 s (--target-timeout); stopped' });
      assert.equal(lines[1]?.verdict, 'pass', r.stdout.slice(0, 400));
      assert.equal(r.stderr, `airlock scan: ${url}: not finished after 15 s (--target-timeout); stopped\n`);
      // Far below the 600 s clone timeout: the hung target was stopped, not waited out.
      assert.ok(took < 300_000, `took ${took} ms`);
    } finally {
      for (const sock of open) sock.destroy();
      server.close();
    }
  });

  it('prints one JSON document per line as each target finishes', async () => {
    const r = await runAirlock(['scan', '--format', 'json', '--fail-on', 'never', '--jobs', '2', LURE, CLEAN, ENVRC]);
    assert.equal(r.code, 0);
    const lines = r.stdout.trim().split('\n');
    assert.equal(lines.length, 3);
    const reports = lines.map(l => JSON.parse(l) as { target: { path: string }; schemaVersion: number });
    assert.deepEqual(reports.map(x => x.target.path).sort(), [LURE, CLEAN, ENVRC].sort());
  });

  it('reads --targets FILE and prints a summary table in text mode', async () => {
    const list = join(tmp, 'targets.txt');
    writeFileSync(list, `# submissions\n${CLEAN}\n\n${ENVRC}\n`);
    const r = await runAirlock(['scan', '--targets', list, '--fail-on', 'review']);
    assert.equal(r.code, 1, 'the envrc target reaches review');
    assert.match(r.stdout, /TARGET\s+VERDICT\s+TIME\s+TOP FINDING/);
    assert.match(r.stdout, /2 targets: 0 block, 1 review, 1 pass\./);
  });

  it('reports a target that cannot be scanned and exits 2', async () => {
    const r = await runAirlock(['scan', '--format', 'json', CLEAN, join(tmp, 'missing')]);
    assert.equal(r.code, 2);
    const failed = r.stdout
      .trim()
      .split('\n')
      .map(l => JSON.parse(l) as { error?: string })
      .find(x => x.error !== undefined);
    assert.match(failed?.error ?? '', /target not found/);
    assert.match(r.stderr, /target not found/);
  });

  it('writes one HTML page per target plus index.html with --output-dir', async () => {
    const out = join(tmp, 'html');
    const r = await runAirlock(['scan', '--format', 'html', '--output-dir', out, '--fail-on', 'never', LURE, CLEAN]);
    assert.equal(r.code, 0);
    const files = readdirSync(out).sort();
    assert.equal(files.length, 3);
    assert.ok(existsSync(join(out, 'index.html')));
    assert.match(readFileSync(join(out, 'index.html'), 'utf8'), /href="001-/);
  });

  it('needs --output-dir for HTML with several targets', async () => {
    const r = await runAirlock(['scan', '--format', 'html', LURE, CLEAN]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--output-dir/);
  });

  it('gives one SARIF log with a run per target', async () => {
    const r = await runAirlock(['scan', '--format', 'sarif', '--fail-on', 'never', LURE, CLEAN]);
    const sarif = JSON.parse(r.stdout) as { runs: unknown[] };
    assert.equal(sarif.runs.length, 2);
  });
});
