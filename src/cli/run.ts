/**
 * The CLI as a function: argv in, exit code out. Errors become one line on stderr and exit 2;
 * a stack trace is shown only with AIRLOCK_DEBUG=1.
 */
import { AirlockError } from '../core/errors.ts';
import { VERSION } from '../version.ts';
import { commands } from './commands/index.ts';
import type { CliIO } from './io.ts';

function mainUsage(): string {
  const width = Math.max(...commands.map(c => c.name.length));
  return `airlock ${VERSION}: find out what an untrusted repository will do to your machine before you trust it.

Usage: airlock <command> [options]

Commands:
${commands.map(c => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n')}

Run \`airlock <command> --help\` for a command's options.`;
}

export async function runCli(argv: string[], io: CliIO): Promise<number> {
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
  if (!entry) {
    io.stderr(`airlock: unknown command ${JSON.stringify(name)}. Commands: ${commands.map(c => c.name).join(', ')}.\n`);
    return 2;
  }
  try {
    const command = await entry.load();
    return await command.run(rest, io);
  } catch (err) {
    if (err instanceof AirlockError) {
      io.stderr(`airlock ${entry.name}: ${err.message}\n`);
    } else {
      io.stderr(`airlock ${entry.name}: internal error: ${err instanceof Error ? err.message : String(err)}\n`);
    }
    if (io.env['AIRLOCK_DEBUG'] === '1' && err instanceof Error && err.stack) io.stderr(err.stack + '\n');
    return 2;
  }
}
