/** The GitHub Action's shell steps, run for real with bash against the built CLI. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
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

  it('pins every third-party action by commit', () => {
    const workflow = parse(readFileSync(join(ROOT, '.github/workflows/ci.yml'), 'utf8')) as {
      jobs: Record<string, { steps: { uses?: string }[] }>;
    };
    const uses = [
      ...action.runs.steps.flatMap(s => (s.uses ? [s.uses] : [])),
      ...Object.values(workflow.jobs).flatMap(j => j.steps.flatMap(s => (s.uses ? [s.uses] : []))),
    ].filter(u => !u.startsWith('./'));
    assert.ok(uses.length >= 4);
    for (const u of uses) assert.match(u, /^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/, `${u} is pinned by a full commit SHA`);
  });

  it('keys the package on what it is built from', () => {
    const key = join(tmp, 'key-output.txt');
    writeFileSync(key, '');
    const r = runStep(step('Package key'), { GITHUB_OUTPUT: key, RUNNER_TOOL_CACHE: join(tmp, 'tools') });
    assert.equal(r.status, 0, r.stderr);
    const out = readFileSync(key, 'utf8');
    assert.match(out, /^key=airlock-Linux-node\d+-[0-9a-f]{32}$/m);
    const hash = /-([0-9a-f]{32})$/m.exec(out)?.[1] ?? '';
    assert.match(out, new RegExp(`^dir=${join(tmp, 'tools')}/airlock/${hash}$`, 'm'));
  });

  it(
    'installs a packed package: `npm pack` ships the built CLI, its data and the report schema',
    { skip: existsSync(join(ROOT, 'dist/cli/main.js')) ? false : 'run `npm run build` first' },
    () => {
      const r = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      const files = (JSON.parse(r.stdout) as { files: { path: string }[] }[])[0]?.files.map(f => f.path) ?? [];
      for (const f of ['dist/cli/main.js', 'schema/report.schema.json', 'package.json'])
        assert.ok(files.includes(f), `${f} is in the package`);
      assert.ok(
        files.some(f => f.startsWith('data/')),
        'data files are in the package',
      );
      assert.ok(!files.some(f => f.startsWith('src/') || f.startsWith('test/')), 'no sources or tests in the package');
    },
  );

  it(
    'scans once, writing SARIF, a Markdown job summary and the verdict output',
    { skip: existsSync(join(ROOT, 'dist/cli/main.js')) ? false : 'run `npm run build` first' },
    () => {
      const scan = step('Scan');
      assert.equal((scan.run?.match(/"\$cli" scan /g) ?? []).length, 1, 'airlock runs once');
      // The installed layout: <dir>/node_modules/airlock is the package (here, this checkout).
      const dir = join(tmp, 'prefix');
      mkdirSync(join(dir, 'node_modules'), { recursive: true });
      symlinkSync(ROOT, join(dir, 'node_modules', 'airlock'));
      const summary = join(tmp, 'summary.md');
      const output = join(tmp, 'output.txt');
      const sarif = join(tmp, 'out.sarif');
      writeFileSync(summary, '');
      writeFileSync(output, '');
      const r = runStep(scan, {
        AIRLOCK_DIR: dir,
        AIRLOCK_PATH: 'examples/take-home-lure',
        AIRLOCK_FAIL_ON: 'block',
        AIRLOCK_ARGS: '--no-provenance',
        AIRLOCK_SARIF: sarif,
        RUNNER_TEMP: tmp,
        GITHUB_STEP_SUMMARY: summary,
        GITHUB_OUTPUT: output,
      });
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /^BLOCK {2}examples\/take-home-lure {2}\d+ critical/);
      assert.match(readFileSync(output, 'utf8'), /^verdict=block$/m);
      assert.match(readFileSync(summary, 'utf8'), /^## ⛔ Airlock: BLOCK/m);
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
