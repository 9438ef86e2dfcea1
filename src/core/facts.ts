/**
 * Typed fact providers: what several rules read about a target (the import graph, code facts,
 * text facts, the dependency tree, the history...), each declared once with the type of its value
 * and computed once per scan by the engine's fact store (src/facts/store.ts). A rule reads a fact
 * with `ctx.facts.get(provider)`, or `ctx.facts.get(provider, key)` for a family keyed by a file
 * path or a command; no string keys, no casts.
 *
 * `C` is the context the provider computes from (a scan rule's or a workstation check's).
 */

/** What a provider reads beyond the inventory, so the store refuses to compute it too early. */
export type FactInput = 'execution-map';

export interface Fact<C, T, K = void> {
  /** Shown in timing and in the gap entry when the provider fails. */
  readonly name: string;
  readonly compute: (ctx: C, key: K) => T;
  /** Needs the complete execution map: asking for it during the map phase is a bug. */
  readonly needs?: FactInput;
  /** The cache key of a family's key (default `String(key)`). */
  readonly keyOf?: (key: K) => string;
}

export interface FactReader<C> {
  get<T>(fact: Fact<C, T>): T;
  get<T, K>(fact: Fact<C, T, K>, key: K): T;
}

/**
 * What a consumer of a failed provider gets, every time it asks: the failure was recorded once,
 * as a gap entry naming the provider, so the engine does not record the consumer's failure again.
 */
export class FactFailure extends Error {
  readonly fact: string;

  constructor(fact: string, cause: unknown) {
    super(`${fact} could not be computed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'FactFailure';
    this.fact = fact;
  }
}
