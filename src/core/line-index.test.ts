import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseWindow } from '../analysis/js/window.ts';
import { LineIndex, countLines, fileLine, lineIndexOf, textLine } from './line-index.ts';

describe('line index', () => {
  const text = Array.from({ length: 300 }, (_, i) => `line ${i + 1}`).join('\n');

  it('gives lines and columns past the sampled marks, and line starts and texts', () => {
    const index = new LineIndex(text);
    assert.deepEqual(index.position(0), { line: 1, column: 1 });
    assert.deepEqual(index.position(text.indexOf('line 65')), { line: 65, column: 1 });
    assert.deepEqual(index.position(text.indexOf('line 200') + 6), { line: 200, column: 7 });
    assert.deepEqual(index.position(text.length), { line: 300, column: 9 });
    assert.equal(index.lineStart(129), text.indexOf('line 129'));
    assert.equal(index.lineText(300), 'line 300');
    assert.equal(index.lineText(301), undefined);
    assert.equal(index.lineStart(0), undefined);
  });

  it('maps lines through a shift, both ways', () => {
    const shift = { from: 10, add: 1000 };
    assert.deepEqual(new LineIndex(text, shift).position(text.indexOf('line 10')), { line: 1010, column: 1 });
    assert.equal(fileLine(shift, 9), 9);
    assert.equal(fileLine(shift, 10), 1010);
    assert.equal(textLine(shift, 1010), 10);
    assert.equal(textLine(shift, 500), undefined);
    assert.equal(textLine(shift, 9), 9);
  });

  it('shares one index per text', () => {
    assert.equal(lineIndexOf(text), lineIndexOf(text));
    assert.equal(countLines(text), 299);
    assert.equal(countLines(text, text.indexOf('line 3')), 2);
  });
});

describe('parse window', () => {
  it('joins head and tail and counts the middle instead of copying its line breaks', () => {
    const text = `a();\n${'\n'.repeat(1000)}b();\n`;
    const { code, lineShift } = parseWindow(text, 200);
    assert.ok(code.length <= 200, String(code.length));
    assert.deepEqual(new LineIndex(code, lineShift).position(code.indexOf('b();')), { line: 1002, column: 1 });
    assert.deepEqual(new LineIndex(code, lineShift).position(code.indexOf('a();')), { line: 1, column: 1 });
  });

  it('keeps one long line whole when no line break was skipped', () => {
    const text = `eval(a);var a="${'x'.repeat(1000)}";`;
    const { code, lineShift } = parseWindow(text, 200);
    assert.equal(lineShift, undefined);
    assert.equal(code.includes('\n'), false);
  });
});
