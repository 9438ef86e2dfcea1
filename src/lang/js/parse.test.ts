import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DeepNestingError, parseJs, parseOnBigStack } from './parse.ts';

const deepText = `x = ${'['.repeat(5000)}${']'.repeat(5000)};`;

describe('parseJs', () => {
  it('refuses deeply nested code in a thread with the default native stack', () => {
    assert.throws(() => parseJs('deep.js', deepText), DeepNestingError);
    assert.equal(parseJs('shallow.js', `x = ${'['.repeat(300)}${']'.repeat(300)};`).broken, false);
  });

  it('parses 5,000 levels of nesting where the stack allows it, then ordinary files again', () => {
    // Each test file runs in its own process: this one may call itself a big-stack thread (5,000
    // levels fit the main thread's 8 MB; the workers that really parse such code get 256 MB).
    parseOnBigStack();
    const deep = parseJs('deep.js', deepText);
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
