import { UsageError } from '../../core/errors.ts';
import { failsAt } from '../../core/severity.ts';
import type { ChangeRecord } from '../../core/types.ts';
import { harden } from '../../index.ts';
import { quietLine } from '../../reporters/headline.ts';
import { isMachineFormat, render } from '../../reporters/index.ts';
import { safeText } from '../../reporters/terminal-safe.ts';
import { allRules } from '../../rules/index.ts';
import { oneOf, parse } from '../args.ts';
import { clearProgress, progressReporter, useColor } from '../io.ts';
import type { CliCommand, CliIO } from '../io.ts';
import { emit } from '../output.ts';
import { WORKSTATION_FLAGS, WORKSTATION_FORMATS, workstationOptions } from './workstation-args.ts';

const USAGE = `Usage: airlock harden [--fix [--yes] | --undo] [options]

Audit the settings that would have stopped the fake-recruiter campaign: editor Workspace Trust
and automatic tasks (VS Code, Cursor, Windsurf, VSCodium), package-manager install scripts, a
global git hooksPath, plaintext credentials, SSH keys without a passphrase, wallet extensions,
and working as root/Administrator.

Options:
  --fix                       apply the safe settings changes: each is shown as a diff first,
                              confirmed on a terminal, and backed up beside the file
  --yes                       with --fix: do not ask
  --undo                      restore the backups written by the last --fix
  --home DIR                  audit this home folder (a copy) instead of yours
  --os linux|darwin|win32     the OS layout of the home folder (default: this machine's)
  --roots DIR,...             also look for plaintext .env files at the top of these folders
  --format text|json|sarif    output format (default text)
  --output FILE               write the report to FILE instead of stdout
  --fail-on block|review|never
                              exit 1 when the verdict is at or above this (default block)
  --quiet                     print only the verdict and the counts (--output still written)
  --verbose                   show info findings in text output
  --no-color                  no colour (NO_COLOR is respected too)
  -h, --help                  this help

Secrets and keys are never changed; the findings say what to do with them.
Exit codes: 0 verdict below --fail-on, 1 at or above it, 2 usage error, or --fix not confirmed.`;

function showPlan(io: CliIO, planned: readonly ChangeRecord[]): void {
  const lines = [`airlock harden --fix will make ${planned.length} change${planned.length === 1 ? '' : 's'}:`];
  for (const c of planned) {
    lines.push('', `${safeText(c.file)}: ${safeText(c.description)}`);
    if (c.diff)
      lines.push(
        ...c.diff
          .trimEnd()
          .split('\n')
          .map(l => safeText(l)),
      );
  }
  io.stderr(lines.join('\n') + '\n\n');
}

export const hardenCommand: CliCommand = {
  name: 'harden',
  usage: USAGE,
  async run(argv, io) {
    const { values } = parse(
      argv,
      {
        ...WORKSTATION_FLAGS,
        roots: { type: 'string' },
        fix: { type: 'boolean' },
        yes: { type: 'boolean', short: 'y' },
        undo: { type: 'boolean' },
      },
      'harden',
    );
    if (values['help'] === true) {
      io.stdout(USAGE + '\n');
      return 0;
    }
    const format = oneOf(values['format'], WORKSTATION_FORMATS, '--format') ?? 'text';
    const failOn = oneOf(values['fail-on'], ['block', 'review', 'never'] as const, '--fail-on') ?? 'block';
    const fix = values['fix'] === true;
    const undo = values['undo'] === true;
    if (fix && undo) throw new UsageError('BAD_ARGS', '--fix and --undo cannot be used together');
    if (values['yes'] === true && !fix) throw new UsageError('BAD_ARGS', '--yes only makes sense with --fix');
    const quiet = values['quiet'] === true;
    const machine = isMachineFormat(format) && !quiet;
    const onProgress = progressReporter(io, !machine);
    let declined: string | undefined;
    const confirm = async (planned: ChangeRecord[]): Promise<boolean> => {
      clearProgress(io, !machine);
      showPlan(io, planned);
      if (values['yes'] === true) return true;
      if (!io.prompt) {
        declined = 'nothing was changed: there is no terminal to confirm on; review the diff above and rerun with --yes';
        return false;
      }
      const answer = (
        await io.prompt(
          `Apply ${planned.length === 1 ? 'this change' : `these ${planned.length} changes`}? A backup of each file is written first. [y/N] `,
        )
      )
        .trim()
        .toLowerCase();
      if (answer === 'y' || answer === 'yes') return true;
      declined = 'nothing was changed';
      return false;
    };
    const report = await harden({
      ...workstationOptions(values, io),
      ...(fix ? { fix: confirm } : {}),
      ...(undo ? { undo: true } : {}),
      ...(onProgress ? { onProgress } : {}),
    });
    clearProgress(io, !machine);
    const text = render(report, format, {
      color: format === 'text' && values['no-color'] !== true && values['output'] === undefined && useColor(io),
      verbose: values['verbose'] === true,
      rules: allRules.map(r => r.meta),
    });
    const output = typeof values['output'] === 'string' ? values['output'] : undefined;
    const restored = report.workstation?.changes?.some(c => c.status === 'restored') === true;
    if (undo && !restored && format === 'text' && output === undefined && !quiet) {
      io.stdout('Nothing to undo: no Airlock backups were found beside the settings files.\n');
      return 0;
    }
    if (!quiet || output !== undefined) emit(io, text, output);
    if (quiet) io.stdout(quietLine(report));
    if (declined !== undefined) {
      io.stderr(`airlock harden: ${declined}\n`);
      return 2;
    }
    if (report.workstation?.changes?.some(c => c.status === 'refused'))
      io.stderr('airlock harden: some changes were refused; see "Settings changes" for why\n');
    return failsAt(report.verdict, failOn) ? 1 : 0;
  },
};
