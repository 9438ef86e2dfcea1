/**
 * Typed errors. The library throws these; only src/cli/main.ts turns them into exit codes.
 * `UsageError` and `InputError` map to exit code 2 with their message as one line.
 */
export class AirlockError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}

/** The command line was wrong. */
export class UsageError extends AirlockError {}

/** The target or another input cannot be used (missing, unreadable, refused). */
export class InputError extends AirlockError {}

/** A precondition on the machine is missing (no sandbox backend, no git). */
export class EnvironmentError extends AirlockError {}

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
