/**
 * Read-only access to a repository's history through its quarantine git dir: refs, commits
 * (parsed from the raw objects), changed paths, trees and blobs. Everything streams and is capped.
 */
import { DEFAULT_STALL_MS, spawnGit, killTree, runGit, splitNul, GitError } from './git.ts';
import { openQuarantine, removeDir } from './quarantine.ts';
import type { QuarantineInfo } from './quarantine.ts';
import type { GitStoreCheck } from './store.ts';

export interface Identity {
  name: string;
  email: string;
  /** Seconds since the epoch. */
  time: number;
  /** "+0200" style offset as written in the commit. */
  tz: string;
}

export interface Commit {
  sha: string;
  tree: string;
  parents: string[];
  author: Identity;
  committer: Identity;
  subject: string;
}

export interface Ref {
  name: string;
  sha: string;
  type: string;
  /** For annotated tags: the object the tag points at. */
  peeled?: string;
}

export interface TreeEntry {
  mode: string;
  type: 'blob' | 'tree' | 'commit';
  sha: string;
  size: number | undefined;
  path: string;
}

export interface ChangedPath {
  status: string;
  path: string;
}

/** Objects larger than this are not read (their size is still known). */
const MAX_COMMIT_BYTES = 1024 * 1024;
const HEX = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;
/** `<commit>:<path>` object names (a path without whitespace or NULs, which the batch output could not frame). */
const AT_PATH = /^[0-9a-f]{40}(?:[0-9a-f]{24})?:[^\s\0]+$/;

export function parseIdentity(line: string): Identity {
  const m = /^(.*?) ?<([^>]*)> (-?\d+) ([+-]\d{4})$/.exec(line);
  if (!m) return { name: line.slice(0, 200), email: '', time: 0, tz: '+0000' };
  return { name: (m[1] ?? '').slice(0, 200), email: (m[2] ?? '').slice(0, 200).toLowerCase(), time: Number(m[3]), tz: m[4] ?? '+0000' };
}

export function parseCommit(sha: string, raw: Buffer): Commit {
  const text = raw.toString('utf8');
  const split = text.indexOf('\n\n');
  const header = split < 0 ? text : text.slice(0, split);
  const message = split < 0 ? '' : text.slice(split + 2);
  let tree = '';
  const parents: string[] = [];
  let author: Identity = { name: '', email: '', time: 0, tz: '+0000' };
  let committer: Identity = author;
  for (const line of header.split('\n')) {
    if (line.startsWith(' ')) continue;
    const sp = line.indexOf(' ');
    const key = sp < 0 ? line : line.slice(0, sp);
    const value = sp < 0 ? '' : line.slice(sp + 1);
    if (key === 'tree') tree = value;
    else if (key === 'parent' && HEX.test(value)) parents.push(value);
    else if (key === 'author') author = parseIdentity(value);
    else if (key === 'committer') committer = parseIdentity(value);
  }
  const subject = (message.split('\n').find(l => l.trim() !== '') ?? '').trim().slice(0, 200);
  return { sha, tree, parents, author, committer, subject };
}

/**
 * Streams `git cat-file --batch`: each object id in, its type and content out. Contents larger
 * than `maxBytes` are skipped without being buffered (`data` is undefined then).
 */
