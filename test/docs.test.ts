/** Generated documentation has not drifted from the code. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { it } from 'node:test';
import { renderRulesDoc } from '../src/rules/catalogue.ts';

it('docs/rules.md matches the rule metadata (run `npm run gen`)', () => {
  assert.equal(readFileSync(new URL('../docs/rules.md', import.meta.url), 'utf8'), renderRulesDoc());
});
