/**
 * One walk of the target: every file with its size and a content sniff. Never follows a symlink
 * (a symlink is recorded with its target and whether that stays inside the root), never reads
 * `.git/` internals (provenance does), and summarises installed `node_modules` unless asked.
 */
import { closeSync, lstatSync, openSync, readSync, readdirSync, readlinkSync, realpathSync, statSync } from 'node:fs';
import type { Dirent } from 'node:fs';
import { JS_EXTENSIONS, absFromRel, childOf, dirName, extName, isAbsolutePath, joinRel, relFromRoot, resolveAbs } from './path.ts';
import { SNIFF_BYTES, sniff } from './sniff.ts';
import type { ContentKind, Sniff, TextEncoding } from './sniff.ts';

export interface FileEntry {
  /** Root-relative POSIX path. */
  path: string;
  size: number;
  type: 'file' | 'symlink' | 'other';
  content: ContentKind;
  magic?: string | undefined;
  encoding?: TextEncoding | undefined;
  /** For symlinks: the raw link text, and whether it resolves inside the root. */
  linkTarget?: string;
  linkInside?: boolean;
  /**
   * For a symlink that resolves to nothing (dangling) and whose relative text stays inside the
   * root (`.env -> ../../.env` where that file is not committed): it points at nothing to read.
   */
  linkDanglingInside?: true;
  /** Inside a node_modules folder. */
  inNodeModules: boolean;
}

export interface NodeModulesSummary {
  /** Root-relative path of the node_modules folder. */
  path: string;
  /** Whether git tracks files in it (committed) or it was installed locally. */
  tracked: boolean;
  /** Whether its files were inventoried in full (committed, or --include-node-modules). */
  scanned: boolean;
  packages: number;
}

export interface SkippedEntry {
  path: string;
  reason: 'unreadable' | 'limit' | 'depth';
  detail: string;
}

export interface Inventory {
  root: string;
  files: FileEntry[];
  byPath: Map<string, FileEntry>;
  /** Directories seen (root-relative), for rules that look for folders such as `.vscode`. */
  dirs: Set<string>;
  nodeModules: NodeModulesSummary[];
  skipped: SkippedEntry[];
  totalBytes: number;
  /** Root-relative path of a `.git` directory or file found at the root, if any. */
  gitDir?: string;
  /** Paths tracked by git, from the index, when a `.git` directory exists. */
  tracked?: Set<string>;
}

export type NodeModulesMode = 'auto' | 'include' | 'skip';

export interface WalkOptions {
  nodeModules?: NodeModulesMode;
  maxFiles?: number;
  maxDepth?: number;
  /** Paths tracked by git (to tell committed node_modules from installed ones). */
  tracked?: Set<string>;
  /**
   * Leave the size and content sniff of files inside a scanned node_modules to the pass that
   * reads them in full (`PendingSniffEntry.settle`); a value asked for earlier is found on the spot.
   */
  deferNodeModulesSniff?: boolean;
  /** Called with each file left for later, as the walk finds it (to start reading it). */
  onDeferred?: (entry: PendingSniffEntry) => void;
}

const DEFAULT_MAX_FILES = 500_000;
const DEFAULT_MAX_DEPTH = 64;

/** Executable formats: a file with one of these magics is a program whatever its name. */
const EXECUTABLE_MAGIC = new Set(['elf', 'pe', 'macho', 'macho-fat']);

/** Source that an interpreter reads as text whatever its bytes: JavaScript, shell, Python. */
const INTERPRETED = new Set([...JS_EXTENSIONS, '.sh', '.bash', '.zsh', '.ksh', '.command', '.py', '.pyw']);

/**
 * Node reads a file named as JavaScript as UTF-8 source whatever its bytes: control characters and
 * NULs in a comment or string, or a GIF header that parses as an identifier, do not stop it
 * running; a shell runs a script line by line up to the binary bytes after it. Such a file is text
 * to the analysis too (its parser decides what it makes of the bytes), or padding it with binary
 * bytes would hide the code in front of them.
 */
function asInterpreterReadsIt(rel: string, s: Sniff): Sniff {
  if (s.content !== 'binary' || !INTERPRETED.has(extName(rel))) return s;
  if (s.magic !== undefined && EXECUTABLE_MAGIC.has(s.magic)) return s;
  return s.magic !== undefined ? { content: 'text', magic: s.magic, encoding: 'utf8' } : { content: 'text', encoding: 'utf8' };
}

function sniffFile(abs: string, size: number, rel: string): Sniff {
  if (size === 0) return { content: 'empty' };
  const fd = openSync(abs, 'r');
  try {
    const head = Buffer.allocUnsafe(Math.min(SNIFF_BYTES, size));
    const n = readSync(fd, head, 0, head.length, 0);
    return asInterpreterReadsIt(rel, sniff(head.subarray(0, n)));
  } finally {
    closeSync(fd);
  }
}

