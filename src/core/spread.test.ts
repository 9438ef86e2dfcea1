import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fromCharCodes, maxOf, minOf, pushAll } from './spread.ts';

/** Deeper than a spread of this many items survives (the stack holds every argument). */
const N = 500_000;

describe('attacker-sized arrays without a spread into a call', () => {
  const codes = Array.from({ length: N }, (_, i) => 0x41 + (i % 26));

  it('a spread of this size overflows the stack (why these helpers exist)', () => {
    assert.throws(() => String.fromCharCode(...codes), RangeError);
  });

  it('maxOf and minOf give what Math.max and Math.min give, NaN and -0 included', () => {
    assert.equal(maxOf(codes), 0x41 + 25);
    assert.equal(minOf(codes), 0x41);
    assert.equal(maxOf([], 7), 7);
    assert.equal(maxOf([]), -Infinity);
    assert.ok(Number.isNaN(maxOf([1, NaN, 3])));
    assert.ok(Object.is(minOf([0, -0]), -0));
  });

  it('fromCharCodes and pushAll take half a million items', () => {
    const s = fromCharCodes(codes);
    assert.equal(s.length, N);
    assert.equal(s.slice(0, 3), 'ABC');
    assert.equal(s.slice(-1), String.fromCharCode(0x41 + ((N - 1) % 26)));
    assert.equal(pushAll([0], codes).length, N + 1);
  });
});
