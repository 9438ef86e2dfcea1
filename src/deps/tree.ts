/**
 * One resolved dependency tree for the whole repository: every package root's package.json and
 * lockfile, read once per scan (shared by every `deps/*` rule as a fact).
 */
import { defineFact } from '../core/rule.ts';
import type { RuleContext } from '../core/rule.ts';
import { errorMessage } from '../core/errors.ts';
import type { GapKind } from '../core/types.ts';
import { baseName, dirName } from '../fs/path.ts';
import { readJson } from '../lang/json.ts';
import { gapKindOf } from '../lang/read-result.ts';
import { parseBunLock } from './lockfiles/bun.ts';
import { parseNpmLock } from './lockfiles/npm.ts';
import { parsePnpmLock } from './lockfiles/pnpm.ts';
import { LockfileError, isRecord, stringMap } from './lockfiles/types.ts';
import type { LockfileFormat, ParsedLockfile } from './lockfiles/types.ts';
import { parseYarnLock } from './lockfiles/yarn.ts';
import { lineOf, readBig } from './text.ts';

export const LOCKFILE_NAMES: ReadonlySet<string> = new Set([
  'package-lock.json',
  'npm-shrinkwrap.json',
  'yarn.lock',
  'pnpm-lock.yaml',
  'bun.lock',
  // Bun's binary lockfile (before Bun 1.2): recognised so that it is named in errors[], not read.
  'bun.lockb',
]);

/** A lockfile package in the tree; every field present (one object shape, fast at 100k nodes). */
export interface DepNode {
  key: string;
  name: string;
  version: string;
  resolved: string | undefined;
  integrity: string | undefined;
  dev: boolean;
  optional: boolean;
  hasInstallScript: boolean;
  deps: string[];
  local: boolean;
  /** Root-relative path of the lockfile that pins it. */
  lockfile: string;
  /** Root-relative folder of its package root ('' for the repository root). */
  root: string;
  /** The package that first requires it on the way from the root (undefined for direct ones). */
  parent: DepNode | undefined;
  /** Whether the package root's package.json names it. */
  direct: boolean;
  /** Reachable from the root's dependencies (false for orphaned lockfile entries). */
  reachable: boolean;
}

export type DepSection = 'dependencies' | 'devDependencies' | 'optionalDependencies' | 'peerDependencies';

export interface ManifestDep {
  name: string;
  spec: string;
  section: DepSection;
  /** Root-relative path of the package.json. */
  manifest: string;
  line?: number;
}

export interface LockfileInfo {
  file: string;
  format: LockfileFormat;
  version?: string;
  root: string;
  packages: number;
  problems: string[];
  /** The lockfile could not be read; why. */
  unreadable?: string;
  truncated?: boolean;
  badBytes?: boolean;
  parsed?: ParsedLockfile;
  /** The lockfile's text (kept to locate entries for findings). */
  text?: string;
}

export interface Manifest {
  file: string;
  root: string;
  name?: string;
  scripts: Map<string, string>;
  deps: ManifestDep[];
}

export interface DepTree {
  manifests: Manifest[];
  lockfiles: LockfileInfo[];
  packages: DepNode[];
  /** Distinct names of dependencies declared in any package.json. */
  directNames: Set<string>;
  /** Why the tree could not be built (it is then empty); recorded once in the report's errors. */
  failure?: string;
}

const SECTIONS: readonly DepSection[] = ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'];

function formatOf(name: string): LockfileFormat {
  if (name === 'yarn.lock') return 'yarn-classic';
  if (name === 'pnpm-lock.yaml') return 'pnpm';
  if (name === 'bun.lock' || name === 'bun.lockb') return 'bun';
  return 'npm';
}

export function readManifest(file: string, text: string): Manifest | undefined {
  const read = readJson(text);
  if (!read.ok) return undefined;
  const doc = read.value;
  if (!isRecord(doc)) return undefined;
  const m: Manifest = { file, root: dirName(file), scripts: stringMap(doc['scripts']), deps: [] };
  if (typeof doc['name'] === 'string') m.name = doc['name'];
  for (const section of SECTIONS) {
    const sectionAt = text.indexOf(`"${section}"`);
    for (const [name, spec] of stringMap(doc[section])) {
      const d: ManifestDep = { name, spec, section, manifest: file };
      const line = sectionAt < 0 ? undefined : lineOf(text, `"${name}"`, sectionAt);
      if (line !== undefined) d.line = line;
      m.deps.push(d);
    }
  }
  return m;
}

const MAX_CHAIN = 6;

/**
 * The chain of package names from the root to the node, e.g. `["next", "postcss", "nanoid"]`;
 * a long chain keeps its first and last links around a "…".
 */
export function requiredVia(node: DepNode): string[] {
  const chain: string[] = [];
  const seen = new Set<DepNode>();
  for (let n: DepNode | undefined = node; n && !seen.has(n); n = n.parent) {
    seen.add(n);
    chain.push(n.name);
  }
  chain.reverse();
  return chain.length <= MAX_CHAIN ? chain : [...chain.slice(0, 2), '…', ...chain.slice(-(MAX_CHAIN - 3))];
}

export function parseLockfile(name: string, text: string, manifestDeps: ReadonlyMap<string, string>): ParsedLockfile {
  switch (formatOf(name)) {
    case 'yarn-classic':
    case 'yarn-berry':
      return parseYarnLock(text, manifestDeps);
    case 'pnpm':
      return parsePnpmLock(text);
    case 'bun':
      return parseBunLock(text);
    case 'npm':
      return parseNpmLock(text);
  }
}

