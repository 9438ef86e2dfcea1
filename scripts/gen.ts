/**
 * Regenerates what is derived from the rule folders: src/rules/registry.generated.ts (the list of
 * rules, from the folder tree), docs/rules.md (the catalogue, from the rules' metadata),
 * src/analysis/js/atoms.generated.ts (the atom sets each rule declares, which the code pre-filter is
 * built from), src/analysis/text-gates.generated.ts (the text rules' gate sets) and bench/atoms.json (the same atoms for the benchmark's yara and ripgrep).
 * Usage: npm run gen   (test/docs.test.ts fails when any has drifted)
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { atomDeclarations, renderAtoms, renderRegistry, renderTextGates, ruleFolders } from './rule-registry.ts';

const rulesDir = fileURLToPath(new URL('../src/rules/', import.meta.url));
writeFileSync(new URL('../src/rules/registry.generated.ts', import.meta.url), renderRegistry(ruleFolders(rulesDir)));
console.log('wrote src/rules/registry.generated.ts');
// Imported after the registry is written, so that the catalogue lists the rules just found.
const { renderRulesDoc } = await import('../src/rules/catalogue.ts');
writeFileSync(new URL('../docs/rules.md', import.meta.url), renderRulesDoc());
console.log('wrote docs/rules.md');
const { registry } = await import('../src/rules/registry.generated.ts');
const declarations = atomDeclarations(rulesDir, registry);
writeFileSync(new URL('../src/analysis/js/atoms.generated.ts', import.meta.url), renderAtoms(declarations));
console.log('wrote src/analysis/js/atoms.generated.ts');
writeFileSync(new URL('../src/analysis/text-gates.generated.ts', import.meta.url), renderTextGates(declarations));
console.log('wrote src/analysis/text-gates.generated.ts');
const { renderBenchAtoms } = await import('./bench-atoms.ts');
writeFileSync(new URL('../bench/atoms.json', import.meta.url), renderBenchAtoms());
console.log('wrote bench/atoms.json');
