import { UsageError } from '../../core/errors.ts';
import { failsAt } from '../../core/severity.ts';
import { resolveAbs } from '../../fs/path.ts';
import { detonate } from '../../index.ts';
import { FORMATS, isMachineFormat, render } from '../../reporters/index.ts';
import { allRules } from '../../rules/index.ts';
import { BACKEND_CHOICES } from '../../sandbox/backend.ts';
import { PHASES } from '../../sandbox/phases.ts';
import type { PhaseName } from '../../sandbox/phases.ts';
import { oneOf, parse } from '../args.ts';
import { clearProgress, progressReporter, reportWidth, useColor } from '../io.ts';
import type { CliCommand } from '../io.ts';
import { emit } from '../output.ts';

const USAGE = `Usage: airlock detonate [TARGET] [options]

Run what the repository runs on open, install, dev and test inside a sandbox (Linux namespaces
with bubblewrap, or Docker/Podman) with no route out, decoy secrets in a fresh home folder and a
tracer, and report what the code tried to do: processes, hosts, secrets, persistence. A phase
that could not really run makes the verdict at least review. Progress goes to stderr.
It refuses to run when no backend can isolate. See docs/detonate.md.

Options:
  --phases LIST               comma-separated: open,install,dev,test (default open,install,dev)
  --timeout SECONDS           wall-clock limit per phase (default 60)
  --backend auto|bwrap|docker|podman
                              sandbox backend (default auto: the strongest available)
  --offline                   fetch no dependencies; run over what the repository holds
  --registry URL              the one registry dependencies are fetched from (default
                              AIRLOCK_REGISTRY_URL or https://registry.npmjs.org)
  --with-scan                 merge the static scan of the same target into the report
  --keep-workdir              keep the work folder (traces, sink events) and print its path
  --format text|json|sarif|html|markdown
                              output format (default text)
  --output FILE               write the report to FILE instead of stdout
  --fail-on block|review|never
                              exit 1 when the verdict is at or above this (default block)
  --verbose                   show info findings and every behaviour in text output
  --no-color                  no colour (NO_COLOR is respected too)
  -h, --help                  this help

Exit codes: 0 verdict below --fail-on, 1 at or above it, 2 usage error, unreadable target or no
sandbox available.`;

export const detonateCommand: CliCommand = {
  name: 'detonate',
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parse(
      argv,
      {
        phases: { type: 'string' },
        timeout: { type: 'string' },
        backend: { type: 'string' },
        offline: { type: 'boolean' },
        registry: { type: 'string' },
        'with-scan': { type: 'boolean' },
        'keep-workdir': { type: 'boolean' },
        format: { type: 'string' },
        output: { type: 'string', short: 'o' },
        'fail-on': { type: 'string' },
        verbose: { type: 'boolean' },
        'no-color': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      'detonate',
    );
    if (values['help'] === true) {
      io.stdout(USAGE + '\n');
      return 0;
    }
    const format = oneOf(values['format'], FORMATS, '--format') ?? 'text';
    const failOn = oneOf(values['fail-on'], ['block', 'review', 'never'] as const, '--fail-on') ?? 'block';
    const backend = oneOf(values['backend'], BACKEND_CHOICES, '--backend') ?? 'auto';
    const phases = parsePhases(values['phases']);
    const timeout = parseTimeout(values['timeout']);
    if (positionals.length > 1) throw new UsageError('BAD_ARGS', 'detonate takes one TARGET');
    const target = positionals[0] ?? '.';
    const machine = isMachineFormat(format);
    // Detonation takes minutes: progress (what runs, time elapsed) goes to stderr in every format,
    // redrawn on one line on a terminal, one line per step otherwise.
    const tty = progressReporter(io, !machine);
    const started = Date.now();
    const onProgress = (message: string): void => {
      const line = `[${Math.round((Date.now() - started) / 1000)} s] ${message}`;
      if (tty) tty(line);
      else io.stderr(`airlock: ${line}\n`);
    };
    const report = await detonate(resolveAbs(io.cwd, target), {
      ...(phases ? { phases } : {}),
      backend,
      ...(timeout !== undefined ? { timeoutSeconds: timeout } : {}),
      offline: values['offline'] === true,
      ...(typeof values['registry'] === 'string' ? { registryUrl: parseRegistry(values['registry']) } : {}),
      withScan: values['with-scan'] === true,
      keepWorkdir: values['keep-workdir'] === true,
      onProgress,
    });
    clearProgress(io, tty !== undefined);
    report.target.path = target;
    const text = render(report, format, {
      color: format === 'text' && values['no-color'] !== true && values['output'] === undefined && useColor(io),
      verbose: values['verbose'] === true,
      rules: allRules.map(r => r.meta),
      width: values['output'] === undefined ? reportWidth(io) : undefined,
    });
    emit(io, text, typeof values['output'] === 'string' ? values['output'] : undefined);
    return failsAt(report.verdict, failOn) ? 1 : 0;
  },
};

function parsePhases(value: unknown): PhaseName[] | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new UsageError('BAD_VALUE', '--phases takes a comma-separated list');
  const list = value
    .split(',')
    .map(s => s.trim())
    .filter(s => s !== '');
  if (list.length === 0) throw new UsageError('BAD_VALUE', `--phases must list some of ${PHASES.join(', ')}`);
  const out: PhaseName[] = [];
  for (const p of list) {
    if (!(PHASES as readonly string[]).includes(p))
      throw new UsageError('BAD_VALUE', `--phases: unknown phase ${JSON.stringify(p)} (use ${PHASES.join(', ')})`);
    if (!out.includes(p as PhaseName)) out.push(p as PhaseName);
  }
  return out;
}

function parseRegistry(value: string): string {
  if (!/^https?:\/\/[^\s/]+/.test(value)) throw new UsageError('BAD_VALUE', '--registry must be an http(s) URL');
  return value;
}

function parseTimeout(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > 3600)
    throw new UsageError('BAD_VALUE', '--timeout must be a whole number of seconds between 1 and 3600');
  return n;
}
