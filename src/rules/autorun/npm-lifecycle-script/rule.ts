import { defineFactFamily, defineRule } from '../../../core/rule.ts';
import type { RuleContext } from '../../../core/rule.ts';
import type { Location, Severity, Trigger } from '../../../core/types.ts';
import { surfaceSeverity } from '../../../core/policy.ts';
import { maxSeverity, severityRank } from '../../../core/severity.ts';
import { baseName, joinRel } from '../../../fs/path.ts';
import { analyzeCommand } from '../../../lang/shell/index.ts';
import type { CommandAnalysis, CommandSignal } from '../../../lang/shell/index.ts';
import { commandRisk } from '../_shared/command-risk.ts';
import { programSignals } from '../_shared/assess-command.ts';
import { readPackageJson } from '../_shared/package-json.ts';
import type { PackageJson } from '../_shared/package-json.ts';
import { absence } from '../_shared/absence.ts';
import { toolConfigFiles } from '../_shared/tool-configs.ts';

const INSTALL_SCRIPTS = ['preinstall', 'install', 'postinstall', 'preprepare', 'prepare', 'postprepare', 'prepublish'];
const USER_TRIGGERS: readonly Trigger[] = ['dev', 'build', 'start', 'test', 'lint'];
/** Scripts and tools that start the application rather than build or check it. */
const APP_SCRIPTS = /^(?:dev|start|serve|server|develop|watch)(?::|$)/;
const DEV_SERVERS = new Set([
  'nodemon',
  'ts-node-dev',
  'tsnd',
  'node-dev',
  'react-scripts',
  'webpack-dev-server',
  'http-server',
  'live-server',
  'serve',
]);
const DEV_SUBCOMMANDS: Record<string, readonly string[]> = {
  next: ['dev', 'start'],
  nuxt: ['dev', 'start', 'preview'],
  nuxi: ['dev', 'preview'],
  astro: ['dev', 'preview'],
  remix: ['dev'],
  gatsby: ['develop', 'serve'],
  vite: ['', 'dev', 'serve', 'preview'],
  webpack: ['serve'],
};
const MAX_CHAIN = 8;
const SHOWN = 120;

interface Entry {
  file: string;
  /** What runs it: `node`, `next (config)`, a bin name. */
  via: string;
}

interface Resolved {
  /** Scripts visited in order: [pkg, name, command]. */
  chain: { pkg: PackageJson; name: string; command: string; line: number }[];
  signals: CommandSignal[];
  entries: Entry[];
  runsApp: boolean;
  missing: string[];
}

function triggerOf(script: string): Trigger | undefined {
  if (INSTALL_SCRIPTS.includes(script)) return 'install';
  return USER_TRIGGERS.find(t => script === t || script === `pre${t}` || script === `post${t}`);
}

function clip(s: string, max = SHOWN): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}

function isFile(ctx: RuleContext, path: string): boolean {
  return ctx.inventory.byPath.get(path)?.type === 'file';
}

/** `node server` → server.js, `node .` → main or index.js, like Node's own resolution. */
function resolveFile(ctx: RuleContext, pkg: PackageJson, spec: string, exts: readonly string[]): string | undefined {
  const base = joinRel(pkg.dir, spec);
  if (base === undefined) return undefined;
  if (base !== pkg.dir && isFile(ctx, base)) return base;
  for (const e of exts) if (isFile(ctx, `${base}.${e}`)) return `${base}.${e}`;
  const prefix = base === '' ? '' : `${base}/`;
  if (base === pkg.dir && pkg.main) {
    const main = resolveFile(ctx, pkg, pkg.main.value, exts);
    if (main) return main;
  }
  for (const e of exts) if (isFile(ctx, `${prefix}index.${e}`)) return `${prefix}index.${e}`;
  return undefined;
}

function extsFor(interpreter: string): readonly string[] {
  if (/^(?:python|py)/.test(interpreter)) return ['py'];
  if (/^(?:bash|sh|zsh|dash|ksh|source|exec)$/.test(interpreter)) return ['sh'];
  if (/^(?:tsx|ts-node|bun|deno|esno|vite-node|jiti)/.test(interpreter)) return ['ts', 'tsx', 'mts', 'cts', 'js', 'mjs', 'cjs'];
  return ['js', 'cjs', 'mjs'];
}

function packageAt(ctx: RuleContext, from: PackageJson, dir: string | undefined): PackageJson | undefined {
  if (dir === undefined || dir === '') return from;
  const target = joinRel(from.dir, dir);
  if (target === undefined) return undefined;
  return readPackageJson(ctx, target === '' ? 'package.json' : `${target}/package.json`);
}

/**
 * npm-run-all patterns: `*` matches within one `:` segment, `**` across segments. A table match
 * (no regular expression), so a hostile pattern cannot make it backtrack.
 */
