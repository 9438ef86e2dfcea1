/**
 * Git URL targets. The URL is checked before git sees it (no option injection, no `ext::`/`fd::`
 * or other remote-helper transports, no local paths or file:// unless explicitly allowed,
 * credentials redacted in every message). The clone is bare, shallow by default, has no hooks
 * template, no tags unless asked, and is fetched under a time and size limit into a quarantine
 * folder under the platform temp dir. The working files are then written from the tree objects
 * by Airlock itself (no `git checkout`: no attributes, filters, LFS smudge, hooks or submodules).
 */
import { readdirSync, lstatSync, mkdirSync } from 'node:fs';
import { EnvironmentError, InputError } from '../core/errors.ts';
import { formatBytes } from '../fs/extract.ts';
import { joinAbs } from '../fs/path.ts';
import { GitError, killTree, runGit, spawnGit } from '../history/git.ts';
import { materializeTree } from '../history/materialize.ts';
import { makeQuarantineDir, releaseQuarantine, removeDir } from '../history/quarantine.ts';
import { openRepository } from '../history/repo.ts';

export interface GitUrl {
  /** What git is given. */
  url: string;
  /** The URL with any credentials replaced by `***`. */
  display: string;
  /** A folder name for the copy. */
  name: string;
  /** Credentials present in the URL (redacted in messages). */
  secret?: string;
}

const ALLOWED_SCHEMES = new Set(['https', 'http', 'ssh', 'git', 'git+ssh', 'ssh+git']);

/** True when the target is meant as a remote repository rather than a local path. */
export function looksLikeGitUrl(spec: string): boolean {
  return (
    /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(spec) ||
    /^[A-Za-z][A-Za-z0-9+.-]*::/.test(spec) ||
    /^[^\s/:@]+@[^\s/:]+:/.test(spec) ||
    spec.startsWith('-')
  );
}

function refuse(message: string): InputError {
  return new InputError('TARGET_REFUSED', `refused git URL: ${message}`);
}

function repoName(path: string): string {
  const last = path.replace(/\/+$/, '').split('/').pop() ?? '';
  const name = last
    .replace(/\.git$/i, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[.-]+/, '')
    .slice(0, 60);
  return name || 'repository';
}

function hasSpaceOrControl(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c <= 0x20 || c === 0x7f || (c >= 0x80 && c <= 0x9f) || c === 0xa0 || c === 0x2028 || c === 0x2029) return true;
  }
  return false;
}