/**
 * A file inside a scanned node_modules whose size and content sniff wait for the installed-files
 * pass, which reads every byte of it anyway (in worker threads) and settles them. Whoever asks for
 * `size`, `content`, `magic` or `encoding` before that gets the file looked at there and then, so
 * the values are always the ones an eager walk would have recorded.
 */
export class PendingSniffEntry implements FileEntry {
  readonly type = 'file';
  readonly inNodeModules = true;
  #sniff: Sniff | undefined;
  #size: number | undefined;

  constructor(
    readonly path: string,
    /** Absolute path, as the walk found it. */
    readonly abs: string,
  ) {}

  get size(): number {
    if (this.#size === undefined) {
      try {
        this.#size = lstatSync(this.abs).size;
      } catch {
        // The installed-files pass reads the file again and reports why it is unreadable.
        this.#size = 0;
      }
    }
    return this.#size;
  }

  /** True once the size is known. */
  get sized(): boolean {
    return this.#size !== undefined;
  }

  /** True once the content is known. */
  get sniffed(): boolean {
    return this.#sniff !== undefined;
  }

  get content(): ContentKind {
    return this.resolve().content;
  }

  get magic(): string | undefined {
    return this.resolve().magic;
  }

  get encoding(): TextEncoding | undefined {
    return this.resolve().encoding;
  }

  /** Record the sniff of the file's first bytes, and its size, found by someone reading it. */
  settle(sniffed: Sniff, size?: number): void {
    this.#sniff ??= asInterpreterReadsIt(this.path, sniffed);
    if (size !== undefined) this.#size ??= size;
  }

  private resolve(): Sniff {
    if (this.#sniff === undefined) {
      try {
        this.#sniff = sniffFile(this.abs, this.size, this.path);
      } catch {
        // The installed-files pass reads the file again and reports why it is unreadable.
        this.#sniff = { content: 'binary' };
      }
    }
    return this.#sniff;
  }
}

/**
 * A link whose target does not exist (dangling or looping) and whose relative text resolves inside
 * the root through no other link: it points at nothing in the repository, so nothing is unread.
 */
function danglingInside(root: string, rel: string, linkTarget: string, abs: string): boolean {
  if (linkTarget === '' || isAbsolutePath(linkTarget) || linkTarget.includes('\\')) return false;
  const target = joinRel(dirName(rel), linkTarget);
  if (target === undefined || target === '') return false;
  try {
    if (statSync(abs, { throwIfNoEntry: false }) !== undefined) return false;
  } catch {
    // ELOOP and the like: the link resolves to nothing readable.
  }
  let prefix = '';
  for (const part of target.split('/')) {
    prefix = prefix === '' ? part : `${prefix}/${part}`;
    let st;
    try {
      st = lstatSync(absFromRel(root, prefix), { throwIfNoEntry: false });
    } catch {
      return false;
    }
    if (st === undefined) return true;
    if (st.isSymbolicLink()) return false;
  }
  return true;
}

function trackedUnder(tracked: Set<string> | undefined, dir: string): boolean {
  if (!tracked) return false;
  const prefix = dir + '/';
  for (const p of tracked) if (p.startsWith(prefix)) return true;
  return false;
}

/** One walk, all at once. */
export function walk(rootInput: string, options: WalkOptions = {}): Inventory {
  const steps = walkSteps(rootInput, options);
  for (;;) {
    const step = steps.next();
    if (step.done === true) return step.value;
  }
}

/**
 * One walk that lets the event loop run every `sliceMs` of work, so that messages from worker
 * threads (the installed-files pass reading the files already found) are handled while it goes on.
 */
export async function walkAsync(rootInput: string, options: WalkOptions = {}, sliceMs = 10): Promise<Inventory> {
  const steps = walkSteps(rootInput, options);
  let since = performance.now();
  for (;;) {
    const step = steps.next();
    if (step.done === true) return step.value;
    if (performance.now() - since < sliceMs) continue;
    await new Promise(resolve => setImmediate(resolve));
    since = performance.now();
  }
}

