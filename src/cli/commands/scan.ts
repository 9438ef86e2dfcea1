import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { looksLikeGitUrl } from '../../acquire/index.ts';
import { installInterruptCleanup } from '../../acquire/interrupt.ts';
import { scanBatch } from '../../batch/pool.ts';
import { removeStaleQuarantines } from '../../history/quarantine.ts';
import { loadConfigFile, userConfigPath } from '../../config/config.ts';
import { EMPTY_CONFIG } from '../../core/config.ts';
import type { AirlockConfig } from '../../core/config.ts';
import { InputError, UsageError } from '../../core/errors.ts';
import { didYouMean } from '../../core/suggest.ts';
import type { Report, Verdict } from '../../core/types.ts';
import { failsAt } from '../../core/severity.ts';
import { joinAbs, resolveAbs } from '../../fs/path.ts';
import { scan } from '../../index.ts';
import type { ScanRequest } from '../../index.ts';
import { quietLine } from '../../reporters/headline.ts';
import { renderHtmlIndex } from '../../reporters/html.ts';
import { FORMATS, isMachineFormat, render } from '../../reporters/index.ts';
import type { Format, RenderOptions } from '../../reporters/index.ts';
import { escapeJsonText, renderJsonLine } from '../../reporters/json.ts';
import { renderSarifRuns } from '../../reporters/sarif.ts';
import { renderSummaryMarkdown, renderSummaryText } from '../../reporters/summary.ts';
import type { SummaryRow } from '../../reporters/summary.ts';
import { safeText } from '../../reporters/terminal-safe.ts';
import { allRules } from '../../rules/index.ts';
import { oneOf, parse, wholeNumber } from '../args.ts';
import { clearProgress, progressReporter, reportWidth, useColor } from '../io.ts';
import type { CliCommand, CliIO } from '../io.ts';
import { destinations, emit } from '../output.ts';
import type { Destination } from '../output.ts';

const USAGE = `Usage: airlock scan [TARGET ...] [options]

Statically analyse a repository (directory, git URL or .zip/.tgz archive) and report what would
run on open, install, dev, build and test, and what the code would do. Nothing is executed.

Options:
  --format text|json|sarif|html|markdown
                              output format on stdout (default text)
  --output FILE               write the report to FILE instead of stdout
  --output FORMAT=FILE        write the report in FORMAT to FILE; repeat it to write several
                              formats from one scan (e.g. --output sarif=a.sarif
                              --output markdown=a.md); FORMAT=- is stdout
  --quiet                     print only the verdict and the counts (files still written)
  --targets FILE              scan every target listed in FILE (one per line, # comments)
  --jobs N                    targets scanned in parallel in batch mode (1 to 64, default up to 4)
  --output-dir DIR            batch: one report file per target plus a summary/index
  --fail-on block|review|never
                              exit 1 when the verdict is at or above this (default block)
  --online                    allow registry, advisory and hosting-API look-ups
  --no-provenance             skip git history analysis
  --all-refs                  also scan other branches, tags, stashes and unreachable objects
  --depth N                   git URL targets: commits of history to fetch (default 200, 0 = all)
  --clone-timeout SECONDS     git URL targets: stop the clone after this long (default 300);
                              a host that sends nothing for 60 s (or this, if shorter) is dropped
  --target-timeout SECONDS    batch: a target not finished after this long is stopped and
                              reported as an error (default 600)
  --keep                      keep the quarantine copy of a git URL or archive target
  --include-node-modules      read installed node_modules in full
  --skip-node-modules         ignore installed node_modules entirely
  --registry URL              npm registry base URL for --online checks
  --yara DIR                  add the YARA rules in DIR (repeatable); a missing folder or a
                              rule that does not compile is a usage error
  --config FILE               use this airlock.json (JSONC); default: the user config
                              (~/.config/airlock/config.json), never one inside the target
  --verbose                   show info findings and timing (parse counts) in text output
  --no-color                  no colour (NO_COLOR is respected too)
  -h, --help                  this help

Exit codes: 0 verdict below --fail-on, 1 at or above it, 2 usage error, unusable input
(--config, --targets, --yara) or unreadable target, 3 nothing scannable (an empty folder, a bare
git repository, only unreadable files).`;

