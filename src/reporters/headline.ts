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

const VERDICT_WORDS: Record<Report['verdict'], string> = {
  block: 'Do not open, install or run this repository: it carries malicious code or a known indicator.',
  review: 'Read the findings below before you open, install or run this repository.',
  pass: 'Nothing risky was found by static analysis.',
};

const WORKSTATION_WORDS: Record<'hunt' | 'harden', Record<Report['verdict'], string>> = {
  hunt: {
    block:
      'Traces of the campaign were found on this machine. Follow "what to do" under each finding, in the order given: stop and unload first, rotate credentials from another device second.',
    review: 'Something on this machine deserves a look; read the findings below.',
    pass: 'No traces of the campaign were found by these checks.',
  },
  harden: {
    block: 'This machine is set up in a way that lets a malicious repository run at once; fix the findings below.',
    review: 'Some settings leave doors open to malicious repositories; `airlock harden --fix` applies the safe changes (with a backup).',
    pass: 'The audited settings are hardened.',
  },
};

/** What the verdict means, in one sentence, for the command that produced it. */
export function verdictWords(report: Report): string {
  if (report.unscannable) return `Nothing scannable. ${report.unscannable.message}`;
  if (report.command === 'hunt' || report.command === 'harden') return WORKSTATION_WORDS[report.command][report.verdict];
  if (report.command === 'detonate' && report.verdict === 'pass')
    return 'Nothing risky was observed in the sandbox (it cannot prove the code is safe).';
  return VERDICT_WORDS[report.verdict];
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

/** The headline as machine formats carry it (JSON `headline`, SARIF `runs[].properties.headline`). */
export interface HeadlineField {
  /** One line: the verdict and the top reason, or what the verdict means when there is none. */
  text: string;
  topReason?: { sentence: string; ruleId: string; location: string };
  ifAlreadyRan?: string;
}

export function headlineField(report: Report): HeadlineField {
  const head = headline(report);
  const verdict = report.verdict.toUpperCase();
  const out: HeadlineField = {
    text: head.reason
      ? `${verdict}: ${head.reason.sentence} (${head.reason.ruleId}, ${head.reason.where})`
      : `${verdict}: ${verdictWords(report)}`,
  };
  if (head.reason) out.topReason = { sentence: head.reason.sentence, ruleId: head.reason.ruleId, location: head.reason.where };
  if (head.ifAlreadyRan) out.ifAlreadyRan = head.ifAlreadyRan;
  return out;
}