const depTreeFact = defineFact('deps:tree', (ctx): DepTree => {
  try {
    return buildTree(ctx);
  } catch (err) {
    const failure = `the dependency tree could not be built: ${errorMessage(err)}`;
    ctx.error(failure);
    return { manifests: [], lockfiles: [], packages: [], directNames: new Set<string>(), failure };
  }
});

/** The tree, built once per scan; a failure is built once too, and reported once. */
export function depTree(ctx: RuleContext): DepTree {
  return ctx.facts.get(depTreeFact);
}

function buildTree(ctx: RuleContext): DepTree {
  const manifests: Manifest[] = [];
  const lockEntries = [];
  for (const f of ctx.inventory.files) {
    if (f.inNodeModules || f.type !== 'file') continue;
    const name = baseName(f.path);
    if (name === 'package.json') {
      const text = ctx.text(f.path);
      const m = text === undefined ? undefined : readManifest(f.path, text);
      if (m) manifests.push(m);
      else if (text !== undefined) {
        const read = readJson(text);
        if (!read.ok && read.error.kind !== 'syntax')
          ctx.error(`dependencies not read: ${read.error.message}`, f.path, gapKindOf(read.error));
      }
    } else if (LOCKFILE_NAMES.has(name)) lockEntries.push(f);
  }
  const manifestByRoot = new Map(manifests.map(m => [m.root, m]));
  const lockfiles: LockfileInfo[] = [];
  const packages: DepNode[] = [];
  for (const f of lockEntries) {
    const root = dirName(f.path);
    const name = baseName(f.path);
    const info: LockfileInfo = { file: f.path, format: formatOf(name), root, packages: 0, problems: [] };
    lockfiles.push(info);
    if (name === 'bun.lockb') {
      info.unreadable =
        'the binary bun.lockb format is not read (Bun 1.2 and later write the text bun.lock: `bun install --save-text-lockfile`)';
      notChecked(ctx, info, 'unparseable');
      continue;
    }
    let parsed: ParsedLockfile;
    try {
      const big = readBig(ctx.root, f);
      if (big.truncated) info.truncated = true;
      if (big.badBytes) info.badBytes = true;
      info.text = big.text;
      const manifest = manifestByRoot.get(root);
      const specs = new Map<string, string>();
      for (const d of manifest?.deps ?? []) if (d.section !== 'peerDependencies') specs.set(d.name, d.spec);
      parsed = parseLockfile(name, big.text, specs);
      const linked = linkTree(parsed, f.path, root);
      info.format = parsed.format;
      if (parsed.version !== undefined) info.version = parsed.version;
      info.problems = parsed.problems;
      info.parsed = parsed;
      info.packages = parsed.packages.filter(p => !p.local).length;
      // One by one: a spread of 100k+ packages into push() overflows the stack.
      for (const n of linked) packages.push(n);
      if (big.truncated)
        ctx.error('larger than the lockfile size limit: only its beginning was read, the rest installs unchecked', f.path, 'too-large');
    } catch (err) {
      info.unreadable = err instanceof LockfileError ? err.message : `unreadable: ${errorMessage(err)}`;
      // Cut at the size cap, the reader failed on the cut: the whole file is what install reads.
      const gap = info.truncated === true ? 'too-large' : err instanceof LockfileError ? err.gap : 'unparseable';
      notChecked(ctx, info, gap);
    }
  }
  const directNames = new Set<string>();
  for (const m of manifests) for (const d of m.deps) if (d.section !== 'peerDependencies') directNames.add(d.name);
  return { manifests, lockfiles, packages, directNames };
}

/**
 * A lockfile that a package manager reads but Airlock could not: its packages install unchecked,
 * a gap `scan/incomplete-analysis` reports. A lockfile broken for every reader (bad syntax) is
 * only an error: the package manager refuses it too.
 */
function notChecked(ctx: RuleContext, info: LockfileInfo, gap: GapKind | undefined): void {
  const cut = info.truncated === true ? ' (larger than the lockfile size limit: only its beginning was read)' : '';
  ctx.error(`${info.unreadable ?? 'not read'}${cut}; its dependencies were not checked`, info.file, gap);
}

/** Breadth-first from the direct dependencies, so `parent` gives the shortest requiring chain. */
function linkTree(parsed: ParsedLockfile, lockfile: string, root: string): DepNode[] {
  const nodes = new Map<string, DepNode>();
  for (const p of parsed.packages) {
    nodes.set(p.key, {
      key: p.key,
      name: p.name,
      version: p.version,
      resolved: p.resolved,
      integrity: p.integrity,
      dev: p.dev,
      optional: p.optional,
      hasInstallScript: p.hasInstallScript === true,
      deps: p.deps,
      local: p.local === true,
      lockfile,
      root,
      parent: undefined,
      direct: false,
      reachable: false,
    });
  }
  const queue: DepNode[] = [];
  for (const key of parsed.direct.values()) {
    const n = nodes.get(key);
    if (!n || n.reachable) continue;
    n.direct = true;
    n.reachable = true;
    queue.push(n);
  }
  for (const n of nodes.values()) {
    if (n.local && !n.reachable) {
      n.reachable = true;
      queue.push(n);
    }
  }
  for (let i = 0; i < queue.length; i++) {
    const n = queue[i] as DepNode;
    for (const k of n.deps) {
      const c = nodes.get(k);
      if (!c || c.reachable) continue;
      c.reachable = true;
      if (!n.local) c.parent = n;
      queue.push(c);
    }
  }
  return [...nodes.values()].filter(n => !n.local);
}
