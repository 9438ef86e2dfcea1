/**
 * The rule interface. A rule is one folder under src/rules/<area>/<name>/ holding rule.ts (this
 * shape), README.md (its documentation), rule.test.ts and fixtures/{match,benign}/<case>/ (tiny
 * repositories). Metadata is plain data; the engine, the catalogue and SARIF all read it.
 */
import type { AirlockConfig } from './config.ts';
import type { Fact, FactInput, FactReader } from './facts.ts';
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
  Trigger,
  Unscannable,
} from './types.ts';
import { RULE_AREAS } from './types.ts';
import type { ErrorRecorder } from './types.ts';

export type { RuleArea } from './types.ts';

/** Who recorded an error: `rule`, in its own words. The rule id's area is its first segment. */
export function recordedBy(ruleId: string, detail: string): ErrorRecorder {
  const area = RULE_AREAS.find(a => ruleId.startsWith(`${a}/`));
  if (area === undefined) throw new Error(`rule id "${ruleId}" is not <area>/<name> with a known area`);
  return { rule: ruleId, area, detail };
}

/**
 * What every rule says about itself, whatever its kind: the catalogue (`airlock rules`,
 * docs/rules.md), SARIF's `tool.driver.rules` and the docs read this shape and only this.
 */
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
  /** Only runs with --online. */
  readonly online?: boolean;
  readonly since: string;
}

/**
 * The files a scan rule starts from. The engine runs the rule only when the inventory holds one
 * (a file of an installed package counts too); from there the rule may read the files they lead to
 * (a script a task runs, a module a config imports). Without a gate the rule reads the whole tree.
 */
export interface FileGate {
  /** File names matched anywhere in the tree (`package.json`, `.npmrc`). */
  readonly basenames?: readonly string[];
  /** picomatch globs on root-relative POSIX paths, dot files included (`.vscode/*.json`). */
  readonly globs?: readonly string[];
}

export interface ScanRuleMeta extends RuleMeta {
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
  /** Which files the rule starts from (see FileGate). */
  readonly files?: FileGate;
  /**
   * The atom sets (src/analysis/js/atoms.ts) one of which a file's text must hold for this rule to
   * find anything in its code facts. The code pre-filter is built from the sets the rules declare
   * (`npm run gen` writes src/analysis/js/atoms.generated.ts); a rule that reads code facts and
   * declares none makes every file pass.
   */
  readonly atoms?: readonly string[];
  /**
   * The text gate sets (src/analysis/file-facts.ts `TEXT_GATE_SETS`) a file of an installed package
   * must hold for this rule to find anything in its text facts. The gate of the installed-files pass
   * is built from the sets the rules declare (`npm run gen` writes
   * src/analysis/text-gates.generated.ts); a rule that reads text facts must declare its sets.
   */
  readonly textGates?: readonly string[];
  /**
   * When true, a finding in a file that a trigger reaches gets `triggers` and is raised one
   * severity level (never to critical: critical needs evidence, which the rule itself decides).
   */
  readonly escalate?: boolean;
}

export interface WorkstationRuleMeta extends RuleMeta {
  readonly command: 'hunt' | 'harden';
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
  /** Base URL of npm's download counts API (online typosquat checks). */
  downloadsUrl: string;
  /** Airlock's cache folder (advisory db, tarballs). */
  cacheDir: string;
  /**
   * A file of official Yarn releases to add to the shipped list (`version<TAB>sha256` lines, the
   * format of data/yarn-releases.txt): a release newer than the shipped list, or a company build.
   */
  yarnReleases?: string;
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
  /** IOC files in the data/ioc format matched on top of the shipped ones (tests, local intelligence). */
  iocFiles?: readonly (URL | string)[];
}

