/**
 * Regenerates what is derived from the rule folders: src/rules/registry.generated.ts (the list of
 * rules, from the folder tree) and docs/rules.md (the catalogue, from the rules' metadata).
 * Usage: npm run gen   (test/docs.test.ts fails when either has drifted)
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderRegistry, ruleFolders } from './rule-registry.ts';

const rulesDir = fileURLToPath(new URL('../src/rules/', import.meta.url));
writeFileSync(new URL('../src/rules/registry.generated.ts', import.meta.url), renderRegistry(ruleFolders(rulesDir)));
console.log('wrote src/rules/registry.generated.ts');
// Imported after the registry is written, so that the catalogue lists the rules just found.
const { renderRulesDoc } = await import('../src/rules/catalogue.ts');
writeFileSync(new URL('../docs/rules.md', import.meta.url), renderRulesDoc());
console.log('wrote docs/rules.md');