export function globMatch(pattern: string, name: string): boolean {
  const p = pattern.slice(0, 256);
  const n = name.slice(0, 256);
  // row[j]: p[0..i) matches n[0..j)
  let row: boolean[] = Array.from({ length: n.length + 1 }, (_, j) => j === 0);
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    const star = c === '*';
    const double = star && p[i + 1] === '*';
    if (double) i++;
    const next: boolean[] = new Array<boolean>(n.length + 1).fill(false);
    next[0] = star && (row[0] ?? false);
    for (let j = 1; j <= n.length; j++) {
      const ch = n[j - 1];
      if (star) next[j] = (row[j] ?? false) || ((next[j - 1] ?? false) && (double || ch !== ':'));
      else next[j] = (row[j - 1] ?? false) && ch === c;
    }
    row = next;
  }
  return row[n.length] ?? false;
}

function matchScripts(pkg: PackageJson, pattern: string): string[] {
  if (!pattern.includes('*')) return pkg.scripts.has(pattern) ? [pattern] : [];
  return [...pkg.scripts.keys()].filter(k => globMatch(pattern, k));
}

const shellAnalysis = defineFactFamily('shell-analysis', (_ctx, command: string): CommandAnalysis => analyzeCommand(command));

function analyse(ctx: RuleContext, command: string): CommandAnalysis {
  return ctx.facts.get(shellAnalysis, command);
}

function startsApp(a: CommandAnalysis): boolean {
  return a.commands.some(c => {
    if (DEV_SERVERS.has(c.program)) return true;
    const subs = DEV_SUBCOMMANDS[c.program];
    return subs !== undefined && subs.includes(c.args.find(x => !x.startsWith('-')) ?? '');
  });
}

function resolveScript(ctx: RuleContext, pkg: PackageJson, name: string): Resolved {
  const out: Resolved = { chain: [], signals: [], entries: [], runsApp: false, missing: [] };
  const seen = new Set<string>();
  const visit = (p: PackageJson, script: string, depth: number): void => {
    const key = `${p.path}#${script}`;
    const s = p.scripts.get(script);
    if (!s || seen.has(key) || depth > MAX_CHAIN) return;
    seen.add(key);
    out.chain.push({ pkg: p, name: script, command: s.value, line: s.line });
    if (depth > 0 && APP_SCRIPTS.test(script)) out.runsApp = true;
    const a = analyse(ctx, s.value);
    out.signals.push(...a.signals, ...programSignals(ctx, a, p.dir));
    if (startsApp(a)) out.runsApp = true;
    for (const f of a.runsFiles) {
      const file = resolveFile(ctx, p, f.file, extsFor(f.interpreter));
      if (file) out.entries.push({ file, via: f.interpreter });
      else out.missing.push(joinRel(p.dir, f.file) ?? f.file);
    }
    for (const tool of a.tools) {
      const bin = p.bin.get(tool);
      const binFile = bin ? resolveFile(ctx, p, bin.value, ['js', 'cjs', 'mjs']) : undefined;
      if (binFile) out.entries.push({ file: binFile, via: tool });
      for (const path of toolConfigFiles(ctx, p.dir, tool))
        if (isFile(ctx, path)) out.entries.push({ file: path, via: `${tool} (config)` });
    }
    for (const call of a.scriptCalls) {
      const target = packageAt(ctx, p, call.dir);
      if (!target) continue;
      if (call.install === true) {
        // `npm install` in a folder runs that package's lifecycle scripts.
        for (const lifecycle of INSTALL_SCRIPTS) visit(target, lifecycle, depth + 1);
        continue;
      }
      for (const m of matchScripts(target, call.script)) {
        // `npm run x` also runs prex and postx.
        visit(target, `pre${m}`, depth + 1);
        visit(target, m, depth + 1);
        visit(target, `post${m}`, depth + 1);
      }
    }
  };
  visit(pkg, name, 0);
  return out;
}

function invocation(trigger: Trigger, script: string, dir: string): string {
  const where = dir === '' ? '' : ` in ${dir}/`;
  if (trigger === 'install') return `\`npm install\`${where}`;
  if (script === 'start' || script === 'test') return `\`npm ${script}\`${where}`;
  return `\`npm run ${script}\`${where}`;
}

export default defineRule({
  meta: {
    id: 'autorun/npm-lifecycle-script',
    severity: 'critical',
    confidence: 'high',
    description: 'package.json scripts that npm runs on install, and the dev/build/start/test/lint scripts with their hooks.',
    triggers: ['install', 'dev', 'build', 'start', 'test', 'lint'],
    phase: 'map',
    since: '0.1.0',
  },
  run(ctx) {
    for (const file of ctx.inventory.files) {
      if (file.inNodeModules || file.type !== 'file' || baseName(file.path) !== 'package.json') continue;
      const pkg = readPackageJson(ctx, file.path);
      if (!pkg) {
        ctx.error('package.json is not a readable text file: its scripts were not analysed', file.path);
        continue;
      }
      if (pkg.rejected !== undefined) {
        ctx.report({
          severity: 'info',
          message: `npm would reject this file: ${pkg.rejected}. Airlock still mapped the scripts it could read.`,
          location: { file: pkg.path, line: 1 },
        });
      }
      for (const [name, script] of pkg.scripts) {
        const trigger = triggerOf(name);
        if (trigger) mapScript(ctx, pkg, name, script.value, script.line, trigger);
      }
      mapImplicit(ctx, pkg);
    }
  },
});