export function catFileBatch(
  gitDir: string,
  ids: readonly string[],
  maxBytes: number,
  onObject: (id: string, type: string, size: number, data: Buffer | undefined) => void,
  timeoutMs = 120_000,
  stallMs = DEFAULT_STALL_MS,
): Promise<void> {
  return new Promise((resolve, reject) => {
    if (ids.length === 0) {
      resolve();
      return;
    }
    const child = spawnGit(['cat-file', '--batch'], { gitDir });
    let pending: Buffer = Buffer.alloc(0);
    let want: { id: string; type: string; size: number; keep: boolean; got: Buffer[]; gotBytes: number } | undefined;
    let failed: Error | undefined;
    let stderr = '';
    const timer = setTimeout(() => {
      failed = new GitError(`git cat-file took longer than ${Math.round(timeoutMs / 1000)} s and was stopped`, null, '');
      killTree(child);
    }, timeoutMs);
    const onStall = (): void => {
      failed = new GitError(`git cat-file wrote nothing for ${Math.round(stallMs / 1000)} s and was stopped`, null, '');
      killTree(child);
    };
    let stall = setTimeout(onStall, stallMs);
    const consume = (): void => {
      for (;;) {
        if (want) {
          const need = want.size + 1 - want.gotBytes;
          const take = Math.min(need, pending.length);
          if (take === 0) return;
          if (want.keep) want.got.push(pending.subarray(0, take));
          want.gotBytes += take;
          pending = pending.subarray(take);
          if (want.gotBytes < want.size + 1) return;
          const data = want.keep ? Buffer.concat(want.got).subarray(0, want.size) : undefined;
          const done = want;
          want = undefined;
          onObject(done.id, done.type, done.size, data);
          continue;
        }
        const nl = pending.indexOf(0x0a);
        if (nl < 0) return;
        const line = pending.toString('utf8', 0, nl);
        pending = pending.subarray(nl + 1);
        const parts = line.split(' ');
        if (parts[1] === 'missing' || parts[1] === 'ambiguous' || parts.length < 3) {
          onObject(parts[0] ?? '', 'missing', 0, undefined);
          continue;
        }
        const size = Number(parts[2]);
        want = { id: parts[0] ?? '', type: parts[1] ?? '', size, keep: size <= maxBytes, got: [], gotBytes: 0 };
      }
    };
    child.stdout?.on('data', (d: Buffer) => {
      clearTimeout(stall);
      stall = setTimeout(onStall, stallMs);
      pending = pending.length === 0 ? d : Buffer.concat([pending, d]);
      try {
        consume();
      } catch (err) {
        failed = err instanceof Error ? err : new Error(String(err));
        killTree(child);
      }
    });
    child.stderr?.on('data', (d: Buffer) => {
      if (stderr.length < 4096) stderr += d.toString('utf8');
    });
    child.stdin?.on('error', () => undefined);
    child.on('error', err => {
      clearTimeout(timer);
      clearTimeout(stall);
      reject(err);
    });
    child.on('close', code => {
      clearTimeout(timer);
      clearTimeout(stall);
      if (failed) reject(failed);
      else if (code !== 0) reject(new GitError(`git cat-file failed: ${stderr.trim().split('\n')[0] ?? String(code)}`, code, stderr));
      else resolve();
    });
    child.stdin?.end(ids.filter(id => HEX.test(id) || AT_PATH.test(id)).join('\n') + '\n');
  });
}

export class Repository {
  readonly info: QuarantineInfo;

  constructor(info: QuarantineInfo) {
    this.info = info;
  }

  get gitDir(): string {
    return this.info.gitDir;
  }

  dispose(): void {
    removeDir(this.info.gitDir);
  }

  /** The commit HEAD points at, or undefined for an unborn or unreadable HEAD. */
  async head(): Promise<string | undefined> {
    const r = await runGit(['rev-parse', '--verify', '--quiet', '--end-of-options', 'HEAD^{commit}'], {
      gitDir: this.gitDir,
      okCodes: [1, 128],
    });
    const sha = r.stdout.toString('utf8').trim();
    return HEX.test(sha) ? sha : undefined;
  }

  async refs(): Promise<Ref[]> {
    const r = await runGit(['for-each-ref', '--format=%(objectname)%00%(objecttype)%00%(refname)%00%(*objectname)%00'], {
      gitDir: this.gitDir,
      okCodes: [128],
    });
    const parts = splitNul(r.stdout).map(p => p.replace(/^\n/, ''));
    const out: Ref[] = [];
    for (let i = 0; i + 3 < parts.length; i += 4) {
      const sha = parts[i] ?? '';
      const peeled = parts[i + 3] ?? '';
      if (HEX.test(sha)) out.push({ sha, type: parts[i + 1] ?? '', name: parts[i + 2] ?? '', ...(HEX.test(peeled) ? { peeled } : {}) });
    }
    return out;
  }

  /** Commit ids reachable from `tips`, newest first (topological), at most `max`. */
  async revList(tips: readonly string[], max: number, extra: readonly string[] = []): Promise<string[]> {
    const ids = tips.filter(t => HEX.test(t));
    if (ids.length === 0) return [];
    const r = await runGit(['rev-list', '--topo-order', `--max-count=${max}`, ...extra, '--end-of-options', ...ids], {
      gitDir: this.gitDir,
      timeoutMs: 120_000,
      stallMs: 120_000, // the order is known only once every commit is read: nothing comes out before
    });
    return r.stdout
      .toString('utf8')
      .split('\n')
      .filter(l => HEX.test(l));
  }

  async countCommits(tip: string): Promise<number> {
    if (!HEX.test(tip)) return 0;
    const r = await runGit(['rev-list', '--count', '--end-of-options', tip], {
      gitDir: this.gitDir,
      timeoutMs: 120_000,
      stallMs: 120_000, // one number at the end
    });
    return Number(r.stdout.toString('utf8').trim()) || 0;
  }

  async commits(ids: readonly string[]): Promise<Commit[]> {
    const out: Commit[] = [];
    await catFileBatch(this.gitDir, ids, MAX_COMMIT_BYTES, (id, type, _size, data) => {
      if (type === 'commit' && data) out.push(parseCommit(id, data));
    });
    return out;
  }

