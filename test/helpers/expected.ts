/**
 * Exact expectations for fixture cases, in the manner of ESLint's RuleTester: every case of a
 * rule declares, in `fixtures/expected.json` beside its `match/` and `benign/` folders, each
 * finding of that rule it must produce (severity, file, line), and nothing else is accepted.
 * Lowering a rule's severity, moving its location or adding a stray finding fails its test.
 *
 *   { "match/env-base64-axios": [{ "severity": "critical", "file": "server/routes/auth.js", "line": 14 }],
 *     "benign/axios-client": [] }
 *
 * A case with no entry fails and prints what it produced. With AIRLOCK_RECORD_EXPECTED=1 such
 * missing entries are written instead (existing entries are never rewritten: a change of
 * behaviour is an edit a reviewer sees).
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after } from 'node:test';
import type { Finding, Severity } from '../../src/core/types.ts';

export interface ExpectedFinding {
  severity: Severity;
  file: string;
  line?: number;
}

type ExpectedFile = Record<string, ExpectedFinding[]>;

function shapeOf(f: Pick<Finding, 'severity' | 'location'>): ExpectedFinding {
  return f.location.line === undefined
    ? { severity: f.severity, file: f.location.file }
    : { severity: f.severity, file: f.location.file, line: f.location.line };
}

function key(e: ExpectedFinding): string {
  return `${e.file}\u0000${String(e.line ?? 0).padStart(9, '0')}\u0000${e.severity}`;
}

function sorted(list: ExpectedFinding[]): ExpectedFinding[] {
  return [...list].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** One case a line group, one finding a line, cases sorted: diffs of a behaviour change stay small. */
export function formatExpected(cases: ExpectedFile): string {
  const body = Object.keys(cases)
    .sort()
    .map(k => {
      const list = sorted(cases[k] ?? []);
      const items = list.map(
        f => `    ${JSON.stringify(f).replace(/^\{/, '{ ').replace(/\}$/, ' }').replace(/,"/g, ', "').replace(/":/g, '": ')}`,
      );
      return list.length ? `  ${JSON.stringify(k)}: [\n${items.join(',\n')}\n  ]` : `  ${JSON.stringify(k)}: []`;
    });
  return `{\n${body.join(',\n')}\n}\n`;
}

/** The expectations of one rule folder; `check` asserts one case against them. */
export function expectationsFor(ruleDir: string): {
  check: (caseKey: string, ruleId: string, findings: Finding[]) => void;
} {
  const path = join(ruleDir, 'fixtures', 'expected.json');
  const declared: ExpectedFile = existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as ExpectedFile) : {};
  const recording = process.env['AIRLOCK_RECORD_EXPECTED'] === '1';
  const recorded: ExpectedFile = {};
  if (recording) {
    after(() => {
      if (Object.keys(recorded).length === 0) return;
      const merged: ExpectedFile = { ...declared, ...recorded };
      writeFileSync(path, formatExpected(merged));
    });
  }
  return {
    check(caseKey, ruleId, findings) {
      // A finding merged into another rule's finding of the same fact (alsoReportedBy) is still this rule's.
      const all = findings.flatMap(f => [f, ...(f.alsoReportedBy ?? [])]);
      const actual = sorted(all.filter(f => f.ruleId === ruleId).map(shapeOf));
      const expected = declared[caseKey];
      if (expected === undefined) {
        if (recording) {
          recorded[caseKey] = actual;
          return;
        }
        assert.fail(
          `${ruleId}: fixture case "${caseKey}" declares no expected findings in ${path}. It produced:\n` +
            `"${caseKey}": ${JSON.stringify(actual)}`,
        );
      }
      assert.deepEqual(actual, sorted(expected), `${ruleId}: findings of fixture case "${caseKey}" differ from ${path}`);
    },
  };
}
