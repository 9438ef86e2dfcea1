/**
 * The report contract (DESIGN.md §3). Every command returns a `Report`; the JSON reporter prints it
 * unchanged and `schema/report.schema.json` describes it. Add fields only as optional ones.
 */

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

export type Confidence = 'high' | 'medium' | 'low';

/**
 * What makes code run, in the order every format lists them (the execution map, a finding's
 * triggers). `readme`: a command the repository's README tells the reader to run.
 */
export const TRIGGERS = ['open', 'install', 'dev', 'page-load', 'build', 'start', 'test', 'lint', 'commit', 'shell', 'readme'] as const;
export type Trigger = (typeof TRIGGERS)[number];

export type Verdict = 'block' | 'review' | 'pass';

export type Command = 'scan' | 'detonate' | 'hunt' | 'harden';

/** A place in the target. `file` is relative to the target root with "/" separators. */
export interface Location {
  file: string;
  line?: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
}

/** One thing that runs on a trigger: a task, a script, a hook, a config the toolchain loads. */
export interface Surface {
  trigger: Trigger;
  /** What kind of surface, e.g. "vscode-task", "npm-script", "tool-config", "git-hook". */
  kind: string;
  location: Location;
  /** The command line that runs, when the surface is a command. */
  command?: string;
  /** The local file that runs first, relative to the target root. */
  entry?: string;
  /** Local files reached from `entry` through static require/import, relative to the root. */
  reaches: string[];
  /** A short human label, e.g. the task label or script name. */
  name?: string;
}

export interface Finding {
  /** "<area>/<name>", e.g. "autorun/vscode-folder-open-task". */
  ruleId: string;
  severity: Severity;
  confidence: Confidence;
  /** One sentence a developer understands. */
  message: string;
  location: Location;
  /** The decoded/deobfuscated value or the code line, truncated. */
  evidence?: string;
  /** Which triggers reach this code. */
  triggers?: Trigger[];
  /** The other steps of a chain (source -> decode -> fetch -> exec). */
  related?: Location[];
  /** What to do about it (hunt, harden, and rules that have a concrete fix). */
  remediation?: string;
  /** The lines around `location.line`, whitespace runs made visible, for code frames. */
  snippet?: Snippet;
  /** Other rules' findings of the same fact (same file and line, or overlapping evidence or a shared chain step in one file), merged into this one. */
  alsoReportedBy?: MergedFinding[];
}

/** A finding merged into another one: everything but the code frame, triggers and merges. */
export type MergedFinding = Omit<Finding, 'snippet' | 'triggers' | 'alsoReportedBy'>;

export interface Snippet {
  startLine: number;
  lines: string[];
}

/** Detonation only: something observed inside the sandbox. */
export interface Behavior {
  kind: 'process' | 'network' | 'dns' | 'http' | 'file-read' | 'file-write' | 'honeytoken' | 'persistence' | 'code-loaded' | 'phase';
  phase: string;
  /** One line describing what happened. */
  summary: string;
  pid?: number;
  ppid?: number;
  detail?: Record<string, unknown>;
}

/**
 * Why a file could not be fully analysed, when it is one of the gaps the scan/incomplete-analysis
 * rule weighs (DESIGN.md §3 "No silent pass"); errors without a kind are informational.
 * - too-large: bigger than a read or parse cap; only part of it (head and tail, or an outline) was analysed
 * - truncated: an analysis stopped at its budget before the end of the file
 * - unparseable: its parser gave up, so only its text was searched
 * - unreadable: it could not be opened or listed (permissions, I/O error)
 * - not-regular: a FIFO, device or socket where a file is expected
 * - symlink-out: a symbolic link that leaves the target (never followed)
 * - encrypted: an archive entry that could not be unpacked without a password
 * - traversal: an archive entry whose name leaves the folder (`..`, absolute), never written
 * - analysis-failed: a shared analysis (a fact provider) failed, so the rules built on it did not
 *   finish; the entry names the provider and has no file
 */
export const GAP_KINDS = [
  'too-large',
  'truncated',
  'unparseable',
  'unreadable',
  'not-regular',
  'symlink-out',
  'encrypted',
  'traversal',
  'analysis-failed',
] as const;
export type GapKind = (typeof GAP_KINDS)[number];

/** The areas of rule ids ("<area>/<name>"), part of the report contract (docs/report.md). */
export const RULE_AREAS = ['autorun', 'code', 'deps', 'provenance', 'assets', 'ioc', 'scan', 'runtime', 'hunt', 'harden'] as const;
export type RuleArea = (typeof RULE_AREAS)[number];

/**
 * Who recorded a report error: the rule whose run hit it (directly, or through a shared analysis
 * it asked for, such as the dependency reader for the `deps/*` rules), and the rule's own words,
 * which `message` shows after the rule's id.
 */
export interface ErrorRecorder {
  rule: string;
  area: RuleArea;
  detail: string;
}

