/**
 * The runner of runtime rules (`airlock detonate`): each rule reads the behaviours the sandbox
 * observed and reports findings. A rule that throws becomes an entry in `errors[]`.
 */
import type { AirlockConfig } from '../core/config.ts';
import { errorMessage } from '../core/errors.ts';
import type { FindingInput, RuntimeRule } from '../core/rule.ts';
import { compareFindings } from '../core/severity.ts';
import { makeSnippet } from '../core/snippet.ts';
import type { Behavior, Finding, ReportError } from '../core/types.ts';
import { applyConfig } from './suppress.ts';

export interface RuntimeInput {
  rules: readonly RuntimeRule[];
  behaviors: readonly Behavior[];
  /** The user's configuration: rules turned off, severities changed, paths ignored. */
  config: AirlockConfig;
  /** The text of a file of the repository (code frames, inline comments), or undefined. */
  text: (path: string) => string | undefined;
}

export interface RuntimeResult {
  findings: Finding[];
  errors: ReportError[];
  /** Milliseconds per rule, as `rule:<id>`. */
  timing: Record<string, number>;
}

export function runRuntimeRules(input: RuntimeInput): RuntimeResult {
  const findings: Finding[] = [];
  const errors: ReportError[] = [];
  const timing: Record<string, number> = {};
  const seen = new Set<string>();
  for (const rule of [...input.rules].sort((a, b) => a.meta.id.localeCompare(b.meta.id))) {
    const t0 = performance.now();
    const report = (f: FindingInput): void => {
      const finding: Finding = {
        ...f,
        ruleId: rule.meta.id,
        severity: f.severity ?? rule.meta.severity,
        confidence: f.confidence ?? rule.meta.confidence,
      };
      const key = `${finding.ruleId}\u0000${finding.location.file}\u0000${finding.location.line ?? ''}\u0000${finding.location.column ?? ''}\u0000${finding.message}`;
      if (seen.has(key)) return;
      seen.add(key);
      findings.push(finding);
    };
    try {
      rule.run({ behaviors: input.behaviors, report });
    } catch (err) {
      errors.push({ message: `rule ${rule.meta.id} failed: ${errorMessage(err)}` });
    }
    timing[`rule:${rule.meta.id}`] = Math.round(performance.now() - t0);
  }
  const kept = applyConfig(findings, input.config, input.text).kept;
  for (const f of kept) {
    if (f.snippet || f.location.line === undefined) continue;
    const body = input.text(f.location.file);
    const snippet = body === undefined ? undefined : makeSnippet(body, f.location.line);
    if (snippet) f.snippet = snippet;
  }
  return { findings: kept.sort(compareFindings), errors, timing };
}
