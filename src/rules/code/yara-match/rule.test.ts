import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, it } from 'node:test';
import { describeFixtures, findingsOf, scanFixture } from '../../../../test/helpers/fixtures.ts';
import { runAirlock } from '../../../../test/helpers/cli.ts';
import rule from './rule.ts';

const tmp = mkdtempSync(join(tmpdir(), 'airlock-yara-'));
after(() => {
  rmSync(tmp, { recursive: true, force: true });
});
const rulesDir = join(tmp, 'rules');
mkdirSync(join(rulesDir, 'nested'), { recursive: true });
writeFileSync(
  join(rulesDir, 'acme.yar'),
  `rule acme_loader_stage : loader {
  meta:
    severity = "high"
    description = "ACME loader stage marker"
  strings:
    $stage = "ACME-LOADER-STAGE-2"
  condition:
    $stage
}
`,
);
writeFileSync(
  join(rulesDir, 'nested', 'quiet.yara'),
  'rule any_js_export { meta: severity = "shouting" strings: $e = "export function" condition: $e }\n',
);

describeFixtures(rule, import.meta.url, { yaraDirs: [join(rulesDir, 'acme.yar')] });

const marked = fileURLToPath(new URL('./fixtures/match/marked-file', import.meta.url));

it('takes severity, message and line from the YARA rule and its first match', async () => {
  const report = await scanFixture(marked, { rules: [rule], yaraDirs: [rulesDir] });
  const hits = findingsOf(report, 'code/yara-match');
  const acme = hits.find(h => h.message.includes('acme_loader_stage'));
  assert.equal(acme?.severity, 'high');
  assert.equal(acme.location.line, 2);
  assert.match(acme.message, /acme\.acme_loader_stage: ACME loader stage marker/);
  assert.equal(acme.evidence, 'ACME-LOADER-STAGE-2');
  // An unknown severity in meta falls back to medium.
  assert.equal(hits.find(h => h.message.includes('any_js_export'))?.severity, 'medium');
});

it('reports a broken rule file and a missing folder in errors and keeps scanning', async () => {
  const bad = join(tmp, 'bad');
  mkdirSync(bad, { recursive: true });
  writeFileSync(join(bad, 'broken.yar'), 'rule broken { condition: nope }\n');
  const report = await scanFixture(marked, { rules: [rule], yaraDirs: [bad, join(tmp, 'missing'), rulesDir] });
  assert.ok(
    report.errors.some(e => /broken\.yar: error/.test(e.message)),
    JSON.stringify(report.errors),
  );
  assert.ok(report.errors.some(e => /missing/.test(e.message)));
  assert.ok(findingsOf(report, 'code/yara-match', 'high').length > 0);
});

it('runs from the CLI with --yara', async () => {
  const r = await runAirlock(['scan', marked, '--yara', rulesDir, '--format', 'json', '--no-provenance', '--fail-on', 'never']);
  assert.equal(r.code, 0, r.stderr);
  const report = JSON.parse(r.stdout) as { findings: { ruleId: string }[] };
  assert.ok(report.findings.some(f => f.ruleId === 'code/yara-match'));
});
