/** Runs runtime (detonate) rules over hand-written behaviours, without a sandbox. */
import { defaultScanOptions } from '../../src/core/defaults.ts';
import type { RuntimeRule } from '../../src/core/rule.ts';
import type { Behavior, Finding } from '../../src/core/types.ts';
import { runRuntimeRules } from '../../src/engine/runtime.ts';

export function runRuntimeRule(rule: RuntimeRule, behaviors: Behavior[]): Finding[] {
  return runRuntimeRules({ rules: [rule], behaviors, config: defaultScanOptions().config, text: () => undefined }).findings;
}

export const SOURCE = { file: 'package.json', line: 5 };
