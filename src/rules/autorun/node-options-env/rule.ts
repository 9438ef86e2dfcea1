import { defineRule } from '../../../core/rule.ts';
import type { RuleContext } from '../../../core/rule.ts';
import type { Location, Trigger } from '../../../core/types.ts';
import { baseName, dirName } from '../../../fs/path.ts';
import { isDotenvPath, parseDotenv } from '../../../lang/dotenv/parse.ts';
import { decodeDataUrl, nodePreloads } from '../../../lang/shell/node-options.ts';
import { absence } from '../_shared/absence.ts';
import { isDevcontainerFile } from '../_shared/devcontainer.ts';
import { filesWhere, isRepoFile, loadJsonc, resolveConfigPath, workspaceFolderOf } from '../_shared/jsonc-file.ts';
import { dataUrlPreload } from '../_shared/node-preload.ts';
import { packageTriggers } from '../_shared/package-triggers.ts';
import { RUNNER_ENV_BASENAMES, RUNNER_ENV_GLOBS, runnerEnvSettings } from '../_shared/runner-env.ts';
import { isCodeWorkspace, isTasksJson } from '../_shared/vscode-tasks.ts';

/** Template env files are documentation, not loaded by any tool. */
const TEMPLATE = /\.(?:example|sample|template|dist|defaults?)$|(?:^|[._-])(?:example|sample|template)(?:[._-]|$)/i;
const MAX_WALK = 20_000;
const NODE_OPTIONS = new Set(['NODE_OPTIONS']);

interface Setting {
  value: string;
  location: Location;
  /** Where the value is set, for messages. */
  where: string;
  /** The folder relative preloads resolve against. */
  base: string;
  triggers: readonly Trigger[];
  /** A container path: `/workspaces/<name>/…` is the opened folder. */
  container: boolean;
}

export default defineRule({
  meta: {
    id: 'autorun/node-options-env',
    severity: 'critical',
    confidence: 'high',
    description:
      'NODE_OPTIONS set in a `.env` file, a VS Code task or launch environment, a dev container environment, or exported by a justfile, Taskfile, Makefile or .envrc, preloading a repository file or a data: URL into every node process.',
    triggers: ['open', 'dev', 'build', 'start', 'test'],
    phase: 'map',
    after: ['autorun/task-runner', 'autorun/make-target', 'autorun/direnv'],
    files: {
      globs: [
        '**/.env',
        '**/.env.*',
        '**/*.env',
        '**/.vscode/*.json',
        '**/*.code-workspace',
        '**/devcontainer.json',
        '**/.devcontainer.json',
        ...RUNNER_ENV_GLOBS,
      ],
      basenames: RUNNER_ENV_BASENAMES,
    },
    since: '0.1.0',
  },
  run(ctx) {
    for (const s of dotenvSettings(ctx)) preloadsOf(ctx, s);
    for (const s of jsonSettings(ctx)) preloadsOf(ctx, s);
    for (const e of runnerEnvSettings(ctx, NODE_OPTIONS))
      preloadsOf(ctx, {
        value: e.value,
        location: { file: e.file, line: e.line },
        where: `\`${e.program}\` (${e.file}:${String(e.line)})`,
        base: dirName(e.file),
        triggers: e.triggers,
        container: false,
      });
  },
});

/** NODE_OPTIONS lines of env files that dotenv-cli, `node --env-file`, Next.js or Vite load. */
function dotenvSettings(ctx: RuleContext): Setting[] {
  const out: Setting[] = [];
  for (const path of filesWhere(ctx, p => isDotenvPath(p) && !TEMPLATE.test(baseName(p)))) {
    const text = ctx.text(path);
    if (text === undefined || !text.includes('NODE_OPTIONS')) continue;
    const dir = dirName(path);
    const user = packageTriggers(ctx, dir).filter(t => t !== 'install');
    for (const e of parseDotenv(text)) {
      if (e.key !== 'NODE_OPTIONS') continue;
      out.push({
        value: e.value,
        location: { file: path, line: e.line },
        where: path,
        base: dir,
        triggers: user.length > 0 ? user : ['dev'],
        container: false,
      });
    }
  }
  return out;
}

