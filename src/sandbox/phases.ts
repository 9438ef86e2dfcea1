/**
 * What each detonation phase runs. `open` runs exactly what the execution map says opening the
 * folder would run (surfaces with trigger `open`: folder-open tasks, devcontainer
 * initializeCommand); `install` the dependencies' install scripts and the root lifecycle scripts;
 * `dev` the dev (or start) script with the repository's own .env files loaded, then requests `/`
 * and the API routes found statically; `test` the test script. Callers (tests, embedders) may give
 * a phase's steps explicitly instead.
 */
import { existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import { requestPaths, serverEntries } from '../analysis/frameworks/index.ts';
import type { ProjectView } from '../analysis/frameworks/index.ts';
import type { Location, Surface } from '../core/types.ts';
import { absFromRel } from '../fs/path.ts';
import { isJsPath, parseJs } from '../lang/js/parse.ts';
import { readJson } from '../lang/json.ts';
import { readJsonc } from '../lang/jsonc.ts';

export const PHASES = ['open', 'install', 'dev', 'test'] as const;
export type PhaseName = (typeof PHASES)[number];
export const DEFAULT_PHASES: readonly PhaseName[] = ['open', 'install', 'dev'];

export interface Step {
  label: string;
  /** A shell command line, run with /bin/sh -c in the repository copy. */
  command: string;
  /** Where the command comes from in the repository. */
  source?: Location;
  env?: Record<string, string>;
}

export interface PhasePlan {
  name: PhaseName;
  steps: Step[];
  /** The step starts a server: wait for a listening port, request `requests`, then stop. */
  server?: boolean;
  requests?: string[];
  env?: Record<string, string>;
  /** Files added to the repository copy before the phase runs (a probe test, so that setup files run). */
  files?: { path: string; content: string }[];
  /** Why nothing runs in this phase. */
  skipped?: string;
}

const LIFECYCLE = ['preinstall', 'install', 'postinstall', 'preprepare', 'prepare', 'postprepare'];
const ENV_FILES = ['.env', '.env.local', '.env.development', '.env.development.local'];
const NPM_DEFAULT_TEST = 'echo "Error: no test specified" && exit 1';

interface PackageInfo {
  scripts: Record<string, { command: string; line?: number }>;
  /** Names and specs of dependencies, devDependencies and optionalDependencies. */
  dependencies: Record<string, string>;
  error?: string;
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** The root package.json's scripts with their lines; undefined when there is no package.json. */
export function readPackage(root: string): PackageInfo | undefined {
  const file = absFromRel(root, 'package.json');
  let text: string;
  try {
    if (!lstatSync(file).isFile()) return { scripts: {}, dependencies: {}, error: 'package.json is not a regular file' };
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const strict = readJson(text);
  if (!strict.ok)
    return {
      scripts: {},
      dependencies: {},
      error: strict.error.kind === 'syntax' ? 'package.json is not valid JSON' : `package.json not read: ${strict.error.message}`,
    };
  const doc = readJsonc(text);
  if (doc.root?.type !== 'object') return { scripts: {}, dependencies: {}, error: 'package.json is not a JSON object' };
  const scriptsNode = doc.nodeAt(['scripts']);
  const scripts: PackageInfo['scripts'] = {};
  for (const prop of scriptsNode?.type === 'object' ? (scriptsNode.children ?? []) : []) {
    const [k, v] = prop.children ?? [];
    if (k?.type === 'string' && v?.type === 'string' && typeof k.value === 'string' && typeof v.value === 'string') {
      scripts[k.value] = { command: v.value, line: lineAt(text, k.offset) };
    }
  }
  const dependencies: Record<string, string> = {};
  for (const field of ['dependencies', 'devDependencies', 'optionalDependencies']) {
    const node = doc.nodeAt([field]);
    for (const prop of node?.type === 'object' ? (node.children ?? []) : []) {
      const [k, v] = prop.children ?? [];
      if (typeof k?.value === 'string' && typeof v?.value === 'string') dependencies[k.value] = v.value;
    }
  }
  return { scripts, dependencies };
}

/** Parses a dotenv file the way the dotenv package does (KEY=VALUE, quotes, export, comments). */
export function parseDotenv(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  for (let i = 0; i < lines.length; i++) {
    let line = (lines[i] ?? '').trim();
    if (line === '' || line.startsWith('#')) continue;
    if (line.startsWith('export ')) line = line.slice(7).trimStart();
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    const key = line.slice(0, eq).trim();
    if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(key)) continue;
    let value = line.slice(eq + 1).trim();
    const q = value[0];
    if (q === '"' || q === "'" || q === '`') {
      let body = value.slice(1);
      while (!body.includes(q) && i + 1 < lines.length) body += '\n' + (lines[++i] ?? '');
      const end = body.indexOf(q);
      value = end >= 0 ? body.slice(0, end) : body;
      if (q === '"') value = value.replace(/\\n/g, '\n').replace(/\\r/g, '\r');
    } else {
      const hash = value.indexOf(' #');
      if (hash >= 0) value = value.slice(0, hash).trim();
    }
    out[key] = value;
  }
  return out;
}

export function loadEnvFiles(root: string): { env: Record<string, string>; files: string[] } {
  const env: Record<string, string> = {};
  const files: string[] = [];
  for (const name of ENV_FILES) {
    const file = absFromRel(root, name);
    try {
      if (!lstatSync(file).isFile()) continue;
      Object.assign(env, parseDotenv(readFileSync(file, 'utf8').slice(0, 1024 * 1024)));
      files.push(name);
    } catch {
      continue;
    }
  }
  return { env, files };
}

const SKIP_DIRS = new Set(['node_modules', '.git', '.next', 'dist', 'build', 'out', 'coverage', '.turbo', '.vercel']);
const MAX_ROUTE_FILES = 4000;
const MAX_ROUTE_FILE_BYTES = 512 * 1024;
const MAX_ROUTES = 40;

/** The project's regular files (never a symlink, never installed packages), as the framework models read them. */
function projectView(root: string): ProjectView {
  const files: string[] = [];
  const walk = (rel: string, depth: number): void => {
    if (depth > 12 || files.length >= MAX_ROUTE_FILES) return;
    let entries;
    try {
      entries = readdirSync(rel === '' ? root : absFromRel(root, rel), { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = rel === '' ? e.name : `${rel}/${e.name}`;
      if (e.isDirectory() && !SKIP_DIRS.has(e.name)) walk(p, depth + 1);
      else if (e.isFile()) files.push(p);
    }
  };
  walk('', 0);
  const known = new Set(files);
  const texts = new Map<string, string | undefined>();
  return {
    files,
    isFile: path => known.has(path),
    text: path => {
      if (!known.has(path)) return undefined;
      if (!texts.has(path)) texts.set(path, readSmallText(root, path));
      return texts.get(path);
    },
  };
}

function readSmallText(root: string, file: string): string | undefined {
  try {
    const abs = absFromRel(root, file);
    if (lstatSync(abs).size > MAX_ROUTE_FILE_BYTES) return undefined;
    return readFileSync(abs, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * `/` plus the paths a browser would request to run the app's server code: the routes of the
 * framework models (the same ones the static execution map shows as `page-load`), then Express
 * literal GET routes.
 */
export function discoverRoutes(root: string): string[] {
  const view = projectView(root);
  const routes = new Set<string>(requestPaths(serverEntries(view), MAX_ROUTES));
  for (const file of view.files) {
    if (!isJsPath(file)) continue;
    for (const r of expressRoutes(root, file)) routes.add(r);
  }
  return [...routes].slice(0, MAX_ROUTES);
}

function expressRoutes(root: string, file: string): string[] {
  const text = readSmallText(root, file);
  if (text === undefined) return [];
  if (!/\.(get|all)\s*\(/.test(text)) return [];
  const found: string[] = [];
  let program: unknown;
  try {
    program = parseJs(file, text).result.program;
  } catch {
    return [];
  }
  const visit = (node: unknown, depth: number): void => {
    if (depth > 400 || node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      for (const n of node) visit(n, depth + 1);
      return;
    }
    const n = node as Record<string, unknown>;
    if (n['type'] === 'CallExpression') {
      const callee = n['callee'] as Record<string, unknown> | undefined;
      const prop = callee?.['property'] as Record<string, unknown> | undefined;
      const args = n['arguments'] as Record<string, unknown>[] | undefined;
      const first = args?.[0];
      if (
        callee?.['type'] === 'MemberExpression' &&
        (prop?.['name'] === 'get' || prop?.['name'] === 'all') &&
        first?.['type'] === 'Literal' &&
        typeof first['value'] === 'string' &&
        (args?.length ?? 0) >= 2
      ) {
        const path = first['value'];
        if (path.startsWith('/') && path.length < 200 && !path.includes('*')) found.push(path.replace(/:[A-Za-z_]\w*\??/g, '1'));
      }
    }
    for (const [k, v] of Object.entries(n)) if (k !== 'type' && v !== null && typeof v === 'object') visit(v, depth + 1);
  };
  visit(program, 0);
  return found;
}

/** The file Airlock adds when a test runner would find no test: jest and vitest run setup files only for a test file. */
export const PROBE_TEST = {
  path: 'airlock-probe.test.js',
  content:
    "// Added by airlock detonate so that the test runner's setup files run.\nif (typeof test === 'function') test('airlock probe', () => {});\n",
};
const TEST_FILE = /(^|\/)__tests__\/|\.(test|spec)\.[cm]?[jt]sx?$/;
const RUNNERS_NEEDING_A_TEST = /\b(jest|vitest)\b/;

/** Whether the test script runs jest or vitest and the repository has no file they would take as a test. */
export function needsProbeTest(root: string, testScript: string): boolean {
  if (!RUNNERS_NEEDING_A_TEST.test(testScript)) return false;
  return !projectView(root).files.some(f => isJsPath(f) && TEST_FILE.test(f));
}

/** A VS Code task's variant for another OS (the execution map lists them; only the Linux one runs here). */
function otherOsVariant(s: Surface): boolean {
  return s.kind === 'vscode-task' && / \((macOS|Windows)\)$/.test(s.name ?? '');
}

export interface PlanInput {
  root: string;
  phases: readonly PhaseName[];
  /** Surfaces of the static execution map (the `open` phase uses those with trigger `open`). */
  surfaces: readonly Surface[];
  /** Explicit steps per phase, used instead of the derived ones. */
  commands?: Partial<Record<PhaseName, Step[]>>;
}

export function planPhases(input: PlanInput): PhasePlan[] {
  const pkg = readPackage(input.root);
  const plans: PhasePlan[] = [];
  const scriptSource = (name: string): Location => {
    const line = pkg?.scripts[name]?.line;
    return line === undefined ? { file: 'package.json' } : { file: 'package.json', line };
  };
  for (const name of input.phases) {
    const explicit = input.commands?.[name];
    const plan: PhasePlan = { name, steps: explicit ?? [] };
    if (name === 'dev') {
      plan.server = true;
      const env = loadEnvFiles(input.root);
      plan.env = env.env;
      plan.requests = discoverRoutes(input.root);
    }
    if (!explicit) {
      switch (name) {
        case 'open':
          for (const s of input.surfaces.filter(sf => sf.trigger === 'open' && !otherOsVariant(sf))) {
            const command = s.command ?? (s.entry !== undefined && isJsPath(s.entry) ? `node ${shellQuote(s.entry)}` : undefined);
            if (command) plan.steps.push({ label: s.name ?? s.kind, command, source: s.location });
          }
          if (plan.steps.length === 0) plan.skipped = 'the execution map lists nothing that runs when the folder is opened';
          break;
        case 'install':
          if (!pkg) plan.skipped = 'no package.json';
          else if (pkg.error) plan.skipped = pkg.error;
          else {
            if (existsSync(absFromRel(input.root, 'node_modules'))) {
              plan.steps.push({
                label: 'dependency install scripts',
                command: 'npm rebuild --foreground-scripts',
                source: { file: 'package.json' },
              });
            }
            for (const s of LIFECYCLE) if (pkg.scripts[s]) plan.steps.push({ label: s, command: `npm run ${s}`, source: scriptSource(s) });
            if (plan.steps.length === 0) plan.skipped = 'no install scripts and no dependencies';
          }
          break;
        case 'dev': {
          const script = pkg?.scripts['dev'] ? 'dev' : pkg?.scripts['start'] ? 'start' : undefined;
          if (!pkg) plan.skipped = 'no package.json';
          else if (pkg.error) plan.skipped = pkg.error;
          else if (!script) plan.skipped = 'no dev or start script';
          else plan.steps.push({ label: script, command: `npm run ${script}`, source: scriptSource(script) });
          break;
        }
        case 'test':
          if (!pkg) plan.skipped = 'no package.json';
          else if (pkg.error) plan.skipped = pkg.error;
          else if (!pkg.scripts['test'] || pkg.scripts['test'].command === NPM_DEFAULT_TEST) plan.skipped = 'no test script';
          else {
            plan.steps.push({ label: 'test', command: 'npm test', source: scriptSource('test') });
            if (needsProbeTest(input.root, pkg.scripts['test'].command)) plan.files = [PROBE_TEST];
          }
          break;
      }
    }
    plans.push(plan);
  }
  return plans;
}

export function shellQuote(s: string): string {
  return /^[\w./@%+=:,-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
