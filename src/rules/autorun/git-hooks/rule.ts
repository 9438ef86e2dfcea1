import { analyzeHook } from '../../../analysis/hook-command.ts';
import type { HookRisk } from '../../../analysis/hook-command.ts';
import { scriptFileCandidates } from '../../../analysis/shell-script.ts';
import { defineRule } from '../../../core/rule.ts';
import type { RuleContext } from '../../../core/rule.ts';
import type { Severity } from '../../../core/types.ts';
import { baseName, dirName, joinRel } from '../../../fs/path.ts';
import { HOOK_NAMES, shippedGit } from '../../../history/shipped.ts';
import { readJson } from '../../../lang/json.ts';
import { gapKindOf } from '../../../lang/read-result.ts';
import { readYaml } from '../../../lang/yaml.ts';

const LEFTHOOK_FILES = new Set([
  'lefthook.yml',
  'lefthook.yaml',
  '.lefthook.yml',
  '.lefthook.yaml',
  'lefthook-local.yml',
  'lefthook-local.yaml',
]);
const PRE_COMMIT_FILES = new Set(['.pre-commit-config.yaml', '.pre-commit-config.yml']);
const OVERCOMMIT_FILES = new Set(['.overcommit.yml', '.overcommit.yaml']);
/** overcommit's hook types (its YAML keys) and the git hook each runs in. */
const OVERCOMMIT_HOOKS: Record<string, string> = {
  PreCommit: 'pre-commit',
  CommitMsg: 'commit-msg',
  PostCheckout: 'post-checkout',
  PostCommit: 'post-commit',
  PostMerge: 'post-merge',
  PostRewrite: 'post-rewrite',
  PrePush: 'pre-push',
  PreRebase: 'pre-rebase',
  PrepareCommitMsg: 'prepare-commit-msg',
};
const SIMPLE_GIT_HOOKS_JSON = new Set(['.simple-git-hooks.json', 'simple-git-hooks.json']);
const SIMPLE_GIT_HOOKS_JS = new Set([
  '.simple-git-hooks.js',
  '.simple-git-hooks.cjs',
  '.simple-git-hooks.mjs',
  'simple-git-hooks.js',
  'simple-git-hooks.cjs',
  'simple-git-hooks.mjs',
]);

const RISK_SEVERITY: Record<HookRisk, Severity> = {
  exfiltration: 'critical',
  persistence: 'critical',
  'fetch-and-run': 'critical',
  'disguised-script': 'high',
  fetch: 'medium',
  decode: 'medium',
  'inline-code': 'medium',
};
const RISK_WORDS: Record<HookRisk, string> = {
  exfiltration: 'sends your credentials or environment out of this machine',
  persistence: 'installs a program to run again later',
  'fetch-and-run': 'downloads code and runs it',
  fetch: 'downloads something',
  decode: 'decodes an encoded blob',
  'inline-code': 'runs inline interpreter code',
  'disguised-script': 'runs a file disguised as data',
};

function lineOf(text: string, needle: string): number {
  const at = text.indexOf(needle);
  return at < 0 ? 1 : text.slice(0, at).split('\n').length;
}

function firstCommand(text: string): { text: string; line: number } | undefined {
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const t = (lines[i] ?? '').trim();
    if (t === '' || t.startsWith('#') || t.startsWith('. "$(dirname') || /^\.\s+.*husky\.sh"?$/.test(t)) continue;
    return { text: t.slice(0, 300), line: i + 1 };
  }
  return undefined;
}

/** The line of a script that carries the risk (numbered from 1), or undefined. */
function riskyLine(script: string, risk: HookRisk): { text: string; line: number } | undefined {
  const lines = script.split(/\r?\n/).slice(0, 500);
  for (let i = 0; i < lines.length; i++) {
    const t = (lines[i] ?? '').trim();
    if (t === '' || t.startsWith('#')) continue;
    if (analyzeHook(t).risk?.risk === risk) return { text: t.slice(0, 300), line: i + 1 };
  }
  return undefined;
}

