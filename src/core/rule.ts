/**
 * The rule interface. A rule is one folder under src/rules/<area>/<name>/ holding rule.ts (this
 * shape), README.md (its documentation), rule.test.ts and fixtures/{match,benign}/<case>/ (tiny
 * repositories). Metadata is plain data; the engine, the catalogue and SARIF all read it.
 */
import type { AirlockConfig } from '../config/config.ts';
import type { Inventory } from '../fs/walk.ts';
import type { Confidence, Finding, Location, Report, Severity, Surface, Trigger } from './types.ts';

export type RuleArea = 'autorun' | 'code' | 'deps' | 'provenance' | 'assets' | 'ioc' | 'runtime' | 'hunt' | 'harden';

export interface RuleMeta {
  /** "<area>/<name>"; equals the folder path under src/rules. Never reused. */
  readonly id: string;
  /** The highest severity this rule reports by default. */
  readonly severity: Severity;
  readonly confidence: Confidence;
  /** One sentence, used in the catalogue and as SARIF shortDescription. */
  readonly description: string;
  /** Triggers the rule is about (catalogue information). */
  readonly triggers?: readonly Trigger[];
  /**
   * "map" rules run first and build the execution map (autorun); "analyze" rules run after it and
   * can read `ctx.executionMap`. Default "analyze".
   */
  readonly phase?: 'map' | 'analyze';
  /**
   * When true, a finding in a file that a trigger reaches gets `triggers` and is raised one
   * severity level (never to critical: critical needs evidence, which the rule itself decides).
   */
  readonly escalate?: boolean;
  /** Only runs with --online. */
  readonly online?: boolean;
  /** Which command's reports the rule belongs to. Default "scan". */
  readonly command?: 'scan' | 'detonate' | 'hunt' | 'harden';
  readonly since: string;
}

export type FindingInput = Omit<Finding, 'ruleId' | 'severity' | 'confidence'> & {
  severity?: Severity;
  confidence?: Confidence;
};

export type SurfaceInput = Omit<Surface, 'reaches'> & { reaches?: string[] };

/** Options every scan rule can read. Areas add their own optional fields. */
export interface ScanOptions {
  /** Allow registry, advisory and hosting-API look-ups. */
  online: boolean;
  nodeModules: 'auto' | 'include' | 'skip';
  provenance: boolean;
  /** Scan trees of all refs, stashes and unreachable objects too. */
  allRefs: boolean;
  /** Base URL of the npm registry (online checks). */
  registryUrl: string;
  /** Airlock's cache folder (advisory db, tarballs). */
  cacheDir: string;
  /** Folders of user YARA rules. */
  yaraDirs: string[];
  /** Base URLs of hosting APIs (online provenance). */
  githubApiUrl: string;
  gitlabApiUrl: string;
  bitbucketApiUrl: string;
  /** The original target as given (a URL for clones), for online provenance. */
  origin?: string;
  /** The user's configuration (never one found inside the target). */
  config: AirlockConfig;
  /** deps/new-package: a version published within this many days counts as new (default 30). */
  newPackageDays?: number;
}

export interface RuleContext {
  readonly root: string;
  readonly inventory: Inventory;
  readonly options: ScanOptions;
  /** Surfaces found by map rules (complete once the analyze phase starts). */
  readonly executionMap: readonly Surface[];
  /** The file's text (decoded, capped, cached), or undefined when it is not a readable text file. */
  text(path: string): string | undefined;
  /** Surfaces whose entry is, or reaches, the file. */
  reachingSurfaces(path: string): Surface[];
  /** Add a surface to the execution map (map phase). `reaches` is computed when omitted. */
  addSurface(surface: SurfaceInput): Surface;
  /** Report a finding; severity and confidence default to the rule's meta. */
  report(finding: FindingInput): void;
  /** Record that something could not be analysed (shows in report.errors). */
  error(message: string, file?: string): void;
  /** Add a human-readable note to the report. */
  note(message: string): void;
  /** Per-scan memo shared by all rules: compute a fact once. */
  memo<T>(key: string, compute: () => T): T;
  /** Attach a report section (dependencies, provenance). */
  setSection<K extends 'dependencies' | 'provenance'>(key: K, value: NonNullable<Report[K]>): void;
}

export interface Rule {
  readonly meta: RuleMeta;
  run(ctx: RuleContext): void | Promise<void>;
}

export function defineRule(rule: Rule): Rule {
  return rule;
}

export function loc(file: string, line?: number, column?: number): Location {
  const l: Location = { file };
  if (line !== undefined) l.line = line;
  if (column !== undefined) l.column = column;
  return l;
}
