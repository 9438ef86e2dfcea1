// Scaffolds a scan rule: `npm run new-rule -- <area>/<name>` writes src/rules/<area>/<name>/ with
// rule.ts, README.md, rule.test.ts, one match and one benign fixture case and an empty
// fixtures/expected.json, then runs `npm run gen`, which registers it (src/rules/registry.generated.ts
// is written from the folder tree) and lists it in docs/rules.md. The new test fails until the
// cases are real and their findings are declared (docs/writing-rules.md).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const id = process.argv[2] ?? '';
const m = /^([a-z]+)\/([a-z][a-z0-9-]*[a-z0-9])$/.exec(id);
if (!m) {
  console.error('usage: npm run new-rule -- <area>/<name>   (lower-case, e.g. code/wasm-loader)');
  process.exit(2);
}
const [, area, name] = m;
const areaDir = join(root, 'src', 'rules', area);
if (!existsSync(areaDir)) {
  console.error(`new-rule: there is no area "${area}" (src/rules/${area}/); a new area is a design change: see DESIGN.md §4`);
  process.exit(2);
}
const dir = join(areaDir, name);
if (existsSync(dir)) {
  console.error(`new-rule: src/rules/${id} exists already`);
  process.exit(2);
}
const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;

const files = {
  'rule.ts': `import { defineRule } from '../../../core/rule.ts';

export default defineRule({
  meta: {
    id: '${id}',
    severity: 'medium',
    confidence: 'medium',
    description: 'One sentence: what this rule finds, for the catalogue and SARIF.',
    since: '${version}',
  },
  run(ctx) {
    for (const file of ctx.inventory.files) {
      const text = ctx.text(file.path);
      if (text === undefined) continue;
      // Decide from what the code does, and report with the line that shows it:
      // ctx.report({ message: '…', location: { file: file.path, line: 1 }, evidence: '…' });
    }
  },
});
`,
  'README.md': `# ${id}

One sentence: what it finds.

## What it detects
What the rule looks at, and each severity it reports with the evidence that earns it.

## Why it matters
What an attacker gets from this, with the trigger that runs it.

## Examples
Match: …
Benign: …

## False positives and limits
What it cannot see, and the benign shapes it is known to confuse.

## How to fix
What the user should do.

## References
- A public source describing the technique.
`,
  'rule.test.ts': `import { describeFixtures } from '../../../../test/helpers/fixtures.ts';
import rule from './rule.ts';

describeFixtures(rule, import.meta.url);
`,
  'fixtures/match/example/README.md': 'A tiny repository showing the technique (inert: `.invalid` hosts, no working payload).\n',
  'fixtures/benign/example/README.md': 'A tiny repository in the shape of real code that must not match.\n',
  'fixtures/expected.json': '{}\n',
};
for (const [rel, body] of Object.entries(files)) {
  mkdirSync(join(dir, rel, '..'), { recursive: true });
  writeFileSync(join(dir, rel), body);
}

const gen = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'scripts', 'gen.ts')], { cwd: root, stdio: 'inherit' });
if (gen.status !== 0) {
  console.error(`new-rule: wrote src/rules/${id}/ but \`npm run gen\` failed: fix what it says and run it again`);
  process.exit(1);
}

console.log(`wrote src/rules/${id}/ and registered it (npm run gen)
next: write the match and benign cases, run
  AIRLOCK_RECORD_EXPECTED=1 node scripts/run-tests.mjs src/rules/${id}/
review what it wrote to fixtures/expected.json, then npm run gen again if you changed the metadata (docs/rules.md)`);
