import { defineRule } from '../../../core/rule.ts';
import type { RuleContext } from '../../../core/rule.ts';
import type { Surface, Trigger } from '../../../core/types.ts';
import { baseName, dirName, joinRel } from '../../../fs/path.ts';
import { analyzeCommand } from '../../../lang/shell/index.ts';
import type { CommandAnalysis } from '../../../lang/shell/index.ts';
import { parseMarkdown } from '../../../lang/markdown.ts';
import type { MdHeading, MdLine } from '../../../lang/markdown.ts';
import { needsPythonParser, preparePrograms, programVerdict } from '../../../analysis/embedded-program.ts';
import { assessCommand, shortCommand } from '../_shared/assess-command.ts';
import { commandVerdict } from '../_shared/command-verdict.ts';
import { isRepoFile } from '../_shared/jsonc-file.ts';
import { triggerOfTarget } from '../make-target/rule.ts';

/** README-like documents whose instructions a reader follows. */
const DOC_NAME =
  /^(?:readme(?:\.(?:md|markdown|mdown|txt))?|(?:install|installation|setup|getting[-_]?started|quick[-_]?start|running)\.(?:md|markdown|mdown))$/i;
/** The same names as globs (the engine's gate is case-sensitive). */
const ci = (word: string): string => word.replace(/[a-z]/g, c => `[${c}${c.toUpperCase()}]`);
const DOC_GLOBS = ['readme', 'install', 'setup', 'getting', 'quick', 'running'].map(w => `**/${ci(w)}*`);
/** Folder depth at which documents are still read (a README in `backend/` counts; `docs/a/b/c/` does not). */
const MAX_DEPTH = 3;
/** Headings under which code blocks are instructions to run. */
const INSTRUCTIONS =
  /\b(?:set ?up|setting up|getting started|get started|install|installation|installing|quick ?start|run|running|usage|use|using|start|starting|launch|develop|development|dev|build|building|local|locally|instructions?|steps?|how to|prerequisites|requirements|configuration|configure|test|testing|tasks?|assessment|assignment|challenge|deploy|deployment|docker|environment|bootstrap|first)\b/i;
const SHELL_LANGS = new Set([
  'sh',
  'bash',
  'shell',
  'zsh',
  'ksh',
  'fish',
  'console',
  'shell-session',
  'shellsession',
  'terminal',
  'powershell',
  'ps1',
  'pwsh',
  'ps',
  'cmd',
  'bat',
  'batch',
]);
const SESSION_LANGS = new Set(['console', 'shell-session', 'shellsession', 'terminal']);
/** Programs whose name starts a line in an unlabelled block or an inline span that is a command. */
const COMMANDS = new Set([
  'npm',
  'npx',
  'yarn',
  'pnpm',
  'bun',
  'bunx',
  'node',
  'deno',
  'pip',
  'pip3',
  'pipx',
  'python',
  'python3',
  'py',
  'uv',
  'poetry',
  'pipenv',
  'make',
  'just',
  'task',
  'bash',
  'sh',
  'zsh',
  'source',
  '.',
  'docker',
  'docker-compose',
  'podman',
  'curl',
  'wget',
  'git',
  'go',
  'cargo',
  'sudo',
  'chmod',
  'cd',
  'pwsh',
  'powershell',
  'iex',
  'irm',
  'iwr',
  'cmd',
  'tsx',
  'ts-node',
  'composer',
  'php',
  'ruby',
  'bundle',
  'rails',
]);
const PROMPT = /^\s*(?:\([\w.-]+\)\s*)?(?:[\w.@~:/-]*\s*)?[$%]\s+(?=\S)|^\s*PS [^>]{0,200}>\s*(?=\S)|^\s*>\s+(?=\S)/;
/** Commands of one README read; the rest are not mapped (a gap). */
const MAX_COMMANDS = 300;
/** Of those, how many are the document's last ones. */
const LAST_COMMANDS = 50;

const MAKEFILES = ['Makefile', 'makefile', 'GNUmakefile'];
const INSTALLERS = /^(?:pip|pip3|pipx|pipenv|poetry|uv|conda|mamba|bundle|composer|cargo|go)$/;

