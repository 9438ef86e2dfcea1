import { Visitor } from 'oxc-parser';
import type { RuleContext } from '../../../core/rule.ts';
import { defineRule } from '../../../core/rule.ts';
import type { Trigger } from '../../../core/types.ts';
import { baseName, dirName, joinRel } from '../../../fs/path.ts';
import { asArray, asObject, asString } from '../../../lang/jsonc.ts';
import { gapKindOf } from '../../../lang/read-result.ts';
import { errorMessage } from '../../../core/errors.ts';
import { jsParses } from '../../../facts/parses.ts';
import { MAX_PARSE_BYTES, langOf } from '../../../lang/js/parse.ts';
import { readYaml } from '../../../lang/yaml.ts';
import { assessCommand, shortCommand, signalPhrase } from '../_shared/assess-command.ts';
import { commandVerdict } from '../_shared/command-verdict.ts';
import { filesWhere, isRepoFile, loadJsonc, readConfigText, realPathOf } from '../_shared/jsonc-file.ts';
import { lineAt } from '../_shared/text.ts';
import { toolConfigs } from '../../../knowledge/index.ts';
import type { SetupKind } from '../../../knowledge/tables.ts';

interface ToolSpec {
  tool: string;
  pattern: RegExp;
  /** The folder the config must sit in (`.storybook`), when the name alone is too common. */
  folder?: string | undefined;
  triggers: readonly Trigger[];
  /** Tools that read setup files (or, for Storybook, local addons and presets) from the config. */
  setup?: SetupKind | undefined;
}

const BUILD: readonly Trigger[] = ['dev', 'build'];
const NEXT: readonly Trigger[] = ['dev', 'build', 'start'];

/** The tools that run a config file on a trigger of their own (data/knowledge/tool-configs.json). */
const TOOLS: readonly ToolSpec[] = toolConfigs()
  .filter(t => t.triggers.length > 0)
  .map(t => ({ tool: t.tool, pattern: t.file, folder: t.folder, triggers: t.triggers, setup: t.setup }));
const NEXT_CONFIG = TOOLS.find(t => t.tool === 'Next.js')?.pattern;

/** Next.js instrumentation runs when the server starts; middleware and routes are autorun/framework-server's. */
const NEXT_RUNTIME = new RegExp(`^instrumentation\\.(?:js|jsx|ts|tsx|mjs)$`);

const TRIGGER_WORDS: Record<Trigger, string> = {
  open: 'opening the folder',
  install: 'install',
  dev: 'dev',
  'page-load': 'page load',
  build: 'build',
  start: 'start',
  test: 'test',
  lint: 'lint',
  commit: 'commit',
  shell: 'shell',
  readme: "following the README's instructions",
};

const SETUP_KEYS: Record<SetupKind, ReadonlySet<string>> = {
  jest: new Set([
    'setupFiles',
    'setupFilesAfterEnv',
    'globalSetup',
    'globalTeardown',
    'testEnvironment',
    'snapshotResolver',
    'testSequencer',
    'testResultsProcessor',
  ]),
  vitest: new Set(['setupFiles', 'globalSetup']),
  playwright: new Set(['globalSetup', 'globalTeardown']),
  cypress: new Set(['pluginsFile']),
  storybook: new Set(['addons', 'presets']),
};
const SETUP_TOOL: Record<SetupKind, string> = {
  jest: 'Jest',
  vitest: 'Vitest',
  playwright: 'Playwright',
  cypress: 'Cypress',
  storybook: 'Storybook',
};

/** Code this far right of the line start, or after a whitespace run this long, is off-screen. */
const PADDED_COLUMN = 200;

const SETUP_EXTENSIONS = [
  '',
  '.js',
  '.ts',
  '.mjs',
  '.cjs',
  '.jsx',
  '.tsx',
  '/index.js',
  '/index.ts',
  '/preset.js',
  '/preset.cjs',
  '/preset.ts',
];

