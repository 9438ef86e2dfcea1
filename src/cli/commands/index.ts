import type { CliCommand } from '../io.ts';
import { dbCommand } from './db.ts';
import { openCommand } from './open.ts';
import { rulesCommand } from './rules.ts';
import { scanCommand } from './scan.ts';

/** Every subcommand, in help order. */
export const commands: readonly CliCommand[] = [scanCommand, openCommand, rulesCommand, dbCommand];
