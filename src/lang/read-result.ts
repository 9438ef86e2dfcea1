/**
 * What a format reader in src/lang/ returns: the value, or why it could not be read. Readers never
 * throw on hostile input (no RangeError from deep nesting, no exception from bad syntax), so a
 * caller cannot forget to catch and lose the whole scan.
 */
import type { GapKind } from '../core/types.ts';

export type ReadFailureKind = 'size' | 'depth' | 'aliases' | 'entities' | 'syntax';

export interface ReadFailure {
  kind: ReadFailureKind;
  /** One line, safe to put in a report. */
  message: string;
  /** 1-based position of a syntax error, when the parser gave one. */
  line?: number;
  column?: number;
}

export type ReadResult<T> = { ok: true; value: T } | { ok: false; error: ReadFailure };

export function failure(
  kind: ReadFailureKind,
  message: string,
  at?: { line?: number; column?: number },
): { ok: false; error: ReadFailure } {
  const error: ReadFailure = { kind, message: firstLine(message) };
  if (at?.line !== undefined) error.line = at.line;
  if (at?.column !== undefined) error.column = at.column;
  return { ok: false, error };
}

export function tooLarge(format: string, chars: number, max: number): { ok: false; error: ReadFailure } {
  return failure('size', `${format} of ${chars} characters is larger than the ${max} Airlock reads`);
}

export function tooDeep(format: string, max: number): { ok: false; error: ReadFailure } {
  return failure('depth', `${format} nested deeper than ${max} levels`);
}

function firstLine(s: string): string {
  const nl = s.indexOf('\n');
  const line = nl < 0 ? s : s.slice(0, nl);
  return line.length > 300 ? `${line.slice(0, 299)}…` : line;
}

/** True for the errors a recursive parser throws when the input is nested too deeply. */
export function isStackOverflow(err: unknown): boolean {
  return err instanceof RangeError || (err instanceof Error && /Maximum call stack size exceeded/.test(err.message));
}

/**
 * The analysis gap a failed read leaves (scan/incomplete-analysis weighs it): a cap the file
 * exceeds. A syntax error is not a gap: the tool that reads the file refuses it too, so nothing runs
 * from it; callers report it in their own terms.
 */
export function gapKindOf(error: ReadFailure): GapKind | undefined {
  switch (error.kind) {
    case 'size':
      return 'too-large';
    case 'depth':
    case 'aliases':
    case 'entities':
      return 'unparseable';
    case 'syntax':
      return undefined;
  }
}
