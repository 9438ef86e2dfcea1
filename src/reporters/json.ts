import type { Report } from '../core/types.ts';

/** The Report, unchanged (DESIGN.md §3; schema in schema/report.schema.json). */
export function renderJson(report: Report): string {
  return JSON.stringify(report, null, 2) + '\n';
}
