/**
 * Every string from the target is escaped in every format: control, bidi and invisible characters
 * and U+2028/U+2029 become visible escapes in text and on stderr, and \u escapes in JSON and
 * SARIF (which still parse back to the same strings).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Report } from '../../src/core/types.ts';
import { render } from '../../src/reporters/index.ts';
import type { Format } from '../../src/reporters/index.ts';
import { allRules } from '../../src/rules/index.ts';
import { runAirlock } from '../helpers/cli.ts';
import { hostileReport } from './hostile-report.ts';

// ESC, CSI (C1), NEL, DEL, RLO, LRI/PDI, ZWSP, BOM, line and paragraph separators, a tag character.
const NASTY = 'a\u001b[2Jb\u009b31mc\u0085d\u007fe\u202Ef\u2066g\u2069h\u200Bi\uFEFFj\u2028k\u2029l\u{E0041}m';
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u200b-\u200f\u2028\u2029\ufeff]|\udb40[\udc00-\udc7f]/u;

function nastyReport(): Report {
  const r = hostileReport();
  r.target.path = `repo-${NASTY}`;
  r.target.commit = `0123${NASTY}`;
  const f = r.findings[0];
  if (f) {
    f.message = `Message ${NASTY}.`;
    f.evidence = `evidence ${NASTY}`;
    f.location.file = `src/${NASTY}.js`;
    f.remediation = `Fix ${NASTY}`;
  }
  r.notes = [`note ${NASTY}`];
  r.errors = [{ file: `${NASTY}.json`, message: `error ${NASTY}` }];
  return r;
}

describe('escaping in every format', () => {
  for (const format of ['text', 'json', 'sarif', 'markdown', 'html'] as Format[]) {
    it(`${format}: no raw control, bidi or separator character`, () => {
      const out = render(nastyReport(), format, { color: false, verbose: true, rules: allRules.map(r => r.meta) });
      const lines = out.split('\n');
      const bad = lines.find(l => RAW.test(l.replace(/\t/g, '')));
      assert.equal(bad, undefined, `a raw character in: ${JSON.stringify(bad)}`);
    });
  }

  it('JSON and SARIF keep the strings intact once parsed', () => {
    const json = render(nastyReport(), 'json', { color: false, verbose: true, rules: [] });
    assert.match(json, /\\u001b\[2Jb\\u009b31mc\\u0085d\\u007fe\\u202ef\\u2066g\\u2069h\\u200bi\\ufeffj\\u2028k\\u2029l\\udb40\\udc41m/);
    const parsed = JSON.parse(json) as Report;
    assert.equal(parsed.findings[0]?.message, `Message ${NASTY}.`);
    const sarif = JSON.parse(render(nastyReport(), 'sarif', { color: false, verbose: true, rules: [] })) as {
      runs: { results: { message: { text: string } }[] }[];
    };
    assert.equal(sarif.runs[0]?.results[0]?.message.text, `Message ${NASTY}. Evidence: evidence ${NASTY}`);
  });

  it('text shows U+2028/U+2029 and C1 controls as visible escapes', () => {
    const out = render(nastyReport(), 'text', { color: false, verbose: true, rules: [] });
    assert.match(out, /j<U\+2028>k<U\+2029>l/);
    assert.match(out, /b\\x9b31mc\\x85d\\x7fe<U\+202E>f/);
  });

  it('an error naming something from the target reaches stderr escaped, in one line', async () => {
    const r = await runAirlock(['scan', `/nonexistent/evil\u001b]0;pwned\u0007\u2028name`]);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, 'airlock scan: target not found: /nonexistent/evil\\x1b]0;pwned\\x07<U+2028>name\n');
  });
});