export const scanCommand: CliCommand = {
  name: 'scan',
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parse(
      argv,
      {
        format: { type: 'string' },
        output: { type: 'string', short: 'o', multiple: true },
        quiet: { type: 'boolean', short: 'q' },
        'fail-on': { type: 'string' },
        online: { type: 'boolean' },
        'no-provenance': { type: 'boolean' },
        'all-refs': { type: 'boolean' },
        depth: { type: 'string' },
        'clone-timeout': { type: 'string' },
        'target-timeout': { type: 'string' },
        keep: { type: 'boolean' },
        'include-node-modules': { type: 'boolean' },
        'skip-node-modules': { type: 'boolean' },
        registry: { type: 'string' },
        yara: { type: 'string', multiple: true },
        config: { type: 'string' },
        targets: { type: 'string' },
        jobs: { type: 'string' },
        'output-dir': { type: 'string' },
        verbose: { type: 'boolean' },
        'no-color': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      'scan',
    );
    if (values['help'] === true) {
      io.stdout(USAGE + '\n');
      return 0;
    }
    // Copies of URL and archive targets never outlive the run: not on Ctrl-C, not after a crash.
    installInterruptCleanup();
    try {
      removeStaleQuarantines();
    } catch {
      // Someone else's or an unreadable temp folder: the scan itself does not depend on it.
    }
    const format = oneOf(values['format'], FORMATS, '--format') ?? 'text';
    const failOn = oneOf(values['fail-on'], ['block', 'review', 'never'] as const, '--fail-on') ?? 'block';
    if (values['include-node-modules'] === true && values['skip-node-modules'] === true) {
      throw new UsageError('BAD_ARGS', '--include-node-modules and --skip-node-modules cannot be used together');
    }
    const depth = wholeNumber(values['depth'], '--depth', 0, 1_000_000_000, 'commits');
    const jobs = wholeNumber(values['jobs'], '--jobs', 1, 64, 'targets');
    const cloneTimeout = wholeNumber(values['clone-timeout'], '--clone-timeout', 1, 86_400, 'seconds');
    const targetTimeout = wholeNumber(values['target-timeout'], '--target-timeout', 1, 86_400, 'seconds');
    const outputs = destinations(values['output'], format, FORMATS);
    const quiet = values['quiet'] === true;
    const targets = [...positionals];
    if (typeof values['targets'] === 'string') targets.push(...readTargetsFile(io, values['targets']));
    if (targets.length === 0) targets.push('.');
    const yara = Array.isArray(values['yara']) ? values['yara'].map(d => resolveAbs(io.cwd, d)) : [];
    if (yara.length > 0) await checkYara(yara);
    const request: ScanRequest = {
      online: values['online'] === true,
      provenance: values['no-provenance'] !== true,
      allRefs: values['all-refs'] === true,
      keep: values['keep'] === true,
      ...(depth !== undefined ? { depth } : {}),
      ...(cloneTimeout !== undefined ? { cloneTimeoutMs: cloneTimeout * 1000 } : {}),
      nodeModules: values['include-node-modules'] === true ? 'include' : values['skip-node-modules'] === true ? 'skip' : 'auto',
      ...(typeof values['registry'] === 'string' ? { registryUrl: values['registry'] } : {}),
      ...(yara.length > 0 ? { yaraDirs: yara } : {}),
      config: resolveConfig(io, typeof values['config'] === 'string' ? values['config'] : undefined),
    };
    const colorOk = values['no-color'] !== true && useColor(io);
    const renderOptions = {
      color: false,
      verbose: values['verbose'] === true,
      rules: allRules.map(r => r.meta),
    };
    const outputDir = typeof values['output-dir'] === 'string' ? values['output-dir'] : undefined;
    if (targets.length > 1 || outputDir !== undefined) {
      return runBatch(io, targets, request, { format, failOn, renderOptions, outputs, outputDir, jobs, quiet, targetTimeout });
    }
    const target = targets[0] ?? '.';
    const machine = outputs.every(d => isMachineFormat(d.format)) && !quiet;
    const onProgress = progressReporter(io, !machine);
    const report = await scan(absTarget(io, target), { ...request, ...(onProgress ? { onProgress } : {}) });
    clearProgress(io, !machine);
    if (!isUrlLike(target)) report.target.path = target;
    for (const d of outputs) {
      if (d.file === undefined && quiet) continue;
      const toTerminal = d.format === 'text' && d.file === undefined;
      emit(
        io,
        render(report, d.format, { ...renderOptions, color: toTerminal && colorOk, width: toTerminal ? reportWidth(io) : undefined }),
        d.file,
      );
    }
    if (quiet) io.stdout(quietLine(report));
    return exitCodeOf([report], failOn);
  },
};

/** `--yara DIR`: a folder that is missing, holds no rules or a rule that does not compile is a usage error. */
async function checkYara(dirs: readonly string[]): Promise<void> {
  for (const dir of dirs) {
    let ok: boolean;
    try {
      const st = statSync(dir);
      ok = st.isDirectory() || st.isFile();
    } catch {
      ok = false;
    }
    if (!ok) throw new UsageError('YARA_MISSING', `--yara ${safeText(dir)}: no such folder or file`);
  }
  const { compileRuleDirs } = await import('../../analysis/yara.ts');
  const compiled = compileRuleDirs(dirs);
  compiled.rules?.free();
  const problem = compiled.problems[0];
  if (problem !== undefined) throw new UsageError('YARA_BROKEN', `--yara: ${safeText(problem)}`);
  if (compiled.files.length === 0) throw new UsageError('YARA_EMPTY', `--yara ${safeText(dirs.join(', '))}: no .yar or .yara rule files`);
}