function mapScript(ctx: RuleContext, pkg: PackageJson, name: string, command: string, line: number, trigger: Trigger): void {
  const r = resolveScript(ctx, pkg, name);
  const location: Location = { file: pkg.path, line };
  const label = pkg.dir === '' ? name : `${pkg.dir}: ${name}`;
  const entries = dedupeEntries(r.entries);
  const surfaceCommand = command.length > 1000 ? `${command.slice(0, 999)}…` : command;
  if (entries.length === 0) ctx.addSurface({ trigger, kind: 'npm-script', location, command: surfaceCommand, name: label });
  for (const e of entries) ctx.addSurface({ trigger, kind: 'npm-script', location, command: surfaceCommand, entry: e.file, name: label });

  const own = analyse(ctx, command);
  const localCode = r.entries.some(e => !e.via.endsWith('(config)')) || r.runsApp;
  const merged: CommandAnalysis = { ...own, signals: r.signals };
  const risk = commandRisk(merged, trigger, localCode);
  // Running the repository's own code is context; what that code does decides (core/policy.ts).
  const plain = risk.signal === undefined && localCode;
  let severity: Severity = plain ? surfaceSeverity(trigger, undefined) : risk.severity;
  const runs = r.entries.map(e => e.file);
  if (trigger !== 'install' && severityRank(severity) < severityRank('low')) return;
  if (trigger === 'install' && r.runsApp) severity = maxSeverity(severity, 'high');
  const scriptLabel = (c: Resolved['chain'][number]): string => (c.pkg.dir === pkg.dir ? c.name : `${c.pkg.dir || '.'}: ${c.name}`);
  const via =
    r.chain.length > 1
      ? `, which runs ${r.chain
          .slice(1, 3)
          .map(c => `\`${scriptLabel(c)}\`: \`${clip(c.command, 60)}\``)
          .join(', then ')}`
      : '';
  const why = r.runsApp && trigger === 'install' && !risk.signal ? 'starts the application while installing' : risk.why;
  const background = r.signals.some(s => s.kind === 'background') ? ' (starts the server in the background)' : '';
  const reason = why === '' ? '' : background && why.includes('background') ? background : ` (${why})`;
  const missing = r.missing
    .slice(0, 3)
    .map(f => ` It names ${f}, which is ${absence(ctx.inventory, f)}.`)
    .join('');
  ctx.report({
    severity,
    message: `${invocation(trigger, name, pkg.dir)} runs \`${clip(command)}\`${via}${reason}.${missing}`,
    location,
    evidence: risk.signal ? `${clip(command, 300)}\n${risk.signal.detail}` : clip(command, 300),
    related: r.chain.slice(1).map(c => ({ file: c.pkg.path, line: c.line })),
    ...(r.missing.length > 0 ? { confidence: 'medium' as const } : {}),
    ...(runs.length > 0 ? { runs: { trigger, files: runs } } : {}),
  });
  if (own.truncated) ctx.error(`the ${name} script is longer than the analysed limit: only its head was read`, pkg.path);
}

function dedupeEntries(entries: Entry[]): Entry[] {
  const seen = new Set<string>();
  return entries.filter(e => (seen.has(e.file) ? false : (seen.add(e.file), true)));
}

/** What npm runs when a script is absent: `npm start` → `node server.js`, install → `node-gyp rebuild`. */
function mapImplicit(ctx: RuleContext, pkg: PackageJson): void {
  const prefix = pkg.dir === '' ? '' : `${pkg.dir}/`;
  const label = (n: string): string => (pkg.dir === '' ? n : `${pkg.dir}: ${n}`);
  if (!pkg.scripts.has('start') && isFile(ctx, `${prefix}server.js`)) {
    ctx.addSurface({
      trigger: 'start',
      kind: 'npm-script',
      location: { file: pkg.path, line: 1 },
      command: 'node server.js',
      entry: `${prefix}server.js`,
      name: label('start (npm default)'),
    });
  }
  if (!pkg.scripts.has('install') && !pkg.scripts.has('preinstall') && isFile(ctx, `${prefix}binding.gyp`)) {
    ctx.addSurface({
      trigger: 'install',
      kind: 'npm-script',
      location: { file: `${prefix}binding.gyp` },
      command: 'node-gyp rebuild',
      name: label('install (npm default)'),
    });
    ctx.report({
      severity: 'low',
      message: `\`npm install\`${pkg.dir === '' ? '' : ` in ${pkg.dir}/`} builds native code with \`node-gyp rebuild\` because ${prefix}binding.gyp is present.`,
      location: { file: `${prefix}binding.gyp`, line: 1 },
    });
  }
}
