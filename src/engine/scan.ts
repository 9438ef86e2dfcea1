/**
 * The scan engine: inventory → map rules (execution map) → analyze rules → reachability,
 * de-duplication, verdict. A rule that throws becomes an entry in `errors[]`; the scan goes on.
 */
import { lstatSync } from 'node:fs';
import { acquireTree } from '../acquire/index.ts';
import type { AcquiredTarget } from '../acquire/index.ts';
import { localImports } from '../analysis/import-graph.ts';
import { pythonSourceFiles } from '../analysis/py/sources.ts';
import { surfaceCovers } from '../analysis/js/report.ts';
import { errorMessage } from '../core/errors.ts';
import { FactFailure } from '../core/facts.ts';
import type { FindingInput, RuleContext, ScanOptions, ScanRule, SurfaceInput, TreeScan } from '../core/rule.ts';
import { recordedBy } from '../core/rule.ts';
import { makeSnippet } from '../core/snippet.ts';
import { inventoryGaps, whyUnscannable } from '../analysis/coverage.ts';
import { applySurfacePolicy, mergeFacts } from './merge.ts';
import type { SurfaceLink } from './merge.ts';
import { passesGate } from './gate.ts';
import { orderPhase } from './order.ts';
import { applyConfig } from './suppress.ts';
import { compareFindings, countSeverities, raiseSeverity, verdictOf } from '../core/severity.ts';
import type { Finding, GapKind, Location, Report, ReportError, Surface, TargetInfo, Trigger } from '../core/types.ts';
import { readTextIfText, MAX_TEXT_BYTES } from '../fs/read.ts';
import { fileLine } from '../core/line-index.ts';
import type { LineShift } from '../core/line-index.ts';
import { absFromRel } from '../fs/path.ts';
import { walkAsync } from '../fs/walk.ts';
import type { Inventory, PendingSniffEntry } from '../fs/walk.ts';
import { installedSession } from '../analysis/installed/index.ts';
import { InstalledSession } from '../analysis/installed/session.ts';
import { jsParses } from '../facts/parses.ts';
import { FactStore } from '../facts/store.ts';
import { readIndexPaths } from '../history/git-index.ts';
import { compareTriggers, sortTriggers } from '../core/triggers.ts';
import { VERSION } from '../version.ts';

export interface EngineInput {
  root: string;
  target: Omit<TargetInfo, 'files' | 'bytes'>;
  options: ScanOptions;
  rules: readonly ScanRule[];
  /** Progress messages for a TTY (never printed in machine formats). */
  onProgress?: (message: string) => void;
  notes?: string[];
  /** Gaps found before the scan (archive entries that were not unpacked), as `errors[]` entries. */
  gaps?: ReportError[];
}

const MAX_REACH_FILES = 5000;

/** The context the engine reads facts with itself (the reach of surfaces' files after the rules). */
const ENGINE: ScanRule = {
  kind: 'scan',
  meta: { id: 'engine', severity: 'info', confidence: 'high', description: 'The scan engine.', since: '0.1.0' },
  run: () => undefined,
};

/** Let the event loop handle what is waiting (worker threads' messages) before going on. */
const nextTurn = (): Promise<void> => new Promise(resolve => setImmediate(resolve));

/**
 * The inventory of the target. The walk pauses now and then, so that worker threads already
 * reading installed files get their next batch while it goes on.
 */
export async function buildInventory(
  root: string,
  options: ScanOptions,
  onDeferred?: (entry: PendingSniffEntry) => void,
): Promise<Inventory> {
  let tracked: Set<string> | undefined;
  try {
    if (lstatSync(absFromRel(root, '.git')).isDirectory()) {
      const paths = readIndexPaths(absFromRel(root, '.git/index'));
      if (paths) tracked = new Set(paths);
    }
  } catch {
    tracked = undefined;
  }
  // Files of a scanned node_modules are sniffed by the installed-files pass, which reads them anyway.
  const walkOptions = { nodeModules: options.nodeModules, deferNodeModulesSniff: true, ...(onDeferred ? { onDeferred } : {}) };
  return walkAsync(root, tracked ? { ...walkOptions, tracked } : walkOptions);
}

