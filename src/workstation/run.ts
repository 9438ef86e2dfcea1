/**
 * Runs the workstation rules of one command over a home folder and builds the `Report`. A rule
 * that throws becomes an entry in `errors[]` and its check is marked partial; nothing aborts.
 */
import { spawnSync } from 'node:child_process';
import { homedir, tmpdir, userInfo } from 'node:os';
import { errorMessage } from '../core/errors.ts';
import { redactSecrets } from '../core/redact.ts';
import { compareFindings, countSeverities, verdictOf } from '../core/severity.ts';
import { recordedBy } from '../core/rule.ts';
import type { Finding, Report, ReportError, RepositoryRow, WorkstationCheck } from '../core/types.ts';
import { FactStore } from '../facts/store.ts';
import { relFromRoot, resolveAbs } from '../fs/path.ts';
import { VERSION } from '../version.ts';
import type { PlannedChange } from './fix.ts';
import { readHomeFile } from './files.ts';
import { loadIoc } from './ioc.ts';
import type { Os } from './platform.ts';
import { currentOs } from './platform.ts';
import type { ProcSnapshot } from './proc.ts';
import { readCrontab, readProcesses } from './proc.ts';
import type { Identity, SystemReaders, WorkstationContext, WorkstationRule } from './rule.ts';

export interface WorkstationOptions {
  /** A home folder to audit instead of the current user's (a copy, or a fabricated one in tests). */
  home?: string;
  /** Which OS layout the home folder has. Default: the current platform. */
  os?: Os;
  /** The temp folder to look in for dropped lock files. Default: the system temp folder. */
  tmpDir?: string;
  /** Folders whose repositories `hunt` scans. */
  roots?: string[];
  /** Look at running processes and sockets (default true). */
  processes?: boolean;
  /** Replace how the live machine is read (tests describe a machine this way). */
  readers?: Partial<SystemReaders>;
  /** Restrict to these rules. Default: every workstation rule of the command. */
  rules?: readonly WorkstationRule[];
  /** Repositories scanned at once under --roots and for recent workspaces. */
  concurrency?: number;
  onProgress?: (message: string) => void;
}

export interface WorkstationRun {
  report: Report;
  changes: PlannedChange[];
}

export type Scanner = (dir: string) => Promise<Report>;

function userName(): string {
  try {
    return userInfo().username;
  } catch {
    return '';
  }
}

function liveIdentity(os: Os): Identity | undefined {
  const user = userName();
  if (os !== 'win32') {
    const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;
    return uid === undefined ? undefined : { user, uid, elevated: uid === 0 };
  }
  const r = spawnSync('whoami', ['/groups'], { encoding: 'utf8', timeout: 10_000, windowsHide: true });
  if (r.error || r.status !== 0) return undefined;
  // S-1-16-12288 is the High Mandatory Level label of an elevated (Administrator) token.
  return { user, elevated: r.stdout.includes('S-1-16-12288') };
}

function defaultReaders(live: boolean, hostOs: Os): SystemReaders {
  return {
    processes: () => readProcesses(hostOs),
    crontab: () => {
      if (!live) return { error: 'the crontab belongs to the machine, not to a --home copy: not read' };
      if (hostOs === 'win32') return {};
      const user = userName();
      if (user !== '') {
        const spool = hostOs === 'darwin' ? `/var/at/tabs/${user}` : `/var/spool/cron/crontabs/${user}`;
        const read = readHomeFile('/', spool);
        if (read.ok) return { text: read.text };
      }
      return readCrontab();
    },
    identity: () => (live ? liveIdentity(hostOs) : undefined),
  };
}

/** Runs `fn` over `items` with at most `limit` running at once. */
export async function pool<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  });
  await Promise.all(workers);
  return out;
}

