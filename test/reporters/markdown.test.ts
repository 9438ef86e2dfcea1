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
});