export async function runEngine(input: EngineInput): Promise<Report> {
  const started = performance.now();
  const timing: Report['timing'] = { totalMs: 0 };
  const { root, options, rules } = input;
  const progress = input.onProgress ?? ((): void => undefined);

  progress('reading files');
  let t = performance.now();
  // Installed packages start being read (in worker threads) while the walk is still finding them.
  const installed = new InstalledSession(root);
  const inventory = await buildInventory(root, options, entry => {
    installed.add(entry);
  });
  timing['inventoryMs'] = Math.round(performance.now() - t);

  const errors: ReportError[] = [...(input.gaps ?? []), ...inventoryGaps(inventory)];
  const unscannable = whyUnscannable(inventory);
  const notes: string[] = [...(input.notes ?? [])];
  const findings: Finding[] = [];
  const surfaces: Surface[] = [];
  const facts = new FactStore<RuleContext>({
    failed(failure) {
      errors.push({ message: failure.message, kind: 'analysis-failed' });
    },
  });
  facts.provide(installedSession, installed);
  const sections: Partial<Pick<Report, 'dependencies' | 'provenance'>> = {};
  const textCache = new Map<string, string | undefined>();
  // Texts read by a pass over many files (text facts, code facts), kept only until that pass is
  // done with them: a large tree never holds every file's text at once.
  const lent = new Set<string>();
  const lineShifts = new Map<string, LineShift>();
  const truncatedReported = new Set<string>();
  const surfaceLinks = new Map<Finding, { trigger: Trigger; files: string[] }>();

  const text = (path: string): string | undefined => {
    lent.delete(path);
    return read(path);
  };
  const lendText = (path: string): string | undefined => {
    if (!textCache.has(path)) lent.add(path);
    return read(path);
  };
  const releaseText = (path: string): void => {
    if (!lent.delete(path)) return;
    textCache.delete(path);
  };
  const read = (path: string): string | undefined => {
    if (textCache.has(path)) return textCache.get(path);
    const entry = inventory.byPath.get(path);
    let value: string | undefined;
    if (entry?.type === 'file') {
      try {
        const read = readTextIfText(root, entry);
        value = read?.text;
        if (read?.lineShift) lineShifts.set(path, read.lineShift);
        if (read?.truncated === true && !truncatedReported.has(path)) {
          truncatedReported.add(path);
          errors.push({
            file: path,
            message: `larger than ${MAX_TEXT_BYTES} bytes: ${read.omitted ?? `only the first ${MAX_TEXT_BYTES} bytes were analysed`}`,
            kind: 'too-large',
          });
        }
      } catch (err) {
        errors.push({ file: path, message: `unreadable: ${errorMessage(err)}`, kind: 'unreadable' });
      }
    }
    textCache.set(path, value);
    return value;
  };

  // The files an entry reaches through local imports, breadth first (the import graph is a fact).
  const computeReaches = (ctx: RuleContext, entry: string): string[] => {
    const seen = new Set<string>([entry]);
    const queue = [entry];
    while (queue.length > 0 && seen.size < MAX_REACH_FILES) {
      const file = queue.shift() as string;
      for (const next of ctx.facts.get(localImports, file)) {
        if (!seen.has(next)) {
          seen.add(next);
          queue.push(next);
        }
      }
    }
    seen.delete(entry);
    return [...seen].sort();
  };

  const reachIndex = new Map<string, Surface[]>();
  const indexSurface = (s: Surface): void => {
    for (const f of [s.entry, ...s.reaches]) {
      if (!f) continue;
      const list = reachIndex.get(f) ?? [];
      list.push(s);
      reachIndex.set(f, list);
    }
  };

  const makeContext = (rule: ScanRule, otherTrees: readonly TreeScan[] = []): RuleContext => {
    const ctx: RuleContext = {
      root,
      inventory,
      options,
      executionMap: surfaces,
      findings,
      errors,
      ...(unscannable ? { unscannable } : {}),
      text,
      lendText,
      releaseText,
      reachingSurfaces: path => reachIndex.get(path) ?? [],
      get facts() {
        return facts.reader(this);
      },
      addSurface(input: SurfaceInput): Surface {
        const surface: Surface = { ...input, reaches: input.reaches ?? (input.entry ? computeReaches(this, input.entry) : []) };
        surfaces.push(surface);
        indexSurface(surface);
        return surface;
      },
      report(input: FindingInput): void {
        const { runs, ...f } = input;
        const finding: Finding = {
          ...f,
          ruleId: rule.meta.id,
          severity: f.severity ?? rule.meta.severity,
          confidence: f.confidence ?? rule.meta.confidence,
        };
        findings.push(finding);
        // What the files reach, now: a map-phase rule asks before the code facts release the parses.
        if (runs)
          surfaceLinks.set(finding, {
            trigger: runs.trigger,
            files: [...new Set(runs.files.flatMap(file => [file, ...computeReaches(ctx, file)]))],
          });
      },
      error(message: string, file?: string, kind?: GapKind): void {
        const e: ReportError = { message: `${rule.meta.id}: ${message}`, by: recordedBy(rule.meta.id, message) };
        if (file !== undefined) e.file = file;
        if (kind !== undefined && file !== undefined) e.kind = kind;
        errors.push(e);
      },
      note(message: string): void {
        notes.push(message);
      },
      setSection(key, value): void {
        (sections as Record<string, unknown>)[key] = value;
      },
      otherTrees,
    };
    return ctx;
  };

  /**
   * The "scan other trees" step: the trees a rule asks for are written out, scanned offline with
   * this scan's rules that ask for none, and deleted, through the same path as a target.
   */
  const scanOtherTrees = async (rule: ScanRule): Promise<TreeScan[]> => {
    if (!rule.trees) return [];
    const requests = await rule.trees(makeContext(rule));
    const inner = rules.filter(r => !r.trees && r.meta.online !== true);
    const scans: TreeScan[] = [];
    for (const request of requests) {
      try {
        const report = await withTarget(acquireTree(request.label, request.commit, request.write, options.quarantineDir), acquired => {
          for (const n of acquired.notes) notes.push(`${request.label}: ${n}`);
          return scanAcquired(acquired, request.label, {
            options: { ...options, online: false, provenance: false, allRefs: false },
            rules: inner,
          });
        });
        scans.push({ request, report });
      } catch (err) {
        const detail = `could not scan ${request.label}: ${errorMessage(err)}`;
        errors.push({ message: `${rule.meta.id}: ${detail}`, by: recordedBy(rule.meta.id, detail) });
      }
    }
    return scans;
  };

  const runRule = async (rule: ScanRule): Promise<void> => {
    const t0 = performance.now();
    try {
      await rule.run(makeContext(rule, await scanOtherTrees(rule)));
    } catch (err) {
      // A fact the rule needed failed: that was recorded once, as a gap naming the provider.
      if (!(err instanceof FactFailure))
        errors.push({
          message: `rule ${rule.meta.id} failed: ${errorMessage(err)}`,
          by: recordedBy(rule.meta.id, `failed: ${errorMessage(err)}`),
        });
    }
    const key = `rule:${rule.meta.id}`;
    timing[key] = Math.round(performance.now() - t0);
  };

  const active = rules.filter(r => (!r.meta.online || options.online) && passesGate(r, inventory));
  progress('mapping what runs on open, install, dev, build, test');
  t = performance.now();
  const engineCtx = makeContext(ENGINE);
  // The import graph reads Python synchronously: its parser is loaded before the map phase.
  await engineCtx.facts.get(pythonSourceFiles).prepare();
  for (const rule of orderPhase(active, 'map')) {
    await runRule(rule);
    await nextTurn();
  }
  timing['executionMapMs'] = Math.round(performance.now() - t);
  facts.executionMapComplete();

  progress('analysing code, dependencies and history');
  t = performance.now();
  // Started together: while the code rules wait for the installed-files pass (worker threads),
  // the other rules do their work in this thread. Between two rules the event loop turns, so the
  // pass's workers get their next batches.
  const analyzing: Promise<void>[] = [];
  for (const rule of orderPhase(active, 'analyze')) {
    analyzing.push(runRule(rule));
    await nextTurn();
  }
  await Promise.all(analyzing);
  for (const rule of orderPhase(active, 'post')) await runRule(rule);
  timing['analysisMs'] = Math.round(performance.now() - t);
  for (const rule of orderPhase(active, 'final')) await runRule(rule);
  await facts.dispose(err => {
    errors.push({ message: `cleanup failed: ${errorMessage(err)}` });
  });
  for (const [name, ms] of facts.timings()) timing[`fact:${name}`] = Math.round(ms);

  const escalating = new Set(active.filter(r => r.meta.escalate).map(r => r.meta.id));
  for (const f of findings) {
    const reaching = reachIndex.get(f.location.file)?.filter(s => surfaceCovers(s, f.location.file, f.location.line));
    if (!reaching || reaching.length === 0) continue;
    const triggers = new Set<Trigger>(f.triggers ?? []);
    for (const s of reaching) triggers.add(s.trigger);
    f.triggers = sortTriggers([...triggers]);
    if (escalating.has(f.ruleId)) f.severity = raiseSeverity(f.severity, 'high');
  }

  const links = new Map<Finding, SurfaceLink>();
  for (const [f, runs] of surfaceLinks) links.set(f, runs);
  // Each JavaScript file is parsed once per scan: the two counts are equal when that held.
  const parsed = engineCtx.facts.get(jsParses).stats;
  timing['jsFilesParsed'] = parsed.files;
  timing['jsParses'] = parsed.parses;
  applySurfacePolicy(findings, links);

  const configured = applyConfig(dedupeFindings(findings), options.config, text);
  // One fact, one finding, for facts located at a line.
  const unique = mergeFacts(configured.kept).sort(compareReported);
  for (const f of unique) if (f.alsoReportedBy && f.triggers) f.triggers = sortTriggers(f.triggers);
  for (const f of unique) {
    if (f.snippet || f.location.line === undefined) continue;
    const body = text(f.location.file);
    const snippet = body === undefined ? undefined : makeSnippet(body, f.location.line);
    if (snippet) f.snippet = snippet;
  }
  // Rules locate what they find in the text they were given; in a file read as its head and tail
  // the tail's lines are renumbered as the file's, once, here.
  const placed = new Set<Location>();
  const place = (loc: Location): void => {
    if (placed.has(loc)) return;
    placed.add(loc);
    const entry = inventory.byPath.get(loc.file);
    if (loc.line === undefined || entry?.type !== 'file' || entry.size <= MAX_TEXT_BYTES) return;
    if (!lineShifts.has(loc.file)) read(loc.file);
    const shift = lineShifts.get(loc.file);
    if (shift === undefined) return;
    loc.line = fileLine(shift, loc.line);
    if (loc.endLine !== undefined) loc.endLine = fileLine(shift, loc.endLine);
  };
  for (const f of unique) {
    const shift = lineShifts.get(f.location.file);
    if (f.snippet && shift) f.snippet.startLine = fileLine(shift, f.snippet.startLine);
    for (const m of [f, ...(f.alsoReportedBy ?? [])]) {
      place(m.location);
      for (const r of m.related ?? []) place(r);
    }
  }
  for (const s of surfaces) place(s.location);
  const summary = countSeverities(unique);
  timing.totalMs = Math.round(performance.now() - started);
  const report: Report = {
    schemaVersion: 1,
    tool: { name: 'airlock', version: VERSION },
    command: 'scan',
    target: { ...input.target, files: inventory.files.length, bytes: inventory.totalBytes },
    verdict: verdictOf(summary),
    summary,
    executionMap: surfaces.sort(compareSurfaces),
    findings: unique,
    errors,
    timing,
  };
  if (unscannable) report.unscannable = unscannable;
  if (sections.dependencies) report.dependencies = sections.dependencies;
  if (sections.provenance) report.provenance = sections.provenance;
  if (options.config.source) notes.push(`configuration: ${options.config.source}`);
  if (notes.length > 0) report.notes = notes;
  if (configured.suppressed.length > 0) report.suppressed = configured.suppressed;
  return report;
}

