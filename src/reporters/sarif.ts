/**
 * SARIF 2.1.0: rules with help text, results with locations, the verdict and its headline in
 * runs[0].properties. The finding that carries the verdict is the first result; other rules'
 * findings of the same fact are its related locations, each with its rule and message.
 */
import type { RuleMeta } from '../core/rule.ts';
import type { Finding, Report, Severity } from '../core/types.ts';
import { headlineField, topFinding } from './headline.ts';
import { escapeJsonText } from './json.ts';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  info: 'note',
};

const SECURITY_SEVERITY: Record<Severity, string> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
  info: '0.0',
};

const DOCS_BASE = 'https://github.com/airlock-dev/airlock/blob/main/src/rules/';

function uri(file: string): string {
  return file
    .split('/')
    .map(seg => encodeURIComponent(seg))
    .join('/');
}

function region(f: Pick<Finding, 'location'>): Record<string, number> | undefined {
  if (f.location.line === undefined) return undefined;
  const r: Record<string, number> = { startLine: Math.max(1, f.location.line) };
  if (f.location.column !== undefined) r['startColumn'] = Math.max(1, f.location.column);
  if (f.location.endLine !== undefined) r['endLine'] = Math.max(r['startLine'] ?? 1, f.location.endLine);
  if (f.location.endColumn !== undefined) r['endColumn'] = Math.max(1, f.location.endColumn);
  return r;
}

function physical(file: string, reg?: Record<string, number>): Record<string, unknown> {
  const loc: Record<string, unknown> = { artifactLocation: { uri: file === '' ? '.' : uri(file), uriBaseId: 'SRCROOT' } };
  if (reg) loc['region'] = reg;
  return { physicalLocation: loc };
}

function sarifRun(report: Report, metas: readonly RuleMeta[]): Record<string, unknown> {
  const used = new Set(report.findings.map(f => f.ruleId));
  const known = new Map(metas.map(m => [m.id, m]));
  const ruleIds = [...new Set([...metas.map(m => m.id), ...used])].sort();
  const rules = ruleIds.map(id => {
    const m = known.get(id);
    const description = m?.description ?? id;
    return {
      id,
      name: id.replace(/[/-](\w)/g, (_, c: string) => c.toUpperCase()),
      shortDescription: { text: description },
      fullDescription: { text: description },
      helpUri: `${DOCS_BASE}${id}/README.md`,
      help: { text: `${description} Run \`airlock rules ${id}\` for the full documentation.` },
      defaultConfiguration: { level: LEVEL[m?.severity ?? 'medium'] },
      properties: {
        tags: ['security', id.split('/')[0] ?? 'airlock'],
        'security-severity': SECURITY_SEVERITY[m?.severity ?? 'medium'],
      },
    };
  });
  const index = new Map(ruleIds.map((id, i) => [id, i]));
  // The top reason first, so a reader of results (or of a code-scanning list) starts with it.
  const top = topFinding(report);
  const ordered = top === undefined ? report.findings : [top, ...report.findings.filter(f => f !== top)];
  const results = ordered.map(f => {
    const result: Record<string, unknown> = {
      ruleId: f.ruleId,
      ruleIndex: index.get(f.ruleId) ?? 0,
      level: LEVEL[f.severity],
      message: { text: f.evidence ? `${f.message} Evidence: ${f.evidence}` : f.message },
      locations: [physical(f.location.file, region(f))],
      properties: {
        severity: f.severity,
        confidence: f.confidence,
        'security-severity': SECURITY_SEVERITY[f.severity],
        ...(f.triggers ? { triggers: f.triggers } : {}),
        ...(f.alsoReportedBy && f.alsoReportedBy.length > 0
          ? {
              alsoReportedBy: f.alsoReportedBy.map(m => ({
                ruleId: m.ruleId,
                severity: m.severity,
                message: m.message,
                location: m.location,
                ...(m.evidence !== undefined ? { evidence: m.evidence } : {}),
              })),
            }
          : {}),
      },
    };
    const related: Record<string, unknown>[] = [];
    for (const r of f.related ?? []) {
      const reg: Record<string, number> | undefined = r.line === undefined ? undefined : { startLine: Math.max(1, r.line) };
      related.push({ id: related.length, ...physical(r.file, reg) });
    }
    for (const m of f.alsoReportedBy ?? []) {
      related.push({
        id: related.length,
        ...physical(m.location.file, region(m)),
        message: { text: `Also reported by ${m.ruleId} (${m.severity}): ${m.message}` },
      });
    }
    if (related.length > 0) result['relatedLocations'] = related;
    return result;
  });
  return {
    tool: {
      driver: {
        name: 'airlock',
        version: report.tool.version,
        informationUri: 'https://github.com/airlock-dev/airlock',
        rules,
      },
    },
    originalUriBaseIds: { SRCROOT: { description: { text: 'The scanned target root.' } } },
    results,
    ...(report.target.commit !== undefined && report.target.kind === 'git' && /^https?:\/\//.test(report.target.path)
      ? { versionControlProvenance: [{ repositoryUri: report.target.path, revisionId: report.target.commit }] }
      : {}),
    invocations: [
      {
        executionSuccessful: true,
        ...(report.createdAt !== undefined
          ? {
              startTimeUtc: report.createdAt,
              endTimeUtc: new Date(Date.parse(report.createdAt) + report.timing.totalMs).toISOString(),
            }
          : {}),
        toolExecutionNotifications: report.errors.map(e => ({
          level: 'warning',
          message: { text: e.message },
          ...(e.file ? { locations: [physical(e.file)] } : {}),
        })),
      },
    ],
    properties: {
      headline: headlineField(report),
      verdict: report.verdict,
      summary: report.summary,
      target: report.target,
      executionMap: report.executionMap,
      ...(report.provenance ? { provenance: report.provenance } : {}),
    },
  };
}

function sarifLog(runs: Record<string, unknown>[]): string {
  return (
    escapeJsonText(JSON.stringify({ $schema: 'https://json.schemastore.org/sarif-2.1.0.json', version: '2.1.0', runs }, null, 2)) + '\n'
  );
}

export function renderSarif(report: Report, metas: readonly RuleMeta[]): string {
  return sarifLog([sarifRun(report, metas)]);
}

/** Batch: one SARIF log with one run per target. */
export function renderSarifRuns(reports: readonly Report[], metas: readonly RuleMeta[]): string {
  return sarifLog(reports.map(r => sarifRun(r, metas)));
}