export interface RuleContext {
  readonly root: string;
  readonly inventory: Inventory;
  readonly options: ScanOptions;
  /** Surfaces found by map rules (complete once the analyze phase starts). */
  readonly executionMap: readonly Surface[];
  /** Findings reported so far (complete for "post" rules, before reachability escalation). */
  readonly findings: readonly Finding[];
  /** What could not be analysed so far (complete for "final" rules); gaps carry a `kind`. */
  readonly errors: readonly ReportError[];
  /** Set when the target holds nothing to scan (see Report.unscannable). */
  readonly unscannable?: Unscannable;
  /** The file's text (decoded, capped, cached), or undefined when it is not a readable text file. */
  text(path: string): string | undefined;
  /**
   * The same text for a pass over many files that reads each once (text facts, code facts): kept
   * until `releaseText`, unless some rule reads it with `text` too. A released file is read again
   * if asked for later.
   */
  lendText(path: string): string | undefined;
  /** The pass is done with a text it got from `lendText`. */
  releaseText(path: string): void;
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
   * The shared facts, each computed once per scan: `ctx.facts.get(provider)` or, for a family
   * keyed by a path or command, `ctx.facts.get(provider, key)`. A value with a `dispose()` method
   * is disposed when the scan ends (temporary folders, worker threads).
   */
  readonly facts: FactReader<RuleContext>;
  /**
   * The other trees this rule asked for (ScanRule.trees), each scanned by the engine: empty for a
   * rule that asks for none, or when none could be scanned (each failure is in `errors[]`).
   */
  readonly otherTrees: readonly TreeScan[];
  /** Attach a report section (dependencies, provenance). */
  setSection<K extends 'dependencies' | 'provenance'>(key: K, value: NonNullable<Report[K]>): void;
}

/** A tree of the target other than the one scanned (a ref of the history) that a rule compares with. */
export interface TreeRequest {
  /** How findings name it ("branch dev", "the stash"). */
  readonly label: string;
  readonly commit: string;
  /** Files of the tree that differ from the scanned one (for the rule; the engine scans the whole tree). */
  readonly changed: readonly string[];
  /** Writes the tree into `dir`, an empty quarantine folder the engine made and deletes; returns notes. */
  write: (dir: string) => Promise<readonly string[]>;
}

export interface TreeScan {
  readonly request: TreeRequest;
  readonly report: Report;
}

/** A scan rule (`airlock scan`): reads the target through its context; run by src/engine/scan.ts. */
export interface ScanRule {
  readonly kind: 'scan';
  readonly meta: ScanRuleMeta;
  /**
   * Other trees of the target to compare with (refs of the history), asked for just before `run`.
   * The engine writes each one out, scans it offline with the scan's rules that ask for no trees,
   * deletes it, and hands the reports to `run` as `ctx.otherTrees`. Rules never call the engine.
   */
  trees?(ctx: RuleContext): Promise<readonly TreeRequest[]>;
  run(ctx: RuleContext): void | Promise<void>;
}

export function defineRule(rule: Omit<ScanRule, 'kind'>): ScanRule {
  return { kind: 'scan', ...rule };
}

/** What a runtime rule reads: the behaviours the sandbox observed, nothing of the repository. */
export interface RuntimeContext {
  readonly behaviors: readonly Behavior[];
  /** Report a finding; severity and confidence default to the rule's meta. */
  report(finding: Omit<FindingInput, 'runs'>): void;
}

/** A runtime rule (`airlock detonate`): turns observed behaviours into findings; run by src/engine/runtime.ts. */
export interface RuntimeRule {
  readonly kind: 'runtime';
  readonly meta: RuleMeta;
  run(ctx: RuntimeContext): void;
}

export function defineRuntimeRule(rule: Omit<RuntimeRule, 'kind'>): RuntimeRule {
  return { kind: 'runtime', ...rule };
}

/**
 * A workstation check (`airlock hunt`, `airlock harden`): looks at a home folder and the machine,
 * not at a repository. Its context is src/workstation's WorkstationContext, which this layer does
 * not know: src/workstation/rule.ts gives `Context`, and src/workstation/run.ts runs the checks.
 */
export interface WorkstationRule<Context = never> {
  readonly kind: 'workstation';
  readonly meta: WorkstationRuleMeta;
  check(ctx: Context): void | Promise<void>;
}

/** Any rule of the registry: the three kinds share only their metadata. */
export type AnyRule = ScanRule | RuntimeRule | WorkstationRule;

/** A fact a scan computes once and its rules share (see core/facts.ts). */
export type ScanFact<T, K = void> = Fact<RuleContext, T, K>;

/** Declare a fact provider: its name, what it needs, and how it is computed from a rule context. */
export function defineFact<T>(name: string, compute: (ctx: RuleContext) => T, needs?: FactInput): ScanFact<T> {
  return needs ? { name, compute, needs } : { name, compute };
}

/** Declare a family of facts, one per key (a file path, a command), each computed once. */
export function defineFactFamily<K, T>(name: string, compute: (ctx: RuleContext, key: K) => T, keyOf?: (key: K) => string): ScanFact<T, K> {
  return keyOf ? { name, compute, keyOf } : { name, compute };
}

export function loc(file: string, line?: number, column?: number): Location {
  const l: Location = { file };
  if (line !== undefined) l.line = line;
  if (column !== undefined) l.column = column;
  return l;
}
