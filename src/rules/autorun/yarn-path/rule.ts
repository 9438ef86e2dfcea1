import { defineRule } from '../../../core/rule.ts';
import type { RuleContext } from '../../../core/rule.ts';
import type { Severity } from '../../../core/types.ts';
import { baseName, extName, joinRel } from '../../../fs/path.ts';
import { isDefaultRegistry } from '../_shared/npmrc.ts';
import { yarnReleases } from '../../../deps/yarn-release.ts';
import { absence } from '../_shared/absence.ts';
import { packageTriggers } from '../_shared/package-triggers.ts';
import { field, loadYaml } from '../_shared/yaml-doc.ts';
import type { YamlFile } from '../_shared/yaml-doc.ts';

const SCRIPT_EXTS = new Set(['.js', '.cjs', '.mjs']);
const RELEASE_SOURCE = 'bin/yarn.js of the published @yarnpkg/cli-dist';

interface RunsFile {
  dir: string;
  configPath: string;
  line: number;
  spec: string;
  what: 'yarnPath' | 'plugin' | 'yarn-path';
}

export default defineRule({
  meta: {
    id: 'autorun/yarn-path',
    severity: 'critical',
    confidence: 'high',
    description: 'Yarn settings that run repository files for every yarn command (yarnPath, plugins) or switch the registry.',
    triggers: ['install', 'dev', 'build', 'start', 'test', 'lint'],
    phase: 'map',
    files: { basenames: ['.yarnrc', '.yarnrc.yml', '.yarnrc.yaml'] },
    since: '0.1.0',
  },
  run(ctx) {
    const ran = new Set<string>();
    for (const file of ctx.inventory.files) {
      if (file.inNodeModules || file.type !== 'file') continue;
      const name = baseName(file.path);
      if (name === '.yarnrc.yml' || name === '.yarnrc.yaml') berry(ctx, file.path, ran);
      else if (name === '.yarnrc') classic(ctx, file.path, ran);
    }
    // A modified release that no yarnPath names: yarn does not run it, but it is not what its name says.
    for (const release of yarnReleases(ctx).values()) {
      if (release.status !== 'modified' || ran.has(release.path)) continue;
      ctx.report({
        severity: 'low',
        message: `${release.path} is named as Yarn ${release.claimed}, but its bytes are not the official release; no yarnPath in this repository runs it.`,
        location: { file: release.path },
        evidence: `sha256 ${release.sha256}`,
      });
    }
  },
});

function berry(ctx: RuleContext, path: string, ran: Set<string>): void {
  const y = loadYaml(ctx, path);
  if (!y) return;
  if (y.rejected !== undefined) {
    ctx.report({
      severity: 'info',
      message: `Yarn would refuse ${path} (${y.rejected}). Airlock still read the settings it could.`,
      location: { file: path, line: 1 },
    });
  }
  const line = (key: string): number => y.lines.get(key) ?? 1;
  const yarnPath = field(y.value, 'yarnPath');
  if (typeof yarnPath === 'string' && yarnPath.trim() !== '') {
    runsFile(ctx, { dir: y.dir, configPath: path, line: line('yarnPath'), spec: yarnPath.trim(), what: 'yarnPath' }, ran);
  }
  const plugins = field(y.value, 'plugins');
  if (Array.isArray(plugins)) {
    for (const p of plugins as unknown[]) {
      const spec = typeof p === 'string' ? p : field(p, 'path');
      if (typeof spec === 'string' && spec.trim() !== '') {
        runsFile(ctx, { dir: y.dir, configPath: path, line: line('plugins'), spec: spec.trim(), what: 'plugin' }, ran);
      }
    }
  }
  const server = field(y.value, 'npmRegistryServer');
  if (typeof server === 'string') registry(ctx, y, 'npmRegistryServer', server, line('npmRegistryServer'), '');
  const scopes = field(y.value, 'npmScopes');
  if (scopes !== null && typeof scopes === 'object' && !Array.isArray(scopes)) {
    for (const [scope, conf] of Object.entries(scopes as Record<string, unknown>)) {
      const s = field(conf, 'npmRegistryServer');
      if (typeof s === 'string') registry(ctx, y, `npmScopes.${scope}.npmRegistryServer`, s, line('npmScopes'), `@${scope}`);
    }
  }
  const enableScripts = field(y.value, 'enableScripts');
  if (enableScripts === true || enableScripts === 'true') {
    ctx.report({
      severity: 'info',
      message: `${path} explicitly lets dependencies run their install scripts (enableScripts: true).`,
      location: { file: path, line: line('enableScripts') },
      evidence: 'enableScripts: true',
    });
  }
  const ssl = field(y.value, 'enableStrictSsl');
  if (ssl === false || ssl === 'false') {
    ctx.report({
      severity: 'low',
      message: `${path} turns off TLS certificate checks for the registry (enableStrictSsl: false).`,
      location: { file: path, line: line('enableStrictSsl') },
      evidence: 'enableStrictSsl: false',
    });
  }
}