/** Folders that hold a Next.js app: a next.config.* or a package.json that depends on next. */
function nextRoots(ctx: RuleContext): Set<string> {
  const roots = new Set<string>();
  for (const f of ctx.inventory.files) {
    if (f.inNodeModules) continue;
    const base = baseName(f.path);
    if (NEXT_CONFIG?.test(base)) roots.add(dirName(f.path));
    if (base === 'package.json') {
      const pkg = asObject(loadJsonc(ctx, f.path)?.value);
      const deps = { ...asObject(pkg?.['dependencies']), ...asObject(pkg?.['devDependencies']) };
      if ('next' in deps) roots.add(dirName(f.path));
    }
  }
  return roots;
}

/** Line of the first off-screen code, scanning each line once. */
function paddedLine(text: string): { line: number; column: number } | undefined {
  let line = 1;
  let col = 0;
  let run = 0;
  let leading = true;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      line++;
      col = 0;
      run = 0;
      leading = true;
      continue;
    }
    col++;
    if (c === 32 || c === 9 || c === 13) {
      run++;
      continue;
    }
    if (run >= PADDED_COLUMN || (leading && col > PADDED_COLUMN)) return { line, column: col };
    leading = false;
    run = 0;
  }
  return undefined;
}

function resolveSetupFile(ctx: RuleContext, configDir: string, raw: string): string | undefined {
  const spec = raw.replace(/^<rootDir>\/?/, './');
  if (!spec.startsWith('.')) return undefined;
  const base = joinRel(configDir, spec);
  if (base === undefined) return undefined;
  for (const ext of SETUP_EXTENSIONS) if (isRepoFile(ctx, base + ext)) return base + ext;
  return undefined;
}

interface SetupRef {
  key: string;
  value: string;
  offset: number;
}

type Node = { type: string; start: number } & Record<string, unknown>;

/** A path written as a literal, `require.resolve('./x')`, `path.join(__dirname, 'x')` or `new URL('./x', import.meta.url)`. */
function pathValue(node: Node | null | undefined, depth = 0): string | undefined {
  if (!node || depth > 4) return undefined;
  if (node.type === 'Literal' && typeof node['value'] === 'string') return node['value'];
  if (node.type === 'TemplateLiteral' && (node['expressions'] as unknown[]).length === 0) {
    const cooked = (node['quasis'] as { value: { cooked?: string | null } }[])[0]?.value.cooked;
    return typeof cooked === 'string' ? cooked : undefined;
  }
  if (node.type !== 'CallExpression' && node.type !== 'NewExpression') return undefined;
  const args = node['arguments'] as Node[];
  const callee = node['callee'] as Node;
  const name =
    callee.type === 'Identifier'
      ? (callee['name'] as string)
      : callee.type === 'MemberExpression' && (callee['property'] as Node).type === 'Identifier'
        ? ((callee['property'] as Node)['name'] as string)
        : '';
  if (name === 'resolve' || name === 'join' || name === 'fileURLToPath' || name === 'URL') {
    // `path.join(__dirname, 'setup', 'global.ts')`: the literal parts, relative to the config.
    const parts = args.map(a => pathValue(a, depth + 1));
    const literal = parts.filter((p): p is string => p !== undefined);
    if (literal.length === 0) return undefined;
    const joined = literal.join('/').replace(/\/{2,}/g, '/');
    return joined.startsWith('.') || joined.startsWith('/') ? joined : `./${joined}`;
  }
  return undefined;
}

interface ConfigRefs {
  refs: SetupRef[];
  /** Commands a test runner starts before the tests (Playwright `webServer.command`). */
  commands: { value: string; offset: number }[];
}

