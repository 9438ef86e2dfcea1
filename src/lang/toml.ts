/**
 * TOML (bunfig.toml), read with smol-toml behind a size cap and two nesting caps: the parser's
 * own for inline arrays and tables, and one on dotted keys (`[a.b.c…]`, `a.b.c = 1`), checked on
 * the text, since each dot is one more level of the value and the parser slows with the square
 * of their number.
 */
import type * as Toml from 'smol-toml';
import { LIMITS } from '../core/limits.ts';
import { lazyRequire } from '../core/lazy-require.ts';
import { failure, isStackOverflow, tooDeep, tooLarge } from './read-result.ts';
import type { ReadResult } from './read-result.ts';

const toml = lazyRequire('smol-toml') as () => typeof Toml;

export interface TomlLimits {
  maxChars?: number;
  maxDepth?: number;
}

export function readToml(text: string, limits: TomlLimits = {}): ReadResult<Record<string, unknown>> {
  const maxChars = limits.maxChars ?? LIMITS.read.maxChars;
  const maxDepth = limits.maxDepth ?? LIMITS.read.maxTomlDepth;
  if (text.length > maxChars) return tooLarge('TOML', text.length, maxChars);
  if (dottedKeysExceed(text, maxDepth)) return tooDeep('TOML', maxDepth);
  try {
    return { ok: true, value: toml().parse(text, { maxDepth }) };
  } catch (err) {
    if (isStackOverflow(err)) return tooDeep('TOML', maxDepth);
    const message = err instanceof Error ? err.message : String(err);
    if (/excessively nested/.test(message)) return tooDeep('TOML', maxDepth);
    const at = err as { line?: unknown; column?: unknown };
    return failure('syntax', `not valid TOML (${message})`, {
      ...(typeof at.line === 'number' ? { line: at.line } : {}),
      ...(typeof at.column === 'number' ? { column: at.column } : {}),
    });
  }
}

/** Whether a line's key (before `=`, or a `[table]` header) holds more than `max` dots. */
function dottedKeysExceed(text: string, max: number): boolean {
  let dots = 0;
  let inKey = true;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a) {
      dots = 0;
      inKey = true;
    } else if (!inKey) continue;
    else if (c === 0x3d /* = */ || c === 0x23 /* # */) inKey = false;
    else if (c === 0x2e /* . */ && ++dots > max) return true;
  }
  return false;
}
