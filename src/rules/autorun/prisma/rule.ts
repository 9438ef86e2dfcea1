import { defineRule } from '../../../core/rule.ts';
import type { RuleContext } from '../../../core/rule.ts';
import type { Severity, Trigger } from '../../../core/types.ts';
import { baseName, dirName, extName, joinRel } from '../../../fs/path.ts';
import { readJson } from '../../../lang/json.ts';
import { analyzeCommand } from '../../../lang/shell/index.ts';
import { commandRisk, isManualContext } from '../_shared/command-risk.ts';
import { isRepoFile } from '../_shared/jsonc-file.ts';

/** Prisma's own generators: the provider names a built-in, not a command. */
const BUILT_IN = new Set(['prisma-client-js', 'prisma-client']);

interface Run {
  file: string;
  line: number;
  /** `generator docs`, `prisma.seed`. */
  what: string;
  command: string;
  /** Where the command runs (the package folder). */
  dir: string;
  trigger: Trigger;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The nearest package.json at or above `dir`, parsed. */
function packageOf(ctx: RuleContext, dir: string): { dir: string; doc: Obj; text: string; path: string } | undefined {
  for (let d = dir; ; d = dirName(d)) {
    const path = d === '' ? 'package.json' : `${d}/package.json`;
    const text = isRepoFile(ctx, path) ? ctx.text(path) : undefined;
    if (text !== undefined) {
      const read = readJson(text);
      if (read.ok && isObj(read.value)) return { dir: d, doc: read.value, text, path };
    }
    if (d === '') return undefined;
  }
}

/**
 * `prisma generate` runs on install when the package depends on `@prisma/client` (its postinstall
 * generates) or an install script calls it; otherwise when the user builds.
 */
function generateTrigger(pkg: Obj | undefined): Trigger {
  if (pkg === undefined) return 'build';
  const deps = {
    ...(isObj(pkg['dependencies']) ? pkg['dependencies'] : {}),
    ...(isObj(pkg['devDependencies']) ? pkg['devDependencies'] : {}),
  };
  if ('@prisma/client' in deps) return 'install';
  const scripts = isObj(pkg['scripts']) ? pkg['scripts'] : {};
  return ['preinstall', 'install', 'postinstall', 'prepare'].some(
    k => typeof scripts[k] === 'string' && /\bprisma\s+generate\b/.test(scripts[k]),
  )
    ? 'install'
    : 'build';
}

function generators(ctx: RuleContext, file: string): Run[] {
  const text = ctx.text(file);
  if (text === undefined) return [];
  const out: Run[] = [];
  const pkg = packageOf(ctx, dirName(file));
  const trigger = generateTrigger(pkg?.doc);
  for (const m of text.matchAll(/^\s*generator\s+(\w+)\s*\{([^}]*)\}/gm)) {
    const body = m[2] ?? '';
    const p = /^\s*provider\s*=\s*"((?:[^"\\]|\\.)*)"/m.exec(body);
    const provider = p?.[1];
    if (!p || provider === undefined || BUILT_IN.has(provider.trim())) continue;
    const line = text.slice(0, m.index + m[0].indexOf(p[0]) + p[0].length).split('\n').length;
    // Prisma runs the provider as a command from the schema's folder.
    out.push({ file, line, what: `generator ${m[1] ?? ''}`, command: provider, dir: dirName(file), trigger });
  }
  return out;
}

function seed(ctx: RuleContext, path: string): Run | undefined {
  const text = ctx.text(path);
  if (text === undefined) return undefined;
  const read = readJson(text);
  if (!read.ok || !isObj(read.value)) return undefined;
  const prisma = read.value['prisma'];
  const command = isObj(prisma) ? prisma['seed'] : undefined;
  if (typeof command !== 'string') return undefined;
  const at = text.indexOf('"seed"');
  return {
    file: path,
    line: at < 0 ? 1 : text.slice(0, at).split('\n').length,
    what: 'prisma.seed',
    command,
    dir: dirName(path),
    // `prisma migrate dev` and `prisma migrate reset` seed the database.
    trigger: 'dev',
  };
}

function judge(ctx: RuleContext, r: Run): void {
  const a = analyzeCommand(r.command);
  const files = a.runsFiles.map(f => joinRel(r.dir, f.file)).filter((f): f is string => isRepoFile(ctx, f));
  // A bare provider path (`provider = "./gen/index.js"`) is run as a program.
  const first = r.command.trim().split(/\s+/)[0] ?? '';
  const own = /^\.{1,2}\//.test(first) ? joinRel(r.dir, first) : undefined;
  if (own !== undefined && isRepoFile(ctx, own) && !files.includes(own)) files.push(own);
  ctx.addSurface({
    trigger: r.trigger,
    kind: 'prisma',
    location: { file: r.file, line: r.line },
    name: r.what,
    command: r.command.slice(0, 300),
    ...(files[0] !== undefined ? { entry: files[0] } : {}),
  });
  const risk = commandRisk(a, r.trigger, false);
  const auto = r.trigger === 'install';
  const severity: Severity =
    risk.severity === 'critical' ? 'critical' : risk.signal && !isManualContext(risk.signal) ? risk.severity : auto ? 'low' : 'info';
  const when =
    r.what === 'prisma.seed'
      ? '`prisma migrate dev` and `prisma db seed` run'
      : auto
        ? '`npm install` runs (through `prisma generate`)'
        : '`prisma generate` runs';
  ctx.report({
    message: `${when} \`${r.command.slice(0, 120)}\` (${r.what} in ${r.file})${risk.why ? `: it ${risk.why}` : ''}.`,
    location: { file: r.file, line: r.line },
    evidence: r.command.slice(0, 300),
    severity,
    ...(files.length > 0 ? { runs: { trigger: r.trigger, files } } : {}),
  });
}

export default defineRule({
  meta: {
    id: 'autorun/prisma',
    severity: 'critical',
    confidence: 'high',
    description:
      'Prisma runs a schema generator whose provider is a command (`provider = "node ./gen.js"`) on `prisma generate` (on install with @prisma/client), and the package.json `prisma.seed` command on `prisma migrate dev`; each is as severe as what it runs.',
    triggers: ['install', 'build', 'dev'],
    phase: 'map',
    since: '0.1.0',
  },
  run(ctx) {
    for (const f of ctx.inventory.files) {
      if (f.inNodeModules || f.type !== 'file') continue;
      if (extName(f.path) === '.prisma') for (const r of generators(ctx, f.path)) judge(ctx, r);
      else if (baseName(f.path) === 'package.json') {
        const r = seed(ctx, f.path);
        if (r) judge(ctx, r);
      }
    }
  },
});
