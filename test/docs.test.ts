/** Generated files have not drifted from the code: the rule registry, the catalogue and the atoms. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { it } from 'node:test';
import { renderRulesDoc } from '../src/rules/catalogue.ts';
import { atomDeclarations, renderAtoms, renderTextGates, renderRegistry, ruleFolders } from '../scripts/rule-registry.ts';
import { renderBenchAtoms } from '../scripts/bench-atoms.ts';
import { registry } from '../src/rules/registry.generated.ts';

it('src/rules/registry.generated.ts lists every rule folder (run `npm run gen`)', () => {
  const rulesDir = fileURLToPath(new URL('../src/rules/', import.meta.url));
  assert.equal(readFileSync(new URL('../src/rules/registry.generated.ts', import.meta.url), 'utf8'), renderRegistry(ruleFolders(rulesDir)));
});

it('docs/rules.md matches the rule metadata (run `npm run gen`)', () => {
  assert.equal(readFileSync(new URL('../docs/rules.md', import.meta.url), 'utf8'), renderRulesDoc());
});

it('src/analysis/js/atoms.generated.ts has every rule’s declared atoms (run `npm run gen`)', () => {
  const rulesDir = fileURLToPath(new URL('../src/rules/', import.meta.url));
  const declarations = atomDeclarations(rulesDir, registry);
  assert.equal(readFileSync(new URL('../src/analysis/js/atoms.generated.ts', import.meta.url), 'utf8'), renderAtoms(declarations));
});

it('src/analysis/text-gates.generated.ts has every text rule’s declared gates (run `npm run gen`)', () => {
  const rulesDir = fileURLToPath(new URL('../src/rules/', import.meta.url));
  const declarations = atomDeclarations(rulesDir, registry);
  assert.equal(readFileSync(new URL('../src/analysis/text-gates.generated.ts', import.meta.url), 'utf8'), renderTextGates(declarations));
});

it('bench/atoms.json holds the atoms the gates look for (run `npm run gen`)', () => {
  assert.equal(readFileSync(new URL('../bench/atoms.json', import.meta.url), 'utf8'), renderBenchAtoms());
});
