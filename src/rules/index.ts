/**
 * Every rule of every area, in catalogue order: by area (the order of AREAS), then by id. The list
 * itself is generated from the folder tree (registry.generated.ts, `npm run gen`); a rule's
 * documentation is the README.md in its folder. The engine decides the order rules run in.
 */
import type { Rule } from '../core/rule.ts';
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
const areaRank = (r: Rule): number => {
  const at = AREA_ORDER.indexOf(r.meta.id.split('/')[0] ?? '');
  return at < 0 ? AREA_ORDER.length : at;
};

export const allRules: readonly Rule[] = [...registry].sort((a, b) => areaRank(a) - areaRank(b) || a.meta.id.localeCompare(b.meta.id));

export function findRule(id: string): Rule | undefined {
  return allRules.find(r => r.meta.id === id);
}

/** The README.md of a rule, next to its code (copied into dist by the build). */
export function ruleDocUrl(id: string): URL {
  return new URL(`./${id}/README.md`, import.meta.url);
}
