/**
 * Argument parsing on node:util parseArgs, with one clear usage error per mistake (git and ESLint
 * style: what was wrong, a "did you mean" where one is close, where to read more) instead of
 * Node's own messages.
 */
import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';
import { UsageError } from '../core/errors.ts';
import { didYouMean } from '../core/suggest.ts';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;
export type OptionValues = Record<string, string | boolean | string[] | undefined>;

function helpHint(command: string): string {
  return `see \`airlock help ${command}\``;
}

/** Shows a token from the command line safely in one line. */
function shown(token: string): string {
  const s = token.length > 60 ? `${token.slice(0, 57)}...` : token;
  return /^[\x21-\x7e]*$/.test(s) ? s : JSON.stringify(s);
}

/**
 * Checks every option token against the spec and rewrites `--flag VALUE` as `--flag=VALUE` so a
 * value starting with "-" (`--depth -1`) reaches the value check instead of being "ambiguous".
 */
function normalise(argv: readonly string[], options: OptionSpec, command: string): string[] {
  const longs = Object.keys(options);
  const shorts = new Map<string, string>();
  for (const [name, o] of Object.entries(options)) if (o.short !== undefined) shorts.set(o.short, name);
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i] ?? '';
    if (token === '--') {
      out.push(...argv.slice(i));
      break;
    }
    let name: string | undefined;
    let inline: string | undefined;
    if (token.startsWith('--')) {
      const eq = token.indexOf('=');
      name = eq === -1 ? token.slice(2) : token.slice(2, eq);
      if (eq !== -1) inline = token.slice(eq + 1);
      if (!(name in options))
        throw new UsageError(
          'UNKNOWN_OPTION',
          `unknown option --${shown(name)}${didYouMean(name, longs, s => `--${s}`)}; ${helpHint(command)}`,
        );
    } else if (token.startsWith('-') && token.length > 1 && !/^-\d/.test(token)) {
      const letter = token.slice(1, 2);
      name = shorts.get(letter);
      if (name === undefined) throw new UsageError('UNKNOWN_OPTION', `unknown option ${shown(token)}; ${helpHint(command)}`);
      if (token.length > 2) inline = token.slice(2);
    } else {
      out.push(token);
      continue;
    }
    const spec = options[name];
    if (spec?.type === 'boolean') {
      if (inline !== undefined) throw new UsageError('BAD_VALUE', `--${name} takes no value; ${helpHint(command)}`);
      out.push(`--${name}`);
      continue;
    }
    if (inline === undefined) {
      const next = argv[i + 1];
      const isOption =
        next !== undefined && (next.startsWith('--') || (next.startsWith('-') && next.length === 2 && shorts.has(next[1] ?? '')));
      if (next === undefined || isOption) throw new UsageError('MISSING_VALUE', `--${name} needs a value; ${helpHint(command)}`);
      inline = next;
      i++;
    }
    out.push(`--${name}=${inline}`);
  }
  return out;
}

export function parse(argv: string[], options: OptionSpec, command: string): { values: OptionValues; positionals: string[] } {
  const args = normalise(argv, options, command);
  try {
    const { values, positionals } = parseArgs({ args, options, allowPositionals: true, strict: true });
    return { values: values as OptionValues, positionals };
  } catch (err) {
    // normalise() settles everything parseArgs checks; this is the safety net, still one line.
    const first = (err as Error).message.split(/\.\s|\n/)[0] ?? 'invalid arguments';
    throw new UsageError('BAD_ARGS', `${first}; ${helpHint(command)}`);
  }
}

export function oneOf<T extends string>(value: unknown, allowed: readonly T[], flag: string): T | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  const got = typeof value === 'string' ? value : JSON.stringify(value);
  throw new UsageError('BAD_VALUE', `${flag} must be one of ${allowed.join(', ')} (got ${JSON.stringify(got)})${didYouMean(got, allowed)}`);
}

/**
 * A whole-number flag within [min, max]; `what` names the unit ("commits", "seconds").
 * Rejects "abc", "-1", "1.5", "0x10" and out-of-range values with one line.
 */
export function wholeNumber(value: unknown, flag: string, min: number, max: number, what: string): number | undefined {
  if (value === undefined) return undefined;
  const n = typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(n) || n < min || n > max) {
    const got = typeof value === 'string' ? value : JSON.stringify(value);
    throw new UsageError('BAD_VALUE', `${flag} must be a whole number of ${what} from ${min} to ${max} (got ${JSON.stringify(got)})`);
  }
  return n;
}