interface Command {
  text: string;
  line: number;
  section: string;
}

function isDoc(path: string): boolean {
  return DOC_NAME.test(baseName(path)) && path.split('/').length <= MAX_DEPTH + 1;
}

/** The section a block sits in, and whether its headings make it an instruction. */
function sectionOf(headings: readonly MdHeading[]): { name: string; instructs: boolean } {
  const inner = headings.filter(h => h.level >= 2);
  const name = (headings[headings.length - 1]?.text ?? '').replace(/[`*_[\]]/g, '');
  // Before the first section (under the title only) the README is an introduction: its commands count.
  if (inner.length === 0) return { name, instructs: true };
  return { name, instructs: inner.some(h => INSTRUCTIONS.test(h.text)) };
}

const HEREDOC = /(?:^|[^<])<<(-?)\s*(['"]?)([A-Za-z_][\w.-]*)\2/;
/** Lines of one here-document kept with its command. */
const MAX_HEREDOC_LINES = 2000;

/**
 * Backslash-continued lines joined, comments and blanks dropped. A here-document's lines
 * (`cat > setup.sh <<'EOF'` … `EOF`, `python3 - <<PY` … `PY`) stay with the command that reads
 * them, newlines kept: they are its input, not commands of their own.
 */
function logical(lines: readonly MdLine[]): MdLine[] {
  const out: MdLine[] = [];
  let pending: MdLine | undefined;
  let heredoc: { tag: string; strip: boolean; into: MdLine; lines: number } | undefined;
  for (const l of lines) {
    if (heredoc) {
      const body = heredoc.strip ? l.text.replace(/^\t+/, '') : l.text;
      heredoc.into.text += `\n${l.text}`;
      if (body.trim() === heredoc.tag || ++heredoc.lines > MAX_HEREDOC_LINES) heredoc = undefined;
      continue;
    }
    const t = l.text.trimEnd();
    if (pending) {
      pending = { text: `${pending.text} ${t.trim()}`, line: pending.line };
    } else {
      if (t.trim() === '' || /^\s*(?:#|\/\/|rem\s)/i.test(t)) continue;
      pending = { text: t.trim(), line: l.line };
    }
    if (pending.text.endsWith('\\') || pending.text.endsWith('`')) {
      pending.text = pending.text.slice(0, -1).trimEnd();
      continue;
    }
    out.push(pending);
    const h = HEREDOC.exec(pending.text);
    if (h?.[3] !== undefined) heredoc = { tag: h[3], strip: h[1] === '-', into: pending, lines: 0 };
    pending = undefined;
  }
  if (pending) out.push(pending);
  return out;
}