/** The walk, pausing (yielding) after each folder. */
function* walkSteps(rootInput: string, options: WalkOptions): Generator<void, Inventory> {
  const root = resolveAbs(rootInput);
  const realRoot = realpathSync.native(root);
  const maxFiles = options.maxFiles ?? DEFAULT_MAX_FILES;
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  const mode = options.nodeModules ?? 'auto';
  const inv: Inventory = {
    root,
    files: [],
    byPath: new Map(),
    dirs: new Set(['']),
    nodeModules: [],
    skipped: [],
    // Summed when asked (the report): the sizes of a scanned node_modules come from its reader.
    get totalBytes(): number {
      let total = 0;
      for (const f of this.files) total += f.size;
      return total;
    },
  };
  if (options.tracked) inv.tracked = options.tracked;

  const addFile = (entry: FileEntry): void => {
    inv.files.push(entry);
    inv.byPath.set(entry.path, entry);
  };

  // Stack of [relative dir, depth, inside node_modules, summarise-only].
  const stack: [string, number, boolean, boolean][] = [['', 0, false, false]];
  let limitHit = false;
  while (stack.length > 0) {
    const [relDir, depth, inNm, summarise] = stack.pop() as [string, number, boolean, boolean];
    const absDir = relDir === '' ? root : absFromRel(root, relDir);
    let entries: Dirent[];
    try {
      entries = readdirSync(absDir, { withFileTypes: true });
    } catch (err) {
      inv.skipped.push({ path: relDir || '.', reason: 'unreadable', detail: (err as Error).message });
      continue;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const d of entries) {
      const rel = relDir === '' ? d.name : `${relDir}/${d.name}`;
      if (relDir === '' && d.name === '.git') {
        inv.gitDir = '.git';
        continue;
      }
      if (inv.files.length >= maxFiles) {
        if (!limitHit) inv.skipped.push({ path: rel, reason: 'limit', detail: `stopped after ${maxFiles} files` });
        limitHit = true;
        break;
      }
      const abs = childOf(absDir, d.name);
      if (inNm && !summarise && options.deferNodeModulesSniff === true && d.isFile()) {
        // Neither stat nor sniff: the installed-files pass opens the file anyway.
        const pending = new PendingSniffEntry(rel, abs);
        addFile(pending);
        options.onDeferred?.(pending);
        continue;
      }
      if (d.isDirectory()) {
        if (depth + 1 > maxDepth) {
          inv.skipped.push({ path: rel, reason: 'depth', detail: `deeper than ${maxDepth} folders` });
          continue;
        }
        inv.dirs.add(rel);
        if (d.name === 'node_modules' && !inNm) {
          const tracked = trackedUnder(inv.tracked, rel);
          const scanned = mode === 'include' || (mode === 'auto' && tracked);
          const summary: NodeModulesSummary = { path: rel, tracked, scanned, packages: 0 };
          inv.nodeModules.push(summary);
          if (mode === 'skip' && !tracked) continue;
          stack.push([rel, depth + 1, true, !scanned]);
          continue;
        }
        if (summarise) {
          // In a summarised node_modules only package folders and their manifests are recorded.
          const parts = rel.split('/');
          const nmIdx = parts.lastIndexOf('node_modules');
          const below = parts.length - nmIdx - 1;
          const scoped = parts[nmIdx + 1]?.startsWith('@') ?? false;
          const isPackageDir = below === (scoped ? 2 : 1);
          if (d.name === 'node_modules' || below < (scoped ? 2 : 1) || isPackageDir) {
            stack.push([rel, depth + 1, true, true]);
          }
          continue;
        }
        stack.push([rel, depth + 1, inNm || d.name === 'node_modules', false]);
        continue;
      }
      let st;
      try {
        st = lstatSync(abs);
      } catch (err) {
        inv.skipped.push({ path: rel, reason: 'unreadable', detail: (err as Error).message });
        continue;
      }
      if (st.isSymbolicLink()) {
        let linkTarget = '';
        let linkInside = false;
        try {
          linkTarget = readlinkSync(abs);
          const real = realpathSync.native(abs);
          linkInside = relFromRoot(realRoot, real) !== undefined;
        } catch {
          // A dangling or looping link stays recorded as pointing nowhere inside.
        }
        const entry: FileEntry = { path: rel, size: 0, type: 'symlink', content: 'empty', linkTarget, linkInside, inNodeModules: inNm };
        if (!linkInside && danglingInside(root, rel, linkTarget, abs)) entry.linkDanglingInside = true;
        addFile(entry);
        continue;
      }
      if (!st.isFile()) {
        addFile({ path: rel, size: 0, type: 'other', content: 'empty', inNodeModules: inNm });
        continue;
      }
      if (summarise) {
        if (d.name !== 'package.json') continue;
        const nm = inv.nodeModules.find(n => rel.startsWith(n.path + '/'));
        if (nm) nm.packages += 1;
      }
      let s: Sniff;
      try {
        s = sniffFile(abs, st.size, rel);
      } catch (err) {
        inv.skipped.push({ path: rel, reason: 'unreadable', detail: (err as Error).message });
        continue;
      }
      const entry: FileEntry = { path: rel, size: st.size, type: 'file', content: s.content, inNodeModules: inNm };
      if (s.magic) entry.magic = s.magic;
      if (s.encoding) entry.encoding = s.encoding;
      addFile(entry);
    }
    yield;
  }
  // Package counts for node_modules that were read in full.
  for (const nm of inv.nodeModules) {
    if (nm.packages > 0) continue;
    const prefix = nm.path + '/';
    for (const f of inv.files) {
      if (!f.path.startsWith(prefix) || !f.path.endsWith('/package.json')) continue;
      const rest = f.path.slice(prefix.length).split('/');
      if (rest.length === 2 || (rest.length === 3 && rest[0]?.startsWith('@'))) nm.packages += 1;
    }
  }
  inv.files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return inv;
}
