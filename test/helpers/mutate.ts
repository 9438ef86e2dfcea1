/**
 * The mutant of scripts/mutation-check.mjs: the same rule, except that every finding it would
 * report as critical is reported as high. A rule whose tests still pass with it pins nothing.
 */
import type { Severity } from '../../src/core/types.ts';

interface Reporting {
  report(finding: { severity?: Severity }): void;
}
interface AnyRule {
  meta: { severity: Severity };
  run?: (ctx: never) => unknown;
  check?: (ctx: never) => unknown;
}

const lower = (s: Severity | undefined, fallback: Severity): Severity => {
  const severity = s ?? fallback;
  return severity === 'critical' ? 'high' : severity;
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
  const mutant = { ...rule, meta: { ...rule.meta, severity: lower(rule.meta.severity, fallback) } } as R;
  const run = rule.run as ((ctx: Reporting) => unknown) | undefined;
  const check = rule.check as ((ctx: Reporting) => unknown) | undefined;
  if (run) (mutant as { run: unknown }).run = (ctx: Reporting) => run.call(rule, lowered(ctx, fallback));
  if (check) (mutant as { check: unknown }).check = (ctx: Reporting) => check.call(rule, lowered(ctx, fallback));
  return mutant;
}
