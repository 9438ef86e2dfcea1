/** The GitHub Action's shell steps, run for real with bash against the built CLI. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { parse } from 'yaml';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'airlock-action-'));
after(() => {
  rmSync(tmp, { recursive: true, force: true });
});

interface Step {
  name: string;
  id?: string;
  run?: string;
  uses?: string;
  env?: Record<string, string>;
}
const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as {
  inputs: Record<string, { default: string }>;
  runs: { using: string; steps: Step[] };
};

function step(name: string): Step {
  const s = action.runs.steps.find(x => x.name === name);
  assert.ok(s?.run, `step ${name}`);
  return s;
}

function runStep(s: Step, env: Record<string, string>): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync('bash', ['-e', '-c', s.run ?? ''], {
    cwd: ROOT,
    env: { PATH: process.env['PATH'] ?? '', NO_COLOR: '1', GITHUB_ACTION_PATH: ROOT, ...env },
    encoding: 'utf8',
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('GitHub Action', () => {
  it('is a composite action with the documented inputs', () => {
    assert.equal(action.runs.using, 'composite');
    for (const input of ['path', 'fail-on', 'args', 'upload-sarif', 'sarif-file']) assert.ok(action.inputs[input], input);
  });

  it(
    'scan step writes SARIF, a Markdown job summary and the verdict output',
    { skip: existsSync(join(ROOT, 'dist/cli/main.js')) ? false : 'run `npm run build` first' },
    () => {
      const summary = join(tmp, 'summary.md');
      const output = join(tmp, 'output.txt');
      const sarif = join(tmp, 'out.sarif');
      writeFileSync(summary, '');
      writeFileSync(output, '');
      const r = runStep(step('Scan'), {
        AIRLOCK_PATH: 'examples/clean-app',
        AIRLOCK_FAIL_ON: 'block',
        AIRLOCK_ARGS: '--no-provenance',
        AIRLOCK_SARIF: sarif,
        GITHUB_STEP_SUMMARY: summary,
        GITHUB_OUTPUT: output,
      });
      assert.equal(r.status, 0, r.stderr);
      assert.match(readFileSync(output, 'utf8'), /^verdict=(pass|review|block)$/m);
      assert.match(readFileSync(summary, 'utf8'), /^## .* Airlock: /m);
      assert.equal((JSON.parse(readFileSync(sarif, 'utf8')) as { version: string }).version, '2.1.0');
    },
  );

  it('fail-on step fails exactly when the verdict reaches the threshold', () => {
    const s = step('Apply --fail-on');
    const cases: [string, string, number][] = [
      ['block', 'block', 1],
      ['block', 'review', 0],
      ['review', 'review', 1],
      ['review', 'block', 1],
      ['review', 'pass', 0],
      ['never', 'block', 0],
    ];
    for (const [failOn, verdict, want] of cases) {
      assert.equal(runStep(s, { AIRLOCK_FAIL_ON: failOn, VERDICT: verdict }).status, want, `${failOn}/${verdict}`);
    }
  });
});
