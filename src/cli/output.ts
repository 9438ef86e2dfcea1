/** Writing a rendered report to stdout or --output FILE (never into the scanned tree by accident). */
import { writeFileSync } from 'node:fs';
import { InputError } from '../core/errors.ts';
import { resolveAbs } from '../fs/path.ts';
import type { CliIO } from './io.ts';

export function emit(io: CliIO, text: string, output: string | undefined): void {
  if (output === undefined || output === '-') {
    io.stdout(text);
    return;
  }
  try {
    writeFileSync(resolveAbs(io.cwd, output), text);
  } catch (err) {
    throw new InputError('OUTPUT_UNWRITABLE', `cannot write ${output}: ${(err as Error).message}`);
  }
}
