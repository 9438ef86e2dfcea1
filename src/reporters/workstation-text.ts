/**
 * The terminal format of `airlock hunt` and `airlock harden`: the verdict in workstation words,
 * then the findings with what to do next, the repositories table (--roots), the settings changes
 * with their diffs, and which checks did not run completely.
 */
import type { ChangeRecord, Report, RepositoryRow } from '../core/types.ts';
import { verdictWords } from './headline.ts';
import { painter, renderFinding } from './text.ts';
import type { TextOptions } from './text.ts';
import { safeText } from './terminal-safe.ts';
import { maxOf } from '../core/spread.ts';

function repositoryTable(rows: readonly RepositoryRow[]): string[] {
  const out: string[] = [];
  const w = Math.min(
    60,
    maxOf(
      rows.map(r => r.path.length),
      10,
    ),
  );
  out.push(`  ${'REPOSITORY'.padEnd(w)}  VERDICT  CRIT  HIGH  MED   FILES`);
  for (const r of rows) {
    const p = r.path.length > w ? `…${r.path.slice(r.path.length - w + 1)}` : r.path;
    out.push(
      `  ${safeText(p).padEnd(w)}  ${r.verdict.padEnd(7)}  ${String(r.critical).padStart(4)}  ${String(r.high).padStart(4)}  ${String(r.medium).padStart(4)}  ${String(r.files).padStart(6)}${r.error ? `  ${safeText(r.error)}` : ''}`,
    );
  }
  return out;
}

function changeLines(c: ChangeRecord, paint: ReturnType<typeof painter>): string[] {
  const out = [
    `  ${c.status.toUpperCase().padEnd(9)} ${safeText(c.file)}: ${safeText(c.description)}${c.backup ? paint(` (backup ${safeText(c.backup)})`, 'dim') : ''}`,
  ];
  if (c.reason) out.push(`            ${safeText(c.reason)}`);
  if (c.diff && c.status === 'planned')
    for (const l of c.diff.trimEnd().split('\n'))
      out.push(
        `    ${l.startsWith('+') && !l.startsWith('+++') ? paint(safeText(l), 'green') : l.startsWith('-') && !l.startsWith('---') ? paint(safeText(l), 'red') : safeText(l)}`,
      );
  return out;
}

export function renderWorkstationText(report: Report, options: TextOptions): string {
  const paint = painter(options.color);
  const command = report.command === 'harden' ? 'harden' : 'hunt';
  const ws = report.workstation;
  const s = report.summary;
  const out: string[] = [];
  const style =
    report.verdict === 'block'
      ? (['bold', 'red'] as const)
      : report.verdict === 'review'
        ? (['bold', 'yellow'] as const)
        : (['bold', 'green'] as const);
  out.push(
    `${paint(report.verdict.toUpperCase(), ...style)}  airlock ${command} · ${safeText(report.target.path)}${ws ? ` (${ws.os} layout)` : ''}`,
  );
  out.push(`  ${verdictWords(report)}`);
  out.push(
    paint(
      `  ${s.critical} critical, ${s.high} high, ${s.medium} medium, ${s.low} low, ${s.info} info · ${ws?.checks.length ?? 0} checks · ${report.timing.totalMs} ms`,
      'dim',
    ),
  );

  const shown = report.findings.filter(f => options.verbose === true || f.severity !== 'info');
  out.push('');
  out.push(paint(`Findings (${report.findings.length})`, 'bold'));
  if (shown.length === 0) out.push('  None.');
  for (const f of shown) out.push(...renderFinding(f, paint));

  if (ws?.repositories) {
    out.push('');
    out.push(paint(`Repositories under --roots (${ws.repositories.length})`, 'bold'));
    if (ws.repositories.length === 0) out.push('  None found.');
    else out.push(...repositoryTable(ws.repositories));
  }
  if (ws?.changes && ws.changes.length > 0) {
    out.push('');
    out.push(paint(`Settings changes (${ws.changes.length})`, 'bold'));
    for (const c of ws.changes) out.push(...changeLines(c, paint));
  }
  const partial = ws?.checks.filter(c => c.status !== 'ran') ?? [];
  if (partial.length > 0 || report.errors.length > 0) {
    out.push('');
    out.push(paint('Not fully checked', 'bold', 'yellow'));
    for (const c of partial)
      out.push(`  ${c.id}: ${c.status === 'skipped' ? 'did not run' : 'ran partly'}${c.reason ? ` (${safeText(c.reason)})` : ''}`);
    const reasons = partial.map(c => c.reason ?? '').join('\n');
    const extra = report.errors.filter(e => e.file !== undefined || !reasons.includes(e.by?.detail ?? e.message));
    for (const e of extra.slice(0, 20)) out.push(`  ${e.file ? `${safeText(e.file)}: ` : ''}${safeText(e.message)}`);
    if (extra.length > 20) out.push(`  … and ${extra.length - 20} more (see --format json).`);
  }
  for (const n of (report.notes ?? []).filter(n => !n.startsWith('Partial audit:'))) out.push(paint(`note: ${safeText(n)}`, 'dim'));
  return out.join('\n') + '\n';
}
