/**
 * The rule registry: every rule of every area, in catalogue order. Each area folder has an
 * index.ts listing its rules; a rule's documentation is the README.md in its folder.
 */
import type { Rule } from '../core/rule.ts';
import assets from './assets/index.ts';
import autorun from './autorun/index.ts';
import code from './code/index.ts';
import deps from './deps/index.ts';
import harden from './harden/index.ts';
import hunt from './hunt/index.ts';
import ioc from './ioc/index.ts';
import provenance from './provenance/index.ts';
import runtime from './runtime/index.ts';
import scan from './scan/index.ts';

export const allRules: readonly Rule[] = [
  ...scan,
  ...autorun,
  ...code,
  ...assets,
  ...ioc,
  ...deps,
  ...provenance,
  ...runtime,
  ...hunt,
  ...harden,
];

export function findRule(id: string): Rule | undefined {
  return allRules.find(r => r.meta.id === id);
}

/** The README.md of a rule, next to its code (copied into dist by the build). */
export function ruleDocUrl(id: string): URL {
  return new URL(`./${id}/README.md`, import.meta.url);
}
