/**
 * Usage errors as git and ESLint give them: one line on stderr, exit 2, a "did you mean" when a
 * known word is close, never Node's parseArgs text. User-named inputs that cannot be used
 * (--yara, --roots, --config, --targets) are usage errors too, never a silent pass.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { runAirlock } from '../helpers/cli.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CLEAN = join(ROOT, 'examples/clean-app');
const LURE = join(ROOT, 'examples/take-home-lure');
const tmp = mkdtempSync(join(tmpdir(), 'airlock-usage-'));
after(() => {
  rmSync(tmp, { recursive: true, force: true });
});

/** Exit 2 with exactly `line` (one line) on stderr and nothing on stdout. */
async function usageError(argv: string[], line: string | RegExp): Promise<void> {
  const r = await runAirlock(argv, { cwd: ROOT });
  assert.equal(r.code, 2, `${argv.join(' ')}: ${r.stdout}${r.stderr}`);
  assert.equal(r.stdout, '', argv.join(' '));
  assert.equal(r.stderr.split('\n').length, 2, `one line: ${r.stderr}`);
  const got = r.stderr.trimEnd();
  if (typeof line === 'string') assert.equal(got, line);
  else assert.match(got, line);
  assert.doesNotMatch(got, /To specify a positional argument|ambiguous|ERR_PARSE_ARGS/);
}