export interface ReportError {
  file?: string;
  message: string;
  /** Set when the error is an analysis gap (see GapKind). */
  kind?: GapKind;
  /** Set when a rule recorded the error; absent for the engine's own (reading the tree, cleanup). */
  by?: ErrorRecorder;
}

export interface TargetInfo {
  path: string;
  kind: 'directory' | 'git' | 'archive' | 'workstation';
  files: number;
  bytes: number;
  commit?: string;
}

export type SeverityCounts = Record<Severity, number>;

/** Summary of the resolved dependency tree (deps analysers). */
export interface DependencySummary {
  lockfiles: string[];
  packages: number;
  direct: number;
  withInstallScripts: number;
  /** Age of the known-malicious database used, in days; absent when only the seed list was used. */
  advisoryDbAgeDays?: number;
  /** The same counts per ecosystem (`packages` and `direct` above are their sums). */
  ecosystems?: EcosystemSummary[];
}

/** One ecosystem's dependency files and counts. */
export interface EcosystemSummary {
  ecosystem: 'npm' | 'pypi';
  /** Manifests and lockfiles read (package.json and lockfiles; requirements files, pyproject.toml, Pipfile, poetry.lock…). */
  files: string[];
  /** Distinct packages (npm: name@version in lockfiles; PyPI: project names, PEP 503). */
  packages: number;
  /** Distinct packages the project declares itself (not only through a lockfile). */
  direct: number;
}

/** Notable commits of the target's history (provenance analysers). */
export interface ProvenanceCommit {
  sha: string;
  author: string;
  authorEmail: string;
  date: string;
  subject: string;
  /** Rule ids of findings this commit introduced. */
  introduced: string[];
  /** Files of those findings (or of the execution map) that the commit changed. */
  files?: string[];
  /** Why the commit is listed, in words. */
  why?: string;
}

export interface ProvenanceSummary {
  commits: number;
  branches: number;
  firstCommitDate?: string;
  lastCommitDate?: string;
  notable: ProvenanceCommit[];
  owner?: Record<string, unknown>;
  /** The hosting service's facts about the repository (--online). */
  repository?: Record<string, unknown>;
  /** The history was fetched or shipped shallow (older commits missing). */
  shallow?: boolean;
  /** Commits read for the history checks (newest first; capped). */
  analysedCommits?: number;
  /** Distinct author e-mail addresses in the analysed commits. */
  authors?: number;
  /** The commit HEAD points at. */
  head?: string;
  /** Refs other than the checkout that hold different trees, and whether they were scanned. */
  otherRefs?: { name: string; sha: string; scanned: boolean }[];
}

export interface Report {
  schemaVersion: 1;
  /** When the command started (UTC, ISO 8601). */
  createdAt?: string;
  tool: { name: 'airlock'; version: string };
  command: Command;
  target: TargetInfo;
  verdict: Verdict;
  summary: SeverityCounts;
  executionMap: Surface[];
  findings: Finding[];
  behaviors?: Behavior[];
  errors: ReportError[];
  timing: { totalMs: number; [phase: string]: number };
  dependencies?: DependencySummary;
  provenance?: ProvenanceSummary;
  /** Human-readable notes about the run (cache age, quarantine folder, checks skipped). */
  notes?: string[];
  /** hunt and harden only: which checks ran, the repositories scanned, the changes made. */
  workstation?: WorkstationSection;
  /**
   * Set when the target held nothing Airlock could scan (an empty folder, a bare git repository,
   * only unreadable files): the verdict is then at least "review" and the CLI exits 3.
   */
  unscannable?: Unscannable;
  /** Findings dropped by the user's configuration or honoured inline comments, with the reason. */
  suppressed?: { ruleId: string; file: string; line?: number; reason: string }[];
}

/** Why nothing in a target could be scanned. */
export interface Unscannable {
  reason: 'empty' | 'bare-repository' | 'unreadable';
  /** One sentence saying what was found instead, for the first lines of every format. */
  message: string;
}

/** One check of `airlock hunt`/`harden` and whether it ran completely. */
export interface WorkstationCheck {
  id: string;
  status: 'ran' | 'partial' | 'skipped';
  /** Why a check was partial or skipped. */
  reason?: string;
}

/** One repository scanned by `airlock hunt --roots`. */
export interface RepositoryRow {
  path: string;
  verdict: Verdict | 'error';
  critical: number;
  high: number;
  medium: number;
  files: number;
  error?: string;
}

/** One settings change of `airlock harden --fix` (or `--undo`). */
export interface ChangeRecord {
  file: string;
  description: string;
  status: 'planned' | 'applied' | 'unchanged' | 'refused' | 'restored';
  /** The backup written beside the file (applied) or restored from (restored). */
  backup?: string;
  reason?: string;
  /** Unified diff of the change. */
  diff?: string;
}

export interface WorkstationSection {
  home: string;
  os: 'linux' | 'darwin' | 'win32';
  checks: WorkstationCheck[];
  repositories?: RepositoryRow[];
  changes?: ChangeRecord[];
}
