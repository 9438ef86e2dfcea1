/**
 * The CLI as a function: argv in, exit code out. Errors become one line on stderr and exit 2;
 * a stack trace is shown only with AIRLOCK_DEBUG=1.
 */
import { AirlockError } from '../core/errors.ts';
import { didYouMean } from '../core/suggest.ts';
import { safeText } from '../reporters/terminal-safe.ts';
import { VERSION } from '../version.ts';
import { commands } from './commands/index.ts';
import { clearProgress } from './io.ts';
import type { CliIO } from './io.ts';
import { maxOf } from '../core/spread.ts';

function mainUsage(): string {
  const width = maxOf(commands.map(c => c.name.length));
  return `airlock ${VERSION}: find out what an untrusted repository will do to your machine before you trust it.

Usage: airlock <command> [options]

Commands:
${commands.map(c => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n')}

Run \`airlock help <command>\` (or \`airlock <command> --help\`) for a command's options.`;
}

function unknownCommand(io: CliIO, name: string): number {
  const names = commands.map(c => c.name);
  const shown = /^[\x21-\x7e]{1,40}$/.test(name) ? name : JSON.stringify(name.slice(0, 40));
  io.stderr(`airlock: unknown command ${shown}${didYouMean(name, names)}; commands: ${names.join(', ')} (see \`airlock help\`)\n`);
  return 2;
}

/** Error text can carry names from the target (archive entries, refs): one line, escaped. */
function oneLine(message: string): string {
  return safeText(message.replace(/\s+$/, ''));
}

export async function runCli(argv: string[], io: CliIO): Promise<number> {
  const [first, ...more] = argv;
  // `airlock help scan` is `airlock scan --help`, as in git.
  if (first === 'help' && more[0] !== undefined) return runCli([more[0], '--help'], io);
  const [name, ...rest] = argv;
  if (name === undefined || name === '-h' || name === '--help' || name === 'help') {
    io.stdout(mainUsage() + '\n');
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v') {
    io.stdout(VERSION + '\n');
    return 0;
  }
  const entry = commands.find(c => c.name === name);
  if (!entry) return unknownCommand(io, name);
  try {
    const command = await entry.load();
    return await command.run(rest, io);
  } catch (err) {
    clearProgress(io, true);
    if (err instanceof AirlockError) {
      io.stderr(`airlock ${entry.name}: ${oneLine(err.message)}\n`);
    } else {
      io.stderr(`airlock ${entry.name}: internal error: ${oneLine(err instanceof Error ? err.message : String(err))}\n`);
    }
    if (io.env['AIRLOCK_DEBUG'] === '1' && err instanceof Error && err.stack) io.stderr(err.stack + '\n');
    return 2;
  }
}
