import type { Report } from '../core/types.ts';
import { headlineField } from './headline.ts';

/** Where the report's JSON Schema is published (also its `$id`). */
export const REPORT_SCHEMA_URL = 'https://raw.githubusercontent.com/airlock-dev/airlock/main/schema/report.schema.json';

// JSON.stringify escapes C0 controls but leaves DEL, C1 controls, bidi embeddings and isolates,
// zero-width characters, U+2028/U+2029, the BOM and tag characters raw: a report read in a
// terminal, an editor or a code-scanning UI must not carry them.
const UNSAFE_IN_JSON = /[\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff]|\udb40[\udc00-\udc7f]/g;

/** JSON text with every invisible or control character inside strings written as a \u escape. */
export function escapeJsonText(json: string): string {
  return json.replace(UNSAFE_IN_JSON, ch => {
    let out = '';
    for (let i = 0; i < ch.length; i++) out += `\\u${ch.charCodeAt(i).toString(16).padStart(4, '0')}`;
    return out;
  });
}

/** `$schema` first, then the headline (the verdict and its top reason), then the report. */
function withSchema(report: Report): Record<string, unknown> {
  return { $schema: REPORT_SCHEMA_URL, headline: headlineField(report), ...report };
}

/** The Report (DESIGN.md §3; schema in schema/report.schema.json), with its `$schema`. */
export function renderJson(report: Report): string {
  return escapeJsonText(JSON.stringify(withSchema(report), null, 2)) + '\n';
}

/** One report on one line (batch output, JSON Lines). */
export function renderJsonLine(report: Report): string {
  return escapeJsonText(JSON.stringify(withSchema(report))) + '\n';
}
