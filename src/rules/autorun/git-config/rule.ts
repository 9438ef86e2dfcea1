import { defineRule } from '../../../core/rule.ts';
import type { RuleContext } from '../../../core/rule.ts';
import type { Severity } from '../../../core/types.ts';
import { baseName, dirName, extName, joinRel } from '../../../fs/path.ts';
import { HOOK_NAMES } from '../../../history/shipped.ts';
import { GIT_BANG_ONLY, GIT_RUNNER_KEY } from '../../../knowledge/persistence.ts';
import { parseGitConfig } from '../../../lang/gitconfig.ts';
import { analyzeCommand } from '../../../lang/shell/index.ts';
import { commandRisk, isManualContext } from '../_shared/command-risk.ts';
import { isRepoFile } from '../_shared/jsonc-file.ts';

/** Files that hold commands a person or a trigger runs: scripts, manifests, task files, docs, code. */
const COMMAND_EXTS = new Set([
  '.json',
  '.jsonc',
  '.md',
  '.mdx',
  '.markdown',
  '.rst',
  '.txt',
  '.sh',
  '.bash',
  '.zsh',
  '.fish',
  '.ps1',
  '.bat',
  '.cmd',
  '.mk',
  '.yml',
  '.yaml',
  '.toml',
  '.js',
  '.cjs',
  '.mjs',
  '.ts',
  '.cts',
  '.mts',
  '.py',
  '.rb',
]);
const COMMAND_NAMES = new Set([
  'Makefile',
  'makefile',
  'GNUmakefile',
  'justfile',
  'Justfile',
  '.justfile',
  '.envrc',
  'Rakefile',
  'Dockerfile',
]);
const MAX_FILE_BYTES = 512 * 1024;
const MAX_INCLUDE_DEPTH = 4;

/** A `git config` command that writes the repository's own config (`.git/config`). */
interface Setter {
  file: string;
  line: number;
  command: string;
  key: string;
  value: string;
}

/** A setting git reads from the repository's config and that runs a program. */
interface Runner {
  key: string;
  value: string;
  /** Where the setting is written: the included file, or the command that sets it. */
  file: string;
  line: number;
  /** The command that sets it, or that includes the file it is written in. */
  via: Setter;
  included: boolean;
}

