import { SEVERITIES } from './types.ts';
import type { Finding, Severity, SeverityCounts, Verdict } from './types.ts';

const RANK: Record<Severity, number> = { info: 0, low: 1, medium: 2, high: 3, critical: 4 };

export function severityRank(s: Severity): number {
  return RANK[s];
}

export function maxSeverity(a: Severity, b: Severity): Severity {
  return RANK[a] >= RANK[b] ? a : b;
}

/** One step up, never past `ceiling`. */
export function raiseSeverity(s: Severity, ceiling: Severity): Severity {
  if (RANK[s] >= RANK[ceiling]) return s;
  const up = SEVERITIES.find(x => RANK[x] === RANK[s] + 1) ?? s;
  return RANK[up] > RANK[ceiling] ? ceiling : up;
}

export function countSeverities(findings: readonly Finding[]): SeverityCounts {
  const counts: SeverityCounts = { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
  for (const f of findings) counts[f.severity] += 1;
  return counts;
}

/** DESIGN.md §3: block on any critical; review on any high or medium; otherwise pass. */
export function verdictOf(counts: SeverityCounts): Verdict {
  if (counts.critical > 0) return 'block';
  if (counts.high > 0 || counts.medium > 0) return 'review';
  return 'pass';
}

const VERDICT_RANK: Record<Verdict, number> = { pass: 0, review: 1, block: 2 };

/** True when `verdict` is at or above the `--fail-on` threshold. */
export function failsAt(verdict: Verdict, failOn: Verdict | 'never'): boolean {
  if (failOn === 'never') return false;
  return VERDICT_RANK[verdict] >= VERDICT_RANK[failOn];
}

export function compareFindings(a: Finding, b: Finding): number {
  return (
    RANK[b.severity] - RANK[a.severity] ||
    a.location.file.localeCompare(b.location.file) ||
    (a.location.line ?? 0) - (b.location.line ?? 0) ||
    a.ruleId.localeCompare(b.ruleId)
  );
}
