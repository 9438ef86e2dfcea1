/**
 * Every rule of every area, in catalogue order: by area (the order of AREAS), then by id. The list
 * itself is generated from the folder tree (registry.generated.ts, `npm run gen`); a rule's
 * documentation is the README.md in its folder. The engine decides the order rules run in.
 */
import type { AnyRule, RuntimeRule, ScanRule } from '../core/rule.ts';
import { isWorkstationRule } from '../workstation/rule.ts';
import type { WorkstationRule } from '../workstation/rule.ts';
import { registry } from './registry.generated.ts';

/** The areas, in the catalogue's order, with the title of each one's section. */
export const AREAS: Readonly<Record<string, string>> = {
  scan: 'The scan itself: what could not be analysed',
  autorun: 'What runs on a trigger (the execution map)',
  code: 'Code analysis',
  assets: 'Files that are not what they claim',
  ioc: 'Known campaign indicators',
  deps: 'Dependencies and vendored code',
  provenance: 'Git history and hosting reputation',
  runtime: 'Observed in the sandbox (detonate)',
  hunt: 'Workstation traces (hunt)',
  harden: 'Workstation settings (harden)',
};

const AREA_ORDER = Object.keys(AREAS);
const areaRank = (r: AnyRule): number => {
  const at = AREA_ORDER.indexOf(r.meta.id.split('/')[0] ?? '');
  return at < 0 ? AREA_ORDER.length : at;
};

export const allRules: readonly AnyRule[] = [...registry].sort((a, b) => areaRank(a) - areaRank(b) || a.meta.id.localeCompare(b.meta.id));

/** Rules of `airlock scan` (run by the scan engine). */
export const scanRules: readonly ScanRule[] = allRules.filter((r): r is ScanRule => r.kind === 'scan');
/** Rules of `airlock detonate` (run over the sandbox's behaviours). */
export const runtimeRules: readonly RuntimeRule[] = allRules.filter((r): r is RuntimeRule => r.kind === 'runtime');
/** Checks of `airlock hunt` and `airlock harden`. */
export const workstationRules: readonly WorkstationRule[] = allRules.filter(isWorkstationRule);

export function findRule(id: string): AnyRule | undefined {
  return allRules.find(r => r.meta.id === id);
}

/** The README.md of a rule, next to its code (copied into dist by the build). */
export function ruleDocUrl(id: string): URL {
  return new URL(`./${id}/README.md`, import.meta.url);
}
