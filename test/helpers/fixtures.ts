/**
 * Fixture-driven rule tests. Each rule folder has fixtures/match/<case>/ and
 * fixtures/benign/<case>/, each a tiny repository, and fixtures/expected.json declaring the exact
 * findings of the rule each case produces (see expected.ts). On top of the exact list, a match
 * case must produce at least one finding at or above the rule's threshold (its default severity,
 * capped at medium) and a benign case none at or above it, so a declaration can't contradict
 * the kind of its case.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import type { ScanRule } from '../../src/core/rule.ts';
import { severityRank } from '../../src/core/severity.ts';
import type { Finding, Report, Severity } from '../../src/core/types.ts';
import { scan } from '../../src/index.ts';
import type { ScanRequest } from '../../src/index.ts';
import { expectationsFor } from './expected.ts';

export function thresholdOf(rule: ScanRule): Severity {
  return severityRank(rule.meta.severity) > severityRank('medium') ? 'medium' : rule.meta.severity;
}

export async function scanFixture(dir: string, request: ScanRequest = {}): Promise<Report> {
  return scan(dir, { provenance: false, ...request });
}

/**
 * The rule's findings at or above `atLeast`, including those merged into another rule's finding
 * of the same fact (`alsoReportedBy`), which keep their own location, message and severity.
 */
export function findingsOf(report: Report, ruleId: string, atLeast: Severity = 'info'): Finding[] {
  const all = report.findings.flatMap(f => [
    f,
    ...(f.alsoReportedBy ?? []).map(m => ({ ...m, ...(f.triggers ? { triggers: f.triggers } : {}) })),
  ]);
  return all.filter(f => f.ruleId === ruleId && severityRank(f.severity) >= severityRank(atLeast));
}

export function fixtureCases(ruleDir: string, kind: 'match' | 'benign'): string[] {
  const dir = join(ruleDir, 'fixtures', kind);
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter(d => d.isDirectory())
    .map(d => join(dir, d.name))
    .sort();
}

/** Runs every match and benign fixture of the rule whose rule.ts sits next to `testFileUrl`. */
export function describeFixtures(rule: ScanRule, testFileUrl: string, request: ScanRequest = {}): void {
  const ruleDir = fileURLToPath(new URL('.', testFileUrl));
  const threshold = thresholdOf(rule);
  const expected = expectationsFor(ruleDir);
  describe(`${rule.meta.id} fixtures`, () => {
    for (const dir of fixtureCases(ruleDir, 'match')) {
      const name = dir.split('/').pop() ?? dir;
      it(`match: ${name}`, async () => {
        const report = await scanFixture(dir, request);
        expected.check(`match/${name}`, rule.meta.id, report.findings);
        const hits = findingsOf(report, rule.meta.id, threshold);
        assert.ok(
          hits.length > 0,
          `expected a ${threshold}+ finding of ${rule.meta.id}, got:\n${JSON.stringify(report.findings, null, 2)}`,
        );
      });
    }
    for (const dir of fixtureCases(ruleDir, 'benign')) {
      const name = dir.split('/').pop() ?? dir;
      it(`benign: ${name}`, async () => {
        const report = await scanFixture(dir, request);
        expected.check(`benign/${name}`, rule.meta.id, report.findings);
        const hits = findingsOf(report, rule.meta.id, threshold);
        assert.equal(hits.length, 0, `expected no ${threshold}+ finding of ${rule.meta.id}, got:\n${JSON.stringify(hits, null, 2)}`);
      });
    }
  });
}

const tempDirs: string[] = [];
process.on('exit', () => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

/** A throwaway repository in the temp folder holding `files` (path → content); removed at exit. */
export function tempRepo(files: Record<string, string | Buffer>, prefix = 'airlock-repo-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.push(dir);
  for (const [path, body] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), body);
  }
  return dir;
}
