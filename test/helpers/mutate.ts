/**
 * The mutant of scripts/mutation-check.mjs: the same rule, except that every finding it would
 * report as critical is reported as high. A rule whose tests still pass with it pins nothing.
 */
import { appendFileSync } from 'node:fs';
import type { Severity } from '../../src/core/types.ts';

interface Reporting {
  report(finding: { severity?: Severity }): void;
}
interface AnyRule {
  meta: { severity: Severity };
  run?: (ctx: never) => unknown;
  check?: (ctx: never) => unknown;
}

/** scripts/mutation-check.mjs names a file to tell it that the mutant lowered a finding. */
const LOG = process.env['AIRLOCK_MUTATION_LOG'];

const lower = (s: Severity | undefined, fallback: Severity): Severity => {
  const severity = s ?? fallback;
  if (severity !== 'critical') return severity;
  if (LOG !== undefined) appendFileSync(LOG, 'lowered\n');
  return 'high';
};

function lowered<C extends Reporting>(ctx: C, fallback: Severity): C {
  return new Proxy(ctx, {
    get(target, key, receiver) {
      if (key === 'report')
        return (f: { severity?: Severity }): void => {
          target.report({ ...f, severity: lower(f.severity, fallback) });
        };
      const value: unknown = Reflect.get(target, key, receiver);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

export function lowerCritical<R extends AnyRule>(rule: R): R {
  const fallback = rule.meta.severity;
  const mutant = { ...rule, meta: { ...rule.meta, severity: fallback === 'critical' ? 'high' : fallback } } as R;
  const run = rule.run as ((ctx: Reporting) => unknown) | undefined;
  const check = rule.check as ((ctx: Reporting) => unknown) | undefined;
  if (run) (mutant as { run: unknown }).run = (ctx: Reporting) => run.call(rule, lowered(ctx, fallback));
  if (check) (mutant as { check: unknown }).check = (ctx: Reporting) => check.call(rule, lowered(ctx, fallback));
  return mutant;
}

/**
 * The same mutant where the engine raises a surface finding to what the code it runs does (the
 * policy's surfaceSeverity, src/engine/merge.ts): scripts/mutation-check.mjs calls this in its copy
 * of src/engine/scan.ts once that is done, and it lowers the critical findings of the rule named by
 * AIRLOCK_MUTATION_RULE to high.
 */
export function lowerRaised(findings: readonly { ruleId: string; severity: Severity }[]): void {
  const id = process.env['AIRLOCK_MUTATION_RULE'];
  for (const f of findings) if (f.ruleId === id) f.severity = lower(f.severity, f.severity);
}
