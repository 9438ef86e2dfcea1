#!/usr/bin/env node
/** The executable: the only file that reads process.argv and sets process.exitCode. */
import { createInterface } from 'node:readline/promises';
import { runCli } from './run.ts';

async function prompt(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return await rl.question(question);
  } finally {
    rl.close();
  }
}

// `airlock scan . | head`: once the reader has gone, stop writing and end quietly (as git does),
// keeping the exit code the verdict gives. Any other write error is an error (exit 2).
const stdoutState = { closed: false, failed: false };
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  stdoutState.closed = true;
  if (err.code !== 'EPIPE') stdoutState.failed = true;
});
process.stderr.on('error', () => {
  // Nowhere left to report it; the exit code still says how the run went.
});

const code = await runCli(process.argv.slice(2), {
  stdout: text => {
    if (!stdoutState.closed) process.stdout.write(text);
  },
  stderr: text => process.stderr.write(text),
  stdoutIsTTY: process.stdout.isTTY,
  stderrIsTTY: process.stderr.isTTY,
  ...(process.stderr.isTTY && process.stderr.columns > 0 ? { columns: process.stderr.columns } : {}),
  ...(process.stdout.isTTY && process.stdout.columns > 0 ? { stdoutColumns: process.stdout.columns } : {}),
  env: process.env,
  cwd: process.cwd(),
  ...(process.stdin.isTTY ? { prompt } : {}),
});
process.exitCode = stdoutState.failed ? 2 : code;
