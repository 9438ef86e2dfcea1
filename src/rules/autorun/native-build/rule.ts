import { defineRule } from '../../../core/rule.ts';
import type { RuleContext } from '../../../core/rule.ts';
import type { Severity, Trigger } from '../../../core/types.ts';
import { severityRank } from '../../../core/severity.ts';
import { nativeVerdict } from '../../../analysis/native-code.ts';
import type { NativeVerdict } from '../../../analysis/native-code.ts';
import { baseName, dirName, joinRel } from '../../../fs/path.ts';
import type { NativeLang } from '../../../lang/native-tokens.ts';
import { analyzeCommand } from '../../../lang/shell/index.ts';
import { readToml } from '../../../lang/toml.ts';
import { commandVerdict } from '../_shared/command-verdict.ts';
import { prepareUnits, reportUnits } from '../_shared/command-units.ts';
import type { PendingUnit, Runner } from '../_shared/command-units.ts';
import { isRepoFile } from '../_shared/jsonc-file.ts';

const GO_GENERATE: Runner = { kind: 'go-generate', program: 'go generate', noun: 'directive' };
/** Folders of other people's code, generated output and fixtures that no build of this repository compiles. */
const NOT_OURS = /(?:^|\/)(?:vendor|testdata|target|third_party|\.git)\//;
const MAX_CRATE_FILES = 200;

type Obj = Record<string, unknown>;

function obj(v: unknown): Obj | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined;
}

interface CodeSurface {
  triggers: Trigger[];
  kind: string;
  name: string;
  /** "`go test` runs", "`cargo build` (and rust-analyzer when the folder is opened) runs". */
  invocation: string;
  files: string[];
  lang: NativeLang;
  location: { file: string; line: number };
}

/**
 * A surface whose code is Go or Rust: each file's verdict (download or embedded bytes written and
 * run: critical) and the programs it starts with constant arguments, read as shell commands.
 */
function reportCode(ctx: RuleContext, s: CodeSurface): void {
  for (const trigger of s.triggers) {
    ctx.addSurface({
      trigger,
      kind: s.kind,
      location: s.location,
      name: s.name,
      ...(s.files[0] !== undefined ? { entry: s.files[0], reaches: s.files.slice(1, 50) } : {}),
    });
  }
  for (const file of s.files) {
    const v: NativeVerdict | undefined = ctx.facts.get(nativeVerdict, { path: file, lang: s.lang });
    if (v === undefined) {
      ctx.error(`a ${s.lang === 'go' ? 'Go' : 'Rust'} file that is not readable text: what it runs was not analysed`, file, 'unreadable');
      continue;
    }
    let worst: { severity: Severity; message: string; line: number; evidence: string } | undefined;
    if (v.tier === 'decisive')
      worst = {
        severity: 'critical',
        message: `${s.invocation} ${file}, which ${v.why}.`,
        line: v.line ?? 1,
        evidence: v.capabilities.join(', '),
      };
    for (const c of v.commands) {
      const cv = commandVerdict(c.command);
      if (!cv || (worst && severityRank(cv.severity) <= severityRank(worst.severity))) continue;
      worst = {
        severity: cv.severity,
        message: `${s.invocation} ${file}, which starts \`${c.command.slice(0, 120)}\`, ${cv.why}.`,
        line: c.line,
        evidence: cv.evidence,
      };
    }
    if (worst)
      ctx.report({ severity: worst.severity, message: worst.message, location: { file, line: worst.line }, evidence: worst.evidence });
  }
}

// ---- Go --------------------------------------------------------------------------------------

function goGenerate(path: string, text: string): PendingUnit[] {
  const out: PendingUnit[] = [];
  /** `//go:generate -command NAME cmd…`: later directives of the file that start with NAME run cmd. */
  const aliases = new Map<string, string>();
  text.split(/\r?\n/).forEach((raw, i) => {
    const m = /^\/\/go:generate\s+(.+)$/.exec(raw);
    if (!m?.[1]) return;
    const alias = /^-command\s+(\S+)\s+(.+)$/.exec(m[1].trim());
    if (alias?.[1] !== undefined && alias[2] !== undefined) {
      aliases.set(alias[1], alias[2]);
      return;
    }
    const first = m[1].trim().split(/\s+/)[0] ?? '';
    const expanded = aliases.has(first) ? `${aliases.get(first) ?? ''}${m[1].trim().slice(first.length)}` : m[1];
    // go generate sets these for the command; it splits words itself (no shell), so `sh -c` is how a directive runs shell.
    const command = expanded
      .replace(/\$GOFILE\b/g, baseName(path))
      .replace(/\$GOLINE\b/g, String(i + 1))
      .trim();
    const name = `${path}:${String(i + 1)}`;
    out.push({
      runner: GO_GENERATE,
      path,
      unit: { name, line: i + 1, steps: [{ file: path, line: i + 1, command, unit: name }] },
      trigger: 'build',
      label: `go generate (${baseName(path)}:${String(i + 1)})`,
      invocation: '`go generate ./...`',
    });
  });
  return out;
}

