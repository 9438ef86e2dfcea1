/**
 * The default terminal format: the verdict first, then what runs on which trigger, then the
 * findings grouped by file, the files in order of their worst finding, with code frames that never
 * print a line twice. Every string from the target goes through
 * safeText so a hostile repository cannot drive the terminal.
 */
import type { Behavior, Finding, ProvenanceSummary, Report, Severity, Snippet, Surface } from '../core/types.ts';
import { headline, verdictWords } from './headline.ts';
import { cutMiddle, safeText } from './terminal-safe.ts';
import { maxOf } from '../core/spread.ts';

export interface TextOptions {
  color: boolean;
  /** Show info-level findings too. */
  verbose?: boolean;
  /** Columns to fit (default 80). */
  width?: number | undefined;
}

const CODES = { reset: 0, bold: 1, dim: 2, red: 31, green: 32, yellow: 33, blue: 34, magenta: 35, cyan: 36 } as const;
type Style = keyof typeof CODES;

export function painter(color: boolean) {
  return (text: string, ...styles: Style[]): string =>
    color && styles.length > 0 ? `${styles.map(s => `\u001b[${CODES[s]}m`).join('')}${text}\u001b[0m` : text;
}

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

/**
 * Words wrapped to `width` columns, each line after the first indented by `indent`; a word longer
 * than a line (a URL on a narrow terminal) is cut in the middle.
 */
export function wrap(text: string, width: number, indent: string): string[] {
  const out: string[] = [];
  const lead = /^ */.exec(text)?.[0] ?? '';
  let line = lead;
  for (const long of text.slice(lead.length).split(' ')) {
    const word = cutMiddle(long, Math.max(10, width - Math.max(lead.length, indent.length)));
    if (line.trim() !== '' && line.length + 1 + word.length > width) {
      out.push(line);
      line = indent + word;
    } else line = line.trim() === '' ? line + word : `${line} ${word}`;
  }
  if (line.trim() !== '') out.push(line);
  return out;
}

/**
 * The first lines of the report: the verdict and target, what it means, the counts, the top reason
 * in one sentence and, for block, what to do if the repository already ran. `airlock open` prints
 * only these.
 */
export function renderTextHeader(report: Report, options: TextOptions): string[] {
  const paint = painter(options.color);
  const width = options.width ?? 80;
  const out: string[] = [];
  const verdictStyle: Style[] =
    report.verdict === 'block' ? ['bold', 'red'] : report.verdict === 'review' ? ['bold', 'yellow'] : ['bold', 'green'];
  const s = report.summary;
  out.push(`${paint(report.verdict.toUpperCase(), ...verdictStyle)}  ${cutMiddle(safeText(report.target.path), width - 8)}`);
  out.push(...wrap(`  ${safeText(verdictWords(report))}`, width, '  '));
  out.push(
    ...wrap(
      `  ${s.critical} critical, ${s.high} high, ${s.medium} medium, ${s.low} low, ${s.info} info · ${report.target.files} files · ${report.timing.totalMs} ms`,
      width,
      '  ',
    ).map(l => paint(l, 'dim')),
  );
  const head = headline(report);
  if (head.reason)
    out.push(
      ...wrap(
        `  ${paint('Top reason:', 'bold')} ${safeText(head.reason.sentence)} (${head.reason.ruleId}, ${safeText(head.reason.where)})`,
        width,
        '    ',
      ),
    );
  if (head.ifAlreadyRan) out.push(...wrap(`  ${head.ifAlreadyRan}`, width, '    '));
  return out;
}

export function renderText(report: Report, options: TextOptions): string {
  const paint = painter(options.color);
  const out: string[] = renderTextHeader(report, options);
  out.push('');

  if (report.behaviors) out.push(...renderBehaviors(report.behaviors, paint, options.verbose === true));
  out.push(paint(report.command === 'detonate' ? 'What ran' : 'What runs, and when', 'bold'));
  if (report.executionMap.length === 0) {
    out.push('  Nothing in this repository runs by itself on open, install, dev, build or test.');
  } else {
    // Two lines per surface, so the map is readable at 80 columns: trigger, surface and where,
    // then what runs, long values cut in the middle (the command's start and the file's name stay).
    const width = options.width ?? 80;
    const rows = mapRows(report.executionMap);
    const w0 = maxOf(
      rows.map(r => r.surface.trigger.length),
      7,
    );
    for (const { surface: sf, also } of rows) {
      const at = where(sf.location);
      const surface = cutMiddle(
        `${sf.kind}${sf.name ? ` ${safeText(sf.name)}` : ''}`,
        Math.max(10, width - 2 - w0 - 2 - 2 - Math.min(at.length, 30)),
      );
      const left = `  ${pad(sf.trigger, w0)}  ${surface}`;
      const whereCut = cutMiddle(at, Math.max(10, width - left.length - 2));
      out.push(`${left}${' '.repeat(Math.max(2, width - left.length - whereCut.length))}${paint(whereCut, 'dim')}`);
      const what = `${surfaceWhat(sf)}${also.length > 0 ? ` · also on ${also.join(', ')}` : ''}`;
      out.push(`  ${' '.repeat(w0)}  ${cutMiddle(what, Math.max(10, width - w0 - 4))}`);
    }
  }
  out.push('');

  const shown = report.findings.filter(f => options.verbose === true || f.severity !== 'info');
  const hidden = report.findings.length - shown.length;
  out.push(paint(`Findings (${report.findings.length})`, 'bold'));
  if (shown.length === 0) out.push('  None.');
  out.push(...renderFindingsByFile(shown, paint, options.width ?? 80));
  if (hidden > 0)
    out.push(
      ...wrap(
        `  ${hidden} info finding${hidden === 1 ? '' : 's'} hidden; use --verbose or --format json to see them.`,
        options.width ?? 80,
        '  ',
      ).map(l => paint(l, 'dim')),
    );
  if (report.provenance) out.push('', ...renderProvenance(report.provenance, paint));

  if (report.errors.length > 0) {
    out.push('');
    out.push(paint(`Not fully analysed (${report.errors.length})`, 'bold', 'yellow'));
    for (const e of report.errors.slice(0, 20))
      out.push(...wrap(`  ${e.file ? `${safeText(e.file)}: ` : ''}${safeText(e.message)}`, options.width ?? 80, '    '));
    if (report.errors.length > 20) out.push(`  … and ${report.errors.length - 20} more (see --format json).`);
  }
  if (report.notes && report.notes.length > 0) {
    out.push('');
    for (const n of report.notes) out.push(...wrap(`note: ${safeText(n)}`, options.width ?? 80, '      ').map(l => paint(l, 'dim')));
  }
  if (options.verbose === true) out.push('', ...renderTiming(report.timing, paint, options.width ?? 80));
  return out.join('\n') + '\n';
}

/**
 * One row per thing that runs: a surface that runs on several triggers (a config loaded by dev,
 * build and start) is one row at its first trigger, naming the others.
 */
function mapRows(surfaces: readonly Surface[]): { surface: Surface; also: string[] }[] {
  const rows = new Map<string, { surface: Surface; also: string[] }>();
  for (const sf of surfaces) {
    const key = JSON.stringify([sf.kind, sf.name, sf.location.file, sf.location.line, sf.command, sf.entry, sf.reaches]);
    const row = rows.get(key);
    if (row) row.also.push(sf.trigger);
    else rows.set(key, { surface: sf, also: [] });
  }
  return [...rows.values()];
}

const TIMING_SHOWN = 8;

/**
 * --verbose: where the time went (the phases, then the slowest fact providers and rules) and how
 * many JavaScript files were parsed with how many parses (equal when each was parsed once).
 */
function renderTiming(timing: Report['timing'], paint: ReturnType<typeof painter>, width: number): string[] {
  const out = [paint('Timing', 'bold')];
  const phases = [
    ['inventoryMs', 'reading files'],
    ['executionMapMs', 'execution map'],
    ['analysisMs', 'analysis'],
  ] as const;
  const phaseText = phases.flatMap(([key, label]) => (timing[key] === undefined ? [] : [`${label} ${timing[key]} ms`]));
  out.push(...wrap(`  ${[...phaseText, `total ${timing.totalMs} ms`].join(', ')}`, width, '    '));
  const files = timing['jsFilesParsed'];
  const parses = timing['jsParses'];
  if (files !== undefined && parses !== undefined) out.push(`  JavaScript files parsed: ${files}, parses: ${parses}`);
  const slowest = (prefix: string): string =>
    Object.entries(timing)
      .filter(([k]) => k.startsWith(prefix))
      .sort((a, b) => b[1] - a[1])
      .slice(0, TIMING_SHOWN)
      .map(([k, ms]) => `${k.slice(prefix.length)} ${ms}ms`)
      .join(', ');
  const facts = slowest('fact:');
  const rules = slowest('rule:');
  if (facts) out.push(...wrap(`  facts: ${facts}`, width, '    '));
  if (rules) out.push(...wrap(`  rules: ${rules}`, width, '    '));
  return out;
}

const BEHAVIOR_LIMIT = 25;

/** Detonation: phase status, the process tree, network attempts, honeytokens and other observations. */
export function renderBehaviors(behaviors: readonly Behavior[], paint: ReturnType<typeof painter>, verbose: boolean): string[] {
  const out: string[] = [paint('What the sandbox saw', 'bold')];
  // "What ran" lists every step with its status; a phase line is shown only when it says more:
  // skipped, not really run (and why), evidence the sandbox was tampered with.
  const phases = behaviors.filter(
    b => b.kind === 'phase' && (b.detail?.['status'] !== 'ok' || b.detail['notRun'] !== undefined || b.detail['evidence'] !== undefined),
  );
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

/** The lines a finding says about itself: header, message, evidence, other rules, triggers, chain, fix. */
function findingBody(f: Finding, paint: ReturnType<typeof painter>, width: number, at: string): string[] {
  const lines: string[] = [];
  // Severity, rule and place on one line when they fit; on a narrow terminal the place goes below.
  const rule = cutMiddle(f.ruleId, width - 11);
  const severity = `  ${paint(pad(f.severity.toUpperCase(), 8), ...SEVERITY_STYLE[f.severity])} ${paint(rule, 'bold')}`;
  if (at === '') lines.push(severity);
  else if (11 + rule.length + 2 + Array.from(at).length <= width) lines.push(`${severity}  ${at}`);
  else lines.push(severity, `    ${cutMiddle(at, width - 4)}`);
  lines.push(...wrap(`    ${safeText(f.message)}`, width, '    '));
  if (f.evidence) {
    const [first = '', ...rest] = f.evidence.split('\n');
    lines.push(`    ${paint('evidence:', 'dim')} ${cutMiddle(safeText(first), width - 14)}`);
    for (const more of rest.slice(0, 20)) lines.push(`              ${cutMiddle(safeText(more), width - 14)}`);
  }
  // Other rules that saw the same fact: their rule, severity and place, and their evidence when it
  // adds to this finding's (a marker inside the script, not the same URL again).
  const own = f.evidence?.split('\n', 1)[0] ?? '';
  for (const m of f.alsoReportedBy ?? []) {
    const place =
      m.location.file === f.location.file ? (m.location.line === undefined ? '' : `, line ${m.location.line}`) : `, ${where(m.location)}`;
    const ev = m.evidence?.split('\n', 1)[0] ?? '';
    const adds = ev !== '' && (own === '' || !ev.includes(own));
    const text = `${m.ruleId} (${m.severity}${safeText(place)})${adds ? `: ${safeText(ev)}` : ''}`;
    lines.push(`    ${paint('also:', 'dim')} ${cutMiddle(text, width - 10)}`);
  }
  if (f.triggers && f.triggers.length > 0) lines.push(`    ${paint('runs on:', 'dim')} ${f.triggers.join(', ')}`);
  if (f.related && f.related.length > 0)
    lines.push(
      ...wrap(
        `    ${paint('chain:', 'dim')} ${f.related.map(r => (r.file === f.location.file && r.line !== undefined ? `line ${r.line}` : where(r))).join(' → ')}`,
        width,
        '      ',
      ),
    );
  if (f.remediation) lines.push(...wrap(`    ${paint('what to do:', 'dim')} ${safeText(f.remediation)}`, width, '      '));
  return lines;
}

/** A code frame: the snippet's lines with a gutter, `>` on the lines of the findings. */
function frame(snippet: Snippet, marked: ReadonlySet<number>, paint: ReturnType<typeof painter>, width: number, indent = '    '): string[] {
  const last = snippet.startLine + snippet.lines.length - 1;
  const digits = String(last).length;
  return snippet.lines.map((text, i) => {
    const n = snippet.startLine + i;
    const mark = marked.has(n);
    const gutter = `${mark ? '>' : ' '} ${String(n).padStart(digits)} | `;
    const code = cutMiddle(safeText(text), Math.max(20, width - indent.length - gutter.length));
    return `${indent}${mark ? paint(gutter, 'bold') : paint(gutter, 'dim')}${code}`;
  });
}

export function renderFinding(f: Finding, paint: ReturnType<typeof painter>, width = 80): string[] {
  const lines = ['', ...findingBody(f, paint, width, where(f.location))];
  if (f.snippet) lines.push(...frame(f.snippet, new Set(f.location.line === undefined ? [] : [f.location.line]), paint, width));
  return lines;
}

/**
 * Findings grouped by file, files in the order of their first (worst) finding. Inside a file the
 * findings go by line; findings whose code frames overlap or touch share one frame after them,
 * with every finding's line marked, so no line of the file is printed twice.
 */
export function renderFindingsByFile(findings: readonly Finding[], paint: ReturnType<typeof painter>, width = 80): string[] {
  const files = new Map<string, Finding[]>();
  for (const f of findings) {
    const list = files.get(f.location.file) ?? [];
    list.push(f);
    files.set(f.location.file, list);
  }
  const out: string[] = [];
  for (const [file, list] of files) {
    out.push('', `  ${paint(cutMiddle(safeText(file || '.'), width - 2), 'bold')}`);
    const ordered = [...list].sort((a, b) => (a.location.line ?? 0) - (b.location.line ?? 0));
    let cluster: { findings: Finding[]; first: number; last: number; lines: Map<number, string> } | undefined;
    const flush = (): void => {
      if (!cluster) return;
      const keys = [...cluster.lines.keys()].sort((a, b) => a - b);
      const start = keys[0] ?? 1;
      const snippet: Snippet = { startLine: start, lines: keys.map(k => cluster?.lines.get(k) ?? '') };
      // The lines of the findings and of the other rules' findings merged into them.
      const marked = new Set(
        cluster.findings.flatMap(f =>
          [f, ...(f.alsoReportedBy ?? [])].filter(m => m.location.file === file).map(m => m.location.line ?? 0),
        ),
      );
      out.push(...frame(snippet, marked, paint, width));
      cluster = undefined;
    };
    for (const f of ordered) {
      const at = f.location.line === undefined ? '' : `line ${f.location.line}`;
      const s = f.snippet;
      const first = s?.startLine ?? 0;
      const last = s ? s.startLine + s.lines.length - 1 : -1;
      // A frame that overlaps or touches the open one joins it; otherwise the open one is printed.
      if (cluster && (!s || first > cluster.last + 1)) flush();
      out.push(...findingBody(f, paint, width, at));
      if (!s) continue;
      if (!cluster) cluster = { findings: [], first, last, lines: new Map() };
      cluster.findings.push(f);
      cluster.last = Math.max(cluster.last, last);
      s.lines.forEach((text, i) => cluster?.lines.set(first + i, text));
    }
    flush();
  }
  return out;
}
