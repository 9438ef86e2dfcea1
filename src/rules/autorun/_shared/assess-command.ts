/**
 * What a command line from an editor, IDE or container config would do, in the terms the autorun
 * rules grade by: remote or hidden code, inline code, the repository's own code, or only tools.
 * Package scripts it runs (`npm run dev`) are followed into package.json, a few levels deep.
 */
import { needsPythonParser, programVerdict } from '../../../analysis/embedded-program.ts';
import { defineFactFamily } from '../../../core/rule.ts';
import type { RuleContext } from '../../../core/rule.ts';
import { joinRel } from '../../../fs/path.ts';
import { analyzeCommand } from '../../../lang/shell/index.ts';
import type { CommandAnalysis, CommandSignal, CommandSignalKind } from '../../../lang/shell/index.ts';
import { DECISIVE } from './command-risk.ts';
import { isRepoFile } from './jsonc-file.ts';
import { npmScriptIn } from './vscode-tasks.ts';

export type RiskLevel = 'remote' | 'inline' | 'repo-code' | 'tools';

export interface CommandRisk {
  /**
   * remote: runs downloaded, decoded or disguised code (or redirects git hooks);
   * inline: runs inline code or downloads; repo-code: runs files or scripts of the repository;
   * tools: only runs installed programs.
   */
  level: RiskLevel;
  /** The signals behind `remote`/`inline`, most serious first. */
  signals: CommandSignal[];
  /** The first local file it runs, root-relative, when it is in the repository. */
  entry?: string;
  /** Every local file it runs (root-relative, in the repository). */
  files: string[];
  /** A watcher or compiler in watch mode (`tsc -w`, `npm run watch`): ordinary on folder open. */
  watcher: boolean;
  /** Package scripts it runs, with their text. */
  scripts: { name: string; body: string }[];
  /** Programs it starts (bare names, or paths as written). */
  programs: string[];
}

const REMOTE: readonly CommandSignalKind[] = [...DECISIVE, 'base64-decode', 'hooks-path-change', 'stdin-interpreter', 'eval'];
const INLINE: readonly CommandSignalKind[] = ['inline-code', 'download', 'official-installer'];
const WATCH_TOOLS = new Set(['tsc', 'webpack', 'rollup', 'sass', 'tailwindcss', 'esbuild', 'babel', 'postcss', 'vite', 'tsup', 'swc']);
/** `-w`, `--watch`, `--watch=…`, tsc's `-watch`, or a `watch` subcommand. */
const WATCH_FLAG = /^(?:-w|--?watch(?:=.*)?|watch)$/;
const MAX_SCRIPT_DEPTH = 3;

function rank(kind: CommandSignalKind): number {
  const i = REMOTE.indexOf(kind);
  if (i >= 0) return i;
  const j = INLINE.indexOf(kind);
  return j >= 0 ? REMOTE.length + j : 100;
}

/** Assess `command` as run in the folder `cwd` (root-relative); computed once per scan. */
const assessment = defineFactFamily(
  'command-assessment',
  (ctx, key: { command: string; cwd: string }): CommandRisk => assess(ctx, key.command, key.cwd),
  key => `${key.cwd}\u0000${key.command}`,
);

export function assessCommand(ctx: RuleContext, command: string, cwd: string): CommandRisk {
  return ctx.facts.get(assessment, { command, cwd });
}

