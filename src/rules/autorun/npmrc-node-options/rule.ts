import { defineRule } from '../../../core/rule.ts';
import type { RuleContext } from '../../../core/rule.ts';
import { baseName, extName, joinRel } from '../../../fs/path.ts';
import { isDefaultRegistry, readNpmrc } from '../_shared/npmrc.ts';
import { absence } from '../_shared/absence.ts';
import type { Npmrc, NpmrcSetting } from '../_shared/npmrc.ts';
import { packageTriggers } from '../_shared/package-triggers.ts';
import { decodeDataUrl, nodePreloads } from '../../../lang/shell/node-options.ts';
import { dataUrlPreload } from '../_shared/node-preload.ts';

const SCRIPT_EXTS = new Set(['', '.js', '.cjs', '.mjs', '.ts', '.cts', '.mts']);

function isLocal(spec: string): boolean {
  return /^\.{1,2}[\\/]/.test(spec) || /^file:/.test(spec);
}

export default defineRule({
  meta: {
    id: 'autorun/npmrc-node-options',
    severity: 'critical',
    confidence: 'high',
    description:
      '`.npmrc` settings that load repository code into every npm script (node-options, script-shell), replace the git npm runs for git dependencies (git), or switch the registry.',
    triggers: ['install', 'dev', 'build', 'start', 'test', 'lint'],
    phase: 'map',
    files: { basenames: ['.npmrc'] },
    since: '0.1.0',
  },
  run(ctx) {
    for (const file of ctx.inventory.files) {
      if (file.inNodeModules || file.type !== 'file' || baseName(file.path) !== '.npmrc') continue;
      const rc = readNpmrc(ctx, file.path);
      if (!rc) {
        ctx.error('.npmrc is not a readable text file: its settings were not analysed', file.path);
        continue;
      }
      const nodeOptions = rc.settings.get('node-options');
      if (nodeOptions) nodeOptionsSetting(ctx, rc, nodeOptions);
      const shell = rc.settings.get('script-shell');
      if (shell) scriptShell(ctx, rc, shell);
      const git = rc.settings.get('git');
      if (git) gitProgram(ctx, rc, git);
      const onload = rc.settings.get('onload-script');
      if (onload) preloadFile(ctx, rc, onload, onload.value, 'onload-script');
      for (const s of rc.settings.values()) {
        if (s.key === 'registry' || /^@[^:]+:registry$/.test(s.key)) registry(ctx, rc, s);
      }
      const ignore = rc.settings.get('ignore-scripts');
      if (ignore?.value === 'false') {
        ctx.report({
          severity: 'info',
          message: `${rc.path} sets ignore-scripts=false, overriding a user setting that would block install scripts.`,
          location: { file: rc.path, line: ignore.line },
          evidence: 'ignore-scripts=false',
        });
      }
      const ssl = rc.settings.get('strict-ssl');
      if (ssl?.value === 'false') {
        ctx.report({
          severity: 'low',
          message: `${rc.path} turns off TLS certificate checks for the registry (strict-ssl=false).`,
          location: { file: rc.path, line: ssl.line },
          evidence: 'strict-ssl=false',
        });
      }
    }
  },
});

function nodeOptionsSetting(ctx: RuleContext, rc: Npmrc, s: NpmrcSetting): void {
  const found = nodePreloads(s.value);
  for (const p of found) {
    const code = decodeDataUrl(p.spec);
    if (code !== undefined) {
      dataUrlPreload(ctx, {
        code,
        location: { file: rc.path, line: s.line },
        evidence: `node-options=${s.value}`,
        where: `${rc.path} (node-options ${p.flag})`,
        triggers: packageTriggers(ctx, rc.dir),
      });
    } else if (isLocal(p.spec)) {
      preloadFile(ctx, rc, s, p.spec.replace(/^file:/, ''), `node-options ${p.flag}`);
    } else {
      ctx.report({
        severity: 'medium',
        message: `${rc.path} makes every node process npm starts load \`${p.spec}\` first (node-options ${p.flag}).`,
        location: { file: rc.path, line: s.line },
        evidence: `node-options=${s.value}`,
      });
    }
  }
  if (found.length === 0) {
    ctx.report({
      severity: 'info',
      message: `${rc.path} sets NODE_OPTIONS for npm scripts: \`${s.value.slice(0, 120)}\`.`,
      location: { file: rc.path, line: s.line },
      evidence: `node-options=${s.value}`,
    });
  }
}

