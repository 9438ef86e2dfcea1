/**
 * Environment variables that task runners and direnv set for every command they start: justfile
 * `export NAME := value` (and any variable under `set export`), Taskfile `env:` maps (the file's
 * and each task's), Makefile `export NAME = value` (and any variable under
 * `.EXPORT_ALL_VARIABLES`), and `.envrc` `export NAME=value`. Read line by line for the names the
 * caller asks about; values are unquoted, never expanded or run.
 */
import type { RuleContext } from '../../../core/rule.ts';
import type { Trigger } from '../../../core/types.ts';
import { baseName } from '../../../fs/path.ts';
import { filesWhere } from './jsonc-file.ts';

export interface RunnerEnvSetting {
  /** The file that sets it. */
  file: string;
  line: number;
  name: string;
  value: string;
  /** `just`, `task`, `make` or `direnv`. */
  program: string;
  /** When the variable is in force: the triggers of the runner's surfaces in that file (`shell` for direnv). */
  triggers: Trigger[];
}

const JUSTFILE = /^\.?justfile$/i;
const TASKFILE = /^taskfile(?:\.dist)?\.ya?ml$/i;
const MAKEFILE = /^(?:GNUmakefile|[Mm]akefile)$|\.mk$/;
const SURFACE_KIND: Record<string, string> = { just: 'just-recipe', task: 'taskfile-task', make: 'make-target' };

function unquote(v: string): string {
  const t = v.trim();
  return /^(['"]).*\1$/.test(t) ? t.slice(1, -1) : t;
}

function programOf(path: string): string | undefined {
  const base = baseName(path);
  if (JUSTFILE.test(base)) return 'just';
  if (TASKFILE.test(base)) return 'task';
  if (MAKEFILE.test(base)) return 'make';
  if (base === '.envrc') return 'direnv';
  return undefined;
}

/** The settings of `names` in one runner file's text. */
export function runnerEnvIn(program: string, text: string, names: ReadonlySet<string>): { line: number; name: string; value: string }[] {
  const out: { line: number; name: string; value: string }[] = [];
  const lines = text.split(/\r?\n/);
  const exportAll =
    (program === 'just' && /^\s*set\s+export\b(?!\s*:=\s*false)/m.test(text)) ||
    (program === 'make' && /^\s*\.EXPORT_ALL_VARIABLES\s*:/m.test(text));
  lines.forEach((l, i) => {
    let m: RegExpExecArray | null = null;
    if (program === 'just') m = /^(export\s+)?([A-Za-z_]\w*)\s*:=\s*(.+)$/.exec(l);
    else if (program === 'make') m = /^\s*(export\s+|override\s+export\s+)?([A-Za-z_]\w*)\s*(?:::|:|\?|\+)?=\s*(.+)$/.exec(l);
    else if (program === 'direnv') m = /^\s*(export\s+)([A-Za-z_]\w*)=(.+)$/.exec(l);
    else if (program === 'task') m = /^\s+()([A-Za-z_]\w*)\s*:\s*(['"]?[^{\s#'"][^#]*)$/.exec(l);
    if (!m) return;
    const name = m[2] ?? '';
    const exported = m[1] !== undefined && m[1] !== '';
    if (!names.has(name) || (program !== 'task' && !exported && !exportAll)) return;
    const value = unquote(m[3] ?? '');
    if (value !== '') out.push({ line: i + 1, name, value });
  });
  return out;
}

/** The files runnerEnvSettings reads, for the file gate of a rule that calls it. */
export const RUNNER_ENV_BASENAMES = [
  'justfile',
  '.justfile',
  'Justfile',
  'Taskfile.yml',
  'Taskfile.yaml',
  'taskfile.yml',
  'taskfile.yaml',
  'Taskfile.dist.yml',
  'Taskfile.dist.yaml',
  'Makefile',
  'makefile',
  'GNUmakefile',
  '.envrc',
];
export const RUNNER_ENV_GLOBS = ['**/*.mk'];

/** Every setting of `names` in the repository's justfiles, Taskfiles, Makefiles and `.envrc` files. */
export function runnerEnvSettings(ctx: RuleContext, names: ReadonlySet<string>): RunnerEnvSetting[] {
  const out: RunnerEnvSetting[] = [];
  for (const path of filesWhere(ctx, p => programOf(p) !== undefined)) {
    const program = programOf(path) ?? '';
    const text = ctx.text(path);
    if (text === undefined || ![...names].some(n => text.includes(n))) continue;
    const found = runnerEnvIn(program, text, names);
    if (found.length === 0) continue;
    const kind = SURFACE_KIND[program];
    const triggers = new Set<Trigger>();
    if (program === 'direnv') triggers.add('shell');
    else for (const s of ctx.executionMap) if (s.location.file === path && s.kind === kind) triggers.add(s.trigger);
    if (triggers.size === 0) triggers.add('dev');
    for (const f of found) out.push({ file: path, program, triggers: [...triggers], ...f });
  }
  return out;
}
