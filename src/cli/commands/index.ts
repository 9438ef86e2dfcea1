import type { CliCommand } from '../io.ts';
import { dbCommand } from './db.ts';
import { detonateCommand } from './detonate.ts';
import { hardenCommand } from './harden.ts';
import { huntCommand } from './hunt.ts';
import { openCommand } from './open.ts';
import { rulesCommand } from './rules.ts';
import { scanCommand } from './scan.ts';

/** Every subcommand, in help order. */
export const commands: readonly CliCommand[] = [scanCommand, openCommand, detonateCommand, huntCommand, hardenCommand, rulesCommand, dbCommand];
