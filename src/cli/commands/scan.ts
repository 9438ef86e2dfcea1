import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { looksLikeGitUrl } from '../../acquire/index.ts';
import { scanBatch } from '../../batch/pool.ts';
import { EMPTY_CONFIG, loadConfigFile, userConfigPath } from '../../config/config.ts';
import type { AirlockConfig } from '../../config/config.ts';
import { InputError, UsageError } from '../../core/errors.ts';
import type { Report, Verdict } from '../../core/types.ts';
import { failsAt } from '../../core/severity.ts';
import { joinAbs, resolveAbs } from '../../fs/path.ts';
import { scan } from '../../index.ts';
import type { ScanRequest } from '../../index.ts';
import { renderHtmlIndex } from '../../reporters/html.ts';
import { FORMATS, isMachineFormat, render } from '../../reporters/index.ts';
import type { Format, RenderOptions } from '../../reporters/index.ts';
import { renderSarifRuns } from '../../reporters/sarif.ts';
import { renderSummaryMarkdown, renderSummaryText } from '../../reporters/summary.ts';
import type { SummaryRow } from '../../reporters/summary.ts';
import { safeText } from '../../reporters/terminal-safe.ts';
import { allRules } from '../../rules/index.ts';
import { oneOf, parse } from '../args.ts';
import { clearProgress, progressReporter, useColor } from '../io.ts';
import type { CliCommand, CliIO } from '../io.ts';
import { emit } from '../output.ts';

const USAGE = `Usage: airlock scan [TARGET ...] [options]

Statically analyse a repository (directory, git URL or .zip/.tgz archive) and report what would
run on open, install, dev, build and test, and what the code would do. Nothing is executed.

Options:
  --format text|json|sarif|html|markdown
                              output format (default text)
  --output FILE               write the report to FILE instead of stdout
  --targets FILE              scan every target listed in FILE (one per line, # comments)
  --jobs N                    targets scanned in parallel in batch mode (default up to 4)
  --output-dir DIR            batch: one report file per target plus a summary/index
  --fail-on block|review|never
                              exit 1 when the verdict is at or above this (default block)
  --online                    allow registry, advisory and hosting-API look-ups
  --no-provenance             skip git history analysis
  --all-refs                  also scan other branches, tags, stashes and unreachable objects
  --depth N                   git URL targets: commits of history to fetch (default 200, 0 = all)
  --keep                      keep the quarantine copy of a git URL or archive target
  --include-node-modules      read installed node_modules in full
  --skip-node-modules         ignore installed node_modules entirely
  --registry URL              npm registry base URL for --online checks
  --yara DIR                  add the YARA rules in DIR (repeatable)
  --config FILE               use this airlock.json (JSONC); default: the user config
                              (~/.config/airlock/config.json), never one inside the target
  --verbose                   show info findings in text output
  --no-color                  no colour (NO_COLOR is respected too)
  -h, --help                  this help

Exit codes: 0 verdict below --fail-on, 1 at or above it, 2 usage error or unreadable target.`;