export async function runWorkstation(
  command: 'hunt' | 'harden',
  options: WorkstationOptions,
  allRules: readonly WorkstationRule[],
  scanner: Scanner,
): Promise<WorkstationRun> {
  const started = performance.now();
  const live = options.home === undefined;
  const home = resolveAbs(options.home ?? homedir());
  const hostOs = currentOs();
  const os = options.os ?? hostOs;
  const tmpDir = resolveAbs(options.tmpDir ?? tmpdir());
  const readers: SystemReaders = { ...defaultReaders(live, hostOs), ...options.readers };
  const progress = options.onProgress ?? ((): void => undefined);
  const ioc = loadIoc();
  const findings: Finding[] = [];
  const errors: ReportError[] = [];
  const notes: string[] = [];
  const checks: WorkstationCheck[] = [];
  const changes: PlannedChange[] = [];
  const timing: Report['timing'] = { totalMs: 0 };
  const facts = new FactStore<WorkstationContext>({
    failed(failure) {
      errors.push({ message: failure.message });
    },
  });
  let repositories: RepositoryRow[] | undefined;
  let snapshot: ProcSnapshot | undefined;
  let snapshotRead = false;

  const display = (abs: string): string => {
    const rel = relFromRoot(home, abs);
    if (rel === undefined) return abs;
    return rel === '' ? '~' : `~/${rel}`;
  };

  let running = 0;
  let step = '';
  let scanned = 0;
  const waiting: (() => void)[] = [];
  const limit = Math.max(1, options.concurrency ?? 4);
  const scanRepository = async (dir: string): Promise<Report> => {
    if (running >= limit) await new Promise<void>(resolve => waiting.push(resolve));
    running++;
    try {
      return await scanner(dir);
    } finally {
      running--;
      scanned++;
      progress(`${step} · ${scanned} repositor${scanned === 1 ? 'y' : 'ies'} scanned`);
      waiting.shift()?.();
    }
  };

  const rules = (options.rules ?? allRules).filter(r => r.meta.command === command);
  for (const rule of rules) {
    const check: WorkstationCheck = { id: rule.meta.id, status: 'ran' };
    const reasons: string[] = [];
    const ctx: WorkstationContext = {
      home,
      os,
      tmpDir,
      live,
      roots: (options.roots ?? []).map(r => resolveAbs(r)),
      ioc,
      readers,
      processes: () => {
        if (options.processes === false) return undefined;
        // This machine's processes say nothing about a --home copy: not read unless a reader is given.
        if (!live && options.readers?.processes === undefined) return undefined;
        if (!snapshotRead) {
          snapshotRead = true;
          progress('reading processes and sockets');
          try {
            snapshot = readers.processes();
          } catch (err) {
            errors.push({ message: `processes could not be read: ${errorMessage(err)}` });
          }
        }
        return snapshot;
      },
      display,
      scanRepository,
      report(f) {
        const finding: Finding = {
          ruleId: rule.meta.id,
          severity: f.severity ?? rule.meta.severity,
          confidence: f.confidence ?? rule.meta.confidence,
          message: redactSecrets(f.message),
          location: { file: display(f.path) },
          remediation: f.remediation,
        };
        if (f.evidence !== undefined) {
          const evidence = redactSecrets(f.evidence);
          finding.evidence = evidence.length > 300 ? `${evidence.slice(0, 300)}…` : evidence;
        }
        if (f.related) finding.related = f.related;
        findings.push(finding);
      },
      error(message, path) {
        check.status = check.status === 'skipped' ? 'skipped' : 'partial';
        reasons.push(path === undefined ? message : `${display(path)}: ${message}`);
        const e: ReportError = { message: `${rule.meta.id}: ${message}`, by: recordedBy(rule.meta.id, message) };
        if (path !== undefined) e.file = display(path);
        errors.push(e);
      },
      skip(reason) {
        check.status = 'skipped';
        reasons.push(reason);
      },
      note(message) {
        notes.push(message);
      },
      propose(change) {
        changes.push({ ...change, display: display(change.file) });
      },
      setRepositories(rows) {
        repositories = rows;
      },
      get facts() {
        return facts.reader(this);
      },
    };
    step = `check ${checks.length + 1} of ${rules.length}: ${rule.meta.description}`;
    progress(step);
    const t0 = performance.now();
    try {
      await rule.check(ctx);
    } catch (err) {
      ctx.error(`check failed: ${errorMessage(err)}`);
    }
    timing[`rule:${rule.meta.id}`] = Math.round(performance.now() - t0);
    if (reasons.length > 0) check.reason = reasons.slice(0, 5).join('; ') + (reasons.length > 5 ? `; and ${reasons.length - 5} more` : '');
    checks.push(check);
  }

  const sorted = findings.sort(compareFindings);
  const summary = countSeverities(sorted);
  timing.totalMs = Math.round(performance.now() - started);
  const skipped = checks.filter(c => c.status !== 'ran');
  if (skipped.length > 0)
    notes.push(
      `Partial audit: ${skipped.map(c => `${c.id} ${c.status === 'skipped' ? 'did not run' : 'ran partly'}${c.reason ? ` (${c.reason})` : ''}`).join('; ')}.`,
    );
  const report: Report = {
    schemaVersion: 1,
    tool: { name: 'airlock', version: VERSION },
    command,
    target: { path: home, kind: 'workstation', files: 0, bytes: 0 },
    verdict: verdictOf(summary),
    summary,
    executionMap: [],
    findings: sorted,
    errors,
    timing,
    workstation: { home, os, checks, ...(repositories ? { repositories } : {}) },
  };
  if (notes.length > 0) report.notes = notes;
  return { report, changes };
}