describe('usage errors', () => {
  it('`airlock help scan` prints the scan help, as `git help <cmd>` does', async () => {
    const r = await runAirlock(['help', 'scan']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^Usage: airlock scan \[TARGET \.\.\.\] \[options\]/);
    const hunt = await runAirlock(['help', 'hunt']);
    assert.match(hunt.stdout, /^Usage: airlock hunt/);
    await usageError(['help', 'scna'], /^airlock: unknown command scna \(did you mean scan\?\); commands: scan, open,/);
  });

  it('an unknown command suggests the closest one', async () => {
    await usageError(['scna'], /^airlock: unknown command scna \(did you mean scan\?\)/);
    await usageError(['hutn'], /^airlock: unknown command hutn \(did you mean hunt\?\)/);
  });

  it('an unknown option is one line with the command once and a suggestion', async () => {
    await usageError(
      ['scan', '--formt', 'json', CLEAN],
      'airlock scan: unknown option --formt (did you mean --format?); see `airlock help scan`',
    );
    await usageError(['scan', '--bogus', CLEAN], 'airlock scan: unknown option --bogus; see `airlock help scan`');
    await usageError(['hunt', '--rots', 'x'], 'airlock hunt: unknown option --rots (did you mean --roots?); see `airlock help hunt`');
    await usageError(['scan', '-x'], 'airlock scan: unknown option -x; see `airlock help scan`');
    await usageError(['scan', '--verbose=yes'], 'airlock scan: --verbose takes no value; see `airlock help scan`');
    await usageError(['scan', '--output'], 'airlock scan: --output needs a value; see `airlock help scan`');
    await usageError(['scan', '--config', '--verbose'], 'airlock scan: --config needs a value; see `airlock help scan`');
  });

  it('a bad choice lists the choices and suggests one', async () => {
    await usageError(
      ['scan', '--format', 'jsn', CLEAN],
      'airlock scan: --format must be one of text, json, sarif, html, markdown (got "jsn") (did you mean json?)',
    );
  });

  it('numeric flags are whole numbers in range, even with one target', async () => {
    await usageError(
      ['scan', '--depth', '-1', CLEAN],
      'airlock scan: --depth must be a whole number of commits from 0 to 1000000000 (got "-1")',
    );
    await usageError(['scan', '--depth', '1.5', CLEAN], /--depth must be a whole number of commits .*\(got "1\.5"\)$/);
    await usageError(['scan', '--jobs', 'abc', CLEAN], 'airlock scan: --jobs must be a whole number of targets from 1 to 64 (got "abc")');
    await usageError(['scan', '--jobs', '0', CLEAN], 'airlock scan: --jobs must be a whole number of targets from 1 to 64 (got "0")');
    await usageError(['scan', '--jobs=65', CLEAN], /--jobs must be a whole number of targets from 1 to 64 \(got "65"\)$/);
    await usageError(['detonate', '--timeout', '0'], /--timeout must be a whole number of seconds/);
  });

  it('a config with an unknown rule id or key is an error with a suggestion', async () => {
    const rule = join(tmp, 'rule.json');
    writeFileSync(rule, '{ "rules": { "code/obfuscaton": "off" } }');
    await usageError(
      ['scan', '--config', rule, CLEAN],
      `airlock scan: ${rule}: unknown rule "code/obfuscaton" in "rules" (did you mean "code/obfuscation"?); \`airlock rules\` lists them`,
    );
    const nope = join(tmp, 'nope.json');
    writeFileSync(nope, '{ "rules": { "nope/rule": "off" } }');
    await usageError(
      ['scan', '--config', nope, CLEAN],
      `airlock scan: ${nope}: unknown rule "nope/rule" in "rules"; \`airlock rules\` lists them`,
    );
    const key = join(tmp, 'key.json');
    writeFileSync(key, '{ "rule": {} }');
    await usageError(['scan', '--config', key, CLEAN], /unknown key "rule" \(did you mean "rules"\?\)/);
    await usageError(
      ['scan', '--config', join(tmp, 'missing.json'), CLEAN],
      `airlock scan: cannot read config ${join(tmp, 'missing.json')}: no such file`,
    );
  });

  it('--yara with a missing folder, a broken rule or no rules is a usage error', async () => {
    await usageError(
      ['scan', '--yara', join(tmp, 'no-such-rules'), CLEAN],
      `airlock scan: --yara ${join(tmp, 'no-such-rules')}: no such folder or file`,
    );
    const broken = join(tmp, 'broken-yara');
    mkdirSync(broken);
    writeFileSync(join(broken, 'a.yar'), 'rule broken { condition: ');
    await usageError(['scan', '--yara', broken, CLEAN], new RegExp(`^airlock scan: --yara: YARA rules ${broken}/a\\.yar: .*syntax error`));
    const empty = join(tmp, 'empty-yara');
    mkdirSync(empty);
    await usageError(['scan', '--yara', empty, CLEAN], `airlock scan: --yara ${empty}: no .yar or .yara rule files`);
  });

  it('--roots and --home with a missing folder are usage errors', async () => {
    await usageError(['hunt', '--roots', join(tmp, 'nowhere')], `airlock hunt: --roots ${join(tmp, 'nowhere')}: no such folder`);
    await usageError(
      ['harden', '--roots', `${tmp},${join(tmp, 'nowhere')}`],
      `airlock harden: --roots ${join(tmp, 'nowhere')}: no such folder`,
    );
    await usageError(['hunt', '--home', join(tmp, 'nowhere')], `airlock hunt: --home ${join(tmp, 'nowhere')}: no such folder`);
  });

  it('--targets that is missing or lists nothing is a usage error', async () => {
    await usageError(['scan', '--targets', join(tmp, 'none.txt')], `airlock scan: --targets ${join(tmp, 'none.txt')}: no such file`);
    const empty = join(tmp, 'empty.txt');
    writeFileSync(empty, '# nothing here\n\n');
    await usageError(['scan', '--targets', empty], `airlock scan: --targets ${empty}: lists no targets`);
  });

  it('--output given twice without a format is a usage error', async () => {
    await usageError(
      ['scan', '--output', 'a.txt', '--output', 'b.txt', CLEAN],
      /--output FILE is given more than once; write several formats with --output FORMAT=FILE$/,
    );
    await usageError(['scan', '--output', 'json=-', '--output', 'sarif=-', CLEAN], 'airlock scan: only one --output can be stdout (-)');
  });
});

