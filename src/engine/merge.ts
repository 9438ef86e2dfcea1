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
 * Inventory (info) findings are facts of their own; the rest merge by file and line, whatever
 * rule saw them: a line reported by two rules, twice by one rule (three `eval`s on one minified
 * line), or by a history rule (the late commit that changed it) is one place to read.
 */
function placeKey(f: Finding): string | undefined {
  if (f.location.line === undefined || f.severity === 'info') return undefined;
  return `${f.location.file}\u0000${f.location.line}`;
}

/** History findings join others only at their own line: their evidence is a commit, not a behaviour. */
function joinsByEvidence(f: Finding): boolean {
  return placeKey(f) !== undefined && !f.ruleId.startsWith('provenance/');
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
    ...others.flatMap(o => {
      const { snippet: _s, triggers: _t, alsoReportedBy: merged, ...rest } = o;
      return [rest, ...(merged ?? [])];
    }),
  ];
  if (triggers.size > 0) keep.triggers = [...triggers];
  if (related.length > 0) keep.related = related;
}

/** The first line of a finding's evidence, when it is long enough to name one behaviour. */
const MIN_SHARED_EVIDENCE = 12;
function evidenceLine(f: Evidence): string | undefined {
  const line = f.evidence?.split('\n', 1)[0]?.trim();
  return line !== undefined && line.length >= MIN_SHARED_EVIDENCE ? line : undefined;
}

/**
 * Two findings in one file describe one behaviour when one's evidence holds the other's (the
 * same URL fetched and run, a marker inside the disguised script that carries it) or when one is
 * a step of the other's chain.
 */
type Evidence = Pick<Finding, 'location' | 'evidence' | 'related'>;

function sameBehaviour(a: Evidence, b: Evidence): boolean {
  if (a.location.file !== b.location.file) return false;
  const ea = evidenceLine(a);
  const eb = evidenceLine(b);
  if (ea !== undefined && eb !== undefined && (ea.includes(eb) || eb.includes(ea))) return true;
  const at = (x: Evidence, y: Evidence): boolean =>
    (x.related ?? []).some(r => r.file === y.location.file && r.line !== undefined && r.line === y.location.line);
  return at(a, b) || at(b, a);
}

const CONF = { high: 2, medium: 1, low: 0 } as const;

/** Most severe first, then the surest, then the earliest line: the finding that stays. */
function hostOrder(a: Finding, b: Finding): number {
  return (
    severityRank(b.severity) - severityRank(a.severity) ||
    CONF[b.confidence] - CONF[a.confidence] ||
    (a.location.line ?? 0) - (b.location.line ?? 0) ||
    a.ruleId.localeCompare(b.ruleId)
  );
}

interface Kept {
  finding: Finding;
  rules: Set<string>;
  /** The findings of this fact so far, merged ones included. */
  members: Evidence[];
  others: Finding[];
}

function rulesOf(f: Finding): string[] {
  return [f.ruleId, ...(f.alsoReportedBy ?? []).map(m => m.ruleId)];
}

/**
 * Each finding joins the first kept one that `joins` accepts; otherwise it is kept. Unless
 * `sameRule`, it joins only a kept finding that has none of its rules yet: apart from one line,
 * two findings of one rule are two facts (a rule reports a fact once).
 */
function group(list: readonly Finding[], joins: (host: Kept, f: Finding) => boolean, dropped: Set<Finding>, sameRule = false): void {
  const kept: Kept[] = [];
  for (const f of [...list].sort(hostOrder)) {
    const host = kept.find(k => (sameRule || !rulesOf(f).some(r => k.rules.has(r))) && joins(k, f));
    if (!host) {
      kept.push({ finding: f, rules: new Set(rulesOf(f)), members: [f, ...(f.alsoReportedBy ?? [])], others: [] });
      continue;
    }
    for (const r of rulesOf(f)) host.rules.add(r);
    host.members.push(f, ...(f.alsoReportedBy ?? []));
    host.others.push(f);
    dropped.add(f);
  }
  for (const { finding: keep, others } of kept) if (others.length > 0) absorb(keep, others);
}

/**
 * One fact, one finding: findings (above info) at the same file and line, of any rules or of one
 * rule, or of different rules in the same file with overlapping evidence or linked by a chain,
 * are one fact seen by several rules (history findings join only at their line). The most severe (then the most confident) stays; the others go into its
 * `alsoReportedBy`, their triggers and chain steps into its own. Order is kept.
 */
export function mergeFacts(findings: readonly Finding[]): Finding[] {
  const dropped = new Set<Finding>();
  const byLine = new Map<string, Finding[]>();
  for (const f of findings) {
    const key = placeKey(f);
    if (key === undefined) continue;
    const list = byLine.get(key) ?? [];
    list.push(f);
    byLine.set(key, list);
  }
  for (const list of byLine.values()) if (list.length > 1) group(list, () => true, dropped, true);
  const byFile = new Map<string, Finding[]>();
  for (const f of findings) {
    if (dropped.has(f) || !joinsByEvidence(f)) continue;
    const list = byFile.get(f.location.file) ?? [];
    list.push(f);
    byFile.set(f.location.file, list);
  }
  for (const list of byFile.values()) {
    if (list.length > 1) group(list, (host, f) => host.members.some(m => sameBehaviour(m, f)), dropped);
  }
  return dropped.size === 0 ? [...findings] : findings.filter(f => !dropped.has(f));
}
