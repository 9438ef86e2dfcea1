import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { expectationsFor } from '../../../../test/helpers/expected.ts';
import { findingsOf, fixtureCases, scanFixture, thresholdOf } from '../../../../test/helpers/fixtures.ts';
import rule from './rule.ts';

/** Copies a fixture into a new git repository; `track` decides whether node_modules is committed. */
function gitRepo(dir: string, track: boolean): string {
  const repo = mkdtempSync(join(tmpdir(), 'airlock-nm-'));
  cpSync(dir, repo, { recursive: true });
  execFileSync('git', ['init', '-q'], { cwd: repo });
  execFileSync('git', ['add', '-A', '.', ...(track ? [] : [':!node_modules'])], { cwd: repo });
  return repo;
}

const ruleDir = fileURLToPath(new URL('.', import.meta.url));
const expected = expectationsFor(ruleDir);

describe('deps/committed-node-modules fixtures (each copied into a git repository)', () => {
  for (const dir of fixtureCases(ruleDir, 'match')) {
    const name = dir.split('/').pop() ?? dir;
    it(`match: ${name}`, async () => {
      const report = await scanFixture(gitRepo(dir, true), { rules: [rule] });
      expected.check(`match/${name}`, rule.meta.id, report.findings);
      const [hit] = findingsOf(report, rule.meta.id, thresholdOf(rule));
      assert.ok(hit);
      assert.equal(hit.location.file, 'node_modules');
      assert.match(hit.message, /git tracks node_modules\/ \(1 package\)/);
    });
  }
  for (const dir of fixtureCases(ruleDir, 'benign')) {
    const name = dir.split('/').pop() ?? dir;
    it(`benign: ${name}`, async () => {
      // `installed-not-tracked` has its node_modules on disk only; the others commit theirs.
      const report = await scanFixture(gitRepo(dir, name !== 'installed-not-tracked'), { rules: [rule] });
      expected.check(`benign/${name}`, rule.meta.id, report.findings);
      assert.equal(findingsOf(report, rule.meta.id, 'medium').length, 0);
    });
  }
});
