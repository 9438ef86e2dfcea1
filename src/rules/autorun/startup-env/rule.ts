import { defineRule } from '../../../core/rule.ts';
import type { RuleContext } from '../../../core/rule.ts';
import type { Severity, Trigger } from '../../../core/types.ts';
import { baseName, dirName, joinRel } from '../../../fs/path.ts';
import { isDotenvPath, parseDotenv } from '../../../lang/dotenv/parse.ts';
import { absence } from '../_shared/absence.ts';
import { filesWhere, isRepoFile } from '../_shared/jsonc-file.ts';
import { RUNNER_ENV_BASENAMES, RUNNER_ENV_GLOBS, runnerEnvSettings } from '../_shared/runner-env.ts';

/** Template env files are documentation, not loaded by any tool. */
const TEMPLATE = /\.(?:example|sample|template|dist|defaults?)$|(?:^|[._-])(?:example|sample|template)(?:[._-]|$)/i;

/**
 * Variables that make a program run a file when it starts, with the programs that read them and
 * how the value names the file. NODE_OPTIONS is autorun/node-options-env's.
 */
const STARTUP: Record<string, { who: string; files: (value: string) => string[]; compiled?: true }> = {
  BASH_ENV: { who: 'every non-interactive bash (each recipe, task and script run with bash)', files: v => [v] },
  ENV: { who: 'every interactive sh, dash or POSIX-mode bash', files: v => [v] },
  PYTHONSTARTUP: { who: 'every interactive python', files: v => [v] },
  LD_PRELOAD: { who: 'every dynamically linked program', files: v => v.split(/[\s:]+/), compiled: true },
  PERL5OPT: { who: 'every perl', files: v => [...v.matchAll(/-[mM]-?([\w:]+)/g)].map(m => `${(m[1] ?? '').replace(/::/g, '/')}.pm`) },
  RUBYOPT: { who: 'every ruby', files: v => [...v.matchAll(/-r\s*(\S+)/g)].map(m => m[1] ?? '') },
  JAVA_TOOL_OPTIONS: { who: 'every JVM', files: v => [...v.matchAll(/-javaagent:([^=\s]+)/g)].map(m => m[1] ?? ''), compiled: true },
};

interface Loader {
  /** `just` / `task`. */
  program: string;
  /** The runner's file that loads the env file. */
  file: string;
  line: number;
}

