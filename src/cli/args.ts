/** Argument parsing on node:util parseArgs, with usage errors instead of exceptions. */
import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';
import { UsageError } from '../core/errors.ts';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

export function parse(
  argv: string[],
  options: OptionSpec,
  command: string,
): { values: Record<string, string | boolean | string[] | undefined>; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
    return { values: values as Record<string, string | boolean | string[] | undefined>, positionals };
  } catch (err) {
    throw new UsageError(
      'BAD_ARGS',
      `${command}: ${(err as Error).message.split('\n')[0] ?? 'invalid arguments'} (see \`airlock ${command} --help\`)`,
    );
  }
}

export function oneOf<T extends string>(value: unknown, allowed: readonly T[], flag: string): T | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError('BAD_VALUE', `${flag} must be one of ${allowed.join(', ')} (got ${JSON.stringify(value)})`);
}
