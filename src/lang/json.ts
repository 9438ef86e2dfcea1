/**
 * Strict JSON (package-lock.json, manifests, caches), read with V8's JSON.parse behind a size cap
 * and a nesting cap. JSON.parse itself is iterative, but a value nested a million levels deep
 * breaks whatever walks it recursively afterwards (JSON.stringify, structured clone), so such a
 * document is refused before it is parsed. A leading byte-order mark is skipped, as npm does.
 */
import { LIMITS } from '../core/limits.ts';
import { failure, tooDeep, tooLarge } from './read-result.ts';
import type { ReadResult } from './read-result.ts';

export interface JsonLimits {
  maxChars?: number;
  maxDepth?: number;
}

export function readJson(input: string, limits: JsonLimits = {}): ReadResult<unknown> {
  const maxChars = limits.maxChars ?? LIMITS.read.maxChars;
  const maxDepth = limits.maxDepth ?? LIMITS.read.maxJsonDepth;
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  if (text.length > maxChars) return tooLarge('JSON', text.length, maxChars);
  if (nestingExceeds(text, maxDepth)) return tooDeep('JSON', maxDepth);
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (err) {
    return failure('syntax', `not valid JSON (${err instanceof Error ? err.message : String(err)})`);
  }
}

/**
 * Whether brackets outside strings nest deeper than `max`, in one pass (strings are skipped with
 * indexOf, so the cost is that of finding their quotes). Works for JSONC too, comments aside: a
 * bracket inside a comment can only over-count.
 */
export function nestingExceeds(text: string, max: number): boolean {
  let depth = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // Skip the string: the next quote not escaped by an odd run of backslashes.
      let j = text.indexOf('"', i + 1);
      while (j > 0) {
        let k = j - 1;
        while (text.charCodeAt(k) === 0x5c) k--;
        if ((j - 1 - k) % 2 === 0) break;
        j = text.indexOf('"', j + 1);
      }
      if (j < 0) return false;
      i = j;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) {
      if (depth > 0) depth--;
    }
  }
  return false;
}
