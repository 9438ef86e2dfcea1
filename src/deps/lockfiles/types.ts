/**
 * What every lockfile reader returns: the packages the lockfile pins, each with where it comes
 * from and how it is verified, plus the edges that say which package requires which.
 */

import type { GapKind } from '../../core/types.ts';
import { gapKindOf } from '../../lang/read-result.ts';
import type { ReadFailure } from '../../lang/read-result.ts';

export type LockfileFormat = 'npm' | 'yarn-classic' | 'yarn-berry' | 'pnpm' | 'bun';

export interface LockPackage {
  /** Unique within its lockfile (install path, `name@version` or the lockfile's own key). */
  key: string;
  name: string;
  /** The pinned version; for git/tarball/local packages the lockfile's version text. */
  version: string;
  /** Where the package manager downloads it from (URL, git URL, `file:` path), when recorded. */
  resolved?: string;
  /** Subresource-integrity string (`sha512-…`), when recorded. */
  integrity?: string;
  dev: boolean;
  optional: boolean;
  /** The lockfile says the package runs install scripts (npm `hasInstallScript`, pnpm `requiresBuild`). */
  hasInstallScript?: boolean;
  /** Keys of the packages this one requires. */
  deps: string[];
  /** A local workspace package or link, not something downloaded. */
  local?: boolean;
}

export interface ParsedLockfile {
  format: LockfileFormat;
  /** The lockfile's own version marker (`lockfileVersion`, yarn `__metadata.version`), as text. */
  version?: string;
  packages: LockPackage[];
  /** Keys of the packages the root project requires directly, by dependency name. */
  direct: Map<string, string>;
  /** Direct dependency specs recorded in the lockfile's root entry (name → range), when recorded. */
  rootSpecs?: Map<string, string>;
  /** Problems found while reading (self-contradictions, entries skipped). */
  problems: string[];
}

/**
 * Thrown when a lockfile cannot be read at all. `gap` says why when the package manager could
 * still read it (too large for Airlock, a format version or a binary form Airlock does not read, a
 * reader limit): then its packages install unchecked, which the scan reports as a gap. Without
 * `gap` the file is broken for every reader (not JSON/YAML, wrong shape).
 */
export class LockfileError extends Error {
  readonly gap: GapKind | undefined;
  constructor(message: string, gap?: GapKind) {
    super(message);
    this.gap = gap;
  }
}

/** The error for a reader failure: a reader limit is a gap, a syntax error is not. */
export function readFailure(error: ReadFailure): LockfileError {
  return new LockfileError(error.message, gapKindOf(error));
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** `name@range` split at the `@` that is not a scope marker. */
export function splitSpec(spec: string): { name: string; range: string } {
  const at = spec.indexOf('@', 1);
  if (at < 0) return { name: spec, range: '' };
  return { name: spec.slice(0, at), range: spec.slice(at + 1) };
}

export function stringMap(v: unknown): Map<string, string> {
  const out = new Map<string, string>();
  if (!isRecord(v)) return out;
  for (const [k, val] of Object.entries(v)) if (typeof val === 'string') out.set(k, val);
  return out;
}
