/** `airlock hunt`: traces of the campaign on this machine (or a `--home` copy), with what to do next. */
import type { WorkstationRule } from './rule.ts';
import type { Report } from '../core/types.ts';
import { runWorkstation } from './run.ts';
import type { Scanner, WorkstationOptions } from './run.ts';

export type HuntOptions = WorkstationOptions;

export async function runHunt(options: HuntOptions, rules: readonly WorkstationRule[], scanner: Scanner): Promise<Report> {
  const { report } = await runWorkstation('hunt', options, rules, scanner);
  return report;
}