/** The `git config` commands of one piece of shell text: the repository's config only. */
function gitConfigCalls(text: string): { key: string; value: string; command: string }[] {
  const out: { key: string; value: string; command: string }[] = [];
  let a;
  try {
    a = analyzeCommand(text);
  } catch {
    return out;
  }
  for (const c of a.commands) {
    if (c.program !== 'git') continue;
    let args = c.args;
    while (args[0] === '-C' || args[0] === '-c') args = args.slice(2);
    if (args[0] !== 'config') continue;
    const positional: string[] = [];
    let file: string | undefined;
    let skip = false;
    for (let i = 1; i < args.length; i++) {
      const w = args[i] ?? '';
      if (/^--(?:global|system|unset|unset-all|get|get-all|get-regexp|list|remove-section|rename-section|edit)$|^-[le]$/.test(w))
        skip = true;
      else if (w === '-f' || w === '--file' || w === '--type' || w === '--default' || w === '--comment') {
        if (w === '-f' || w === '--file') file = args[i + 1];
        i++;
      } else if (w.startsWith('--file=')) file = w.slice(7);
      else if (!w.startsWith('-')) positional.push(w);
    }
    if (skip || (file !== undefined && file.replace(/^\.\//, '') !== '.git/config')) continue;
    const [key, value] = positional;
    if (key === undefined || value === undefined) continue;
    out.push({ key, value, command: [c.program, ...c.args].join(' ') });
  }
  return out;
}

/** Pieces of a line that may hold a command: code spans, quoted strings, or the line itself. */
function commandTexts(line: string): string[] {
  const spans = [...line.matchAll(/`([^`]*\bgit\b[^`]*\bconfig\b[^`]*)`/g)].map(m => m[1] ?? '');
  const quoted = [...line.matchAll(/"((?:[^"\\]|\\.)*\bgit\b(?:[^"\\]|\\.)*)"|'([^']*\bgit\b[^']*)'/g)].map(m =>
    m[1] !== undefined ? m[1].replace(/\\(["\\])/g, '$1') : (m[2] ?? ''),
  );
  const bare = line.replace(/^\s*(?:[-*>$#]\s+|run:\s*|\d+\.\s+)*/, '');
  return [...spans, ...quoted, bare];
}

/** `['config', 'include.path', '../x']` in code that runs git with an argument list. */
const ARRAY_FORM =
  /['"]config['"]\s*,\s*(?:['"]--(?:local|worktree|add|replace-all)['"]\s*,\s*)*['"]([\w.:~/*"-]+)['"]\s*,\s*['"]([^'"\n]+)['"]/g;

function settersIn(ctx: RuleContext): Setter[] {
  const out: Setter[] = [];
  for (const f of ctx.inventory.files) {
    if (f.inNodeModules || f.type !== 'file' || f.content !== 'text' || f.size > MAX_FILE_BYTES) continue;
    const name = baseName(f.path);
    if (!COMMAND_EXTS.has(extName(f.path)) && !COMMAND_NAMES.has(name) && !/^Taskfile/i.test(name)) continue;
    const text = ctx.text(f.path);
    if (text === undefined || !/\bgit\b[^\n]*\bconfig\b|['"]config['"]\s*,/.test(text)) continue;
    const lines = text.split(/\r?\n/);
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i] ?? '';
      if (!/config/.test(line)) continue;
      const seen = new Set<string>();
      const add = (key: string, value: string, command: string): void => {
        if (!GIT_RUNNER_KEY.test(key) || seen.has(`${key}\u0000${value}`)) return;
        seen.add(`${key}\u0000${value}`);
        out.push({ file: f.path, line: i + 1, command, key, value });
      };
      if (/\bgit\b/.test(line) && /\bconfig\b/.test(line))
        for (const t of commandTexts(line)) for (const c of gitConfigCalls(t)) add(c.key, c.value, c.command);
      for (const m of line.matchAll(ARRAY_FORM)) add(m[1] ?? '', m[2] ?? '', `git config ${m[1] ?? ''} ${m[2] ?? ''}`);
    }
  }
  return out;
}

/** A path git reads as an include from `.git/config` (relative to `.git/`), as a repository file. */
function includeTarget(ctx: RuleContext, value: string, fromDir: string): string | undefined {
  const v = value
    .trim()
    .replace(/^(?:\$\(\s*pwd\s*\)|\$\{?PWD\}?|\$\(\s*git rev-parse --show-toplevel\s*\))[\\/]/, '/ROOT/')
    .replace(/\\/g, '/');
  if (v.startsWith('/ROOT/')) return joinRel('', v.slice(6));
  if (v.startsWith('/') || v.startsWith('~')) return undefined;
  const rel = joinRel(fromDir, v);
  if (rel !== undefined && isRepoFile(ctx, rel)) return rel;
  // Written as if relative to the working tree (`include.path .gitconfig`): git would look in .git/.
  const root = joinRel('', v);
  return root !== undefined && isRepoFile(ctx, root) ? root : rel;
}

/** Runner settings of a config file and the files it includes, each once. */
function runnersOf(ctx: RuleContext, file: string, via: Setter, seen: Set<string>, depth: number): Runner[] {
  if (seen.has(file) || depth > MAX_INCLUDE_DEPTH) return [];
  seen.add(file);
  const text = ctx.text(file);
  if (text === undefined) return [];
  const out: Runner[] = [];
  for (const e of parseGitConfig(text)) {
    if (/^include(?:if\..*)?\.path$/i.test(e.key)) {
      const next = includeTarget(ctx, e.value, dirName(file));
      if (next !== undefined) out.push(...runnersOf(ctx, next, via, seen, depth + 1));
      continue;
    }
    if (GIT_RUNNER_KEY.test(e.key)) out.push({ key: e.key, value: e.value, file, line: e.line, via, included: true });
  }
  return out;
}

/** What a runner setting makes git run, as a command line; undefined when it runs nothing. */
function commandOf(r: Runner): string | undefined {
  if (GIT_BANG_ONLY.test(r.key)) return r.value.startsWith('!') ? r.value.slice(1).trim() : undefined;
  if (/^core\.hookspath$/i.test(r.key)) return undefined;
  const v = r.value.trim();
  return v === '' || v === 'true' || v === 'false' ? undefined : v;
}

function where(s: Setter): string {
  return `${s.file}:${String(s.line)}`;
}

/** The hooks of a folder that `core.hooksPath` names, each a surface judged by what it runs. */
function hooksFolder(ctx: RuleContext, r: Runner, reported: Set<string>): void {
  const dir = joinRel('', r.value.trim().replace(/^\.\//, '').replace(/\/+$/, ''));
  // husky's own folder is mapped by autorun/git-hooks.
  if (dir === undefined || dir === '' || dir === '.husky' || dir.startsWith('.husky/') || dir === '.git' || dir.startsWith('.git/')) return;
  for (const f of ctx.inventory.files) {
    if (f.type !== 'file' || dirName(f.path) !== dir || !HOOK_NAMES.has(baseName(f.path)) || reported.has(f.path)) continue;
    reported.add(f.path);
    const text = ctx.text(f.path) ?? '';
    const a = analyzeCommand(text);
    const files = a.runsFiles.map(x => joinRel('', x.file)).filter((x): x is string => x !== undefined && isRepoFile(ctx, x));
    ctx.addSurface({
      trigger: 'commit',
      kind: 'git-hook',
      location: { file: f.path, line: 1 },
      name: `core.hooksPath ${baseName(f.path)}`,
      command:
        text
          .split(/\r?\n/)
          .find(l => l.trim() !== '' && !l.startsWith('#'))
          ?.trim()
          .slice(0, 300) ?? f.path,
      entry: f.path,
    });
    const risk = commandRisk(a, 'commit', false);
    const severity: Severity =
      risk.severity === 'critical' ? 'critical' : risk.signal && !isManualContext(risk.signal) ? risk.severity : 'low';
    const lines = text.split(/\r?\n/);
    const at = risk.signal ? lines.findIndex(l => analyzeCommand(l).signals.some(x => x.kind === risk.signal?.kind)) : -1;
    ctx.report({
      message: `\`${r.via.command}\` (${where(r.via)}${r.included ? `, through ${r.file}` : ''}) makes git run the hooks in ${dir}/: ${baseName(f.path)} runs when you use git here${risk.why ? ` and ${risk.why}` : ''}.`,
      location: { file: f.path, line: at >= 0 ? at + 1 : 1 },
      evidence: at >= 0 ? (lines[at] ?? '').trim().slice(0, 300) : `core.hooksPath = ${r.value}`,
      severity,
      runs: { trigger: 'commit', files: [f.path, ...files] },
    });
  }
}

