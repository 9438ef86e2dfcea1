/**
 * The per-scan fact store: computes each provider once (per key, for a family), keeps the value
 * or the failure, and disposes what holds resources when the scan ends. The engine owns one per
 * scan and hands each rule a reader; a rule never builds or fills a store.
 */
import { FactFailure } from '../core/facts.ts';
import type { Fact, FactReader } from '../core/facts.ts';

type AnyFact<C> = Fact<C, unknown, never>;

type Entry = { ok: true; value: unknown } | { ok: false; failure: FactFailure };

export interface FactStoreHooks {
  /** A provider failed: record it once (the engine adds a gap entry). */
  failed(failure: FactFailure): void;
}

function isThenable(v: unknown): v is PromiseLike<unknown> {
  return typeof (v as { then?: unknown } | null)?.then === 'function';
}

export class FactStore<C> {
  private readonly entries = new Map<AnyFact<C>, Map<string, Entry>>();
  private readonly elapsed = new Map<string, number>();
  private mapComplete = false;

  constructor(private readonly hooks: FactStoreHooks) {}

  /** From now on, providers that need the execution map may be computed. */
  executionMapComplete(): void {
    this.mapComplete = true;
  }

  /** A value the engine already has (the installed-files session it fed during the walk). */
  provide<T>(fact: Fact<C, T>, value: T): void {
    this.family(fact).set('undefined', { ok: true, value });
  }

  /** What a rule's context exposes: `get` computing with that context. */
  reader(ctx: C): FactReader<C> {
    return {
      get: <T, K>(fact: Fact<C, T, K>, key?: K): T => this.get(ctx, fact, key as K),
    };
  }

  /** Milliseconds spent computing each provider (all keys of a family together). */
  timings(): ReadonlyMap<string, number> {
    return this.elapsed;
  }

  private family(fact: AnyFact<C>): Map<string, Entry> {
    let family = this.entries.get(fact);
    if (!family) {
      family = new Map();
      this.entries.set(fact, family);
    }
    return family;
  }

  private get<T, K>(ctx: C, fact: Fact<C, T, K>, key: K): T {
    const family = this.family(fact);
    const id = fact.keyOf ? fact.keyOf(key) : String(key);
    const hit = family.get(id);
    if (hit) {
      if (!hit.ok) throw hit.failure;
      // The entry was stored by this provider, whose compute returned a T.
      return hit.value as T;
    }
    if (fact.needs === 'execution-map' && !this.mapComplete) {
      throw new Error(`${fact.name} needs the execution map, which is not complete yet`);
    }
    const started = performance.now();
    let value: T;
    try {
      value = fact.compute(ctx, key);
    } catch (err) {
      this.spent(fact.name, started);
      const failure = this.fail(fact.name, err);
      family.set(id, { ok: false, failure });
      throw failure;
    }
    if (isThenable(value)) {
      const settled = Promise.resolve(value).then(
        v => {
          this.spent(fact.name, started);
          return v;
        },
        (err: unknown) => {
          this.spent(fact.name, started);
          throw this.fail(fact.name, err);
        },
      );
      // Consumers see the rejection when they await; the store itself must not leave it unhandled.
      settled.catch(() => undefined);
      family.set(id, { ok: true, value: settled });
      return settled as T;
    }
    this.spent(fact.name, started);
    family.set(id, { ok: true, value });
    return value;
  }

  private spent(name: string, started: number): void {
    this.elapsed.set(name, (this.elapsed.get(name) ?? 0) + (performance.now() - started));
  }

  /** A failure is recorded once, by the provider that failed first (not by those built on it). */
  private fail(name: string, err: unknown): FactFailure {
    if (err instanceof FactFailure) return err;
    const failure = new FactFailure(name, err);
    this.hooks.failed(failure);
    return failure;
  }

  /** Dispose every value with a `dispose()` (temporary folders, worker threads). */
  async dispose(onError: (err: unknown) => void): Promise<void> {
    for (const family of this.entries.values()) {
      for (const entry of family.values()) {
        if (!entry.ok || typeof (entry.value as { dispose?: unknown } | null)?.dispose !== 'function') continue;
        try {
          await (entry.value as { dispose(): unknown }).dispose();
        } catch (err) {
          onError(err);
        }
      }
    }
  }
}