function firstWord(text: string): string {
  return (text.trim().split(/\s+/)[0] ?? '').replace(/^\.\//, './').toLowerCase();
}

function looksLikeCommand(text: string): boolean {
  const w = firstWord(text);
  return COMMANDS.has(w) || /^\.{0,2}\/[\w./-]+$/.test(w);
}

/** The command lines of a fenced block, with prompts removed and output lines dropped. */
function blockCommands(lang: string, lines: readonly MdLine[]): MdLine[] {
  const hasPrompt = lines.some(l => PROMPT.test(l.text));
  if (SESSION_LANGS.has(lang) || hasPrompt) {
    // A session: prompted lines are commands (with their continuations), the rest is output.
    const out: MdLine[] = [];
    let cont = false;
    for (const l of lines) {
      if (PROMPT.test(l.text)) out.push({ text: l.text.replace(PROMPT, ''), line: l.line });
      else if (cont) out.push(l);
      else continue;
      cont = /\\\s*$/.test(l.text);
    }
    return logical(out);
  }
  const cmds = logical(lines);
  if (SHELL_LANGS.has(lang)) return cmds;
  if (lang === '' && cmds.length > 0 && cmds.every(c => looksLikeCommand(c.text))) return cmds;
  return [];
}

function commandsOf(text: string): { commands: Command[]; truncated?: string } {
  const doc = parseMarkdown(text);
  const out: Command[] = [];
  for (const block of doc.blocks) {
    const section = sectionOf(block.headings);
    if (!section.instructs) continue;
    for (const c of blockCommands(block.lang, block.lines)) out.push({ text: c.text, line: c.line, section: section.name });
  }
  for (const span of doc.spans) {
    const section = sectionOf(span.headings);
    if (!section.instructs || !looksLikeCommand(span.text) || !/\s/.test(span.text.trim())) continue;
    out.push({ text: span.text, line: span.line, section: section.name });
  }
  out.sort((a, b) => a.line - b.line);
  const result: { commands: Command[]; truncated?: string } = { commands: out };
  if (doc.truncated !== undefined) result.truncated = doc.truncated;
  return result;
}

/** `make [-C dir] [-f file] target…`: the Makefile and the targets it names ([] for the default goal). */
function makeCalls(a: CommandAnalysis, cwd: string): { dir: string; file?: string; targets: string[] }[] {
  const out: { dir: string; file?: string; targets: string[] }[] = [];
  let dir = cwd;
  for (const c of a.commands) {
    if (c.program === 'cd' && c.args[0] !== undefined) dir = joinRel(dir, c.args[0]) ?? dir;
    if (c.program !== 'make' && c.program !== 'gmake') continue;
    let makeDir = dir;
    let file: string | undefined;
    const targets: string[] = [];
    for (let i = 0; i < c.args.length; i++) {
      const arg = c.args[i] as string;
      if ((arg === '-C' || arg === '--directory') && c.args[i + 1] !== undefined)
        makeDir = joinRel(makeDir, c.args[++i] as string) ?? makeDir;
      else if ((arg === '-f' || arg === '--file') && c.args[i + 1] !== undefined) file = c.args[++i];
      else if (arg.startsWith('-') || arg.includes('=')) continue;
      else targets.push(arg);
    }
    out.push({ dir: makeDir, ...(file !== undefined ? { file } : {}), targets });
  }
  return out;
}

/** The make-target surfaces a `make` call runs. */
function makeSurfaces(ctx: RuleContext, call: { dir: string; file?: string; targets: string[] }): Surface[] {
  const files = call.file !== undefined ? [joinRel(call.dir, call.file)] : MAKEFILES.map(m => joinRel(call.dir, m));
  const out: Surface[] = [];
  for (const s of ctx.executionMap) {
    if (s.kind !== 'make-target' || !files.includes(s.location.file)) continue;
    const name = s.name ?? '';
    const hit =
      call.targets.length === 0 ? name.endsWith(' (default goal)') : call.targets.some(t => name === t || name === `${t} (default goal)`);
    if (hit) out.push(s);
  }
  return out;
}

/** Surface kinds of the task runners a README may name, by program. */
const RUNNER_KINDS: Record<string, string> = { just: 'just-recipe', task: 'taskfile-task', 'go-task': 'taskfile-task' };

/** `just setup` / `task setup` (a bare `just`/`task`: the default one): the task-runner surfaces in `cwd` it runs. */
function runnerSurfaces(ctx: RuleContext, a: CommandAnalysis, cwd: string): Surface[] {
  const out: Surface[] = [];
  for (const c of a.commands) {
    const kind = RUNNER_KINDS[c.program];
    if (kind === undefined) continue;
    const names = c.args.filter(x => !x.startsWith('-') && !x.includes('='));
    for (const s of ctx.executionMap) {
      if (s.kind !== kind || dirName(s.location.file) !== cwd || out.includes(s)) continue;
      const name = (s.name ?? '').replace(/ \(default (?:recipe|task)\)$/, '');
      if (names.length === 0 ? name !== s.name : names[0] === name || (kind === 'taskfile-task' && names.includes(name))) out.push(s);
    }
  }
  return out;
}

function impliedTrigger(a: CommandAnalysis, made: readonly Surface[]): Trigger {
  if (a.scriptCalls.some(c => c.install === true)) return 'install';
  if (a.commands.some(c => INSTALLERS.test(c.program) && c.args.some(x => /^(?:install|sync|add|get|env|i)$/.test(x)))) return 'install';
  const made0 = made[0];
  if (made0) return made0.trigger;
  const script = a.scriptCalls.find(c => c.install !== true);
  if (script) {
    const t = triggerOfTarget(script.script);
    return t === 'install' ? 'install' : t;
  }
  if (a.commands.some(c => /^(?:docker|docker-compose|podman)$/.test(c.program) && c.args.includes('up'))) return 'start';
  return 'readme';
}

function clip(s: string, max = 120): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}

