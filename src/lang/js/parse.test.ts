import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseJs } from './parse.ts';

describe('parseJs', () => {
  it('parses 5,000 levels of nesting, then ordinary files again', () => {
    const deep = parseJs('deep.js', `x = ${'['.repeat(5000)}${']'.repeat(5000)};`);
    assert.equal(deep.broken, false);
    assert.equal(deep.result.program.body.length, 1);
    const plain = parseJs('plain.js', 'const a = require("fs");\nexport default a;\n');
    assert.equal(plain.broken, false);
    assert.deepEqual(
      plain.result.program.body.map(s => s.type),
      ['VariableDeclaration', 'ExportDefaultDeclaration'],
    );
  });
});
