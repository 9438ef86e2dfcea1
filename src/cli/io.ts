import { cutMiddle, safeText } from '../reporters/terminal-safe.ts';

/** What a command may touch of the outside world; injected so tests can run the CLI in-process. */
export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Whether stdout/stderr are terminals (colour, progress). */
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  /** Width of the terminal on stderr, when one is attached (progress line). */
  columns?: number;
  /** Width of the terminal on stdout, when stdout is one (text reports fit it). */
  stdoutColumns?: number;
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

/** The columns a text report written to stdout fits: the terminal's, or 80 when not a terminal. */
export function reportWidth(io: CliIO): number | undefined {
  return io.stdoutIsTTY && io.stdoutColumns !== undefined && io.stdoutColumns > 0 ? Math.max(40, io.stdoutColumns) : undefined;
}

export function useColor(io: CliIO): boolean {
  if (io.env['NO_COLOR'] !== undefined && io.env['NO_COLOR'] !== '') return false;
  if (io.env['FORCE_COLOR'] !== undefined && io.env['FORCE_COLOR'] !== '0') return true;
  return io.stdoutIsTTY;
}

interface Ticker {
  timer: ReturnType<typeof setInterval>;
}
const tickers = new WeakMap<CliIO, Ticker>();

function seconds(ms: number): string {
  const s = Math.floor(ms / 1000);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}

/**
 * A progress line on a TTY's stderr, silent otherwise: elapsed time and the current step, redrawn
 * every second so a long step visibly moves, and cut to the terminal's width (default 80) so `\r`
 * redraws never wrap.
 */
export function progressReporter(io: CliIO, enabled: boolean): ((message: string) => void) | undefined {
  if (!enabled || !io.stderrIsTTY) return undefined;
  const started = Date.now();
  let current = '';
  const width = Math.max(20, (io.columns ?? 80) - 1);
  const draw = (): void => {
    io.stderr(`\r\u001b[2K${cutMiddle(`airlock ${seconds(Date.now() - started)} · ${safeText(current)}…`, width)}`);
  };
  const old = tickers.get(io);
  if (old) clearInterval(old.timer);
  const timer = setInterval(draw, 1000);
  timer.unref();
  tickers.set(io, { timer });
  return (message: string) => {
    current = message;
    draw();
  };
}

export function clearProgress(io: CliIO, enabled: boolean): void {
  const t = tickers.get(io);
  if (t) {
    clearInterval(t.timer);
    tickers.delete(io);
  }
  if (enabled && io.stderrIsTTY) io.stderr('\r\u001b[2K');
}