describe('one scan, several formats, and --quiet', () => {
  it('--output FORMAT=FILE writes each format from one scan', async () => {
    const sarif = join(tmp, 'multi.sarif');
    const md = join(tmp, 'multi.md');
    const json = join(tmp, 'multi.json');
    const r = await runAirlock([
      'scan',
      LURE,
      '--fail-on',
      'never',
      '--output',
      `sarif=${sarif}`,
      '--output',
      `markdown=${md}`,
      '-o',
      `json=${json}`,
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '', 'nothing on stdout when every report goes to a file');
    const parsed = JSON.parse(readFileSync(sarif, 'utf8')) as { version: string; runs: { properties: { verdict: string } }[] };
    assert.equal(parsed.version, '2.1.0');
    assert.equal(parsed.runs[0]?.properties.verdict, 'block');
    assert.match(readFileSync(md, 'utf8'), /^## ⛔ Airlock: BLOCK/);
    const report = JSON.parse(readFileSync(json, 'utf8')) as { verdict: string; createdAt: string };
    assert.equal(report.verdict, 'block');
  });

  it('FORMAT=- sends one format to stdout beside the files', async () => {
    const sarif = join(tmp, 'beside.sarif');
    const r = await runAirlock(['scan', CLEAN, '--no-provenance', '--output', `sarif=${sarif}`, '--output', 'json=-']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal((JSON.parse(r.stdout) as { command: string }).command, 'scan');
    assert.equal((JSON.parse(readFileSync(sarif, 'utf8')) as { version: string }).version, '2.1.0');
  });

  it('scan --quiet prints the verdict and counts only, keeping the exit code', async () => {
    const r = await runAirlock(['scan', '--quiet', LURE]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^BLOCK {2}\S*take-home-lure {2}\d+ critical, \d+ high, \d+ medium, \d+ low, \d+ info\n$/);
    const file = join(tmp, 'quiet.json');
    const q = await runAirlock(['scan', '-q', '--output', `json=${file}`, '--fail-on', 'never', CLEAN, '--no-provenance']);
    assert.equal(q.code, 0);
    assert.match(q.stdout, /^PASS {2}\S*clean-app {2}0 critical, 0 high, 0 medium, \d+ low, \d+ info\n$/);
    assert.equal((JSON.parse(readFileSync(file, 'utf8')) as { verdict: string }).verdict, 'pass');
  });

  it('batch --quiet prints one line per target', async () => {
    const r = await runAirlock(['scan', '--quiet', '--fail-on', 'never', '--no-provenance', CLEAN, LURE]);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    assert.equal(lines.length, 2);
    assert.match(lines[0] ?? '', /^PASS {2}.*clean-app/);
    assert.match(lines[1] ?? '', /^BLOCK {2}.*take-home-lure/);
  });

  it('hunt and harden --quiet print one line', async () => {
    const home = mkdtempSync(join(tmp, 'home-'));
    const hunt = await runAirlock(['hunt', '--quiet', '--home', home, '--tmpdir', home]);
    assert.equal(hunt.code, 0, hunt.stderr);
    assert.equal(hunt.stdout, `PASS  airlock hunt · ${home}  0 critical, 0 high, 0 medium, 0 low, 0 info\n`);
    const harden = await runAirlock(['harden', '-q', '--home', home, '--fail-on', 'never']);
    assert.equal(harden.code, 0, harden.stderr);
    assert.match(
      harden.stdout,
      new RegExp(`^(PASS|REVIEW|BLOCK) {2}airlock harden · ${home} {2}\\d+ critical, \\d+ high, \\d+ medium, \\d+ low, \\d+ info\\n$`),
    );
  });

  it('harden --undo with nothing to undo prints one line', async () => {
    const home = mkdtempSync(join(tmp, 'home-'));
    const r = await runAirlock(['harden', '--undo', '--home', home]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'Nothing to undo: no Airlock backups were found beside the settings files.\n');
  });

  it('hunt --home does not report this machine’s processes', async () => {
    const home = mkdtempSync(join(tmp, 'home-'));
    const r = await runAirlock(['hunt', '--home', home, '--tmpdir', home, '--format', 'json']);
    const report = JSON.parse(r.stdout) as { notes?: string[]; workstation: { checks: { id: string; status: string; reason?: string }[] } };
    const check = report.workstation.checks.find(c => c.id === 'hunt/live-processes');
    assert.deepEqual(check, {
      id: 'hunt/live-processes',
      status: 'skipped',
      reason: 'running processes belong to this machine, not to the --home copy: not checked',
    });
    assert.ok(!(report.notes ?? []).some(n => /process entries could not be read/.test(n)), 'no note about host processes');
  });
});

describe('a closed stdout', () => {
  it('`airlock scan … | head` ends quietly with the verdict’s exit code', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), 'scan', LURE, '--fail-on', 'never', '--verbose'],
      {
        cwd: ROOT,
        env: { ...process.env, NO_COLOR: '1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    // The reader goes away before the report is written, as `head` does once it has its lines.
    child.stdout.destroy();
    const code = await new Promise<number | null>(resolve => {
      child.on('close', c => {
        resolve(c);
      });
    });
    assert.equal(stderr, '', 'no EPIPE error or stack trace');
    assert.equal(code, 0);
  });
});
