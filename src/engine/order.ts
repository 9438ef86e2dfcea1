/**
 * The order rules run in, decided by the engine and not by the registry: phase by phase
 * (map → analyze → post → final), and inside a phase by id, except that a rule runs after the
 * rules of its phase it names in `meta.after`.
 */
import type { ScanRule, ScanRuleMeta } from '../core/rule.ts';

export type Phase = NonNullable<ScanRuleMeta['phase']>;

export function phaseOf(rule: ScanRule): Phase {
  return rule.meta.phase ?? 'analyze';
}

/** The rules of one phase, each after the rules it names; a name outside the phase or an unknown one is ignored. */
export function orderPhase(rules: readonly ScanRule[], phase: Phase): ScanRule[] {
  const inPhase = rules.filter(r => phaseOf(r) === phase).sort((a, b) => a.meta.id.localeCompare(b.meta.id));
  const byId = new Map(inPhase.map(r => [r.meta.id, r]));
  const out: ScanRule[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (rule: ScanRule, path: string[]): void => {
    const id = rule.meta.id;
    if (state.get(id) === 'done') return;
    if (state.get(id) === 'visiting') throw new Error(`rules ${[...path, id].join(' → ')} wait for each other (meta.after)`);
    state.set(id, 'visiting');
    for (const dep of rule.meta.after ?? []) {
      const before = byId.get(dep);
      if (before) visit(before, [...path, id]);
    }
    state.set(id, 'done');
    out.push(rule);
  };
  for (const rule of inPhase) visit(rule, []);
  return out;
}
