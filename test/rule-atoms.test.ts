// `npm run gen` records which rules read code facts, so that a rule without declared atoms sees
// every file and the atom test names it: a read through shared code outside the rule's folder
// counts as much as one in the folder.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { it } from 'node:test';
import { atomDeclarations, renderAtoms } from '../scripts/rule-registry.ts';
import { GATE_ATOMS, TEXT_GATE_SETS } from '../src/analysis/file-facts.ts';
import { RULE_TEXT_GATES } from '../src/analysis/text-gates.generated.ts';

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'airlock-rule-atoms-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

it('a rule that reads code facts through a shared helper, in its area or in the analysis, is a reader', () => {
  const root = tree({
    'src/analysis/js/facts.ts': 'export async function loadCodeFacts(ctx) { return textFacts(ctx); }\n',
    'src/analysis/js/helper.ts': "import { loadCodeFacts } from './facts.ts';\nexport const files = ctx => loadCodeFacts(ctx);\n",
    'src/rules/code/_shared/walk.ts': "export { files } from '../../../analysis/js/helper.ts';\n",
    'src/rules/code/direct/rule.ts': "import { loadCodeFacts } from '../../../analysis/js/facts.ts';\nawait loadCodeFacts(ctx);\n",
    'src/rules/code/via-helper/rule.ts': "import { files } from '../_shared/walk.ts';\nfiles(ctx);\n",
    'src/rules/code/declared/rule.ts': "import { files } from '../_shared/walk.ts';\nfiles(ctx);\n",
    'src/rules/code/other/rule.ts':
      "import { loadCodeFacts } from '../../../analysis/js/facts.ts';\nexport type T = typeof loadCodeFacts;\n",
    'src/rules/code/other/rule.test.ts': 'await loadCodeFacts(ctx);\n',
  });
  try {
    const rules = ['direct', 'via-helper', 'declared', 'other'].map(name => ({
      kind: 'scan',
      meta: name === 'declared' ? { id: `code/${name}`, atoms: ['network'] } : { id: `code/${name}` },
    }));
    const declared = atomDeclarations(join(root, 'src', 'rules'), rules);
    assert.deepEqual(
      declared.map(d => [d.id, d.readsCodeFacts]),
      [
        ['code/direct', true],
        ['code/via-helper', true],
        ['code/declared', true],
        ['code/other', false],
      ],
    );
    // Readers without atoms are every-file rules, which the atom test refuses.
    assert.match(renderAtoms(declared), /'code\/via-helper': 'every-file'/);
    assert.match(renderAtoms(declared), /'code\/declared': \['network'\]/);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

it('every rule that reads text facts declares its text gates, each a set, and every set is some rule’s', () => {
  for (const [id, gates] of Object.entries(RULE_TEXT_GATES)) {
    assert.ok(gates.length > 0, `${id} reads text facts but declares no meta.textGates`);
    for (const g of gates) assert.ok(Object.hasOwn(TEXT_GATE_SETS, g), `${id}: "${g}" is not a text gate set`);
  }
  const declared = new Set(Object.values(RULE_TEXT_GATES).flat());
  for (const name of Object.keys(TEXT_GATE_SETS)) assert.ok(declared.has(name), `no rule declares the text gate set "${name}"`);
  // The gate holds exactly the declared sets' atoms.
  assert.equal(
    GATE_ATOMS.length,
    [...declared].reduce((n, name) => n + (TEXT_GATE_SETS[name]?.length ?? 0), 0),
  );
});