/** setupFiles/globalSetup-style entries of a JS config, and the commands it starts, read from its AST. */
function setupRefsFromJs(ctx: RuleContext, path: string, text: string, keys: ReadonlySet<string>): ConfigRefs {
  const out: ConfigRefs = { refs: [], commands: [] };
  if (text.length > MAX_PARSE_BYTES) return out;
  const parsed = ctx.facts.get(jsParses).parse(path, text, langOf(path));
  new Visitor({
    Property(node) {
      let key: string | undefined;
      if (node.key.type === 'Identifier') key = node.key.name;
      else if (node.key.type === 'Literal' && typeof node.key.value === 'string') key = node.key.value;
      if (key === 'webServer') {
        const servers = node.value.type === 'ArrayExpression' ? node.value.elements : [node.value];
        for (const server of servers) {
          if (server?.type !== 'ObjectExpression') continue;
          for (const p of server.properties) {
            if (p.type !== 'Property' || p.key.type !== 'Identifier' || p.key.name !== 'command') continue;
            const value = pathValue(p.value as unknown as Node);
            if (value !== undefined) out.commands.push({ value, offset: p.value.start });
          }
        }
        return;
      }
      if (key === undefined || !keys.has(key)) return;
      const values = node.value.type === 'ArrayExpression' ? node.value.elements : [node.value];
      for (const v of values) {
        const value = pathValue(v as unknown as Node);
        if (value !== undefined && v) out.refs.push({ key, value, offset: v.start });
      }
    },
  }).visit(parsed.result.program);
  return out;
}

function addSetupSurfaces(
  ctx: RuleContext,
  config: string,
  tool: string,
  refs: { key: string; value: string; line: number }[],
  triggers: readonly Trigger[] = ['test'],
): void {
  for (const ref of refs) {
    const entry = resolveSetupFile(ctx, dirName(config), ref.value);
    if (!entry) continue;
    for (const trigger of triggers) {
      ctx.addSurface({ trigger, kind: 'test-setup', location: { file: config, line: ref.line }, entry, name: `${tool} ${ref.key}` });
    }
  }
}

/** A command the test runner starts before the tests (Playwright `webServer.command`), through the shell analysis. */
function webServer(ctx: RuleContext, config: string, tool: string, command: string, line: number): void {
  const dir = dirName(config);
  const risk = assessCommand(ctx, command, dir);
  ctx.addSurface({
    trigger: 'test',
    kind: 'test-web-server',
    location: { file: config, line },
    command: command.slice(0, 500),
    name: `${tool} webServer`,
    ...(risk.entry !== undefined ? { entry: risk.entry, reaches: risk.files.slice(1) } : {}),
  });
  const verdict = commandVerdict(command);
  if (verdict) {
    ctx.report({
      severity: verdict.severity,
      message: `${tool} starts \`${shortCommand(command)}\` before the tests (webServer in ${config}), ${verdict.why}.`,
      location: { file: config, line },
      evidence: verdict.evidence,
    });
  } else if (risk.files.length > 0) {
    ctx.report({
      severity: 'info',
      message: `${tool} starts \`${shortCommand(command)}\` before the tests (webServer in ${config}), which runs ${risk.files.slice(0, 3).join(', ')}.`,
      location: { file: config, line },
      runs: { trigger: 'test', files: risk.files },
    });
  }
}

/** Cypress before 10 ran `cypress/plugins/index.*` in Node next to `cypress.json`; the config's `pluginsFile` moves it. */
function cypressPlugins(ctx: RuleContext): void {
  for (const path of filesWhere(ctx, p => baseName(p) === 'cypress.json')) {
    const dir = dirName(path);
    const doc = loadJsonc(ctx, path);
    const raw = asObject(doc?.value)?.['pluginsFile'];
    if (raw === false) continue;
    const spec = asString(raw) ?? 'cypress/plugins/index';
    const entry = resolveSetupFile(ctx, dir, spec.startsWith('.') ? spec : `./${spec}`);
    if (!entry) continue;
    const line = doc && asString(raw) !== undefined ? doc.positionOf(['pluginsFile']).line : 1;
    ctx.addSurface({ trigger: 'test', kind: 'test-setup', location: { file: path, line }, entry, name: 'Cypress pluginsFile' });
  }
}

/** Commands of a lint-staged config: `{ "*.js": "eslint --fix" }` or lists of commands. */
function lintStagedCommands(config: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const v of Object.values(config)) {
    for (const c of asArray(v) ?? [v]) {
      const text = asString(c);
      if (text !== undefined) out.push(text);
    }
  }
  return out;
}

