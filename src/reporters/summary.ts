/** The batch summary: one row per target with its verdict, top finding and time. */
import type { Report } from '../core/types.ts';
import { mdCode, mdText } from './markdown.ts';
import { safeText } from './terminal-safe.ts';
import { maxOf } from '../core/spread.ts';

export interface SummaryRow {
  target: string;
  report?: Report;
  error?: string;
  ms: number;
}

function topFinding(r: Report | undefined): string {
  const f = r?.findings[0];
  return f ? `${f.severity} ${f.ruleId}: ${f.message}` : '';
}

export function renderSummaryText(rows: readonly SummaryRow[]): string {
  const width = Math.min(
    48,
    maxOf(
      rows.map(r => safeText(r.target).length),
      6,
    ),
  );
  const lines = [`${'TARGET'.padEnd(width)}  VERDICT  ${'TIME'.padStart(7)}  TOP FINDING`];
  for (const r of rows) {
    const target = safeText(r.target);
    const shown = target.length > width ? '…' + target.slice(target.length - width + 1) : target;
    const verdict = r.error !== undefined ? 'ERROR' : (r.report?.verdict ?? '').toUpperCase();
    const top = r.error !== undefined ? safeText(r.error) : safeText(topFinding(r.report));
    lines.push(
      `${shown.padEnd(width)}  ${verdict.padEnd(7)}  ${`${r.ms} ms`.padStart(7)}  ${top.length > 100 ? top.slice(0, 99) + '…' : top}`,
    );
  }
  const count = (v: string): number => rows.filter(r => r.report?.verdict === v).length;
  const errors = rows.filter(r => r.error !== undefined).length;
  lines.push(
    '',
    `${rows.length} targets: ${count('block')} block, ${count('review')} review, ${count('pass')} pass${errors ? `, ${errors} could not be scanned` : ''}.`,
  );
  return lines.join('\n') + '\n';
}

export function renderSummaryMarkdown(rows: readonly SummaryRow[]): string {
  const lines = ['## Airlock batch summary', '', '| target | verdict | time | top finding |', '| --- | --- | --- | --- |'];
  for (const r of rows) {
    const verdict = r.error !== undefined ? 'ERROR' : (r.report?.verdict ?? '').toUpperCase();
    const top = r.error !== undefined ? r.error : topFinding(r.report);
    lines.push(`| ${mdCode(r.target, 80, true)} | ${verdict} | ${r.ms} ms | ${top ? mdText(top.slice(0, 200)) : ''} |`);
  }
  return lines.join('\n') + '\n';
}
