/**
 * Airlock's library API. It mirrors the CLI and returns the same `Report` the JSON format prints.
 * Nothing here exits the process or prints: errors are thrown as typed `AirlockError`s.
 */
import { defaultScanOptions } from './core/defaults.ts';
import type { ScanOptions, ScanRule } from './core/rule.ts';
import type { Report, ReportError } from './core/types.ts';
import { acquire } from './acquire/index.ts';
import { scanAcquired, withTarget } from './engine/scan.ts';
import { runtimeRules, scanRules, workstationRules } from './rules/index.ts';
import type { DetonateOptions } from './sandbox/detonate.ts';
import type { HardenOptions } from './workstation/harden.ts';
import type { HuntOptions } from './workstation/hunt.ts';

export type { Report, Finding, Surface, Location, Severity, Verdict, Trigger, Behavior } from './core/types.ts';
export type { AnyRule, RuleMeta, RuntimeRule, ScanOptions, ScanRule } from './core/rule.ts';
export { AirlockError, UsageError, InputError, EnvironmentError } from './core/errors.ts';
export { allRules } from './rules/index.ts';
export type { HuntOptions } from './workstation/hunt.ts';
export type { HardenOptions } from './workstation/harden.ts';
export type { Os } from './workstation/platform.ts';

export type { DetonateOptions } from './sandbox/detonate.ts';
export type { PhaseName, Step } from './sandbox/phases.ts';

/**
 * Run the repository's triggers (open, install, dev, test) inside a sandbox and report what the
 * code tried to do. Throws EnvironmentError when no backend can isolate: it never runs unisolated.
 */
export async function detonate(target: string, options: DetonateOptions = {}): Promise<Report> {
  const createdAt = new Date().toISOString();
  // Loaded on use, so that `scan` starts without the sandbox and workstation modules.
  const { detonate: runDetonation } = await import('./sandbox/detonate.ts');
  return stamped(await runDetonation(target, options, { scan: scanRules, runtime: runtimeRules }), createdAt);
}

/** The report with its start time first after schemaVersion, and the commit scanned when history gave one. */
function stamped(report: Report, createdAt: string): Report {
  const head = report.provenance?.head;
  if (report.target.commit === undefined && head !== undefined) report.target.commit = head;
  const { schemaVersion, ...rest } = report;
  return { schemaVersion, createdAt, ...rest };
}

export interface ScanRequest extends Partial<ScanOptions> {
  /** Restrict to these rules (tests, embedding). Default: every scan rule. */
  rules?: readonly ScanRule[];
  onProgress?: (message: string) => void;
  /**
   * What an already acquired folder lacks (`AcquiredTarget.gaps`: archive entries not unpacked),
   * when the caller acquired the target itself, as `airlock open` does.
   */
  gaps?: ReportError[];
}

/** Statically scan a directory, git URL or archive. */
export async function scan(target: string, request: ScanRequest = {}): Promise<Report> {
  const createdAt = new Date().toISOString();
  const { rules = scanRules, onProgress, gaps = [], ...overrides } = request;
  const options: ScanOptions = { ...defaultScanOptions(), ...stripUndefined(overrides) };
  const report = await withTarget(acquire(target, options, onProgress), acquired =>
    scanAcquired(acquired, target, { options, rules, gaps, ...(onProgress ? { onProgress } : {}) }),
  );
  return stamped(report, createdAt);
}

/** Look for traces of the campaign on this machine, or on a home folder given as `home`. */
export async function hunt(options: HuntOptions = {}): Promise<Report> {
  const createdAt = new Date().toISOString();
  const { runHunt } = await import('./workstation/hunt.ts');
  return stamped(await runHunt(options, workstationRules, dir => scan(dir, { provenance: false, nodeModules: 'skip' })), createdAt);
}

/** Audit (and with `fix`, repair) the settings that would have stopped the campaign. */
export async function harden(options: HardenOptions = {}): Promise<Report> {
  const createdAt = new Date().toISOString();
  const { runHarden } = await import('./workstation/harden.ts');
  return stamped(await runHarden(options, workstationRules, dir => scan(dir, { provenance: false, nodeModules: 'skip' })), createdAt);
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