/** `go run x.go` / `go run ./tools/gen` in a directive: the Go program it builds and runs is read like a test's. */
function goRunOf(ctx: RuleContext, u: PendingUnit, goFiles: readonly string[]): void {
  const command = u.unit.steps[0]?.command ?? '';
  const m = /^go\s+run\s+(?:-\S+\s+)*(\S+)/.exec(command);
  if (m?.[1] === undefined) return;
  const target = joinRel(dirName(u.path), m[1]);
  if (target === undefined) return;
  const files = target.endsWith('.go')
    ? goFiles.filter(f => f === target)
    : goFiles.filter(f => dirName(f) === target && !f.endsWith('_test.go'));
  if (files.length === 0) return;
  reportCode(ctx, {
    triggers: ['build'],
    kind: 'go-generate-run',
    name: `${u.label}: ${command.slice(0, 80)}`,
    invocation: '`go generate ./...` runs',
    files,
    lang: 'go',
    location: { file: u.path, line: u.unit.line },
  });
}

function mapGo(ctx: RuleContext, goFiles: string[]): PendingUnit[] {
  const pending: PendingUnit[] = [];
  const byDir = new Map<string, string[]>();
  for (const path of goFiles) {
    const text = ctx.text(path);
    if (text === undefined) continue;
    if (text.includes('//go:generate')) {
      const units = goGenerate(path, text);
      pending.push(...units);
      for (const u of units) goRunOf(ctx, u, goFiles);
    }
    const dir = dirName(path);
    byDir.set(dir, [...(byDir.get(dir) ?? []), path]);
  }
  // `go test` compiles a package with its _test.go files and runs their init(), TestMain and tests.
  for (const [dir, files] of byDir) {
    const tests = files.filter(f => f.endsWith('_test.go'));
    if (tests.length === 0) continue;
    reportCode(ctx, {
      triggers: ['test'],
      kind: 'go-test',
      name: `go test ./${dir}`,
      invocation: '`go test` runs',
      files: [...tests, ...files.filter(f => !f.endsWith('_test.go'))],
      lang: 'go',
      location: { file: tests[0] ?? dir, line: 1 },
    });
  }
  return pending;
}

// ---- Rust ------------------------------------------------------------------------------------

const RUST_OPEN = '`cargo build`/`check`/`test` (and rust-analyzer, when the folder is opened in an editor with it) runs';

function mapCargoManifest(ctx: RuleContext, path: string, rsFiles: readonly string[]): void {
  const text = ctx.text(path);
  if (text === undefined) return;
  const read = readToml(text);
  if (!read.ok) {
    ctx.error(`Cargo.toml could not be read: ${read.error.message}`, path, 'unparseable');
    return;
  }
  const dir = dirName(path);
  const pkg = obj(read.value['package']);
  const build = pkg?.['build'];
  const script = build === false ? undefined : joinRel(dir, typeof build === 'string' ? build : 'build.rs');
  if (pkg && script !== undefined && isRepoFile(ctx, script))
    reportCode(ctx, {
      triggers: ['build', 'open'],
      kind: 'cargo-build-script',
      name: `build script ${script}`,
      invocation: RUST_OPEN,
      files: [script],
      lang: 'rust',
      location: { file: script, line: 1 },
    });
  const lib = obj(read.value['lib']);
  if (lib?.['proc-macro'] === true || lib?.['proc_macro'] === true) {
    const src = joinRel(dir, 'src') ?? 'src';
    const entry = joinRel(dir, typeof lib['path'] === 'string' ? lib['path'] : 'src/lib.rs');
    const files = [
      ...(entry !== undefined && isRepoFile(ctx, entry) ? [entry] : []),
      ...rsFiles.filter(f => f.startsWith(`${src}/`) && f !== entry),
    ].slice(0, MAX_CRATE_FILES);
    reportCode(ctx, {
      triggers: ['build', 'open'],
      kind: 'cargo-proc-macro',
      name: `proc-macro crate ${dir || '.'}`,
      invocation: RUST_OPEN,
      files,
      lang: 'rust',
      location: { file: path, line: Math.max(1, text.split('\n').findIndex(l => /proc[-_]macro\s*=\s*true/.test(l)) + 1) },
    });
  }
}