export const scanCommand: CliCommand = {
  name: 'scan',
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parse(
      argv,
      {
        format: { type: 'string' },
        output: { type: 'string', short: 'o' },
        'fail-on': { type: 'string' },
        online: { type: 'boolean' },
        'no-provenance': { type: 'boolean' },
        'all-refs': { type: 'boolean' },
        depth: { type: 'string' },
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
    const format = oneOf(values['format'], FORMATS, '--format') ?? 'text';
    const failOn = oneOf(values['fail-on'], ['block', 'review', 'never'] as const, '--fail-on') ?? 'block';
    if (values['include-node-modules'] === true && values['skip-node-modules'] === true) {
      throw new UsageError('BAD_ARGS', '--include-node-modules and --skip-node-modules cannot be used together');
    }
    const targets = [...positionals];
    if (typeof values['targets'] === 'string') targets.push(...readTargetsFile(io, values['targets']));
    if (targets.length === 0) targets.push('.');
    const machine = isMachineFormat(format);
    const yara = values['yara'];
    const depth = values['depth'];
    if (depth !== undefined && (typeof depth !== 'string' || !/^\d{1,9}$/.test(depth))) {
      throw new UsageError('BAD_VALUE', `--depth must be a whole number of commits (got ${JSON.stringify(depth)})`);
    }
    const request: ScanRequest = {
      online: values['online'] === true,
      provenance: values['no-provenance'] !== true,
      allRefs: values['all-refs'] === true,
      keep: values['keep'] === true,
      ...(typeof depth === 'string' ? { depth: Number(depth) } : {}),
      nodeModules: values['include-node-modules'] === true ? 'include' : values['skip-node-modules'] === true ? 'skip' : 'auto',
      ...(typeof values['registry'] === 'string' ? { registryUrl: values['registry'] } : {}),
      ...(Array.isArray(yara) ? { yaraDirs: yara.map(d => resolveAbs(io.cwd, d)) } : {}),
      config: resolveConfig(io, typeof values['config'] === 'string' ? values['config'] : undefined),
    };
    const renderOptions = {
      color: format === 'text' && values['no-color'] !== true && values['output'] === undefined && useColor(io),
      verbose: values['verbose'] === true,
      rules: allRules.map(r => r.meta),
    };
    const output = typeof values['output'] === 'string' ? values['output'] : undefined;
    const outputDir = typeof values['output-dir'] === 'string' ? values['output-dir'] : undefined;
    if (targets.length > 1 || outputDir !== undefined) {
      return runBatch(io, targets, request, { format, failOn, renderOptions, output, outputDir, jobs: parseJobs(values['jobs']) });
    }
    const target = targets[0] ?? '.';
    const onProgress = progressReporter(io, !machine);
    const report = await scan(absTarget(io, target), { ...request, ...(onProgress ? { onProgress } : {}) });
    clearProgress(io, !machine);
    if (!isUrlLike(target)) report.target.path = target;
    emit(io, render(report, format, renderOptions), output);
    return failsAt(report.verdict, failOn) ? 1 : 0;
  },
};

interface BatchCliOptions {
  format: Format;
  failOn: Verdict | 'never';
  renderOptions: RenderOptions;
  output: string | undefined;
  outputDir: string | undefined;
  jobs: number | undefined;
}

async function runBatch(io: CliIO, targets: string[], request: ScanRequest, o: BatchCliOptions): Promise<number> {
  if (o.format === 'html' && o.outputDir === undefined) {
    throw new UsageError('BAD_ARGS', 'scanning several targets as HTML needs --output-dir DIR (one page per target plus index.html)');
  }
  if (o.outputDir !== undefined && o.output !== undefined)
    throw new UsageError('BAD_ARGS', '--output and --output-dir cannot be used together');
  const progress = !isMachineFormat(o.format) || o.outputDir !== undefined;
  const results = await scanBatch(
    targets.map(t => absTarget(io, t)),
    {
      ...(o.jobs !== undefined ? { jobs: o.jobs } : {}),
      request,
      onResult: (result, done, total) => {
        if (progress && io.stderrIsTTY) io.stderr(`\r\u001b[2K airlock: ${done}/${total} scanned (${safeText(result.target)})`);
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
    io.stdout(renderSummaryText(rows));
  } else {
    emit(io, renderBatch(rows, reports, o.format, o.renderOptions), o.output);
  }
  if (rows.some(r => r.error !== undefined)) {
    for (const r of rows) if (r.error !== undefined) io.stderr(`airlock scan: ${safeText(r.target)}: ${safeText(r.error)}\n`);
    return 2;
  }
  return reports.some(r => failsAt(r.verdict, o.failOn)) ? 1 : 0;
}

function renderBatch(rows: SummaryRow[], reports: Report[], format: Format, options: RenderOptions): string {
  switch (format) {
    case 'json':
      return rows.map(r => JSON.stringify(r.report ?? { target: r.target, error: r.error }) + '\n').join('');
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
    text = readFileSync(resolveAbs(io.cwd, file), 'utf8');
  } catch (err) {
    throw new InputError('TARGETS_UNREADABLE', `cannot read --targets ${file}: ${(err as Error).message}`);
  }
  return text
    .split(/\r?\n/)
    .map(l => l.trim())
    .filter(l => l !== '' && !l.startsWith('#'));
}

function parseJobs(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new UsageError('BAD_VALUE', '--jobs must be a whole number from 1 to 64');
  return n;
}

function absTarget(io: CliIO, target: string): string {
  return isUrlLike(target) ? target : resolveAbs(io.cwd, target);
}

/** An explicit --config, else the user-level config file if it exists; never the target's own. */
function resolveConfig(io: CliIO, explicit: string | undefined): AirlockConfig {
  if (explicit !== undefined) return loadConfigFile(resolveAbs(io.cwd, explicit));
  const user = userConfigPath(io.env);
  return user !== undefined && existsSync(user) ? loadConfigFile(user) : EMPTY_CONFIG;
}

function isUrlLike(target: string): boolean {
  return looksLikeGitUrl(target);
}
