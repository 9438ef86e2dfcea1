import { readFile } from 'node:fs/promises';
import test from 'node:test';
import assert from 'node:assert/strict';
import { initSync } from '../src/wasm/filters.js';

test('invert', async () => {
  const { invert } = await initSync(await readFile(new URL('../src/wasm/filters_bg.wasm', import.meta.url)));
  assert.equal(invert(0), 255);
});