/** Records one hook command and reports it at a level that follows what it does. */
function hookSurface(
  ctx: RuleContext,
  input: {
    file: string;
    line: number;
    hook: string;
    manager: string;
    command: string;
    entry?: string;
    script?: string;
    scriptIsFile?: boolean;
  },
): void {
  const analysis = analyzeHook(input.script ?? input.command);
  // A hook file's own folder is where `. "$(dirname -- "$0")/_/husky.sh"` looks: what it sources runs too.
  const candidates = (f: string): (string | undefined)[] =>
    input.scriptIsFile === true ? scriptFileCandidates(input.file, f) : [joinRel('', f)];
  const runs = analysis.runsFiles.flatMap(candidates).filter((f): f is string => f !== undefined && ctx.inventory.byPath.has(f));
  const entry = input.entry ?? runs[0];
  const files = [...new Set([...(entry !== undefined ? [entry] : []), ...runs])];
  ctx.addSurface({
    trigger: 'commit',
    kind: 'git-hook',
    location: { file: input.file, line: input.line },
    name: `${input.manager} ${input.hook}`,
    command: input.command.slice(0, 300),
    ...(entry !== undefined ? { entry } : {}),
  });
  const risk = analysis.risk;
  const at = risk && input.scriptIsFile === true && input.script !== undefined ? riskyLine(input.script, risk.risk) : undefined;
  ctx.report({
    message: risk
      ? `The ${input.manager} ${input.hook} hook ${RISK_WORDS[risk.risk]} each time you use git here: ${risk.detail}.`
      : `The ${input.manager} ${input.hook} hook runs \`${input.command.slice(0, 120)}\` when you use git here (${input.hook}).`,
    location: { file: input.file, line: at?.line ?? input.line },
    evidence: (at?.text ?? input.command).slice(0, 300),
    severity: risk ? RISK_SEVERITY[risk.risk] : 'low',
    // The hook is as severe as the code it runs (core/policy.ts surfaceSeverity).
    ...(files.length > 0 ? { runs: { trigger: 'commit' as const, files } } : {}),
  });
}

function husky(ctx: RuleContext): void {
  for (const f of ctx.inventory.files) {
    if (f.inNodeModules || f.type !== 'file') continue;
    const dir = dirName(f.path);
    if (baseName(dir) !== '.husky') continue;
    const hook = baseName(f.path);
    if (!HOOK_NAMES.has(hook)) continue;
    const text = ctx.text(f.path) ?? '';
    const cmd = firstCommand(text);
    if (!cmd) continue;
    hookSurface(ctx, { file: f.path, line: cmd.line, hook, manager: 'husky', command: cmd.text, script: text, scriptIsFile: true });
  }
}

