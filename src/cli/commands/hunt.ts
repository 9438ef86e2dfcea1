import { failsAt } from '../../core/severity.ts';
import { hunt } from '../../index.ts';
import { quietLine } from '../../reporters/headline.ts';
import { isMachineFormat, render } from '../../reporters/index.ts';
import { allRules } from '../../rules/index.ts';
import { oneOf, parse } from '../args.ts';
import { clearProgress, progressReporter, useColor } from '../io.ts';
import type { CliCommand } from '../io.ts';
import { emit } from '../output.ts';
import { WORKSTATION_FLAGS, WORKSTATION_FORMATS, workstationOptions } from './workstation-args.ts';

const USAGE = `Usage: airlock hunt [options]

Look for traces of the fake-recruiter campaign on this machine: dropped stages and persistence,
running processes and connections, recently opened editor folders that run tasks on open,
known-malicious packages in package-manager caches, and (with --roots) every repository under
the given folders. Each finding says what to do next, in a safe order.

Options:
  --home DIR                  audit this home folder (a copy) instead of yours
  --os linux|darwin|win32     the OS layout of the home folder (default: this machine's)
  --roots DIR,...             also scan every repository under these folders
  --tmpdir DIR                the temp folder to look in (default: the system temp folder)
  --no-processes              do not look at running processes and sockets
  --format text|json|sarif    output format (default text)
  --output FILE               write the report to FILE instead of stdout
  --fail-on block|review|never
                              exit 1 when the verdict is at or above this (default block)
  --quiet                     print only the verdict and the counts (--output still written)
  --verbose                   show info findings in text output
  --no-color                  no colour (NO_COLOR is respected too)
  -h, --help                  this help

Exit codes: 0 verdict below --fail-on, 1 at or above it, 2 usage error or unreadable input.`;

export const huntCommand: CliCommand = {
  name: 'hunt',
  usage: USAGE,
  async run(argv, io) {
    const { values } = parse(argv, { ...WORKSTATION_FLAGS, roots: { type: 'string' }, 'no-processes': { type: 'boolean' } }, 'hunt');
    if (values['help'] === true) {
      io.stdout(USAGE + '\n');
      return 0;
    }
    const format = oneOf(values['format'], WORKSTATION_FORMATS, '--format') ?? 'text';
    const failOn = oneOf(values['fail-on'], ['block', 'review', 'never'] as const, '--fail-on') ?? 'block';
    const quiet = values['quiet'] === true;
    const machine = isMachineFormat(format) && !quiet;
    const onProgress = progressReporter(io, !machine);
    const report = await hunt({ ...workstationOptions(values, io), ...(onProgress ? { onProgress } : {}) });
    clearProgress(io, !machine);
    const text = render(report, format, {
      color: format === 'text' && values['no-color'] !== true && values['output'] === undefined && useColor(io),
      verbose: values['verbose'] === true,
      rules: allRules.map(r => r.meta),
    });
    const output = typeof values['output'] === 'string' ? values['output'] : undefined;
    if (!quiet || output !== undefined) emit(io, text, output);
    if (quiet) io.stdout(quietLine(report));
    return failsAt(report.verdict, failOn) ? 1 : 0;
  },
};
