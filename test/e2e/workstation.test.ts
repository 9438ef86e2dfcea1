/** airlock hunt and airlock harden as a user meets them, on fabricated homes. */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Ajv } from 'ajv';
import { runCli } from '../../src/cli/run.ts';
import { runAirlock } from '../helpers/cli.ts';
import { makeHome } from '../helpers/workstation.ts';

const schema: unknown = JSON.parse(readFileSync(new URL('../../schema/report.schema.json', import.meta.url), 'utf8'));
const SETTINGS = '.config/Code/User/settings.json';
const BAD_SETTINGS = '{\n  // mine\n  "task.allowAutomaticTasks": "on"\n}\n';

describe('airlock hunt (CLI)', () => {
  it('finds dropped stages in a fabricated home, with JSON valid against the schema', async () => {
    const home = makeHome({ '.vscode/test.js': '// inert\n', 'code/app/package.json': '{"name":"app"}', tmp: { dir: true } });
    const r = await runAirlock([
      'hunt',
      '--home',
      home,
      '--os',
      'linux',
      '--tmpdir',
      join(home, 'tmp'),
      '--no-processes',
      '--roots',
      join(home, 'code'),
      '--format',
      'json',
    ]);
    assert.equal(r.code, 1, r.stderr);
    const report = JSON.parse(r.stdout) as {
      command: string;
      target: { kind: string };
      findings: { ruleId: string; remediation?: string }[];
      workstation: { repositories: unknown[] };
    };
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema as object);
    assert.ok(validate(report), JSON.stringify(validate.errors, null, 2));
    assert.equal(report.command, 'hunt');
    assert.equal(report.target.kind, 'workstation');
    assert.ok(report.findings.some(f => f.ruleId === 'hunt/host-artefacts' && f.remediation));
    assert.equal(report.workstation.repositories.length, 1);
  });

  it('a clean fabricated home passes, and the text output shows the repository table', async () => {
    const home = makeHome({ 'code/app/package.json': '{"name":"app"}', tmp: { dir: true } });
    const r = await runAirlock(['hunt', '--home', home, '--tmpdir', join(home, 'tmp'), '--no-processes', '--roots', join(home, 'code')]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^PASS {2}airlock hunt/);
    assert.match(r.stdout, /REPOSITORY\s+VERDICT/);
    assert.match(r.stdout, /~\/code\/app\s+pass/);
  });

  it('rejects a missing --home and a bad --os with exit 2 and one line', async () => {
    const a = await runAirlock(['hunt', '--home', '/nonexistent/home/dir']);
    assert.equal(a.code, 2);
    assert.equal(a.stderr.trim().split('\n').length, 1);
    const b = await runAirlock(['hunt', '--os', 'beos']);
    assert.equal(b.code, 2);
    assert.match(b.stderr, /--os must be one of/);
  });

  it('hostile file names cannot drive the terminal', async () => {
    const home = makeHome({ '.vscode/\u001b[2J\u001b]0;pwned\u0007x.txt': 'x', tmp: { dir: true } });
    const r = await runAirlock(['hunt', '--home', home, '--tmpdir', join(home, 'tmp'), '--no-processes']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /MEDIUM/);
    assert.doesNotMatch(r.stdout, /\u001b|\u0007/);
  });

  it('SARIF output works for hunt reports', async () => {
    const home = makeHome({ '.n2/pay': 'inert', tmp: { dir: true } });
    const r = await runAirlock(['hunt', '--home', home, '--tmpdir', join(home, 'tmp'), '--no-processes', '--format', 'sarif']);
    const sarif = JSON.parse(r.stdout) as { runs: { results: { ruleId: string }[] }[] };
    assert.ok(sarif.runs[0]?.results.some(x => x.ruleId === 'hunt/host-artefacts'));
  });
});