interface BatchCliOptions {
  format: Format;
  failOn: Verdict | 'never';
  renderOptions: RenderOptions;
  outputs: Destination<Format>[];
  outputDir: string | undefined;
  jobs: number | undefined;
  quiet: boolean;
  targetTimeout: number | undefined;
}

async function runBatch(io: CliIO, targets: string[], request: ScanRequest, o: BatchCliOptions): Promise<number> {
  if (o.outputDir === undefined && o.outputs.some(d => d.format === 'html')) {
    throw new UsageError('BAD_ARGS', 'scanning several targets as HTML needs --output-dir DIR (one page per target plus index.html)');
  }
  if (o.outputDir !== undefined && o.outputs.some(d => d.file !== undefined))
    throw new UsageError('BAD_ARGS', '--output and --output-dir cannot be used together');
  const progress = o.quiet || o.outputs.some(d => !isMachineFormat(d.format)) || o.outputDir !== undefined;
  // JSON lines and text reports on stdout are written as each target finishes, so a target that
  // hangs (until --target-timeout) or a killed run keeps every report already made.
  const streamed =
    o.outputDir === undefined && !o.quiet
      ? o.outputs.find(d => d.file === undefined && (d.format === 'json' || d.format === 'text'))
      : undefined;
  const shownOf = new Map(targets.map(t => [absTarget(io, t), t]));
  let streamedCount = 0;
  const results = await scanBatch(
    targets.map(t => absTarget(io, t)),
    {
      ...(o.jobs !== undefined ? { jobs: o.jobs } : {}),
      ...(o.targetTimeout !== undefined ? { targetTimeoutMs: o.targetTimeout * 1000 } : {}),
      request,
      onResult: (result, done, total) => {
        if (progress && io.stderrIsTTY) io.stderr(`\r\u001b[2K airlock: ${done}/${total} scanned (${safeText(result.target)})`);
        if (streamed === undefined) return;
        const shown = shownOf.get(result.target) ?? result.target;
        if (result.report && !isUrlLike(shown)) result.report.target.path = shown;
        const row: SummaryRow = { ...result, target: shown };
        if (progress && io.stderrIsTTY) io.stderr('\r\u001b[2K');
        io.stdout(streamedRow(row, streamed.format, o.renderOptions, streamedCount++ > 0));
      },
    },
  );
  if (progress && io.stderrIsTTY) io.stderr('\r\u001b[2K');
  const rows: SummaryRow[] = results.map((r, i) => {
    const shown = targets[i] ?? r.target;
    if (r.report && !isUrlLike(shown)) r.report.target.path = shown;
    return { ...r, target: shown };
  });
  const reports = rows.flatMap(r => (r.report ? [r.report] : []));
  if (o.outputDir !== undefined) {
    writeBatchFiles(io, o.outputDir, rows, o.format, o.renderOptions);
    io.stdout(
      o.quiet ? rows.map(r => (r.report ? quietLine(r.report) : `ERROR  ${safeText(r.target)}\n`)).join('') : renderSummaryText(rows),
    );
  } else {
    for (const d of o.outputs) {
      if (d === streamed) {
        if (d.format === 'text') io.stdout('\n' + renderSummaryText(rows));
      } else if (!(o.quiet && d.file === undefined)) emit(io, renderBatch(rows, reports, d.format, o.renderOptions), d.file);
    }
    if (o.quiet) io.stdout(rows.map(r => (r.report ? quietLine(r.report) : `ERROR  ${safeText(r.target)}\n`)).join(''));
  }
  if (rows.some(r => r.error !== undefined)) {
    for (const r of rows) if (r.error !== undefined) io.stderr(`airlock scan: ${safeText(r.target)}: ${safeText(r.error)}\n`);
    return 2;
  }
  return exitCodeOf(reports, o.failOn);
}

/** 3 when a target held nothing to scan (whatever --fail-on says), else 1 at or above --fail-on, else 0. */
const EXIT_NOTHING_SCANNABLE = 3;

function exitCodeOf(reports: readonly Report[], failOn: Verdict | 'never'): number {
  if (reports.some(r => r.unscannable !== undefined)) return EXIT_NOTHING_SCANNABLE;
  return reports.some(r => failsAt(r.verdict, failOn)) ? 1 : 0;
}