export function checkGitUrl(spec: string, options: { allowFileUrls?: boolean } = {}): GitUrl {
  if (spec.startsWith('-')) return reject('it starts with "-", which git would read as an option');
  if (hasSpaceOrControl(spec)) return reject('it contains spaces or control characters');
  if (/^[A-Za-z][A-Za-z0-9+.-]*::/.test(spec)) {
    return reject(`the "${spec.split('::')[0] ?? ''}::" transport runs a program named in the URL`);
  }
  const schemeMatch = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(spec);
  if (schemeMatch) {
    const scheme = (schemeMatch[1] ?? '').toLowerCase();
    if (scheme === 'file') {
      if (options.allowFileUrls === true) return { url: spec, display: spec, name: repoName(spec.slice(7)) };
      return reject('file:// URLs read a local repository; scan the folder itself instead');
    }
    if (!ALLOWED_SCHEMES.has(scheme)) return reject(`the ${scheme}:// scheme is not supported (use https, ssh or git)`);
    let parsed: URL;
    try {
      parsed = new URL(spec);
    } catch {
      return reject('it is not a valid URL');
    }
    if (parsed.hostname === '' || parsed.hostname.startsWith('-')) return reject('the host name is missing or starts with "-"');
    if (decodeURIComponent(parsed.username).startsWith('-')) return reject('the user name starts with "-"');
    if (/^\/*-/.test(decodeURIComponent(parsed.pathname))) return reject('the path starts with "-"');
    const secret =
      parsed.password !== ''
        ? `${parsed.username}:${parsed.password}`
        : scheme.startsWith('http') && parsed.username !== ''
          ? parsed.username
          : undefined;
    let display = spec;
    if (secret !== undefined) {
      const redacted = new URL(spec);
      redacted.username = '***';
      redacted.password = '';
      display = redacted.toString();
    }
    return { url: spec, display, name: repoName(parsed.pathname), ...(secret !== undefined ? { secret } : {}) };
  }
  const scp = /^(?:([^\s/:@]+)@)?([^\s/:@]+):(.+)$/.exec(spec);
  if (scp && spec.includes('@')) {
    const [, user = '', host = '', path = ''] = scp;
    if (user.startsWith('-') || host.startsWith('-') || path.startsWith('-'))
      return reject('a part of it starts with "-", which ssh would read as an option');
    return { url: spec, display: spec, name: repoName(path) };
  }
  return reject('not a git URL (use https://host/owner/repo, ssh://host/path or user@host:path)');

  function reject(message: string): never {
    throw refuse(message);
  }
}

export interface CloneOptions {
  /** Commits of history to fetch; 0 for all. */
  depth: number;
  /** Fetch every branch and tag (for --all-refs). */
  allRefs: boolean;
  timeoutMs: number;
  maxBytes: number;
  allowFileUrls: boolean;
  /** Parent of the quarantine folder (default: the platform temp dir). */
  quarantineBase?: string;
  keep: boolean;
}

export interface ClonedTarget {
  root: string;
  quarantine: string;
  commit?: string;
  display: string;
  notes: string[];
  cleanup(): Promise<void>;
}

function dirBytes(dir: string): number {
  let total = 0;
  const stack = [dir];
  while (stack.length > 0) {
    const d = stack.pop() as string;
    let names: string[];
    try {
      names = readdirSync(d);
    } catch {
      continue;
    }
    for (const n of names) {
      const abs = joinAbs(d, n);
      try {
        const st = lstatSync(abs);
        if (st.isDirectory()) stack.push(abs);
        else total += st.size;
      } catch {
        // Files come and go while git writes.
      }
    }
  }
  return total;
}

function redact(text: string, target: GitUrl): string {
  let out = text;
  if (target.secret !== undefined) out = out.split(target.secret).join('***');
  return out.split(target.url).join(target.display);
}

/** A clone that receives nothing (no progress line, no new byte on disk) for this long is stopped. */
export const CLONE_STALL_MS = 45_000;

function cloneProcess(target: GitUrl, gitDir: string, options: CloneOptions): Promise<void> {
  const args = [
    'clone',
    '--bare',
    '--template=',
    '--no-recurse-submodules',
    '--progress',
    ...(options.depth > 0 ? [`--depth=${options.depth}`] : []),
    ...(options.allRefs ? ['--no-single-branch'] : ['--single-branch', '--no-tags']),
    '--',
    target.url,
    gitDir,
  ];
  const config = [
    'transfer.fsckObjects=true',
    'http.lowSpeedLimit=1000',
    'http.lowSpeedTime=30',
    'core.sshCommand=ssh -o BatchMode=yes -o StrictHostKeyChecking=accept-new',
  ];
  const env: Record<string, string> = options.allowFileUrls
    ? { GIT_ALLOW_PROTOCOL: 'http:https:ssh:git:file', GIT_PROTOCOL_FROM_USER: '1' }
    : {};
  return new Promise((resolve, reject) => {
    const child = spawnGit(args, { config, env, cwd: joinAbs(gitDir, '..') });
    let stderr = '';
    let stop: string | undefined;
    const stallMs = Math.min(options.timeoutMs, CLONE_STALL_MS);
    // The stall timer is set first so that, when both limits are equal, a silent host is named as such.
    let stalled = setTimeout(onStall, stallMs);
    const timer = setTimeout(() => {
      stop ??= `the host did not deliver the repository within ${Math.round(options.timeoutMs / 1000)} s`;
      killTree(child);
    }, options.timeoutMs);
    function onStall(): void {
      stop ??= `the host sent nothing for ${Math.round(stallMs / 1000)} s`;
      killTree(child);
    }
    const progressed = (): void => {
      clearTimeout(stalled);
      stalled = setTimeout(onStall, stallMs);
    };
    let lastBytes = 0;
    const poll = setInterval(() => {
      const bytes = dirBytes(gitDir);
      if (bytes > options.maxBytes) {
        stop ??= `the repository is larger than ${formatBytes(options.maxBytes)}`;
        killTree(child);
      }
      // Objects arriving on disk are progress; git's own skeleton (config, HEAD) is not.
      const objectBytes = dirBytes(joinAbs(gitDir, 'objects'));
      if (objectBytes !== lastBytes) progressed();
      lastBytes = objectBytes;
    }, 500);
    child.stdout?.resume();
    child.stderr?.on('data', (d: Buffer) => {
      // git --progress reports what the host sends here (its first line is git's own, before any
      // connection): a moving transfer is not a stall.
      if (stderr !== '') progressed();
      stderr = (stderr + d.toString('utf8')).slice(-8192);
    });
    child.stdin?.end();
    child.on('error', err => {
      clearTimeout(timer);
      clearTimeout(stalled);
      clearInterval(poll);
      reject(err.message.includes('ENOENT') ? new EnvironmentError('GIT_MISSING', 'git is not installed or not on PATH') : err);
    });
    child.on('close', code => {
      clearTimeout(timer);
      clearTimeout(stalled);
      clearInterval(poll);
      if (stop !== undefined) {
        reject(new InputError('CLONE_STOPPED', `clone of ${target.display} stopped: ${stop}`));
        return;
      }
      if (code !== 0) {
        const reason =
          stderr
            .split('\n')
            .map(l => l.trim())
            .filter(l => l.startsWith('fatal:') || l.startsWith('error:'))
            .pop() ?? `git exited with ${String(code)}`;
        reject(new InputError('CLONE_FAILED', `could not clone ${target.display}: ${redact(reason, target)}`));
        return;
      }
      resolve();
    });
  });
}

export async function cloneGitUrl(spec: string, options: CloneOptions, onProgress?: (message: string) => void): Promise<ClonedTarget> {
  const target = checkGitUrl(spec, { allowFileUrls: options.allowFileUrls });
  const quarantine = makeQuarantineDir(target.name, options.quarantineBase);
  const root = joinAbs(quarantine, target.name);
  const cleanup = (): Promise<void> => {
    if (options.keep) releaseQuarantine(quarantine);
    else removeDir(quarantine);
    return Promise.resolve();
  };
  try {
    mkdirSync(root);
    onProgress?.(`cloning ${target.display}`);
    await cloneProcess(target, joinAbs(root, '.git'), options);
    const gitDir = joinAbs(root, '.git');
    await runGit(['config', 'core.bare', 'false'], { gitDir });
    const opened = openRepository(root, options.quarantineBase);
    if (!opened || !('repo' in opened)) throw new InputError('CLONE_FAILED', `the clone of ${target.display} is not readable`);
    const notes: string[] = [];
    let commit: string | undefined;
    try {
      commit = await opened.repo.head();
      if (commit !== undefined) {
        onProgress?.('writing the files of the newest commit');
        const written = await materializeTree(opened.repo, commit, root, {});
        notes.push(...written.notes);
        await runGit(['read-tree', '--end-of-options', commit], { gitDir, cwd: root });
      } else {
        notes.push('the cloned repository has no commits on its default branch');
      }
    } finally {
      opened.repo.dispose();
    }
    notes.unshift(
      `cloned ${target.display}${options.depth > 0 ? ` (newest ${options.depth} commits)` : ''} into ${root}; hooks, filters, LFS and submodules were not run; ${options.keep ? 'the copy is kept (--keep)' : 'the copy is deleted after the scan (use --keep to keep it)'}`,
    );
    return { root, quarantine, display: target.display, notes, cleanup, ...(commit !== undefined ? { commit } : {}) };
  } catch (err) {
    removeDir(quarantine);
    if (err instanceof GitError)
      throw new InputError('CLONE_FAILED', `could not prepare the clone of ${target.display}: ${redact(err.message, target)}`);
    throw err;
  }
}