describe('airlock harden (CLI)', () => {
  it('--fix without a terminal shows the diff, changes nothing and exits 2', async () => {
    const home = makeHome({ [SETTINGS]: BAD_SETTINGS, '.npmrc': 'ignore-scripts=true\n' });
    const r = await runAirlock(['harden', '--home', home, '--os', 'linux', '--fix']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /-\s+"task\.allowAutomaticTasks": "on"/);
    assert.match(r.stderr, /rerun with --yes/);
    assert.equal(readFileSync(join(home, SETTINGS), 'utf8'), BAD_SETTINGS);
  });

  it('--fix asks on a terminal; "y" applies with a backup; --undo restores byte for byte', async () => {
    const home = makeHome({ [SETTINGS]: BAD_SETTINGS, '.npmrc': 'ignore-scripts=true\n' });
    let asked = '';
    let out = '';
    const code = await runCli(['harden', '--home', home, '--os', 'linux', '--fix', '--format', 'json'], {
      stdout: t => {
        out += t;
      },
      stderr: () => undefined,
      stdoutIsTTY: false,
      stderrIsTTY: false,
      prompt: q => {
        asked = q;
        return Promise.resolve('y');
      },
      env: { NO_COLOR: '1' },
      cwd: home,
    });
    assert.match(asked, /Apply this change\?/);
    assert.equal(code, 0);
    const report = JSON.parse(out) as { workstation: { changes: { status: string; backup?: string }[] } };
    assert.equal(report.workstation.changes[0]?.status, 'applied');
    assert.match(readFileSync(join(home, SETTINGS), 'utf8'), /\/\/ mine\n {2}"task\.allowAutomaticTasks": "off"/);
    assert.equal(readdirSync(join(home, '.config/Code/User')).filter(n => n.endsWith('.bak')).length, 1);

    const again = await runAirlock(['harden', '--home', home, '--os', 'linux', '--fix', '--yes']);
    assert.equal(again.code, 0);
    assert.doesNotMatch(again.stdout, /Settings changes/);

    const undo = await runAirlock(['harden', '--home', home, '--os', 'linux', '--undo']);
    assert.match(undo.stdout, /RESTORED/);
    assert.ok(readFileSync(join(home, SETTINGS)).equals(Buffer.from(BAD_SETTINGS)));
  });

  it('--fix answered "n" changes nothing', async () => {
    const home = makeHome({ [SETTINGS]: BAD_SETTINGS });
    const code = await runCli(['harden', '--home', home, '--os', 'linux', '--fix'], {
      stdout: () => undefined,
      stderr: () => undefined,
      stdoutIsTTY: false,
      stderrIsTTY: false,
      prompt: () => Promise.resolve('n'),
      env: {},
      cwd: home,
    });
    assert.equal(code, 2);
    assert.equal(readFileSync(join(home, SETTINGS), 'utf8'), BAD_SETTINGS);
  });

  it('--roots also looks for .env secrets at the top of those folders', async () => {
    const home = makeHome({ 'code/.env': 'STRIPE_SECRET_KEY=sk_test_example\n', '.npmrc': 'ignore-scripts=true\n' });
    const r = await runAirlock(['harden', '--home', home, '--os', 'linux', '--roots', join(home, 'code'), '--format', 'json']);
    const report = JSON.parse(r.stdout) as { findings: { ruleId: string; location: { file: string } }[] };
    assert.ok(report.findings.some(f => f.ruleId === 'harden/plaintext-secrets' && f.location.file === '~/code/.env'));
  });

  it('refuses --fix with --undo, and --yes without --fix', async () => {
    assert.equal((await runAirlock(['harden', '--fix', '--undo'])).code, 2);
    assert.equal((await runAirlock(['harden', '--yes'])).code, 2);
  });

  it('airlock rules lists the workstation rules', async () => {
    const r = await runAirlock(['rules']);
    assert.match(r.stdout, /hunt\/host-artefacts/);
    assert.match(r.stdout, /harden\/editor-settings/);
    const doc = await runAirlock(['rules', 'hunt/live-processes']);
    assert.match(doc.stdout, /^# hunt\/live-processes/);
  });
});