/** One finished target as streamed to stdout: a JSON line, or a text report (errors as one line). */
function streamedRow(row: SummaryRow, format: Format, options: RenderOptions, after: boolean): string {
  if (format === 'json') {
    return row.report ? renderJsonLine(row.report) : escapeJsonText(JSON.stringify({ target: row.target, error: row.error })) + '\n';
  }
  const body = row.report
    ? render(row.report, 'text', options)
    : `${safeText(row.target)}: could not be scanned: ${safeText(row.error ?? '')}\n`;
  return (after ? `\n${'─'.repeat(60)}\n\n` : '') + body;
}

function renderBatch(rows: SummaryRow[], reports: Report[], format: Format, options: RenderOptions): string {
  switch (format) {
    case 'json':
      return rows
        .map(r => (r.report ? renderJsonLine(r.report) : escapeJsonText(JSON.stringify({ target: r.target, error: r.error })) + '\n'))
        .join('');
    case 'sarif':
      return renderSarifRuns(reports, options.rules);
    case 'markdown':
      return renderSummaryMarkdown(rows) + '\n' + reports.map(r => render(r, 'markdown', options)).join('\n');
    case 'text':
      return reports.map(r => render(r, 'text', options)).join(`\n${'─'.repeat(60)}\n\n`) + '\n' + renderSummaryText(rows);
    case 'html':
      throw new UsageError('BAD_ARGS', 'HTML batch output needs --output-dir');
  }
}

const EXTENSION: Record<Format, string> = { text: 'txt', json: 'json', sarif: 'sarif', html: 'html', markdown: 'md' };

function writeBatchFiles(io: CliIO, dir: string, rows: SummaryRow[], format: Format, options: RenderOptions): void {
  const abs = resolveAbs(io.cwd, dir);
  try {
    mkdirSync(abs, { recursive: true });
  } catch (err) {
    throw new InputError('OUTPUT_UNWRITABLE', `cannot create ${dir}: ${(err as Error).message}`);
  }
  const names: string[] = [];
  rows.forEach((r, i) => {
    const name = `${String(i + 1).padStart(3, '0')}-${slug(r.target)}.${EXTENSION[format]}`;
    names.push(name);
    const body = r.report ? render(r.report, format, { ...options, color: false }) : `${r.target}: ${r.error ?? 'not scanned'}\n`;
    writeFileSync(joinAbs(abs, name), body);
  });
  const index =
    format === 'html' ? renderHtmlIndex(rows, names) : format === 'markdown' ? renderSummaryMarkdown(rows) : renderSummaryText(rows);
  writeFileSync(joinAbs(abs, format === 'html' ? 'index.html' : `summary.${format === 'markdown' ? 'md' : 'txt'}`), index);
}

function slug(target: string): string {
  const s = target
    .replace(/\.git$/, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return (s.length > 60 ? s.slice(-60) : s) || 'target';
}

function readTargetsFile(io: CliIO, file: string): string[] {
  let text: string;
  try {
    const abs = resolveAbs(io.cwd, file);
    if (!statSync(abs).isFile()) throw new UsageError('TARGETS_UNREADABLE', `--targets ${safeText(file)}: not a file`);
    text = readFileSync(abs, 'utf8');
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError('TARGETS_UNREADABLE', `--targets ${safeText(file)}: ${fsReason(err)}`);
  }
  const list = text
    .split(/\r?\n/)
    .map(l => l.trim())
    .filter(l => l !== '' && !l.startsWith('#'));
  if (list.length === 0) throw new UsageError('TARGETS_EMPTY', `--targets ${safeText(file)}: lists no targets`);
  return list;
}

function fsReason(err: unknown): string {
  const code = (err as { code?: string }).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a folder, not a file';
  return safeText((err as Error).message.split('\n')[0] ?? 'unreadable');
}

function absTarget(io: CliIO, target: string): string {
  return isUrlLike(target) ? target : resolveAbs(io.cwd, target);
}

/** An explicit --config, else the user-level config file if it exists; never the target's own. */
function resolveConfig(io: CliIO, explicit: string | undefined): AirlockConfig {
  const user = userConfigPath(io.env);
  const config =
    explicit !== undefined
      ? loadConfigFile(resolveAbs(io.cwd, explicit))
      : user !== undefined && existsSync(user)
        ? loadConfigFile(user)
        : EMPTY_CONFIG;
  const ids = allRules.map(r => r.meta.id);
  for (const id of Object.keys(config.rules)) {
    if (!ids.includes(id))
      throw new UsageError(
        'CONFIG_RULE',
        `${safeText(config.source ?? 'config')}: unknown rule "${safeText(id)}" in "rules"${didYouMean(id, ids, s => `"${s}"`)}; \`airlock rules\` lists them`,
      );
  }
  return config;
}

function isUrlLike(target: string): boolean {
  return looksLikeGitUrl(target);
}