/** A file an earlier command wrote from a here-document, with the writing command. */
interface Written {
  text: string;
  /** The line of the command that wrote it (its body starts on the next). */
  line: number;
  command: string;
}

async function mapDoc(ctx: RuleContext, path: string, text: string): Promise<void> {
  const { commands, truncated } = commandsOf(text);
  if (truncated !== undefined) ctx.error(`the document was read in part: ${truncated}`, path, 'truncated');
  // Over the cap, the last commands are kept too: a payload pushed past hundreds of filler commands is still seen.
  const kept =
    commands.length > MAX_COMMANDS ? [...commands.slice(0, MAX_COMMANDS - LAST_COMMANDS), ...commands.slice(-LAST_COMMANDS)] : commands;
  if (commands.length > MAX_COMMANDS) {
    ctx.error(
      `only the first ${MAX_COMMANDS - LAST_COMMANDS} and the last ${LAST_COMMANDS} of its ${commands.length} commands were mapped`,
      path,
      'truncated',
    );
  }
  let cwd = dirName(path);
  const doc = baseName(path);
  const told = new Set<string>();
  const written = new Map<string, Written>();
  for (const cmd of kept) {
    let a = analyzeCommand(cmd.text);
    // `bash setup.sh` after `cat > setup.sh <<'EOF' … EOF`: the two are read as one script, so
    // what runs is the here-document's text.
    const writers = a.runsFiles
      .map(f => written.get(joinRel(cwd, f.file) ?? ''))
      .filter((w): w is Written => w !== undefined && w.command !== cmd.text);
    const judged = writers.length > 0 ? `${[...new Set(writers.map(w => w.command))].join('\n')}\n${cmd.text}` : cmd.text;
    if (judged !== cmd.text) a = analyzeCommand(judged);
    for (const w of a.written) {
      const at = joinRel(cwd, w.file);
      if (at !== undefined && !written.has(at)) written.set(at, { text: w.text, line: cmd.line, command: cmd.text });
    }
    // `cd app` on a line of its own moves the following commands, when the folder exists here
    // (after `git clone …/repo && cd repo` the reader is already in this folder).
    const only = a.commands.length === 1 ? a.commands[0] : undefined;
    if (only?.program === 'cd' && only.args.length === 1) {
      const to = joinRel(cwd, only.args[0] as string);
      if (to !== undefined && ctx.inventory.dirs.has(to)) cwd = to;
      continue;
    }
    if (a.commands.length === 0) continue;
    const risk = assessCommand(ctx, cmd.text, cwd);
    const made = [...makeCalls(a, cwd).flatMap(c => makeSurfaces(ctx, c)), ...runnerSurfaces(ctx, a, cwd)];
    const trigger = impliedTrigger(a, made);
    const files = [...risk.files];
    for (const s of made) for (const f of [s.entry, ...s.reaches]) if (f !== undefined && !files.includes(f)) files.push(f);
    const where = cmd.section === '' ? '' : ` (section "${clip(cmd.section, 60)}")`;
    const entry = files[0];
    ctx.addSurface({
      trigger,
      kind: 'readme-command',
      location: { file: path, line: cmd.line },
      command: cmd.text.slice(0, 500),
      name: `${doc}: ${clip(cmd.text, 60)}`,
      ...(entry !== undefined ? { entry, reaches: files.slice(1) } : {}),
    });
    judge(ctx, path, { ...cmd, judged }, a, where, files, trigger, made, told);
    await judgePrograms(ctx, path, { ...cmd, judged }, a, where, [...written.values()]);
  }
}

/**
 * The Python and JavaScript programs a command runs from the README's own text (a here-document
 * into `python3 -`, `node -e '…'`, a file written from a here-document and then run), read by the
 * code analysis at their lines in the README. Only what they are found to do is a finding.
 */
