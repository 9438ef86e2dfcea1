/**
 * Regenerates docs/rules.md from the rules' metadata (the single source of truth).
 * Usage: npm run gen   (test/docs.test.ts fails when the file has drifted)
 */
import { writeFileSync } from 'node:fs';
import { renderRulesDoc } from '../src/rules/catalogue.ts';

writeFileSync(new URL('../docs/rules.md', import.meta.url), renderRulesDoc());
console.log('wrote docs/rules.md');