/** A repository file that npm loads or runs for every script. */
function preloadFile(ctx: RuleContext, rc: Npmrc, s: NpmrcSetting, spec: string, what: string): void {
  const entry = joinRel(rc.dir, spec.replace(/\\/g, '/'));
  const exists = entry !== undefined && ctx.inventory.byPath.get(entry)?.type === 'file';
  const disguised = !SCRIPT_EXTS.has(extName(spec));
  for (const trigger of packageTriggers(ctx, rc.dir)) {
    ctx.addSurface({
      trigger,
      kind: 'npmrc',
      location: { file: rc.path, line: s.line },
      command: what === 'onload-script' ? `npm loads ${spec}` : `NODE_OPTIONS=${s.value}`,
      ...(entry !== undefined && exists ? { entry } : {}),
      name: what,
    });
  }
  const where = entry ?? spec;
  ctx.report({
    severity: disguised ? 'critical' : 'high',
    message: `Every npm command that runs a script (including \`npm install\`) first loads ${where} from ${rc.path} (${what})${disguised ? ', a file named like data rather than code' : ''}${exists ? '' : `, which is ${absence(ctx.inventory, where)}`}.`,
    location: { file: rc.path, line: s.line },
    evidence: `${s.key}=${s.value}`,
  });
}

function scriptShell(ctx: RuleContext, rc: Npmrc, s: NpmrcSetting): void {
  const spec = s.value.replace(/\\/g, '/');
  if (isLocal(spec) || (!spec.startsWith('/') && !/^[A-Za-z]:\//.test(spec) && spec.includes('/'))) {
    const entry = joinRel(rc.dir, spec);
    const exists = entry !== undefined && ctx.inventory.byPath.get(entry)?.type === 'file';
    for (const trigger of packageTriggers(ctx, rc.dir)) {
      ctx.addSurface({
        trigger,
        kind: 'npmrc',
        location: { file: rc.path, line: s.line },
        command: `script-shell=${s.value}`,
        ...(entry !== undefined && exists ? { entry } : {}),
        name: 'script-shell',
      });
    }
    ctx.report({
      severity: 'critical',
      message: `${rc.path} makes npm run every script through ${entry ?? spec}, a file in the repository (script-shell).`,
      location: { file: rc.path, line: s.line },
      evidence: `script-shell=${s.value}`,
    });
    return;
  }
  ctx.report({
    severity: 'info',
    message: `${rc.path} runs npm scripts with \`${s.value}\` instead of the default shell.`,
    location: { file: rc.path, line: s.line },
    evidence: `script-shell=${s.value}`,
  });
}

/**
 * `git=PROGRAM`: npm runs that program instead of git to fetch git dependencies (`npm install`
 * with a `git+https:` or `github:` dependency, `npm ci` of such a lockfile). A repository file
 * there is a placement: `medium` (git has no stand-in in an ordinary project), and as severe as
 * what the program does.
 */
function gitProgram(ctx: RuleContext, rc: Npmrc, s: NpmrcSetting): void {
  const spec = s.value.replace(/\\/g, '/');
  if (!isLocal(spec) && (spec.startsWith('/') || /^[A-Za-z]:\//.test(spec) || !spec.includes('/'))) return;
  const entry = joinRel(rc.dir, spec.replace(/^file:/, ''));
  const exists = entry !== undefined && ctx.inventory.byPath.get(entry)?.type === 'file';
  ctx.addSurface({
    trigger: 'install',
    kind: 'npmrc',
    location: { file: rc.path, line: s.line },
    command: `git=${s.value}`,
    ...(entry !== undefined && exists ? { entry } : {}),
    name: 'git',
  });
  ctx.report({
    severity: 'medium',
    message: `${rc.path} makes npm run ${entry ?? spec} from the repository instead of git when it installs git dependencies (git)${exists ? '' : `, which is ${absence(ctx.inventory, entry ?? spec)}`}.`,
    location: { file: rc.path, line: s.line },
    evidence: `git=${s.value}`,
    ...(entry !== undefined && exists ? { runs: { trigger: 'install' as const, files: [entry] } } : {}),
  });
}

function registry(ctx: RuleContext, rc: Npmrc, s: NpmrcSetting): void {
  if (isDefaultRegistry(s.value)) return;
  const scope = s.key === 'registry' ? '' : s.key.slice(0, s.key.indexOf(':'));
  ctx.addSurface({
    trigger: 'install',
    kind: 'npm-registry',
    location: { file: rc.path, line: s.line },
    command: `${s.key}=${s.value}`,
    name: s.key,
  });
  ctx.report({
    severity: 'medium',
    message: scope
      ? `\`npm install\` fetches ${scope} packages from ${s.value} (set in ${rc.path}), not from the public npm registry.`
      : `\`npm install\` fetches every package from ${s.value} (set in ${rc.path}), not from the public npm registry.`,
    location: { file: rc.path, line: s.line },
    evidence: `${s.key}=${s.value}`,
  });
}
