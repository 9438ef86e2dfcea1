/**
 * Where rendered reports go: stdout, `--output FILE`, or several `--output FORMAT=FILE` from one
 * scan (as Semgrep's `--sarif-output` and friends), never into the scanned tree by accident.
 */
import { writeFileSync } from 'node:fs';
import { InputError, UsageError } from '../core/errors.ts';
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

/** One rendering of the report and where it goes (`file` undefined: stdout). */
export interface Destination<F extends string> {
  format: F;
  file?: string;
}

/**
 * Reads the `--output` values: `FILE` (in the `--format` format) or `FORMAT=FILE`, repeatable.
 * With none, the report goes to stdout in `--format`. At most one destination is stdout.
 */
export function destinations<F extends string>(values: unknown, format: F, formats: readonly F[]): Destination<F>[] {
  const list = Array.isArray(values)
    ? values.filter((v): v is string => typeof v === 'string')
    : typeof values === 'string'
      ? [values]
      : [];
  if (list.length === 0) return [{ format }];
  const pattern = new RegExp(`^(${formats.join('|')})=(.*)$`);
  const out: Destination<F>[] = [];
  let plain = 0;
  for (const value of list) {
    const m = pattern.exec(value);
    const d: Destination<F> = m ? { format: m[1] as F } : { format };
    const file = m ? (m[2] ?? '') : value;
    if (!m) plain++;
    if (file === '') throw new UsageError('BAD_VALUE', `--output ${JSON.stringify(value)} names no file`);
    if (file !== '-') d.file = file;
    out.push(d);
  }
  if (plain > 1) throw new UsageError('BAD_ARGS', '--output FILE is given more than once; write several formats with --output FORMAT=FILE');
  if (out.filter(d => d.file === undefined).length > 1) throw new UsageError('BAD_ARGS', 'only one --output can be stdout (-)');
  const files = out.flatMap(d => (d.file === undefined ? [] : [d.file]));
  const twice = files.find((f, i) => files.indexOf(f) !== i);
  if (twice !== undefined) throw new UsageError('BAD_ARGS', `--output names ${twice} twice`);
  return out;
}
