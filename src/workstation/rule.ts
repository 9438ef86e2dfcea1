/**
 * Workstation checks (`airlock hunt`, `airlock harden`), the third kind of rule (core/rule.ts).
 * They sit in the one rule registry beside the scan and runtime rules, so `airlock rules` lists
 * them, but they look at a home folder instead of a repository: `check(ctx)` gets a
 * WorkstationContext, and run.ts runs them.
 */
import type { Fact, FactReader } from '../core/facts.ts';
import type { AnyRule, WorkstationRule as CheckOf, WorkstationRuleMeta } from '../core/rule.ts';
import type { Location, Report, RepositoryRow, Severity, Confidence } from '../core/types.ts';
import type { PlannedChange } from './fix.ts';
import type { IocData } from './ioc.ts';
import type { Os } from './platform.ts';
import type { ProcSnapshot } from './proc.ts';

export interface Identity {
  user: string;
  uid?: number;
  /** root on Unix, an elevated (Administrator) token on Windows. */
  elevated: boolean;
}

/** What the machine is doing now; injectable so tests can describe a machine. */
export interface SystemReaders {
  processes(): ProcSnapshot;
  /** The user's crontab text; `error` when it could not be read. */
  crontab(): { text?: string; error?: string };
  identity(): Identity | undefined;
}

export interface WorkstationFinding {
  message: string;
  /** Absolute path of the file or folder concerned (shown as `~/...`), or a label such as "pid 123". */
  path: string;
  evidence?: string;
  remediation: string;
  severity?: Severity;
  confidence?: Confidence;
  related?: Location[];
}

export interface WorkstationContext {
  readonly home: string;
  readonly os: Os;
  readonly tmpDir: string;
  /** True when looking at the machine Airlock runs on (no --home). */
  readonly live: boolean;
  readonly roots: readonly string[];
  readonly ioc: IocData;
  /** The process/socket snapshot, or undefined when process checks are off. Read once per run. */
  processes(): ProcSnapshot | undefined;
  readers: SystemReaders;
  /** `~/x/y` for paths under home; the path itself otherwise. */
  display(abs: string): string;
  /** Statically scan a repository with the scan engine (bounded concurrency across calls). */
  scanRepository(dir: string): Promise<Report>;
  report(finding: WorkstationFinding): void;
  /** Something this check could not look at; the check is marked partial. */
  error(message: string, path?: string): void;
  /** The check did not run at all, and why. */
  skip(reason: string): void;
  note(message: string): void;
  /** A safe change `harden --fix` may apply. */
  propose(change: Omit<PlannedChange, 'display'>): void;
  setRepositories(rows: RepositoryRow[]): void;
  /** Facts shared by the checks of one run, each computed once: `ctx.facts.get(provider)`. */
  readonly facts: FactReader<WorkstationContext>;
}

export type WorkstationRule = CheckOf<WorkstationContext>;

/** A fact the checks of a hunt or harden run share. */
export type WorkstationFact<T> = Fact<WorkstationContext, T>;

export function defineWorkstationRule(def: { meta: WorkstationRuleMeta; check: WorkstationRule['check'] }): WorkstationRule {
  return { kind: 'workstation', ...def };
}

/** Every rule of kind "workstation" is made by defineWorkstationRule, so its check takes a WorkstationContext. */
export function isWorkstationRule(rule: AnyRule): rule is WorkstationRule {
  return rule.kind === 'workstation';
}