function assess(ctx: RuleContext, command: string, cwd: string): CommandRisk {
  const signals: CommandSignal[] = [];
  const files: string[] = [];
  const scripts: { name: string; body: string }[] = [];
  // Set inside the visitor below.
  const seen = { runsRepo: false, watcher: false };
  const programs: string[] = [];

  const visit = (text: string, dir: string, depth: number): void => {
    const a = analyzeCommand(text);
    for (const s of a.signals) if (rank(s.kind) < 100) signals.push(s);
    signals.push(...programSignals(ctx, a, dir));
    for (const c of a.commands) {
      if (!programs.includes(c.program)) programs.push(c.program);
      // An editor, IDE or container command that moves git's hooks (a folder-open task running
      // `git config core.hooksPath .github && git checkout`) is how those lures start their hooks.
      const k = c.args.findIndex(x => x.toLowerCase() === 'core.hookspath');
      if (
        c.program === 'git' &&
        c.args[0] === 'config' &&
        k > 0 &&
        c.args[k + 1] !== undefined &&
        !a.signals.some(s => s.kind === 'hooks-path-change')
      )
        signals.push({
          kind: 'hooks-path-change',
          detail: `\`git ${c.args.join(' ').slice(0, 100)}\` points git hooks at ${c.args[k + 1] ?? ''}`,
        });
      if (WATCH_TOOLS.has(c.program) && c.args.some(x => WATCH_FLAG.test(x))) seen.watcher = true;
      if (c.program.includes('/')) seen.runsRepo = true;
    }
    for (const f of a.runsFiles) {
      const rel = joinRel(dir, f.file);
      seen.runsRepo = true;
      if (isRepoFile(ctx, rel) && !files.includes(rel)) files.push(rel);
    }
    for (const call of a.scriptCalls) {
      seen.runsRepo = true;
      if (/watch/i.test(call.script)) seen.watcher = true;
      if (depth >= MAX_SCRIPT_DEPTH) continue;
      const pkgDir = call.dir === undefined ? dir : (joinRel(dir, call.dir) ?? dir);
      const script = npmScriptIn(ctx, pkgDir, call.script);
      if (script.body === undefined || scripts.some(s => s.name === call.script)) continue;
      scripts.push({ name: call.script, body: script.body });
      visit(script.body, pkgDir, depth + 1);
    }
  };
  visit(command, cwd, 0);

  signals.sort((x, y) => rank(x.kind) - rank(y.kind));
  let level: RiskLevel = 'tools';
  if (signals.some(s => REMOTE.includes(s.kind))) level = 'remote';
  else if (signals.length > 0) level = 'inline';
  else if (seen.runsRepo || programs.length === 0) level = 'repo-code';
  const out: CommandRisk = { level, signals, files, watcher: seen.watcher && level !== 'remote' && level !== 'inline', scripts, programs };
  const first = files[0];
  if (first !== undefined) out.entry = first;
  return out;
}

/**
 * Inline JavaScript and Python a command runs (`node -e`, `python -c`, a data: URL preload),
 * analysed as code: a decisive signal when it runs downloaded or decoded code, and the signals of
 * the shell commands it starts (`execSync('curl … | sh')`).
 */
export function programSignals(ctx: RuleContext, a: CommandAnalysis, cwd: string): CommandSignal[] {
  const out: CommandSignal[] = [];
  for (const p of a.programs) {
    if (needsPythonParser(p.lang)) continue;
    const v = ctx.facts.get(programVerdict, { path: `${cwd || '.'}/(${p.via})`, lang: p.lang, code: p.code });
    if (v.tier === 'decisive') out.push({ kind: 'pipe-to-interpreter', detail: `the inline \`${p.via}\` code ${v.why}` });
    for (const c of v.commands.slice(0, 10)) {
      const inner = analyzeCommand(c.command);
      for (const sig of inner.signals)
        if (REMOTE.includes(sig.kind))
          out.push({ ...sig, detail: `the inline \`${p.via}\` code runs \`${c.command.slice(0, 80)}\`: ${sig.detail}` });
    }
  }
  return out;
}

/**
 * Each run of whitespace that holds a line break becomes "; ", in linear time. The regular
 * expression this replaces (optional spaces, a newline, optional spaces) backtracked over a long
 * run of spaces once per position: minutes for a megabyte of them.
 */
export function joinLines(text: string): string {
  return text.replace(/\s+/g, run => (run.includes('\n') ? '; ' : run));
}

/** A short form of a command for a message. */
export function shortCommand(command: string): string {
  const one = joinLines(command).trim();
  return one.length > 120 ? `${one.slice(0, 117)}…` : one;
}

/**
 * A signal's explanation for a message that already quotes the command: "`curl … | bash` pipes a
 * download into bash" becomes "it pipes a download into bash".
 */
export function signalPhrase(detail: string, command: string): string {
  const m = /^`([^`]*)` (.*)$/s.exec(detail);
  return m?.[1] !== undefined && m[2] !== undefined && command.includes(m[1]) ? `it ${m[2]}` : detail;
}