/** lint-staged configs written as data (`.lintstagedrc`, JSON, YAML, package.json) run their commands on commit. */
function readLintStaged(ctx: RuleContext): void {
  for (const path of filesWhere(ctx, p => /^\.lintstagedrc(?:\.json|\.ya?ml)?$/.test(baseName(p)) || baseName(p) === 'package.json')) {
    let config: Record<string, unknown> | undefined;
    let line = 1;
    if (baseName(path) === 'package.json') {
      const doc = loadJsonc(ctx, path);
      config = asObject(asObject(doc?.value)?.['lint-staged']);
      if (doc && config) line = doc.positionOf(['lint-staged']).line;
    } else {
      const text = readConfigText(ctx, path);
      const read = text === undefined ? undefined : readYaml(text);
      if (read?.ok === true) config = asObject(read.value);
      else if (read?.error.kind === 'syntax') {
        ctx.report({
          severity: 'info',
          message: `${path} does not parse as JSON or YAML; lint-staged would stop with an error.`,
          location: { file: path, line: 1 },
        });
      } else if (read) ctx.error(`not read: ${read.error.message}`, path, gapKindOf(read.error));
    }
    if (!config) continue;
    const commands = lintStagedCommands(config);
    if (commands.length === 0) continue;
    const dir = dirName(path);
    ctx.addSurface({
      trigger: 'commit',
      kind: 'lint-staged',
      location: { file: path, line },
      command: commands.join(' ; ').slice(0, 500),
      name: 'lint-staged',
    });
    for (const command of commands) {
      const risk = assessCommand(ctx, command, dir);
      const signal = risk.signals[0];
      if ((risk.level !== 'remote' && risk.level !== 'inline') || !signal) continue;
      ctx.report({
        message: `Committing in this repository runs \`${shortCommand(command)}\` through lint-staged; ${signalPhrase(signal.detail, command)}.`,
        location: { file: path, line },
        evidence: command.slice(0, 500),
      });
    }
  }
}