async function judgePrograms(
  ctx: RuleContext,
  path: string,
  cmd: Judged,
  a: CommandAnalysis,
  where: string,
  written: readonly Written[],
): Promise<void> {
  for (const p of a.programs) {
    if (needsPythonParser(p.lang)) await preparePrograms();
    const from = written.find(w => w.text === p.code);
    const start = from ? from.line + 1 : p.heredoc ? cmd.line + 1 : cmd.line;
    const code = `${'\n'.repeat(start - 1)}${p.code}`;
    const v = ctx.facts.get(programVerdict, { path, lang: p.lang, code });
    if (v.error !== undefined)
      ctx.error(`the program of \`${p.via}\` (line ${String(start)}) could not be analysed: ${v.error}`, path, 'unparseable');
    if (v.tier === 'none') continue;
    const line = v.line ?? start;
    const shown = code.split('\n')[line - 1]?.trim() ?? '';
    ctx.report({
      severity: v.tier === 'decisive' ? 'critical' : 'medium',
      message: `${baseName(path)} tells you to run \`${shortCommand(cmd.text.split('\n')[0] ?? cmd.text)}\`${where}, whose ${p.lang === 'py' ? 'Python' : 'JavaScript'} program ${v.why}.`,
      location: { file: path, line },
      evidence: shown.slice(0, 300),
    });
  }
}

/** A command with the text it is judged by (with the here-documents it runs, when an earlier command wrote them). */
type Judged = Command & { judged: string };

function judge(
  ctx: RuleContext,
  path: string,
  cmd: Judged,
  a: CommandAnalysis,
  where: string,
  files: string[],
  trigger: Trigger,
  made: readonly Surface[],
  told: Set<string>,
): void {
  const shown = `\`${shortCommand(cmd.text)}\``;
  const lead = `${baseName(path)} tells you to run ${shown}${where}`;
  const verdict = commandVerdict(cmd.judged);
  // `python3 - <<'EOF'`: the here-document is a program the code analysis reads (judgePrograms);
  // that it comes through stdin says nothing by itself.
  const analysed = verdict?.severity === 'medium' && a.programs.some(p => p.heredoc) && verdict.evidence.endsWith('runs a here-document');
  if (verdict && !analysed) {
    ctx.report({
      severity: verdict.severity,
      message: `${lead}, ${verdict.why}.`,
      location: { file: path, line: cmd.line },
      evidence: verdict.evidence,
    });
    return;
  }
  // What the command runs from this repository is judged by what that code does; the finding is
  // raised to it once every rule has run. A Makefile target, just recipe or Taskfile task is its
  // own rule's finding.
  const own = files.filter(f => isRepoFile(ctx, f) && !made.some(s => s.entry === f || s.reaches.includes(f)));
  // The same files run again (`python manage.py migrate`, then `runserver`) are told once.
  const key = own.join('\u0000');
  if (own.length === 0 || told.has(key)) return;
  told.add(key);
  ctx.report({
    severity: 'info',
    message: `${lead}, which runs ${own.slice(0, 3).join(', ')}${own.length > 3 ? ', …' : ''} from this repository.`,
    location: { file: path, line: cmd.line },
    evidence: cmd.text.slice(0, 300),
    runs: { trigger, files: own },
  });
}

export default defineRule({
  meta: {
    id: 'autorun/readme-command',
    severity: 'critical',
    confidence: 'high',
    description:
      'Commands a README tells you to run (code blocks under setup, install, run and usage headings), mapped with the scripts, Makefile targets and package scripts they start.',
    triggers: ['readme', 'install', 'dev', 'build', 'start', 'test'],
    phase: 'map',
    after: ['autorun/make-target', 'autorun/npm-lifecycle-script', 'autorun/task-runner'],
    files: { globs: DOC_GLOBS },
    since: '0.1.0',
  },
  async run(ctx) {
    for (const file of ctx.inventory.files) {
      if (file.inNodeModules || file.type !== 'file' || !isDoc(file.path)) continue;
      const text = ctx.text(file.path);
      if (text === undefined) continue;
      await mapDoc(ctx, file.path, text);
    }
  },
});
