/**
 * What every format says first (in the manner of Trivy's and OSV-Scanner's summaries): the
 * verdict, the counts, the top reason in one sentence and, for a block, what to do if the
 * repository was already opened, installed or run.
 */
import { severityRank } from '../core/severity.ts';
import type { Finding, Report, SeverityCounts } from '../core/types.ts';
import { safeText } from './terminal-safe.ts';

export const WORKSTATION_DOC = 'docs/workstation.md';
/** The public documentation, for links in Markdown and HTML. */
export const DOCS_URL = 'https://github.com/airlock-dev/airlock/blob/main/docs';

export function countsText(s: SeverityCounts): string {
  return `${s.critical} critical, ${s.high} high, ${s.medium} medium, ${s.low} low, ${s.info} info`;
}

/** `--quiet`: the verdict, the target and the counts, one line. */
export function quietLine(report: Report): string {
  const what = report.target.kind === 'workstation' ? `airlock ${report.command} · ` : '';
  return `${report.verdict.toUpperCase()}  ${what}${safeText(report.target.path)}  ${countsText(report.summary)}\n`;
}

const CONFIDENCE: Record<Finding['confidence'], number> = { high: 2, medium: 1, low: 0 };

/** The finding that carries the verdict: the most severe, then the surest, then one a trigger reaches. */
export function topFinding(report: Report): Finding | undefined {
  let best: Finding | undefined;
  const score = (f: Finding): number => severityRank(f.severity) * 100 + CONFIDENCE[f.confidence] * 10 + (f.triggers?.length ? 1 : 0);
  for (const f of report.findings) if (f.severity !== 'info' && (best === undefined || score(f) > score(best))) best = f;
  return best;
}

/** The first sentence of a message, cut to `max` characters. */
export function firstSentence(message: string, max = 220): string {
  const m = /^(.+?[.!?])(?:\s|$)/s.exec(message);
  const s = (m?.[1] ?? message).replace(/\s+/g, ' ').trim();
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

export interface Headline {
  /** "Top reason: … (rule, file:line)", raw (escape it for the format). */
  reason?: { sentence: string; ruleId: string; where: string };
  /** For block on scan/detonate: what to do if the repository already ran. */
  ifAlreadyRan?: string;
}

export function headline(report: Report): Headline {
  const out: Headline = {};
  const top = report.verdict === 'pass' ? undefined : topFinding(report);
  if (top) {
    const l = top.location;
    out.reason = {
      sentence: firstSentence(top.message),
      ruleId: top.ruleId,
      where: l.line === undefined ? l.file || '.' : `${l.file}:${l.line}`,
    };
  }
  if (report.verdict === 'block' && (report.command === 'scan' || report.command === 'detonate'))
    out.ifAlreadyRan = `Already opened, installed or ran it? Run \`airlock hunt\` now and follow ${WORKSTATION_DOC} ("I think I opened a malicious repository").`;
  return out;
}