export default defineRule({
  meta: {
    id: 'autorun/tool-config',
    severity: 'medium',
    confidence: 'medium',
    description:
      'Config files that build, lint, test and commit tools load and run as code (Next.js, PostCSS, Tailwind, Vite, ESLint, Jest, Vitest, Playwright, Cypress, Storybook...).',
    triggers: ['dev', 'build', 'start', 'test', 'lint', 'commit'],
    phase: 'map',
    since: '0.1.0',
  },
  run(ctx) {
    const roots = nextRoots(ctx);
    const configs: { path: string; spec: ToolSpec }[] = [];
    for (const path of filesWhere(ctx, () => true)) {
      const base = baseName(path);
      const spec = TOOLS.find(t => t.pattern.test(base) && (t.folder === undefined || baseName(dirName(path)) === t.folder));
      if (spec) configs.push({ path, spec });
      else if (NEXT_RUNTIME.test(base)) {
        const dir = dirName(path);
        const root = baseName(dir) === 'src' ? dirName(dir) : dir;
        if (roots.has(root))
          configs.push({ path, spec: { tool: `Next.js ${base.split('.')[0] ?? ''}`, pattern: NEXT_RUNTIME, triggers: NEXT } });
      }
    }

    for (const { path, spec } of configs) {
      // A config that is a symlink runs the file it points to.
      const real = realPathOf(ctx, path) ?? path;
      for (const trigger of spec.triggers) {
        ctx.addSurface({ trigger, kind: 'tool-config', location: { file: path, line: 1 }, entry: real, name: spec.tool });
      }
      ctx.report({
        severity: 'info',
        message: `${spec.tool} runs ${path} as code (and every local file it imports) on ${spec.triggers.map(t => TRIGGER_WORDS[t]).join(', ')}.`,
        location: { file: path, line: 1 },
      });
      const text = ctx.text(real);
      if (text === undefined) continue;
      const padded = paddedLine(text);
      if (padded) {
        ctx.report({
          message: `${path} looks padded: line ${padded.line} has code at column ${padded.column}, pushed off-screen by whitespace, in a file ${spec.tool} runs on ${spec.triggers.map(t => TRIGGER_WORDS[t]).join(', ')}.`,
          location: { file: path, line: padded.line, column: padded.column },
          evidence: (text.split('\n')[padded.line - 1] ?? '').slice(padded.column - 1, padded.column + 299),
        });
      }
      if (spec.setup) {
        let found: ConfigRefs = { refs: [], commands: [] };
        try {
          found = setupRefsFromJs(ctx, path, text, SETUP_KEYS[spec.setup]);
        } catch (err) {
          ctx.error(`its setup files could not be read: ${errorMessage(err)}`, path);
        }
        const refs = found.refs.map(r => ({
          key: r.key,
          value: r.value,
          line: lineAt(text, r.offset),
        }));
        if (spec.tool === 'Vite' && refs.length > 0) {
          ctx.addSurface({
            trigger: 'test',
            kind: 'tool-config',
            location: { file: path, line: 1 },
            entry: path,
            name: 'Vitest (vite.config)',
          });
        }
        addSetupSurfaces(ctx, path, SETUP_TOOL[spec.setup], refs, spec.setup === 'storybook' ? spec.triggers : ['test']);
        for (const c of found.commands) webServer(ctx, path, spec.tool, c.value, lineAt(text, c.offset));
      }
    }
    cypressPlugins(ctx);

    for (const path of filesWhere(ctx, p => /^jest\.config\.json$/.test(baseName(p)) || baseName(p) === 'package.json')) {
      const doc = loadJsonc(ctx, path);
      const isPkg = baseName(path) === 'package.json';
      const config = asObject(isPkg ? asObject(doc?.value)?.['jest'] : doc?.value);
      if (!doc || !config) continue;
      const refs: { key: string; value: string; line: number }[] = [];
      for (const key of SETUP_KEYS.jest) {
        const raw = config[key];
        const list = asArray(raw) ?? [raw];
        list.forEach((v, i) => {
          const value = asString(v);
          const jsonPath = [...(isPkg ? ['jest'] : []), key, ...(Array.isArray(raw) ? [i] : [])];
          if (value !== undefined) refs.push({ key, value, line: doc.positionOf(jsonPath).line });
        });
      }
      addSetupSurfaces(ctx, path, 'Jest', refs);
    }

    readLintStaged(ctx);

    for (const path of filesWhere(ctx, p => /^(?:\.babelrc(?:\.json)?|babel\.config\.json)$/.test(baseName(p)))) {
      const doc = loadJsonc(ctx, path);
      const config = asObject(doc?.value);
      if (!doc || !config) continue;
      for (const key of ['plugins', 'presets']) {
        (asArray(config[key]) ?? []).forEach((item, i) => {
          const value = asString(item) ?? asString(asArray(item)?.[0]);
          const entry = value === undefined ? undefined : resolveSetupFile(ctx, dirName(path), value);
          if (!entry) return;
          for (const trigger of BUILD) {
            ctx.addSurface({
              trigger,
              kind: 'tool-config',
              location: { file: path, line: doc.positionOf([key, i]).line },
              entry,
              name: `Babel ${key === 'plugins' ? 'plugin' : 'preset'}`,
            });
          }
        });
      }
    }

    for (const path of filesWhere(ctx, p => /^\.prettierrc(?:\.json)?$/.test(baseName(p)))) {
      const doc = loadJsonc(ctx, path);
      const plugins = asArray(asObject(doc?.value)?.['plugins']) ?? [];
      plugins.forEach((p, i) => {
        const value = asString(p);
        const entry = value === undefined ? undefined : resolveSetupFile(ctx, dirName(path), value);
        if (!entry || !doc) return;
        ctx.addSurface({
          trigger: 'lint',
          kind: 'tool-config',
          location: { file: path, line: doc.positionOf(['plugins', i]).line },
          entry,
          name: 'Prettier plugin',
        });
      });
    }
  },
});
