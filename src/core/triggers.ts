/**
 * The order of triggers, as a developer meets them (open the folder, install, start the dev
 * server...): the declaration order of TRIGGERS, the one place it is written. Reports sort
 * surfaces and a finding's triggers by it.
 */
import { TRIGGERS } from './types.ts';
import type { Trigger } from './types.ts';

const RANK = new Map<Trigger, number>(TRIGGERS.map((t, i) => [t, i]));

export function compareTriggers(a: Trigger, b: Trigger): number {
  return (RANK.get(a) ?? TRIGGERS.length) - (RANK.get(b) ?? TRIGGERS.length);
}

/** Sorts in place and returns the array. */
export function sortTriggers(ts: Trigger[]): Trigger[] {
  return ts.sort(compareTriggers);
}