  /** Paths each commit changed against its first parent (or everything, for a root commit). */
  async changedPaths(ids: readonly string[]): Promise<Map<string, ChangedPath[]>> {
    const map = new Map<string, ChangedPath[]>();
    const list = ids.filter(id => HEX.test(id));
    if (list.length === 0) return map;
    const r = await runGit(['diff-tree', '--stdin', '-r', '-z', '--root', '--no-renames', '--no-ext-diff', '--no-textconv'], {
      gitDir: this.gitDir,
      input: list.join('\n') + '\n',
      timeoutMs: 120_000,
    });
    let current: ChangedPath[] | undefined;
    const parts = splitNul(r.stdout);
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i] ?? '';
      if (p.startsWith(':')) {
        const status = p.split(' ')[4] ?? '';
        const path = parts[i + 1] ?? '';
        i += 1;
        current?.push({ status: status.slice(0, 1), path });
      } else {
        const id = p.trim();
        if (HEX.test(id)) {
          current = [];
          map.set(id, current);
        }
      }
    }
    return map;
  }

  /** Paths that differ between two trees or commits. */
  async diffPaths(from: string, to: string): Promise<ChangedPath[]> {
    if (!HEX.test(from) || !HEX.test(to)) return [];
    const r = await runGit(['diff-tree', '-r', '-z', '--no-renames', '--no-ext-diff', '--no-textconv', '--end-of-options', from, to], {
      gitDir: this.gitDir,
    });
    const parts = splitNul(r.stdout);
    const out: ChangedPath[] = [];
    for (let i = 0; i + 1 < parts.length; i += 2) {
      out.push({ status: (parts[i] ?? '').split(' ')[4]?.slice(0, 1) ?? '', path: parts[i + 1] ?? '' });
    }
    return out;
  }

  async lsTree(treeish: string, maxEntries = 500_000): Promise<{ entries: TreeEntry[]; truncated: boolean }> {
    if (!HEX.test(treeish)) return { entries: [], truncated: false };
    const r = await runGit(['ls-tree', '-r', '-z', '-l', '--full-tree', '--end-of-options', treeish], {
      gitDir: this.gitDir,
      maxOutputBytes: 256 * 1024 * 1024,
    });
    const entries: TreeEntry[] = [];
    for (const rec of splitNul(r.stdout)) {
      if (entries.length >= maxEntries) return { entries, truncated: true };
      const tab = rec.indexOf('\t');
      if (tab < 0) continue;
      const [mode, type, sha, size] = rec.slice(0, tab).split(/ +/);
      if (type !== 'blob' && type !== 'tree' && type !== 'commit') continue;
      entries.push({
        mode: mode ?? '',
        type,
        sha: sha ?? '',
        size: size === undefined || size === '-' ? undefined : Number(size),
        path: rec.slice(tab + 1),
      });
    }
    return { entries, truncated: r.truncated };
  }

  /**
   * The content of `path` in each `commit` (undefined when absent, not a blob, or larger than
   * `maxBytes`), in the order asked.
   */
  async filesAt(wanted: readonly { commit: string; path: string }[], maxBytes: number): Promise<(Buffer | undefined)[]> {
    const names = wanted.map(w => `${w.commit}:${w.path}`);
    const ok = names.filter(n => AT_PATH.test(n));
    const got: (Buffer | undefined)[] = [];
    await catFileBatch(this.gitDir, ok, maxBytes, (_id, type, _size, data) => {
      got.push(type === 'blob' ? data : undefined);
    });
    let i = 0;
    return names.map(n => (AT_PATH.test(n) ? got[i++] : undefined));
  }

  /** Commit ids of every commit object in the store, reachable or not (capped). */
  async allCommitObjects(max: number): Promise<{ ids: string[]; truncated: boolean }> {
    const r = await runGit(['cat-file', '--batch-all-objects', '--batch-check=%(objecttype) %(objectname)'], {
      gitDir: this.gitDir,
      timeoutMs: 120_000,
      stallMs: 120_000, // sorted: nothing comes out before every object is listed
      maxOutputBytes: 512 * 1024 * 1024,
    });
    const ids: string[] = [];
    for (const line of r.stdout.toString('utf8').split('\n')) {
      if (!line.startsWith('commit ')) continue;
      if (ids.length >= max) return { ids, truncated: true };
      ids.push(line.slice(7));
    }
    return { ids, truncated: r.truncated };
  }
}

export type OpenRepository = { repo: Repository } | { reason: string } | undefined;

/** Opens `<root>/.git` through a quarantine git dir; undefined when there is no history. */
export function openRepository(root: string, base?: string, store?: GitStoreCheck): OpenRepository {
  const opened = openQuarantine(root, base, store);
  if (opened === undefined) return undefined;
  if (!opened.ok) return { reason: opened.reason };
  return { repo: new Repository(opened.info) };
}
