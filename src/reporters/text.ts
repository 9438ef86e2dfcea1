/**
 * The default terminal format: the verdict first, then what runs on which trigger, then the
 * findings by severity with a code frame each. Every string from the target goes through
 * safeText so a hostile repository cannot drive the terminal.
 */
import type { Behavior, Finding, ProvenanceSummary, Report, Severity, Surface, Verdict } from '../core/types.ts';
import { safeText } from './terminal-safe.ts';

export interface TextOptions {
  color: boolean;
  /** Show info-level findings too. */
  verbose?: boolean;
}

const CODES = { reset: 0, bold: 1, dim: 2, red: 31, green: 32, yellow: 33, blue: 34, magenta: 35, cyan: 36 } as const;
type Style = keyof typeof CODES;

export function painter(color: boolean) {
  return (text: string, ...styles: Style[]): string =>
    color && styles.length > 0 ? `${styles.map(s => `\u001b[${CODES[s]}m`).join('')}${text}\u001b[0m` : text;
}

const VERDICT_WORDS: Record<Verdict, string> = {
  block: 'Do not open, install or run this repository: it carries malicious code or a known indicator.',
  review: 'Read the findings below before you open, install or run this repository.',
  pass: 'Nothing risky was found by static analysis.',
};

export const SEVERITY_STYLE: Record<Severity, Style[]> = {
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
  const verdictStyle: Style[] =
    report.verdict === 'block' ? ['bold', 'red'] : report.verdict === 'review' ? ['bold', 'yellow'] : ['bold', 'green'];
  const s = report.summary;
  out.push(`${paint(report.verdict.toUpperCase(), ...verdictStyle)}  ${safeText(report.target.path)}`);
  out.push(
    `  ${report.unscannable ? `Nothing scannable. ${safeText(report.unscannable.message)}` : report.command === 'detonate' && report.verdict === 'pass' ? 'Nothing risky was observed in the sandbox (it cannot prove the code is safe).' : VERDICT_WORDS[report.verdict]}`,
  );
  out.push(
    paint(
      `  ${s.critical} critical, ${s.high} high, ${s.medium} medium, ${s.low} low, ${s.info} info · ${report.target.files} files · ${report.timing.totalMs} ms`,
      'dim',
    ),
  );
  out.push('');

  if (report.behaviors) out.push(...renderBehaviors(report.behaviors, paint, options.verbose === true));
  out.push(paint(report.command === 'detonate' ? 'What ran' : 'What runs, and when', 'bold'));
  if (report.executionMap.length === 0) {
    out.push('  Nothing in this repository runs by itself on open, install, dev, build or test.');
  } else {
    const rows = report.executionMap.map(sf => [
      sf.trigger,
      `${sf.kind}${sf.name ? ` ${safeText(sf.name)}` : ''}`,
      surfaceWhat(sf),
      where(sf.location),
    ]);
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
  if (hidden > 0)
    out.push(paint(`  ${hidden} info finding${hidden === 1 ? '' : 's'} hidden; use --verbose or --format json to see them.`, 'dim'));
  if (report.provenance) out.push('', ...renderProvenance(report.provenance, paint));

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

const BEHAVIOR_LIMIT = 25;

/** Detonation: phase status, the process tree, network attempts, honeytokens and other observations. */
export function renderBehaviors(behaviors: readonly Behavior[], paint: ReturnType<typeof painter>, verbose: boolean): string[] {
  const out: string[] = [paint('What the sandbox saw', 'bold')];
  const phases = behaviors.filter(b => b.kind === 'phase');
  for (const b of phases) out.push(`  ${paint('phase', 'dim')} ${safeText(b.summary)}`);
  const section = (title: string, list: Behavior[], line: (b: Behavior) => string): void => {
    if (list.length === 0) return;
    out.push(`  ${paint(title, 'bold')}`);
    const shown = verbose ? list : list.slice(0, BEHAVIOR_LIMIT);
    for (const b of shown) out.push(`    ${line(b)}`);
    if (shown.length < list.length) out.push(paint(`    … ${list.length - shown.length} more (--verbose or --format json)`, 'dim'));
  };
  const procs = behaviors.filter(b => b.kind === 'process');
  const depth = new Map<number, number>();
  for (const p of procs)
    if (p.pid !== undefined) depth.set(p.pid, p.ppid !== undefined && depth.has(p.ppid) ? (depth.get(p.ppid) ?? 0) + 1 : 0);
  section(
    'Processes',
    procs,
    b =>
      `${paint(`[${b.phase}]`, 'dim')} ${'  '.repeat(Math.min(8, b.pid !== undefined ? (depth.get(b.pid) ?? 0) : 0))}${safeText(b.summary)}`,
  );
  section(
    'Network attempts',
    behaviors.filter(b => b.kind === 'dns' || b.kind === 'http' || b.kind === 'network'),
    b => `${paint(`[${b.phase}]`, 'dim')} ${safeText(b.summary)}`,
  );
  section(
    'Honeytokens touched',
    behaviors.filter(b => b.kind === 'honeytoken'),
    b =>
      `${paint(`[${b.phase}]`, 'dim')} ${safeText(b.summary)}${b.detail?.['expectedReader'] === true ? paint(' (normal for this tool)', 'dim') : ''}`,
  );
  section(
    'Downloaded code executed',
    behaviors.filter(b => b.kind === 'code-loaded'),
    b => `${paint(`[${b.phase}]`, 'dim')} ${safeText(b.summary)}`,
  );
  section(
    'Persistence attempts',
    behaviors.filter(b => b.kind === 'persistence'),
    b => `${paint(`[${b.phase}]`, 'dim')} ${safeText(b.summary)}`,
  );
  section(
    'Writes outside the repository',
    behaviors.filter(b => b.kind === 'file-write' || b.kind === 'file-read'),
    b => `${paint(`[${b.phase}]`, 'dim')} ${safeText(b.summary)}`,
  );
  out.push('');
  return out;
}

/** Who made the history, when, and which commits brought the findings. */
function renderProvenance(p: ProvenanceSummary, paint: ReturnType<typeof painter>): string[] {
  const lines = [paint('Provenance', 'bold')];
  const span = p.firstCommitDate && p.lastCommitDate ? `, ${p.firstCommitDate.slice(0, 10)} to ${p.lastCommitDate.slice(0, 10)}` : '';
  const authors = p.authors === undefined ? '' : `, ${p.authors} author${p.authors === 1 ? '' : 's'}`;
  lines.push(
    `  ${p.commits} commit${p.commits === 1 ? '' : 's'}${p.shallow === true ? ' fetched (shallow)' : ''}${authors}${span}, ${p.branches} branch${p.branches === 1 ? '' : 'es'}`,
  );
  if (p.owner) {
    const o = p.owner;
    const facts = [
      typeof o['createdAt'] === 'string' ? `created ${o['createdAt'].slice(0, 10)}` : undefined,
      typeof o['publicRepos'] === 'number' ? `${o['publicRepos']} public repos` : undefined,
      typeof o['followers'] === 'number' ? `${o['followers']} followers` : undefined,
    ].filter((x): x is string => x !== undefined);
    lines.push(`  owner ${safeText(typeof o['login'] === 'string' ? o['login'] : '?')}${facts.length > 0 ? `: ${facts.join(', ')}` : ''}`);
  }
  for (const c of p.notable.slice(0, 10)) {
    lines.push(
      `  ${paint(c.sha.slice(0, 10), 'bold')} ${c.date.slice(0, 10)} ${safeText(`${c.author} <${c.authorEmail}> "${c.subject}"`)}`,
    );
    const detail = [
      c.why,
      c.files && c.files.length > 0 ? `changed ${c.files.slice(0, 5).join(', ')}${c.files.length > 5 ? ', …' : ''}` : undefined,
      c.introduced.length > 0 ? `findings: ${c.introduced.join(', ')}` : undefined,
    ];
    lines.push(paint(`    ${safeText(detail.filter((x): x is string => x !== undefined).join('; '))}`, 'dim'));
  }
  if (p.notable.length > 10) lines.push(paint(`  … and ${p.notable.length - 10} more commits (see --format json).`, 'dim'));
  const hidden = (p.otherRefs ?? []).filter(r => !r.scanned);
  if (hidden.length > 0)
    lines.push(
      paint(
        `  ${hidden.length} other ref${hidden.length === 1 ? '' : 's'} differ from the checkout and were not scanned: ${safeText(
          hidden
            .slice(0, 5)
            .map(r => r.name)
            .join(', '),
        )}`,
        'dim',
      ),
    );
  return lines;
}

export function renderFinding(f: Finding, paint: ReturnType<typeof painter>): string[] {
  const lines: string[] = [];
  lines.push('');
  lines.push(
    `  ${paint(pad(f.severity.toUpperCase(), 8), ...SEVERITY_STYLE[f.severity])} ${paint(f.ruleId, 'bold')}  ${where(f.location)}`,
  );
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
