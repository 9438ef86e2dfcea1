/**
 * The default terminal format: the verdict first, then what runs on which trigger, then the
 * findings by severity with a code frame each. Every string from the target goes through
 * safeText so a hostile repository cannot drive the terminal.
 */
import type { Finding, Report, Severity, Surface, Verdict } from '../core/types.ts';
import { safeText } from './terminal-safe.ts';

export interface TextOptions {
  color: boolean;
  /** Show info-level findings too. */
  verbose?: boolean;
}

const CODES = { reset: 0, bold: 1, dim: 2, red: 31, green: 32, yellow: 33, blue: 34, magenta: 35, cyan: 36 } as const;
type Style = keyof typeof CODES;

function painter(color: boolean) {
  return (text: string, ...styles: Style[]): string =>
    color && styles.length > 0 ? `${styles.map(s => `\u001b[${CODES[s]}m`).join('')}${text}\u001b[0m` : text;
}

const VERDICT_WORDS: Record<Verdict, string> = {
  block: 'Do not open, install or run this repository: it carries malicious code or a known indicator.',
  review: 'Read the findings below before you open, install or run this repository.',
  pass: 'Nothing risky was found by static analysis.',
};

const SEVERITY_STYLE: Record<Severity, Style[]> = {
  critical: ['bold', 'red'],
  high: ['red'],
  medium: ['yellow'],
  low: ['cyan'],
  info: ['dim'],
};

function pad(s: string, width: number): string {
  return s.length >= width ? s : s + ' '.repeat(width - s.length);
}

function clipCell(s: string, width: number): string {
  return s.length <= width ? s : s.slice(0, width - 1) + '…';
}

function where(l: { file: string; line?: number }): string {
  return safeText(l.line === undefined ? l.file || '.' : `${l.file}:${l.line}`);
}

function surfaceWhat(s: Surface): string {
  const parts: string[] = [];
  if (s.command) parts.push(s.command);
  else if (s.entry) parts.push(s.entry);
  if (s.reaches.length > 0) parts.push(`(+${s.reaches.length} file${s.reaches.length === 1 ? '' : 's'} it loads)`);
  return safeText(parts.join(' '));
}

export function renderText(report: Report, options: TextOptions): string {
  const paint = painter(options.color);
  const out: string[] = [];
  const verdictStyle: Style[] = report.verdict === 'block' ? ['bold', 'red'] : report.verdict === 'review' ? ['bold', 'yellow'] : ['bold', 'green'];
  const s = report.summary;
  out.push(`${paint(report.verdict.toUpperCase(), ...verdictStyle)}  ${safeText(report.target.path)}`);
  out.push(`  ${VERDICT_WORDS[report.verdict]}`);
  out.push(
    paint(
      `  ${s.critical} critical, ${s.high} high, ${s.medium} medium, ${s.low} low, ${s.info} info · ${report.target.files} files · ${report.timing.totalMs} ms`,
      'dim',
    ),
  );
  out.push('');

  out.push(paint('What runs, and when', 'bold'));
  if (report.executionMap.length === 0) {
    out.push('  Nothing in this repository runs by itself on open, install, dev, build or test.');
  } else {
    const rows = report.executionMap.map(sf => [sf.trigger, `${sf.kind}${sf.name ? ` ${safeText(sf.name)}` : ''}`, surfaceWhat(sf), where(sf.location)]);
    const w0 = Math.max(7, ...rows.map(r => (r[0] ?? '').length));
    const w1 = Math.min(32, Math.max(4, ...rows.map(r => (r[1] ?? '').length)));
    out.push(paint(`  ${pad('TRIGGER', w0)}  ${pad('SURFACE', w1)}  ${pad('WHAT RUNS', 56)}  WHERE`, 'dim'));
    for (const r of rows) {
      out.push(`  ${pad(r[0] ?? '', w0)}  ${pad(clipCell(r[1] ?? '', w1), w1)}  ${pad(clipCell(r[2] ?? '', 56), 56)}  ${r[3] ?? ''}`);
    }
  }
  out.push('');

  const shown = report.findings.filter(f => options.verbose === true || f.severity !== 'info');
  const hidden = report.findings.length - shown.length;
  out.push(paint(`Findings (${report.findings.length})`, 'bold'));
  if (shown.length === 0) out.push('  None.');
  for (const f of shown) out.push(...renderFinding(f, paint));
  if (hidden > 0) out.push(paint(`  ${hidden} info finding${hidden === 1 ? '' : 's'} hidden; use --verbose or --format json to see them.`, 'dim'));

  if (report.errors.length > 0) {
    out.push('');
    out.push(paint(`Not fully analysed (${report.errors.length})`, 'bold', 'yellow'));
    for (const e of report.errors.slice(0, 20)) out.push(`  ${e.file ? `${safeText(e.file)}: ` : ''}${safeText(e.message)}`);
    if (report.errors.length > 20) out.push(`  … and ${report.errors.length - 20} more (see --format json).`);
  }
  if (report.notes && report.notes.length > 0) {
    out.push('');
    for (const n of report.notes) out.push(paint(`note: ${safeText(n)}`, 'dim'));
  }
  return out.join('\n') + '\n';
}

function renderFinding(f: Finding, paint: ReturnType<typeof painter>): string[] {
  const lines: string[] = [];
  lines.push('');
  lines.push(`  ${paint(pad(f.severity.toUpperCase(), 8), ...SEVERITY_STYLE[f.severity])} ${paint(f.ruleId, 'bold')}  ${where(f.location)}`);
  lines.push(`    ${safeText(f.message)}`);
  if (f.evidence) {
    const [first = '', ...rest] = f.evidence.split('\n');
    lines.push(`    ${paint('evidence:', 'dim')} ${safeText(first)}`);
    for (const more of rest.slice(0, 20)) lines.push(`              ${safeText(more)}`);
  }
  if (f.triggers && f.triggers.length > 0) lines.push(`    ${paint('runs on:', 'dim')} ${f.triggers.join(', ')}`);
  if (f.related && f.related.length > 0) lines.push(`    ${paint('chain:', 'dim')} ${f.related.map(where).join(' → ')}`);
  if (f.remediation) lines.push(`    ${paint('what to do:', 'dim')} ${safeText(f.remediation)}`);
  if (f.snippet) {
    const last = f.snippet.startLine + f.snippet.lines.length - 1;
    const width = String(last).length;
    f.snippet.lines.forEach((text, i) => {
      const n = f.snippet ? f.snippet.startLine + i : 0;
      const mark = n === f.location.line ? '>' : ' ';
      const gutter = `${mark} ${String(n).padStart(width)} | `;
      lines.push(`    ${n === f.location.line ? paint(gutter, 'bold') : paint(gutter, 'dim')}${safeText(text)}`);
    });
  }
  return lines;
}