/** Classic `.yarnrc`: `key value` lines, values optionally double-quoted; `#` comments. */
function classic(ctx: RuleContext, path: string, ran: Set<string>): void {
  const text = ctx.text(path);
  if (text === undefined) return;
  const dir = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
  const settings = new Map<string, { value: string; line: number }>();
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  for (let i = 0; i < lines.length; i++) {
    const m = /^\s*("(?:[^"\\]|\\.)*"|[^\s#"]+)\s+("(?:[^"\\]|\\.)*"|\S+)/.exec(lines[i] ?? '');
    if (!m?.[1] || !m[2]) continue;
    settings.set(unquote(m[1]), { value: unquote(m[2]), line: i + 1 });
  }
  const yarnPath = settings.get('yarn-path');
  if (yarnPath) runsFile(ctx, { dir, configPath: path, line: yarnPath.line, spec: yarnPath.value, what: 'yarn-path' }, ran);
  for (const [key, s] of settings) {
    if (key === 'registry' || /^@[^:]+:registry$/.test(key)) {
      registry(
        ctx,
        { path, dir, value: undefined, lines: new Map() },
        key,
        s.value,
        s.line,
        key === 'registry' ? '' : key.slice(0, key.indexOf(':')),
      );
    }
  }
}

function unquote(s: string): string {
  if (s.startsWith('"') && s.endsWith('"') && s.length >= 2) {
    try {
      const v: unknown = JSON.parse(s);
      return typeof v === 'string' ? v : s;
    } catch {
      return s.slice(1, -1);
    }
  }
  return s;
}

/** yarnPath and plugins: a repository file yarn runs for every command. */
/** yarnPath and plugins; `ran` collects the committed releases a yarnPath names. */
function runsFile(ctx: RuleContext, r: RunsFile, ran: Set<string>): void {
  const entry = joinRel(r.dir, r.spec.replace(/\\/g, '/'));
  const exists = entry !== undefined && ctx.inventory.byPath.get(entry)?.type === 'file';
  const label = r.what === 'plugin' ? 'plugin' : r.what;
  for (const trigger of packageTriggers(ctx, r.dir)) {
    ctx.addSurface({
      trigger,
      kind: 'yarn-config',
      location: { file: r.configPath, line: r.line },
      command: r.what === 'plugin' ? `yarn loads plugin ${r.spec}` : `yarn runs ${r.spec}`,
      ...(exists ? { entry } : {}),
      name: label,
    });
  }
  const where = entry ?? r.spec;
  const standard =
    r.what === 'plugin'
      ? /^\.yarn\/plugins\/@yarnpkg\/plugin-[a-z0-9-]+\.cjs$/.test(where.replace(/^.*?(\.yarn\/)/, '$1'))
      : /(?:^|\/)\.yarn\/releases\/yarn-[0-9][0-9A-Za-z.+-]*\.c?js$/.test(where);
  let severity: Severity;
  let why: string;
  const release = r.what === 'plugin' || entry === undefined ? undefined : yarnReleases(ctx).get(entry);
  if (release !== undefined) ran.add(release.path);
  if (release?.status === 'official') {
    severity = 'info';
    why = `the official Yarn ${release.version ?? release.claimed} release: its SHA-256 is that of ${RELEASE_SOURCE} ${release.version ?? release.claimed}`;
  } else if (release?.status === 'modified') {
    severity = 'high';
    why = `named as Yarn ${release.claimed}, but its bytes are not the official ${release.claimed} release (SHA-256 ${release.sha256.slice(0, 16)}…, official ${release.expected?.slice(0, 16) ?? '?'}…): someone changed the file yarn runs; \`airlock scan --online\` shows the lines that differ`;
  } else if (!SCRIPT_EXTS.has(extName(r.spec))) {
    severity = 'critical';
    why = 'a file named like data rather than code';
  } else if (!standard) {
    severity = 'high';
    why =
      r.what === 'plugin'
        ? 'not a path where Yarn installs its official plugins'
        : 'not where Yarn keeps its own releases (.yarn/releases/yarn-<version>.cjs)';
  } else {
    severity = 'low';
    why = `the usual place, but not an official release Airlock knows (${r.what === 'plugin' ? 'plugins are not checked' : 'data/yarn-releases.txt'}); compare it with the official release if you did not commit it yourself`;
  }
  const missing = exists ? '' : ` The file is ${absence(ctx.inventory, where)}.`;
  ctx.report({
    severity,
    message:
      r.what === 'plugin'
        ? `Every yarn command loads the plugin ${where} from ${r.configPath} (${why}).${missing}`
        : `Every yarn command, \`yarn install\` included, runs ${where} instead of Yarn itself (${r.what} in ${r.configPath}; ${why}).${missing}`,
    location: { file: r.configPath, line: r.line },
    evidence: `${r.what}: ${r.spec}`,
  });
}

function registry(ctx: RuleContext, y: YamlFile, key: string, url: string, line: number, scope: string): void {
  if (isDefaultRegistry(url)) return;
  ctx.addSurface({ trigger: 'install', kind: 'npm-registry', location: { file: y.path, line }, command: `${key}: ${url}`, name: key });
  ctx.report({
    severity: 'medium',
    message: scope
      ? `\`yarn install\` fetches ${scope} packages from ${url} (set in ${y.path}), not from the public registry.`
      : `\`yarn install\` fetches every package from ${url} (set in ${y.path}), not from the public registry.`,
    location: { file: y.path, line },
    evidence: `${key}: ${url}`,
  });
}
