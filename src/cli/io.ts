/** What a command may touch of the outside world; injected so tests can run the CLI in-process. */
export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Whether stdout/stderr are terminals (colour, progress). */
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  /** Ask the user a question on the terminal; absent when there is no interactive input. */
  prompt?: (question: string) => Promise<string>;
}

export interface CliCommand {
  name: string;
  usage: string;
  run(argv: string[], io: CliIO): Promise<number>;
}

export function useColor(io: CliIO): boolean {
  if (io.env['NO_COLOR'] !== undefined && io.env['NO_COLOR'] !== '') return false;
  if (io.env['FORCE_COLOR'] !== undefined && io.env['FORCE_COLOR'] !== '0') return true;
  return io.stdoutIsTTY;
}

/** A progress line on a TTY's stderr; silent otherwise. */
export function progressReporter(io: CliIO, enabled: boolean): ((message: string) => void) | undefined {
  if (!enabled || !io.stderrIsTTY) return undefined;
  return (message: string) => {
    io.stderr(`\r\u001b[2K airlock: ${message}…`);
  };
}

export function clearProgress(io: CliIO, enabled: boolean): void {
  if (enabled && io.stderrIsTTY) io.stderr('\r\u001b[2K');
}
