#!/usr/bin/env node
/** The executable: the only file that reads process.argv and sets process.exitCode. */
import { runCli } from './run.ts';

const code = await runCli(process.argv.slice(2), {
  stdout: text => process.stdout.write(text),
  stderr: text => process.stderr.write(text),
  stdoutIsTTY: process.stdout.isTTY,
  stderrIsTTY: process.stderr.isTTY,
  env: process.env,
  cwd: process.cwd(),
});
process.exitCode = code;
