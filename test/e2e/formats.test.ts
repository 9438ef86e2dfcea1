/** JSON output validates against the shipped schema; SARIF against the official 2.1.0 schema. */
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { Ajv } from 'ajv';
import draft04 from 'ajv-draft-04';
import { commit, initRepo, tempDir } from '../helpers/git-repo.ts';
import { runAirlock } from '../helpers/cli.ts';

const require = createRequire(import.meta.url);
const LURE = fileURLToPath(new URL('../../examples/take-home-lure', import.meta.url));
const CLEAN = fileURLToPath(new URL('../../examples/clean-app', import.meta.url));
const reportSchema: unknown = JSON.parse(readFileSync(new URL('../../schema/report.schema.json', import.meta.url), 'utf8'));
const sarifSchema: unknown = JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));

describe('report formats', () => {
  for (const [name, dir] of [
    ['lure', LURE],
    ['clean', CLEAN],
  ] as const) {
    it(`JSON of the ${name} example matches schema/report.schema.json`, async () => {
      const r = await runAirlock(['scan', '--format', 'json', '--fail-on', 'never', dir]);
      const validate = new Ajv({ allErrors: true, strict: false }).compile(reportSchema as object);
      assert.ok(validate(JSON.parse(r.stdout)), JSON.stringify(validate.errors, null, 2));
    });
    it(`SARIF of the ${name} example is valid SARIF 2.1.0`, async () => {
      const r = await runAirlock(['scan', '--format', 'sarif', '--fail-on', 'never', dir]);
      // The official rtm.5 schema has a 'language' pattern that is invalid under the u flag.
      const ajv = new draft04.default({ allErrors: true, strict: false, validateFormats: false, unicodeRegExp: false });
      const validate = ajv.compile(sarifSchema as object);
      const sarif = JSON.parse(r.stdout) as { runs: { properties: { verdict: string } }[] };
      assert.ok(validate(sarif), JSON.stringify(validate.errors, null, 2));
      assert.ok(['block', 'review', 'pass'].includes(sarif.runs[0]?.properties.verdict ?? ''));
    });
  }

  it('JSON names its schema, its start time and the commit of a git folder; SARIF its times and the commit', async () => {
    const dir = tempDir('formats');
    after(() => {
      rmSync(dir, { recursive: true, force: true });
    });
    initRepo(dir);
    const sha = commit(dir, { message: 'init', files: { 'index.js': 'console.log(1);\n' } });
    const before = Date.now();
    const r = await runAirlock(['scan', '--format', 'json', '--fail-on', 'never', dir]);
    const report = JSON.parse(r.stdout) as { $schema: string; createdAt: string; target: { commit?: string } };
    assert.equal(Object.keys(report)[0], '$schema');
    assert.equal(report.$schema, (reportSchema as { $id: string }).$id);
    assert.match(report.createdAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.ok(Math.abs(Date.parse(report.createdAt) - before) < 60_000);
    assert.equal(report.target.commit, sha);
    const s = await runAirlock(['scan', '--format', 'sarif', '--fail-on', 'never', dir]);
    const run = (
      JSON.parse(s.stdout) as {
        runs: { invocations: { startTimeUtc: string; endTimeUtc: string }[]; properties: { target: { commit: string } } }[];
      }
    ).runs[0];
    assert.match(run?.invocations[0]?.startTimeUtc ?? '', /^\d{4}-\d\d-\d\dT/);
    assert.ok(Date.parse(run?.invocations[0]?.endTimeUtc ?? '') >= Date.parse(run?.invocations[0]?.startTimeUtc ?? ''));
    assert.equal(run?.properties.target.commit, sha);
  });
});
