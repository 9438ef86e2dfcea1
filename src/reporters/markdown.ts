/**
 * Markdown for a pull-request comment or a GitHub job summary. Values from the repository are
 * escaped so they cannot inject links, images, HTML or break the tables.
 */
import type { Finding, Report, Surface, Verdict } from '../core/types.ts';
import { DOCS_URL, headline } from './headline.ts';
import { safeText } from './terminal-safe.ts';
import { maxOf } from '../core/spread.ts';

const ICON: Record<Verdict, string> = { block: '⛔', review: '⚠️', pass: '✅' };
const WORDS: Record<Verdict, string> = {
  block: 'Do not open, install or run this repository.',
  review: 'Read the findings before you open, install or run this repository.',
  pass: 'Nothing risky was found by static analysis.',
};

/** Escape Markdown and HTML metacharacters in untrusted text (single line). */
export function mdText(s: string): string {
  return safeText(s).replace(/[\\`*_{}[\]()#+\-.!|<>&~]/g, ch =>
    ch === '<' ? '&lt;' : ch === '>' ? '&gt;' : ch === '&' ? '&amp;' : `\\${ch}`,
  );
}

/** Prose from a message: its `backticked` parts become code spans, the rest escaped text. */
export function mdProse(s: string): string {
  return s
    .split(/`([^`\n]{1,400})`/)
    .map((part, i) => (i % 2 === 1 ? mdCode(part, 400) : mdText(part)))
    .join('');
}

/**
 * Inline code that cannot be closed early: a fence longer than any backtick run inside. In a
 * table cell `|` is escaped as `\|` (GFM shows it as `|`); elsewhere it is left as typed, so a
 * copied command stays right.
 */
export function mdCode(s: string, max = 160, inTable = false): string {
  let v = safeText(s);
  if (v.length > max) v = v.slice(0, max) + '…';
  if (inTable) v = v.replace(/\|/g, '\\|');
  const longest = maxOf(
    [...v.matchAll(/`+/g)].map(m => m[0].length),
    0,
  );
  const fence = '`'.repeat(longest + 1);
  return `${fence} ${v} ${fence}`;
}

/** A fenced block for multi-line evidence, indented under a list item; nothing inside is interpreted. */
function mdBlock(text: string, indent: string, maxLines = 20): string[] {
  const lines = text
    .split('\n')
    .slice(0, maxLines)
    .map(l => safeText(l.length > 240 ? `${l.slice(0, 240)}…` : l));
  const longest = maxOf(
    lines.flatMap(l => [...l.matchAll(/`+/g)].map(m => m[0].length)),
    0,
  );
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return [`${indent}${fence}text`, ...lines.map(l => indent + l), `${indent}${fence}`];
}

function where(l: { file: string; line?: number }): string {
  return mdCode(l.line === undefined ? l.file || '.' : `${l.file}:${l.line}`, 120);
}

function cellWhere(l: { file: string; line?: number }): string {
  return mdCode(l.line === undefined ? l.file || '.' : `${l.file}:${l.line}`, 120, true);
}

function surfaceRow(s: Surface): string {
  const what = s.command ?? s.entry ?? '';
  return `| ${s.trigger} | ${mdText(s.kind)}${s.name ? ` ${mdText(s.name)}` : ''} | ${what ? mdCode(what, 160, true) : ''}${s.reaches.length ? ` (+${s.reaches.length} files)` : ''} | ${cellWhere(s.location)} |`;
}

function findingBlock(f: Finding): string[] {
  const lines = [`- **${f.severity.toUpperCase()}** ${mdCode(f.ruleId)} at ${where(f.location)}: ${mdProse(f.message)}`];
  if (f.evidence?.includes('\n')) lines.push('  - evidence:', '', ...mdBlock(f.evidence, '    '), '');
  else if (f.evidence) lines.push(`  - evidence: ${mdCode(f.evidence, 240)}`);
  if (f.triggers?.length) lines.push(`  - runs on: ${f.triggers.join(', ')}`);
  if (f.related?.length) lines.push(`  - chain: ${f.related.map(where).join(' → ')}`);
  if (f.remediation) lines.push(`  - what to do: ${mdProse(f.remediation)}`);
  return lines;
}

export function renderMarkdown(report: Report): string {
  const s = report.summary;
  const out: string[] = [];
  out.push(`## ${ICON[report.verdict]} Airlock: ${report.verdict.toUpperCase()} — ${mdText(report.target.path)}`);
  out.push('');
  out.push(
    `${WORDS[report.verdict]} ${s.critical} critical, ${s.high} high, ${s.medium} medium, ${s.low} low, ${s.info} info · ${report.target.files} files · ${report.timing.totalMs} ms`,
  );
  const head = headline(report);
  if (head.reason)
    out.push(
      '',
      `**Top reason:** ${mdProse(head.reason.sentence)} (${mdCode(head.reason.ruleId)} at ${where({ file: head.reason.where })})`,
    );
  if (head.ifAlreadyRan)
    out.push(
      '',
      `**Already opened, installed or ran it?** Run \`airlock hunt\` now and follow [docs/workstation.md](${DOCS_URL}/workstation.md) ("I think I opened a malicious repository").`,
    );
  out.push('');
  out.push('### What runs, and when');
  if (report.executionMap.length === 0) out.push('Nothing runs by itself on open, install, dev, build or test.');
  else {
    out.push('| trigger | surface | what runs | where |', '| --- | --- | --- | --- |');
    for (const sf of report.executionMap) out.push(surfaceRow(sf));
  }
  out.push('');
  const shown = report.findings.filter(f => f.severity !== 'info');
  out.push(
    `### Findings (${shown.length}${shown.length < report.findings.length ? ` shown, ${report.findings.length - shown.length} info hidden` : ''})`,
  );
  if (shown.length === 0) out.push('None.');
  const MAX = 50;
  for (const f of shown.slice(0, MAX)) out.push(...findingBlock(f));
  if (shown.length > MAX) out.push(`- … and ${shown.length - MAX} more (see the JSON or SARIF report).`);
  if (report.provenance) {
    const p = report.provenance;
    out.push('', '### Provenance');
    out.push(
      `${p.commits} commit${p.commits === 1 ? '' : 's'}${p.shallow === true ? ' (shallow)' : ''}${p.firstCommitDate && p.lastCommitDate ? `, ${p.firstCommitDate.slice(0, 10)} to ${p.lastCommitDate.slice(0, 10)}` : ''}, ${p.branches} branch${p.branches === 1 ? '' : 'es'}.`,
    );
    for (const c of p.notable.slice(0, 20)) {
      out.push(
        `- ${mdCode(c.sha.slice(0, 10))} ${c.date.slice(0, 10)} ${mdText(`${c.author} <${c.authorEmail}>`)}: ${mdCode(c.subject, 80)}${c.introduced.length > 0 ? ` — ${mdText(c.introduced.join(', '))}` : ''}`,
      );
    }
  }
  if (report.behaviors?.length) {
    out.push('', '### Observed in the sandbox');
    for (const b of report.behaviors.slice(0, 50)) out.push(`- ${b.phase} · ${b.kind}: ${mdCode(b.summary, 200)}`);
  }
  if (report.errors.length > 0) {
    out.push('', `<details><summary>Not fully analysed (${report.errors.length})</summary>`, '');
    for (const e of report.errors.slice(0, 30)) out.push(`- ${e.file ? `${where({ file: e.file })}: ` : ''}${mdText(e.message)}`);
    out.push('', '</details>');
  }
  return out.join('\n') + '\n';
}
