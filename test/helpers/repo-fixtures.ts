/**
 * Fixture harness for rules that need a real `.git`: like describeFixtures, but each case is
 * first turned into a repository in a temp dir by materializeFixture (`repo.json` history recipe,
 * `dotgit/` as `.git/`), then scanned with provenance on.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import type { ScanRule } from '../../src/core/rule.ts';
import { scan } from '../../src/index.ts';
import type { ScanRequest } from '../../src/index.ts';
import { expectationsFor } from './expected.ts';
import { findingsOf, fixtureCases, thresholdOf } from './fixtures.ts';
import { materializeFixture } from './git-repo.ts';

export function describeRepoFixtures(rule: ScanRule, testFileUrl: string, request: ScanRequest | (() => ScanRequest) = {}): void {
  const ruleDir = fileURLToPath(new URL('.', testFileUrl));
  const threshold = thresholdOf(rule);
  const requestOf = (): ScanRequest => (typeof request === 'function' ? request() : request);
  const expected = expectationsFor(ruleDir);
  const run = async (caseDir: string, caseKey: string): Promise<ReturnType<typeof findingsOf>> => {
    const dir = materializeFixture(caseDir);
    const recipe = join(caseDir, 'repo.json');
    const origin = existsSync(recipe) ? (JSON.parse(readFileSync(recipe, 'utf8')) as { origin?: string }).origin : undefined;
    try {
      const report = await scan(dir, { provenance: true, ...requestOf(), ...(origin !== undefined ? { origin } : {}) });
      expected.check(caseKey, rule.meta.id, report.findings);
      return findingsOf(report, rule.meta.id, threshold);
    } finally {
      rmSync(dirname(dir), { recursive: true, force: true });
    }
  };
  describe(`${rule.meta.id} repository fixtures`, () => {
    for (const dir of fixtureCases(ruleDir, 'match')) {
      const name = dir.split('/').pop() ?? dir;
      it(`match: ${name}`, async () => {
        const hits = await run(dir, `match/${name}`);
        assert.ok(hits.length > 0, `expected a ${threshold}+ finding of ${rule.meta.id}`);
      });
    }
    for (const dir of fixtureCases(ruleDir, 'benign')) {
      const name = dir.split('/').pop() ?? dir;
      it(`benign: ${name}`, async () => {
        const hits = await run(dir, `benign/${name}`);
        assert.equal(hits.length, 0, `expected no ${threshold}+ finding of ${rule.meta.id}, got:\n${JSON.stringify(hits, null, 2)}`);
      });
    }
  });
}
