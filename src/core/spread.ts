/**
 * What `Math.max(...x)`, `Math.min(...x)` and `String.fromCharCode(...x)` compute, without
 * spreading `x` into a call's arguments: a spread of an attacker-sized array overflows the stack
 * (about 125,000 items from a shallow stack, far fewer from a deep one). The lint rule in
 * eslint.config.js keeps those spreads out of src/.
 */

/** `Math.max(floor, ...values)`, the same value (NaN and -0 included), one item at a time. */
export function maxOf(values: Iterable<number>, floor = -Infinity): number {
  let m = floor;
  for (const v of values) m = Math.max(m, v);
  return m;
}

/** `Math.min(ceiling, ...values)`, one item at a time. */
export function minOf(values: Iterable<number>, ceiling = Infinity): number {
  let m = ceiling;
  for (const v of values) m = Math.min(m, v);
  return m;
}

const CHUNK = 4096;

/** `String.fromCharCode(...codes)`, a bounded chunk per call. */
export function fromCharCodes(codes: readonly number[]): string {
  let out = '';
  for (let i = 0; i < codes.length; i += CHUNK) out += String.fromCharCode.apply(null, codes.slice(i, i + CHUNK));
  return out;
}

/** `target.push(...items)`, one item at a time. */
export function pushAll<T>(target: T[], items: Iterable<T>): T[] {
  for (const x of items) target.push(x);
  return target;
}