/** NODE_OPTIONS in the environments of VS Code tasks and launch configurations and of dev containers. */
function jsonSettings(ctx: RuleContext): Setting[] {
  const out: Setting[] = [];
  const isLaunch = (p: string): boolean => p === '.vscode/launch.json' || p.endsWith('/.vscode/launch.json');
  for (const path of filesWhere(ctx, p => isTasksJson(p) || isLaunch(p) || isCodeWorkspace(p) || isDevcontainerFile(p))) {
    const doc = loadJsonc(ctx, path);
    if (!doc || !ctx.text(path)?.includes('NODE_OPTIONS')) continue;
    const devcontainer = isDevcontainerFile(path);
    const folder = isCodeWorkspace(path) ? dirName(path) : devcontainer ? devcontainerFolder(path) : workspaceFolderOf(path);
    let budget = MAX_WALK;
    const walk = (v: unknown, at: (string | number)[], open: boolean): void => {
      if (budget-- <= 0 || v === null || typeof v !== 'object') return;
      const rec = v as Record<string, unknown>;
      const runsOnOpen = open || (rec['runOptions'] as Record<string, unknown> | undefined)?.['runOn'] === 'folderOpen';
      for (const [k, child] of Object.entries(rec)) {
        if (k === 'NODE_OPTIONS' && typeof child === 'string') {
          const inLaunch = isLaunch(path) || at.includes('launch');
          out.push({
            value: child,
            location: { file: path, line: doc.positionOf([...at, k]).line },
            where: `${path} (${at.filter(x => typeof x === 'string').join('.')}.NODE_OPTIONS)`,
            base: folder,
            triggers: devcontainer || runsOnOpen ? ['open'] : inLaunch ? ['start'] : ['dev'],
            container: devcontainer,
          });
        } else walk(child, [...at, Array.isArray(v) ? Number(k) : k], runsOnOpen);
      }
    };
    walk(doc.value, [], false);
  }
  return out;
}

function devcontainerFolder(path: string): string {
  const parts = path.split('/');
  const at = parts.lastIndexOf('.devcontainer');
  return at >= 0 ? parts.slice(0, at).join('/') : dirName(path);
}

/** `a/b` → [`a/b`, `a`, ``]. */
function ancestors(dir: string): string[] {
  const out = [dir];
  for (let d = dir; d !== '';) {
    d = dirName(d);
    out.push(d);
  }
  return out;
}

function preloadsOf(ctx: RuleContext, s: Setting): void {
  for (const p of nodePreloads(s.value)) {
    const code = decodeDataUrl(p.spec);
    if (code !== undefined) {
      dataUrlPreload(ctx, {
        code,
        location: s.location,
        evidence: `NODE_OPTIONS=${s.value}`,
        where: `${s.where} (NODE_OPTIONS ${p.flag})`,
        triggers: s.triggers,
      });
      continue;
    }
    const spec = s.container
      ? p.spec.replace(/^(?:\/workspaces\/[^/]+|\$\{containerWorkspaceFolder\})(?=\/)/, '${workspaceFolder}')
      : p.spec;
    // Package names (`ts-node/register`, `tsx`, `dotenv/config`) are installed tools.
    if (!/^(?:\.{1,2}[\\/]|\$\{workspace(?:Folder|Root)\}|file:)/.test(spec)) continue;
    const rel = spec.replace(/^file:(?:\/\/)?/, '');
    // Node resolves a preload against the folder it starts in: the env file's, or a package
    // folder above it (`node --env-file=config/app.env` run at the package root).
    const candidates = ancestors(s.base).map(dir => resolveConfigPath(dir, rel));
    const entry = candidates.find(c => isRepoFile(ctx, c)) ?? candidates[0];
    const shown = entry ?? p.spec;
    const exists = isRepoFile(ctx, entry);
    for (const trigger of s.triggers) {
      ctx.addSurface({
        trigger,
        kind: 'node-preload',
        location: s.location,
        command: `NODE_OPTIONS=${s.value}`.slice(0, 500),
        ...(exists ? { entry } : {}),
        name: `NODE_OPTIONS ${p.flag}`,
      });
    }
    const first = s.triggers[0] ?? 'dev';
    ctx.report({
      severity: exists && s.triggers.includes('open') ? 'low' : 'info',
      message: `Every node process started with ${s.where} first loads ${shown} (NODE_OPTIONS ${p.flag})${exists ? '' : `, which is ${absence(ctx.inventory, shown)}`}.`,
      location: s.location,
      evidence: `NODE_OPTIONS=${s.value}`.slice(0, 300),
      ...(exists ? { runs: { trigger: s.triggers.includes('open') ? 'open' : first, files: [entry] } } : {}),
    });
  }
}