/** `.cargo/config.toml`: programs cargo starts instead of, or around, its own. */
function mapCargoConfig(ctx: RuleContext, path: string): void {
  const text = ctx.text(path);
  if (text === undefined) return;
  const read = readToml(text);
  if (!read.ok) {
    ctx.error(`a Cargo config that could not be read: ${read.error.message}`, path, 'unparseable');
    return;
  }
  // The folder cargo runs in: the one holding `.cargo/`.
  const root = dirName(dirName(path));
  const lineOf = (key: string): number => Math.max(1, text.split('\n').findIndex(l => new RegExp(`^\\s*${key}\\s*=`).test(l)) + 1);
  const settings: { key: string; value: string; triggers: Trigger[]; what: string }[] = [];
  const build = obj(read.value['build']) ?? {};
  for (const key of ['rustc-wrapper', 'rustc-workspace-wrapper', 'rustc', 'rustdoc']) {
    const v = build[key];
    if (typeof v === 'string' && v !== '')
      settings.push({
        key,
        value: v,
        triggers: ['build', 'open'],
        what: `runs \`${v}\` for every compiler call of \`cargo build\`/\`check\`/\`test\` (and rust-analyzer's)`,
      });
  }
  for (const [triple, cfg] of Object.entries(obj(read.value['target']) ?? {})) {
    const c = obj(cfg) ?? {};
    const runner = Array.isArray(c['runner']) ? c['runner'].filter(x => typeof x === 'string').join(' ') : c['runner'];
    if (typeof runner === 'string' && runner !== '')
      settings.push({
        key: 'runner',
        value: runner,
        triggers: ['test', 'start'],
        what: `runs every program \`cargo run\` and \`cargo test\` build for ${triple} through \`${runner}\``,
      });
    if (typeof c['linker'] === 'string')
      settings.push({
        key: 'linker',
        value: c['linker'],
        triggers: ['build'],
        what: `links every ${triple} binary with \`${c['linker']}\``,
      });
  }
  for (const s of settings) {
    const a = analyzeCommand(s.value);
    const files = a.runsFiles.map(f => joinRel(root, f.file)).filter((f): f is string => f !== undefined && isRepoFile(ctx, f));
    const line = lineOf(s.key);
    for (const trigger of s.triggers)
      ctx.addSurface({
        trigger,
        kind: 'cargo-config',
        location: { file: path, line },
        name: s.key,
        command: s.value.slice(0, 500),
        ...(files[0] !== undefined ? { entry: files[0] } : {}),
      });
    const cv = commandVerdict(s.value);
    if (!cv && files.length === 0) continue;
    ctx.report({
      severity: cv?.severity ?? 'info',
      message: `${path} ${s.what}${cv ? `, ${cv.why}` : ''}.`,
      location: { file: path, line },
      evidence: cv?.evidence ?? `${s.key} = ${s.value}`,
      ...(files.length > 0 ? { runs: { trigger: s.triggers[s.triggers.length - 1] ?? 'build', files } } : {}),
    });
  }
}

export default defineRule({
  meta: {
    id: 'autorun/native-build',
    severity: 'critical',
    confidence: 'high',
    description:
      'Go and Rust code that builds and tests run: `//go:generate` directives, the packages `go test` runs, Cargo build scripts and proc-macro crates (also run by rust-analyzer when the folder is opened), and `.cargo/config.toml` wrappers, runners and linkers.',
    triggers: ['open', 'build', 'test', 'start'],
    phase: 'map',
    files: { globs: ['**/*.go', '**/Cargo.toml', '**/.cargo/config.toml', '**/.cargo/config'] },
    since: '0.1.0',
  },
  async run(ctx) {
    const go: string[] = [];
    const rs: string[] = [];
    const manifests: string[] = [];
    for (const f of ctx.inventory.files) {
      if (f.inNodeModules || f.type !== 'file' || NOT_OURS.test(f.path)) continue;
      if (f.path.endsWith('.go')) go.push(f.path);
      else if (f.path.endsWith('.rs')) rs.push(f.path);
      else if (baseName(f.path) === 'Cargo.toml') manifests.push(f.path);
      else if (/(?:^|\/)\.cargo\/config(?:\.toml)?$/.test(f.path)) mapCargoConfig(ctx, f.path);
    }
    const pending = mapGo(ctx, go);
    for (const m of manifests) mapCargoManifest(ctx, m, rs);
    await prepareUnits(pending);
    reportUnits(ctx, pending);
  },
});
