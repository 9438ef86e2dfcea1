/** Batch scanning: several targets through the worker pool, summary, JSON lines, output dirs. */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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
  it('prints one JSON document per line, in target order', async () => {
    const r = await runAirlock(['scan', '--format', 'json', '--fail-on', 'never', '--jobs', '2', LURE, CLEAN, ENVRC]);
    assert.equal(r.code, 0);
    const lines = r.stdout.trim().split('\n');
    assert.equal(lines.length, 3);
    const reports = lines.map(l => JSON.parse(l) as { target: { path: string }; schemaVersion: number });
    assert.deepEqual(
      reports.map(x => x.target.path),
      [LURE, CLEAN, ENVRC],
    );
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
    const second = JSON.parse(r.stdout.trim().split('\n')[1] ?? '{}') as { error?: string };
    assert.match(second.error ?? '', /target not found/);
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