/** The justfiles and Taskfiles of the env file's folder that load it (just's `dotenv-*` settings, task's `dotenv:`). */
function loadersOf(ctx: RuleContext, envPath: string): Loader[] {
  const dir = dirName(envPath);
  const name = baseName(envPath);
  const out: Loader[] = [];
  for (const f of ctx.inventory.files) {
    if (f.inNodeModules || f.type !== 'file' || dirName(f.path) !== dir) continue;
    const base = baseName(f.path);
    if (/^\.?justfile$/i.test(base)) {
      const text = ctx.text(f.path) ?? '';
      const lines = text.split(/\r?\n/);
      const filename = /^\s*set\s+dotenv-(?:filename|path)\s*:=\s*['"]([^'"]+)['"]/m.exec(text)?.[1];
      const loads = lines.findIndex(l => /^\s*set\s+dotenv-(?:load|required|filename|path)\b(?!\s*:=\s*false)/.test(l));
      const wanted = filename === undefined ? '.env' : joinRel(dir, filename) === envPath ? name : undefined;
      if (loads >= 0 && wanted === name) out.push({ program: 'just', file: f.path, line: loads + 1 });
    } else if (/^taskfile(?:\.dist)?\.ya?ml$/i.test(base)) {
      const text = ctx.text(f.path) ?? '';
      const lines = text.split(/\r?\n/);
      const at = lines.findIndex(l => /^\s*dotenv\s*:/.test(l));
      if (at < 0) continue;
      // `dotenv: ['.env', '.env.local']`, or a block list below it.
      const inline = /\[([^\]]*)\]/.exec(lines[at] ?? '')?.[1];
      const items: string[] = inline !== undefined ? inline.split(',') : [];
      for (let i = at + 1; inline === undefined && i < lines.length; i++) {
        const item = /^\s+-\s+(.+)$/.exec(lines[i] ?? '');
        if (!item?.[1]) break;
        items.push(item[1]);
      }
      const listed = items.map(x => x.trim().replace(/^['"]|['"]$/g, ''));
      if (listed.some(l => joinRel(dir, l) === envPath)) out.push({ program: 'task', file: f.path, line: at + 1 });
    }
  }
  return out;
}

function triggersOf(ctx: RuleContext, loaders: readonly Loader[]): Trigger[] {
  const out = new Set<Trigger>();
  for (const l of loaders)
    for (const s of ctx.executionMap)
      if (s.location.file === l.file && (s.kind === 'just-recipe' || s.kind === 'taskfile-task')) out.add(s.trigger);
  return out.size > 0 ? [...out] : ['dev'];
}

export default defineRule({
  meta: {
    id: 'autorun/startup-env',
    severity: 'high',
    confidence: 'high',
    description:
      'Environment files, and justfile, Taskfile, Makefile and .envrc exports, that set a variable making programs run a file when they start (BASH_ENV, ENV, PYTHONSTARTUP, LD_PRELOAD, PERL5OPT, RUBYOPT, JAVA_TOOL_OPTIONS), with the justfiles and Taskfiles that load env files.',
    triggers: ['install', 'dev', 'start', 'build', 'test', 'lint'],
    phase: 'map',
    after: ['autorun/task-runner', 'autorun/make-target', 'autorun/direnv'],
    files: {
      basenames: RUNNER_ENV_BASENAMES,
      globs: ['**/.env', '**/.env.*', '**/*.env', ...RUNNER_ENV_GLOBS],
    },
    since: '0.1.0',
  },
  run(ctx) {
    for (const path of filesWhere(ctx, p => isDotenvPath(p) && !TEMPLATE.test(baseName(p)))) {
      const text = ctx.text(path);
      if (text === undefined || !Object.keys(STARTUP).some(k => text.includes(k))) continue;
      const loaders = loadersOf(ctx, path);
      const triggers = triggersOf(ctx, loaders);
      const by =
        loaders.length > 0
          ? loaders.map(l => `\`${l.program}\` (${l.file}:${String(l.line)})`).join(' and ')
          : 'a tool that loads it (dotenv-cli, python-dotenv, a runner)';
      for (const e of parseDotenv(text)) startupSetting(ctx, { file: path, line: e.line, name: e.key, value: e.value, by, triggers });
    }
    // The runners' own exports: every command `just`, `task` or `make` starts (and every shell
    // direnv sets up) inherits them.
    for (const e of runnerEnvSettings(ctx, STARTUP_NAMES))
      startupSetting(ctx, { ...e, by: `\`${e.program}\` (${e.file}:${String(e.line)})` });
  },
});

const STARTUP_NAMES = new Set(Object.keys(STARTUP));

/** A variable that makes programs run a file, set at `file:line` for what `by` starts. */
function startupSetting(
  ctx: RuleContext,
  e: { file: string; line: number; name: string; value: string; by: string; triggers: readonly Trigger[] },
): void {
  const spec = STARTUP[e.name];
  if (!spec || e.value.trim() === '') return;
  const path = e.file;
  const triggers = e.triggers;
  const by = e.by;
  // Only a path names a file (`ENV=development` is an app setting that shells ignore as a missing file).
  for (const written of spec.files(e.value.trim()).filter(w => /[/\\~$]|\.[A-Za-z0-9]+$/.test(w))) {
    const rel = /^(?:\/|~|\$)/.test(written) ? undefined : joinRel(dirName(path), written);
    const exists = rel !== undefined && isRepoFile(ctx, rel);
    for (const trigger of triggers)
      ctx.addSurface({
        trigger,
        kind: 'startup-env',
        location: { file: path, line: e.line },
        name: e.name,
        command: `${e.name}=${e.value}`.slice(0, 500),
        ...(exists ? { entry: rel } : {}),
      });
    // A compiled library or agent is code no rule can read: the setting is the evidence.
    const severity: Severity = exists && spec.compiled ? 'high' : 'info';
    const shown = exists ? rel : written;
    ctx.report({
      severity,
      message: `${path} sets ${e.name}, so ${spec.who} started by ${by} first runs ${shown}${
        exists
          ? spec.compiled
            ? ', compiled code in the repository that Airlock cannot read'
            : ''
          : `, which is ${absence(ctx.inventory, written)}`
      }.`,
      location: { file: path, line: e.line },
      evidence: `${e.name}=${e.value}`.slice(0, 300),
      ...(exists && !spec.compiled ? { runs: { trigger: triggers[0] ?? 'dev', files: [rel] } } : {}),
    });
  }
}
