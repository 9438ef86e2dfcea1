import { shellTools } from '../../knowledge/index.ts';
import { analyzeCommand } from './index.ts';

/** A word no real command line holds, standing in for the unknown part while the line is parsed. */
const STAND_IN = 'airlock0unknown0part';

/** Programs that run their arguments (or a file named in them) as code, beyond the interpreters. */
const EVALUATORS = new Set(['eval', 'source', '.', 'iex', 'invoke-expression', 'cmd', 'bun', 'deno']);

/**
 * Whether the unknown parts (`hole`) of a command line skeleton decide what runs: the unknown text
 * is a program, a command of a nested shell (`/bin/sh -c "${…}"`, `env bash -c`, `xargs sh -c`),
 * or an argument of an interpreter or evaluator (`node -e ${…}`, `perl ${…}`). Wrappers and
 * program paths are looked through by the shell analysis, so `/usr/bin/env` and `sudo` change
 * nothing. False when the unknown text only fills arguments of a fixed program (`git clone ${…}`).
 */
export function unknownPartRunsAsCode(skeleton: string, hole: string): boolean {
  const tools = shellTools();
  const runsArguments = (program: string): boolean =>
    tools.shells.has(program) ||
    tools.nodeLike.has(program) ||
    tools.pythons.has(program) ||
    tools.powershells.has(program) ||
    tools.inlineFlags.has(program) ||
    EVALUATORS.has(program);
  const analysis = analyzeCommand(skeleton.split(hole).join(STAND_IN), { posix: true });
  return analysis.commands.some(c => c.program.includes(STAND_IN) || (runsArguments(c.program) && c.args.some(a => a.includes(STAND_IN))));
}
