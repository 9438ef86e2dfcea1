import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { loadPythonParser, parsePython, MAX_PY_PARSE_CHARS } from './parse.ts';

describe('parsePython on hostile input', () => {
  before(async () => {
    await loadPythonParser();
  });

  it('parses Python 3 with CRLF line ends and tabs mixed with spaces without a problem', () => {
    const p = parsePython('import os\r\nif True:\r\n\tx = 1\r\n        \r\ndef f():\r\n    return os.sep\r\n');
    assert.deepEqual(p.problems, []);
    assert.equal(p.root.children.length, 3);
    assert.equal(p.root.children[2]?.line, 5);
  });

  it('Python 2 print and exec statements parse as statements', () => {
    const p = parsePython('print "hello"\nexec "x = 1"\n');
    assert.deepEqual(p.problems, []);
    assert.deepEqual(
      p.root.children.map(c => c.type),
      ['print_statement', 'exec_statement'],
    );
  });

  it('broken syntax is a syntax problem with its line, and the rest still parses', () => {
    const p = parsePython('x = 1\ndef (:\n    pass\ny = 2\n');
    assert.deepEqual(
      p.problems.map(x => [x.kind, x.line]),
      [['syntax', 2]],
    );
  });

  it('NUL bytes and a legacy encoding declaration are problems with a line', () => {
    const p = parsePython('# -*- coding: latin-1 -*-\nx = "a\u0000b"\n');
    assert.deepEqual(
      p.problems.map(x => [x.kind, x.line]),
      [
        ['nul', 2],
        ['encoding', 1],
        ['syntax', 2],
      ],
    );
    assert.deepEqual(parsePython('# -*- coding: utf-8 -*-\nx = 1\n').problems, []);
  });

  it('a file over the cap is parsed by head and tail, with line numbers kept', () => {
    const line = 'value = "' + 'a'.repeat(90) + '"\n';
    const body = line.repeat(Math.ceil((MAX_PY_PARSE_CHARS * 1.5) / line.length));
    const p = parsePython(body + 'exec(payload)\n');
    assert.deepEqual(
      p.problems.map(x => x.kind),
      ['too-large'],
    );
    const last = p.root.children.at(-1);
    assert.ok(last);
    assert.equal(last.line, body.split('\n').length);
    assert.match(p.text.slice(last.start, last.end), /^exec\(payload\)/);
  });

  it('nesting deeper than the copy keeps is a depth problem, not a crash', () => {
    const p = parsePython('x = ' + '('.repeat(3000) + '1' + ')'.repeat(3000) + '\n');
    assert.ok(p.problems.some(x => x.kind === 'depth'));
  });

  it('binary noise gives problems, never an exception', () => {
    let s = '';
    let seed = 7;
    for (let i = 0; i < 20000; i++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      s += String.fromCharCode(seed % 256);
    }
    const p = parsePython(s);
    assert.ok(p.problems.length > 0);
  });
});
