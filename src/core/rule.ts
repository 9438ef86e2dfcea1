/**
 * The rule interface. A rule is one folder under src/rules/<area>/<name>/ holding rule.ts (this
 * shape), README.md (its documentation), rule.test.ts and fixtures/{match,benign}/<case>/ (tiny
 * repositories). Metadata is plain data; the engine, the catalogue and SARIF all read it.
 */
import type { AirlockConfig } from './config.ts';
import type { Inventory } from '../fs/walk.ts';
import type {
  Behavior,
  Confidence,
  Finding,
  GapKind,
  Location,
  Report,
  ReportError,
  Severity,
  Surface,
  TargetInfo,
  Trigger,
  Unscannable,
} from './types.ts';

export type RuleArea = 'autorun' | 'code' | 'deps' | 'provenance' | 'assets' | 'ioc' | 'scan' | 'runtime' | 'hunt' | 'harden';

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
   * can read `ctx.executionMap`; "post" rules (history, which attributes findings to commits) run
   * after them and can read `ctx.findings`; "final" rules (the scan's own completeness) run after
   * every other rule and read `ctx.errors`. Default "analyze".
   */
  readonly phase?: 'map' | 'analyze' | 'post' | 'final';
  /**
   * Rules of the same phase whose work this rule reads (the surfaces they add, the findings they
   * report): the engine runs them first. Otherwise rules of a phase run in the order of their ids;
   * the registry's order means nothing.
   */
  readonly after?: readonly string[];
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
  /**
   * The finding is about a surface that runs these files on `trigger`: once every rule has run,
   * the engine raises it to what the code they reach does (core/policy.ts surfaceSeverity).
   * Not part of the report.
   */
  runs?: { trigger: Trigger; files: string[] };
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
  /** Git URL targets: how many commits of history to fetch (0 = all; default 200). */
  depth?: number;
  /** Keep the quarantine copy of a git URL or archive target after the scan. */
  keep?: boolean;
  /** Accept file:// URLs as git targets (tests, local mirrors). */
  allowFileUrls?: boolean;
  /** Git URL targets: give up on a host that has not delivered after this long (default 300 s). */
  cloneTimeoutMs?: number;
  /** Git URL targets: stop a clone past this many bytes (default 2 GiB). */
  cloneMaxBytes?: number;
  /** Parent folder of quarantine copies (default: the platform temp dir). */
  quarantineDir?: string;
  /** Archive targets: caps on entries, bytes and compression ratio. */
  archiveLimits?: { maxEntries?: number; maxTotalBytes?: number; maxFileBytes?: number; maxRatio?: number };
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
  /** Detonation only: what the sandbox observed (runtime rules read it). */
  readonly behaviors?: readonly Behavior[];
  /** Findings reported so far (complete for "post" rules, before reachability escalation). */
  readonly findings: readonly Finding[];
  /** What could not be analysed so far (complete for "final" rules); gaps carry a `kind`. */
  readonly errors: readonly ReportError[];
  /** Set when the target holds nothing to scan (see Report.unscannable). */
  readonly unscannable?: Unscannable;
  /** The file's text (decoded, capped, cached), or undefined when it is not a readable text file. */
  text(path: string): string | undefined;
  /** Surfaces whose entry is, or reaches, the file. */
  reachingSurfaces(path: string): Surface[];
  /** Add a surface to the execution map (map phase). `reaches` is computed when omitted. */
  addSurface(surface: SurfaceInput): Surface;
  /** Report a finding; severity and confidence default to the rule's meta. */
  report(finding: FindingInput): void;
  /**
   * Record that something could not be analysed (shows in report.errors). Give `kind` when part
   * of a file went unanalysed (too large, unparseable...): scan/incomplete-analysis weighs those.
   */
  error(message: string, file?: string, kind?: GapKind): void;
  /** Add a human-readable note to the report. */
  note(message: string): void;
  /**
   * Per-scan memo shared by all rules: compute a fact once. A value with a `dispose()` method is
   * disposed when the scan ends (temporary folders, child processes).
   */
  memo<T>(key: string, compute: () => T): T;
  /**
   * Scan another tree (a ref of the history written out to a folder) with this scan's rules that
   * `include` keeps, and return its report. Rules reach the engine through this, never by import.
   */
  scanTree(request: {
    root: string;
    target: Omit<TargetInfo, 'files' | 'bytes'>;
    options: Partial<ScanOptions>;
    include: (rule: Rule) => boolean;
  }): Promise<Report>;
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
