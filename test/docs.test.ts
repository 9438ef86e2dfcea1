/** Generated files have not drifted from the code: the rule registry and the catalogue. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { it } from 'node:test';
import { renderRulesDoc } from '../src/rules/catalogue.ts';
import { renderRegistry, ruleFolders } from '../scripts/rule-registry.ts';

it('src/rules/registry.generated.ts lists every rule folder (run `npm run gen`)', () => {
  const rulesDir = fileURLToPath(new URL('../src/rules/', import.meta.url));
  assert.equal(readFileSync(new URL('../src/rules/registry.generated.ts', import.meta.url), 'utf8'), renderRegistry(ruleFolders(rulesDir)));
});

it('docs/rules.md matches the rule metadata (run `npm run gen`)', () => {
  assert.equal(readFileSync(new URL('../docs/rules.md', import.meta.url), 'utf8'), renderRulesDoc());
});
