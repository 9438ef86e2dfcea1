/** Flags shared by `airlock hunt` and `airlock harden`. */
import { statSync } from 'node:fs';
import { UsageError } from '../../core/errors.ts';
import { resolveAbs } from '../../fs/path.ts';
import { safeText } from '../../reporters/terminal-safe.ts';
import type { WorkstationOptions } from '../../workstation/run.ts';
import { OSES } from '../../workstation/platform.ts';
import { oneOf } from '../args.ts';
import type { OptionSpec } from '../args.ts';
import type { CliIO } from '../io.ts';

/** hunt and harden reports are for a terminal, a script or a code-scanning upload. */
export const WORKSTATION_FORMATS = ['text', 'json', 'sarif'] as const;

export const WORKSTATION_FLAGS: OptionSpec = {
  home: { type: 'string' },
  os: { type: 'string' },
  tmpdir: { type: 'string' },
  format: { type: 'string' },
  output: { type: 'string', short: 'o' },
  'fail-on': { type: 'string' },
  quiet: { type: 'boolean', short: 'q' },
  verbose: { type: 'boolean' },
  'no-color': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
};

function directory(io: CliIO, flag: string, value: string): string {
  const abs = resolveAbs(io.cwd, value);
  let ok: boolean;
  try {
    ok = statSync(abs).isDirectory();
  } catch {
    ok = false;
  }
  if (!ok) throw new UsageError('NOT_A_DIRECTORY', `${flag} ${safeText(value)}: no such folder`);
  return abs;
}

export function workstationOptions(values: Record<string, string | boolean | string[] | undefined>, io: CliIO): WorkstationOptions {
  const options: WorkstationOptions = {};
  const home = values['home'];
  if (typeof home === 'string') options.home = directory(io, '--home', home);
  const os = oneOf(values['os'], OSES, '--os');
  if (os) options.os = os;
  const tmp = values['tmpdir'];
  if (typeof tmp === 'string') options.tmpDir = directory(io, '--tmpdir', tmp);
  const roots = values['roots'];
  if (typeof roots === 'string') {
    const list = roots.split(',').filter(r => r !== '');
    if (list.length === 0) throw new UsageError('BAD_VALUE', '--roots needs at least one folder');
    options.roots = list.map(r => directory(io, '--roots', r));
  }
  if (values['no-processes'] === true) options.processes = false;
  return options;
}