export default defineRule({
  meta: {
    id: 'autorun/git-config',
    severity: 'critical',
    confidence: 'high',
    description:
      'A command of the repository sets git settings that run programs (include.path of a tracked config file, core.fsmonitor, core.sshCommand, core.pager, diff.external, filter and textconv drivers, `!` aliases, core.hooksPath): git runs them with your next git command here, and they are as severe as what they run.',
    triggers: ['commit'],
    phase: 'map',
    since: '0.1.0',
  },
  run(ctx) {
    const runners: Runner[] = [];
    const included = new Set<string>();
    for (const s of settersIn(ctx)) {
      if (/^include(?:if\..*)?\.path$/i.test(s.key)) {
        const target = includeTarget(ctx, s.value, '.git');
        if (target !== undefined && isRepoFile(ctx, target)) runners.push(...runnersOf(ctx, target, s, included, 0));
        continue;
      }
      runners.push({ key: s.key, value: s.value, file: s.file, line: s.line, via: s, included: false });
    }
    const hooks = new Set<string>();
    const done = new Set<string>();
    for (const r of runners) {
      if (/^core\.hookspath$/i.test(r.key)) {
        hooksFolder(ctx, r, hooks);
        continue;
      }
      const command = commandOf(r);
      if (command === undefined || done.has(`${r.file}\u0000${String(r.line)}`)) continue;
      done.add(`${r.file}\u0000${String(r.line)}`);
      const a = analyzeCommand(command);
      const files = a.runsFiles.map(x => joinRel('', x.file)).filter((x): x is string => x !== undefined && isRepoFile(ctx, x));
      ctx.addSurface({
        trigger: 'commit',
        kind: 'git-config',
        location: { file: r.file, line: r.line },
        name: r.key,
        command: command.slice(0, 300),
        ...(files[0] !== undefined ? { entry: files[0] } : {}),
      });
      const risk = commandRisk(a, 'commit', false);
      const severity: Severity =
        risk.severity === 'critical' ? 'critical' : risk.signal && !isManualContext(risk.signal) ? risk.severity : 'low';
      const source = r.included
        ? `\`${r.via.command}\` (${where(r.via)}) makes git read ${r.file}, whose \`${r.key}\``
        : `\`${r.via.command}\` (${where(r.via)})`;
      ctx.report({
        message: `${source} runs \`${command.slice(0, 120)}\` with your git commands in this repository${risk.why ? `: it ${risk.why}` : ''}.`,
        location: { file: r.file, line: r.line },
        evidence: `${r.key} = ${r.value}`.slice(0, 300),
        severity,
        ...(files.length > 0 ? { runs: { trigger: 'commit' as const, files } } : {}),
      });
    }
  },
});