function lefthook(ctx: RuleContext): void {
  for (const f of ctx.inventory.files) {
    if (f.inNodeModules || f.type !== 'file' || !LEFTHOOK_FILES.has(baseName(f.path))) continue;
    const text = ctx.text(f.path);
    if (text === undefined) continue;
    const read = readYaml(text);
    if (!read.ok) {
      if (read.error.kind === 'syntax') {
        ctx.report({
          message: `lefthook would refuse ${f.path}: ${read.error.message}.`,
          location: { file: f.path },
          severity: 'info',
        });
      } else ctx.error(`not read: ${read.error.message}`, f.path, gapKindOf(read.error));
      continue;
    }
    const doc = read.value;
    if (typeof doc !== 'object' || doc === null) continue;
    const base = dirName(f.path);
    for (const [hook, spec] of Object.entries(doc as Record<string, unknown>)) {
      if (!HOOK_NAMES.has(hook) || typeof spec !== 'object' || spec === null) continue;
      const s = spec as Record<string, unknown>;
      const commands: { name: string; run: string }[] = [];
      const scripts: string[] = [];
      if (typeof s['commands'] === 'object' && s['commands'] !== null) {
        for (const [name, c] of Object.entries(s['commands'] as Record<string, unknown>)) {
          const run = (c as Record<string, unknown> | null)?.['run'];
          if (typeof run === 'string') commands.push({ name, run });
        }
      }
      if (Array.isArray(s['jobs'])) {
        for (const j of s['jobs'] as unknown[]) {
          const job = j as Record<string, unknown> | null;
          if (typeof job?.['run'] === 'string')
            commands.push({ name: typeof job['name'] === 'string' ? job['name'] : 'job', run: job['run'] });
          if (typeof job?.['script'] === 'string') scripts.push(job['script']);
        }
      }
      if (typeof s['scripts'] === 'object' && s['scripts'] !== null) for (const k of Object.keys(s['scripts'])) scripts.push(k);
      for (const c of commands) {
        hookSurface(ctx, { file: f.path, line: lineOf(text, c.run), hook, manager: 'lefthook', command: c.run });
      }
      for (const script of scripts) {
        const entry = joinRel(base, `.lefthook/${hook}/${script}`);
        const body = entry === undefined ? undefined : ctx.text(entry);
        hookSurface(ctx, {
          file: f.path,
          line: lineOf(text, script),
          hook,
          manager: 'lefthook',
          command: `.lefthook/${hook}/${script}`,
          ...(entry !== undefined && ctx.inventory.byPath.has(entry) ? { entry } : {}),
          ...(body !== undefined ? { script: body } : {}),
        });
      }
    }
  }
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/** A hook config read as YAML, or undefined (a syntax error is what the tool would refuse; other failures are gaps). */
function readHookYaml(ctx: RuleContext, path: string, tool: string): { text: string; doc: unknown } | undefined {
  const text = ctx.text(path);
  if (text === undefined) return undefined;
  const read = readYaml(text);
  if (!read.ok) {
    if (read.error.kind === 'syntax')
      ctx.report({ message: `${tool} would refuse ${path}: ${read.error.message}.`, location: { file: path }, severity: 'info' });
    else ctx.error(`not read: ${read.error.message}`, path, gapKindOf(read.error));
    return undefined;
  }
  return { text, doc: read.value };
}

/**
 * pre-commit (https://pre-commit.com): after `pre-commit install`, every commit runs the hooks of
 * `.pre-commit-config.yaml`. A `repo: local` hook's `entry` is a command of this repository
 * (`language: system`, `script` — a file of the repository —, `python`, `node`…); hooks of other
 * repositories run code pre-commit downloads from them, pinned by `rev`, and are tools here.
 */
function preCommit(ctx: RuleContext): void {
  for (const f of ctx.inventory.files) {
    if (f.inNodeModules || f.type !== 'file' || !PRE_COMMIT_FILES.has(baseName(f.path))) continue;
    const read = readHookYaml(ctx, f.path, 'pre-commit');
    if (!read || !isObj(read.doc) || !Array.isArray(read.doc['repos'])) continue;
    const base = dirName(f.path);
    for (const repo of read.doc['repos'] as unknown[]) {
      if (!isObj(repo) || repo['repo'] !== 'local' || !Array.isArray(repo['hooks'])) continue;
      for (const h of repo['hooks'] as unknown[]) {
        if (!isObj(h) || typeof h['entry'] !== 'string') continue;
        const entryCmd = h['entry'];
        const id = typeof h['id'] === 'string' ? h['id'] : 'hook';
        const stages = Array.isArray(h['stages']) ? (h['stages'] as unknown[]).filter((x): x is string => typeof x === 'string') : [];
        const hook = stages.length > 0 ? `${id} (${stages.join(', ')})` : id;
        // `language: script`: the entry's first word is a file of the repository, run as is.
        const script = h['language'] === 'script' ? joinRel(base, entryCmd.trim().split(/\s+/)[0] ?? '') : undefined;
        const body = script === undefined ? undefined : ctx.text(script);
        hookSurface(ctx, {
          file: f.path,
          line: lineOf(read.text, entryCmd),
          hook,
          manager: 'pre-commit',
          command: entryCmd,
          ...(script !== undefined && ctx.inventory.byPath.has(script) ? { entry: script } : {}),
          ...(body !== undefined ? { script: body } : {}),
        });
      }
    }
  }
}

/** overcommit (https://github.com/sds/overcommit): custom hooks' `command` runs in the git hook of its type. */
function overcommit(ctx: RuleContext): void {
  for (const f of ctx.inventory.files) {
    if (f.inNodeModules || f.type !== 'file' || !OVERCOMMIT_FILES.has(baseName(f.path))) continue;
    const read = readHookYaml(ctx, f.path, 'overcommit');
    if (!read || !isObj(read.doc)) continue;
    for (const [type, hooks] of Object.entries(read.doc)) {
      const gitHook = OVERCOMMIT_HOOKS[type];
      if (gitHook === undefined || !isObj(hooks)) continue;
      for (const [name, spec] of Object.entries(hooks)) {
        if (!isObj(spec) || spec['enabled'] === false) continue;
        const raw = spec['command'];
        const words = Array.isArray(raw) ? raw.filter((x): x is string => typeof x === 'string') : typeof raw === 'string' ? [raw] : [];
        if (words.length === 0) continue;
        // An argument list runs without a shell: quote each word so the shell analysis sees the same words.
        const command = Array.isArray(raw)
          ? words.map(w => (/^[\w./@:=-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`)).join(' ')
          : words.join(' ');
        hookSurface(ctx, {
          file: f.path,
          line: lineOf(read.text, words[words.length - 1] ?? name),
          hook: `${gitHook} ${name}`,
          manager: 'overcommit',
          command,
        });
      }
    }
  }
}

function simpleGitHooks(ctx: RuleContext): void {
  for (const f of ctx.inventory.files) {
    if (f.inNodeModules || f.type !== 'file') continue;
    const name = baseName(f.path);
    if (SIMPLE_GIT_HOOKS_JS.has(name)) {
      ctx.addSurface({
        trigger: 'install',
        kind: 'git-hook-config',
        location: { file: f.path, line: 1 },
        name: 'simple-git-hooks config',
        entry: f.path,
      });
      continue;
    }
    if (name !== 'package.json' && !SIMPLE_GIT_HOOKS_JSON.has(name)) continue;
    const text = ctx.text(f.path);
    if (text === undefined) continue;
    const read = readJson(text);
    if (!read.ok) continue;
    const doc = read.value;
    const hooks = name === 'package.json' ? (doc as Record<string, unknown> | null)?.['simple-git-hooks'] : doc;
    if (typeof hooks !== 'object' || hooks === null) continue;
    for (const [hook, command] of Object.entries(hooks as Record<string, unknown>)) {
      if (!HOOK_NAMES.has(hook) || typeof command !== 'string') continue;
      hookSurface(ctx, { file: f.path, line: lineOf(text, `"${hook}"`), hook, manager: 'simple-git-hooks', command });
    }
  }
}

async function shippedGitDir(ctx: RuleContext): Promise<void> {
  if (ctx.inventory.gitDir !== '.git') return;
  const shipped = await ctx.facts.get(shippedGit);
  if (!shipped) return;
  for (const h of shipped.hooks) {
    if (!h.active) continue;
    ctx.addSurface({
      trigger: 'commit',
      kind: 'git-hook',
      location: { file: h.path, line: 1 },
      name: `shipped ${h.name}`,
      command: h.firstCommand ?? h.path,
    });
  }
  if (shipped.hooksPath !== undefined && shipped.hooksPath !== '') {
    ctx.addSurface({
      trigger: 'commit',
      kind: 'git-hooks-path',
      location: { file: '.git/config' },
      name: 'core.hooksPath',
      command: `git runs hooks from ${shipped.hooksPath}`,
    });
    const dir = shipped.hooksPathRel;
    if (dir !== undefined && dir !== '.git' && !dir.startsWith('.git/')) {
      for (const f of ctx.inventory.files) {
        if (f.type !== 'file' || dirName(f.path) !== dir || !HOOK_NAMES.has(baseName(f.path))) continue;
        const cmd = firstCommand(ctx.text(f.path) ?? '');
        ctx.addSurface({
          trigger: 'commit',
          kind: 'git-hook',
          location: { file: f.path, line: cmd?.line ?? 1 },
          name: `core.hooksPath ${baseName(f.path)}`,
          command: cmd?.text ?? f.path,
          entry: f.path,
        });
      }
    }
  }
}

export default defineRule({
  meta: {
    id: 'autorun/git-hooks',
    severity: 'critical',
    confidence: 'high',
    description:
      'Git hooks (husky, lefthook, pre-commit local hooks, overcommit, simple-git-hooks, a shipped .git/hooks or core.hooksPath) run commands when you commit, check out or push.',
    triggers: ['commit'],
    phase: 'map',
    since: '0.1.0',
  },
  async run(ctx) {
    husky(ctx);
    lefthook(ctx);
    preCommit(ctx);
    overcommit(ctx);
    simpleGitHooks(ctx);
    await shippedGitDir(ctx);
  },
});
