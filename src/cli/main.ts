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

const code = await runCli(process.argv.slice(2), {
  stdout: text => process.stdout.write(text),
  stderr: text => process.stderr.write(text),
  stdoutIsTTY: process.stdout.isTTY,
  stderrIsTTY: process.stderr.isTTY,
  env: process.env,
  cwd: process.cwd(),
  ...(process.stdin.isTTY ? { prompt } : {}),
});
process.exitCode = code;
