/** Runs the CLI in-process with captured output. */
import { runCli } from '../../src/cli/run.ts';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** `stdoutColumns`: stdout is a terminal that wide (no colour: NO_COLOR stays set unless `env` clears it). */
export async function runAirlock(
  argv: string[],
  options: { cwd?: string; env?: Record<string, string>; stdoutColumns?: number } = {},
): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: t => {
      stdout += t;
    },
    stderr: t => {
      stderr += t;
    },
    stdoutIsTTY: options.stdoutColumns !== undefined,
    ...(options.stdoutColumns !== undefined ? { stdoutColumns: options.stdoutColumns } : {}),
    stderrIsTTY: false,
    env: { NO_COLOR: '1', ...options.env },
    cwd: options.cwd ?? process.cwd(),
  });
  return { code, stdout, stderr };
}