export interface TargetScan {
  options: ScanOptions;
  rules: readonly ScanRule[];
  onProgress?: (message: string) => void;
  /** Gaps the caller found before (an already acquired folder's `gaps`). */
  gaps?: ReportError[];
}

/** The report of an acquired target: its folder scanned, named as the user named it. */
export function scanAcquired(acquired: AcquiredTarget, spec: string, input: TargetScan): Promise<Report> {
  return runEngine({
    root: acquired.root,
    target: {
      path: acquired.kind === 'directory' ? spec : acquired.spec,
      kind: acquired.kind,
      ...(acquired.commit ? { commit: acquired.commit } : {}),
    },
    options: { ...input.options, origin: input.options.origin ?? acquired.spec },
    rules: input.rules,
    notes: acquired.notes,
    gaps: [...(input.gaps ?? []), ...acquired.gaps],
    ...(input.onProgress ? { onProgress: input.onProgress } : {}),
  });
}

/**
 * The one path from a target to a folder and back: acquire it (`acquire`: folder, git URL,
 * archive; `acquireTree`: a ref of the history), do the work, then delete what acquiring made,
 * whatever happened. `airlock scan`, `airlock detonate` and the scan of other refs go through it.
 */
export async function withTarget<T>(acquiring: Promise<AcquiredTarget>, work: (acquired: AcquiredTarget) => Promise<T>): Promise<T> {
  const acquired = await acquiring;
  try {
    return await work(acquired);
  } finally {
    await acquired.cleanup();
  }
}

function compareSurfaces(a: Surface, b: Surface): number {
  return (
    compareTriggers(a.trigger, b.trigger) ||
    a.location.file.localeCompare(b.location.file) ||
    (a.location.line ?? 0) - (b.location.line ?? 0)
  );
}

/**
 * Findings about the scan itself (scan/*: what could not be analysed) come first in every format,
 * so that a reader sees what the rest of the report could not cover; then by severity.
 */
function compareReported(a: Finding, b: Finding): number {
  const scanA = a.ruleId.startsWith('scan/') ? 0 : 1;
  const scanB = b.ruleId.startsWith('scan/') ? 0 : 1;
  return scanA - scanB || compareFindings(a, b);
}

function dedupeFindings(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  const out: Finding[] = [];
  for (const f of findings) {
    const key = `${f.ruleId}\u0000${f.location.file}\u0000${f.location.line ?? ''}\u0000${f.location.column ?? ''}\u0000${f.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(f);
  }
  return out;
}
