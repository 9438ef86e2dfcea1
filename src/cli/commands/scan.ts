import { looksLikeGitUrl } from '../../acquire/index.ts';
import { UsageError } from '../../core/errors.ts';
import { failsAt } from '../../core/severity.ts';
import { resolveAbs } from '../../fs/path.ts';
import { scan } from '../../index.ts';
import { FORMATS, isMachineFormat, render } from '../../reporters/index.ts';
import { allRules } from '../../rules/index.ts';
import { oneOf, parse } from '../args.ts';
import { clearProgress, progressReporter, useColor } from '../io.ts';
import type { CliCommand } from '../io.ts';
import { emit } from '../output.ts';

const USAGE = `Usage: airlock scan [TARGET] [options]

Statically analyse a repository (directory, git URL or .zip/.tgz archive) and report what would
run on open, install, dev, build and test, and what the code would do. Nothing is executed.

Options:
  --format text|json|sarif    output format (default text)
  --output FILE               write the report to FILE instead of stdout
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
  --verbose                   show info findings in text output
  --no-color                  no colour (NO_COLOR is respected too)
  -h, --help                  this help

Exit codes: 0 verdict below --fail-on, 1 at or above it, 2 usage error or unreadable target.`;

export const scanCommand: CliCommand = {
  name: 'scan',
  summary: 'statically analyse a repository and report what it would run',
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
    if (positionals.length > 1) throw new UsageError('BAD_ARGS', 'scan takes one TARGET');
    const target = positionals[0] ?? '.';
    const machine = isMachineFormat(format);
    const onProgress = progressReporter(io, !machine);
    const yara = values['yara'];
    const depth = values['depth'];
    if (depth !== undefined && (typeof depth !== 'string' || !/^\d{1,9}$/.test(depth))) {
      throw new UsageError('BAD_VALUE', `--depth must be a whole number of commits (got ${JSON.stringify(depth)})`);
    }
    const report = await scan(isUrlLike(target) ? target : resolveAbs(io.cwd, target), {
      online: values['online'] === true,
      provenance: values['no-provenance'] !== true,
      allRefs: values['all-refs'] === true,
      keep: values['keep'] === true,
      ...(typeof depth === 'string' ? { depth: Number(depth) } : {}),
      nodeModules: values['include-node-modules'] === true ? 'include' : values['skip-node-modules'] === true ? 'skip' : 'auto',
      ...(typeof values['registry'] === 'string' ? { registryUrl: values['registry'] } : {}),
      ...(Array.isArray(yara) ? { yaraDirs: yara.map(d => resolveAbs(io.cwd, d)) } : {}),
      ...(onProgress ? { onProgress } : {}),
    });
    clearProgress(io, !machine);
    if (!isUrlLike(target)) report.target.path = target;
    const text = render(report, format, {
      color: format === 'text' && values['no-color'] !== true && values['output'] === undefined && useColor(io),
      verbose: values['verbose'] === true,
      rules: allRules.map(r => r.meta),
    });
    emit(io, text, typeof values['output'] === 'string' ? values['output'] : undefined);
    return failsAt(report.verdict, failOn) ? 1 : 0;
  },
};

function isUrlLike(target: string): boolean {
  return looksLikeGitUrl(target);
}
