/**
 * The last steps before the verdict: surfaces take the severity of the code they run
 * (core/policy.ts), and one fact is one finding: findings of several rules at the same place
 * become one, at the highest severity, with the others in `alsoReportedBy`.
 */
import { surfaceSeverity } from '../core/policy.ts';
import { severityRank } from '../core/severity.ts';
import type { Finding, Location, Trigger } from '../core/types.ts';

export interface SurfaceLink {
  trigger: Trigger;
  /** The files the surface runs and every file they reach. */
  files: string[];
}

/** Rules whose findings describe a surface or history, not what code does. */
function describesCode(f: Finding): boolean {
  return !f.ruleId.startsWith('autorun/') && !f.ruleId.startsWith('provenance/');
}

function shownAt(l: Location): string {
  return l.line === undefined ? l.file : `${l.file}:${l.line}`;
}

/**
 * Raises each surface finding to what the code it runs does: `npm install` running a script is
 * `low`; running one that exfiltrates is critical. The worst code finding becomes related evidence.
 */
export function applySurfacePolicy(findings: Finding[], links: ReadonlyMap<Finding, SurfaceLink>): void {
  if (links.size === 0) return;
  const byFile = new Map<string, Finding[]>();
  for (const f of findings) {
    if (!describesCode(f)) continue;
    const list = byFile.get(f.location.file) ?? [];
    list.push(f);
    byFile.set(f.location.file, list);
  }
  for (const [finding, link] of links) {
    let worst: Finding | undefined;
    for (const file of link.files) {
      for (const f of byFile.get(file) ?? []) if (!worst || severityRank(f.severity) > severityRank(worst.severity)) worst = f;
    }
    if (!worst) continue;
    const raised = surfaceSeverity(link.trigger, worst.severity);
    if (severityRank(raised) <= severityRank(finding.severity)) continue;
    finding.severity = raised;
    finding.message = `${finding.message} The code it runs is reported by ${worst.ruleId} (${worst.severity}) at ${shownAt(worst.location)}.`;
    finding.related = [...(finding.related ?? []), { ...worst.location }];
  }
}

/**
 * Inventory (info) findings and history findings (who changed the place, and when) are facts of
 * their own; the rest merge by file and line.
 */
function placeKey(f: Finding): string | undefined {
  if (f.location.line === undefined || f.severity === 'info' || f.ruleId.startsWith('provenance/')) return undefined;
  return `${f.location.file}\u0000${f.location.line}`;
}

function absorb(keep: Finding, others: Finding[]): void {
  const triggers = new Set<Trigger>(keep.triggers ?? []);
  const related = [...(keep.related ?? [])];
  const seen = new Set(related.map(shownAt));
  for (const o of others) {
    for (const t of o.triggers ?? []) triggers.add(t);
    for (const r of o.related ?? []) {
      if (seen.has(shownAt(r)) || shownAt(r) === shownAt(keep.location)) continue;
      seen.add(shownAt(r));
      related.push(r);
    }
  }
  keep.alsoReportedBy = [
    ...(keep.alsoReportedBy ?? []),
    ...others.map(o => {
      const { snippet: _s, triggers: _t, alsoReportedBy: _a, ...rest } = o;
      return rest;
    }),
  ];
  if (triggers.size > 0) keep.triggers = [...triggers];
  if (related.length > 0) keep.related = related;
}

/**
 * One fact, one finding: findings (above info) of different rules at the same file and line are
 * one fact seen by several rules. The most severe (then the most confident) stays; the others go
 * into its `alsoReportedBy`, their triggers and chain steps into its own. Order is kept.
 */
export function mergeFacts(findings: readonly Finding[]): Finding[] {
  const CONF = { high: 2, medium: 1, low: 0 } as const;
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    const key = placeKey(f);
    if (key === undefined) continue;
    const list = groups.get(key) ?? [];
    list.push(f);
    groups.set(key, list);
  }
  const dropped = new Set<Finding>();
  for (const list of groups.values()) {
    if (list.length < 2) continue;
    // Most severe first; each finding joins the first kept one of another rule that has none of
    // its rule yet. Two findings of one rule are two facts (a rule reports a fact once).
    const order = [...list].sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || CONF[b.confidence] - CONF[a.confidence]);
    const kept: { finding: Finding; rules: Set<string>; others: Finding[] }[] = [];
    for (const f of order) {
      const host = kept.find(k => !k.rules.has(f.ruleId));
      if (!host) {
        kept.push({ finding: f, rules: new Set([f.ruleId]), others: [] });
        continue;
      }
      host.rules.add(f.ruleId);
      host.others.push(f);
      dropped.add(f);
    }
    for (const { finding: keep, others } of kept) if (others.length > 0) absorb(keep, others);
  }
  return dropped.size === 0 ? [...findings] : findings.filter(f => !dropped.has(f));
}
