/**
 * Runs git without ever letting the scanned repository configure it. Every call:
 * - ignores system and global config (GIT_CONFIG_NOSYSTEM, GIT_CONFIG_GLOBAL=/dev/null) and any
 *   GIT_* variable of the caller's environment (a GIT_DIR set by a hook would redirect git);
 * - names its repository explicitly (--git-dir) and sets GIT_CEILING_DIRECTORIES so that git never
 *   walks up into a parent repository;
 * - forces off everything a config could turn into a command: hooks, fsmonitor, pager, external
 *   diff and textconv, ext:: and fd:: transports, replace objects, LFS smudge;
 * - is bounded in time and in output size, and killed with its process group when it overruns.
 * Analysis never points git at a scanned `.git` directly: see quarantine.ts.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { tmpdir } from 'node:os';

export const SAFE_CONFIG: readonly string[] = [
  'core.hooksPath=/dev/null',
  'core.fsmonitor=false',
  'core.pager=cat',
  'core.editor=false',
  'core.commitGraph=false',
  'core.multiPackIndex=false',
  'core.untrackedCache=false',
  'core.protectNTFS=true',
  'core.protectHFS=true',
  'protocol.ext.allow=never',
  'protocol.fd.allow=never',
  'credential.helper=',
  'gc.auto=0',
  'maintenance.auto=false',
  'pack.useBitmaps=false',
  'submodule.recurse=false',
  'fetch.recurseSubmodules=false',
  'color.ui=false',
  'log.showSignature=false',
  'advice.detachedHead=false',
];

/** The caller's variables git may keep (none of them can point git at another repository). */
const KEPT_GIT_VARS = new Set(['GIT_SSH', 'GIT_SSH_COMMAND', 'GIT_SSL_CAINFO', 'GIT_SSL_CAPATH']);

export function safeGitEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined) continue;
    if (k.startsWith('GIT_') && !KEPT_GIT_VARS.has(k)) continue;
    env[k] = v;
  }
  return {
    ...env,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_TERMINAL_PROMPT: '0',
    GIT_ASKPASS: 'false',
    SSH_ASKPASS: 'false',
    GIT_NO_REPLACE_OBJECTS: '1',
    GIT_LFS_SKIP_SMUDGE: '1',
    GIT_OPTIONAL_LOCKS: '0',
    GIT_PROTOCOL_FROM_USER: '0',
    GIT_ALLOW_PROTOCOL: 'http:https:ssh:git',
    GIT_CEILING_DIRECTORIES: tmpdir(),
    GIT_PAGER: 'cat',
    PAGER: 'cat',
    LC_ALL: 'C',
    ...extra,
  };
}

export function configArgs(extra: readonly string[] = []): string[] {
  return [...SAFE_CONFIG, ...extra].flatMap(c => ['-c', c]);
}

export class GitError extends Error {
  readonly exitCode: number | null;
  readonly stderr: string;
  constructor(message: string, exitCode: number | null, stderr: string) {
    super(message);
    this.name = 'GitError';
    this.exitCode = exitCode;
    this.stderr = stderr;
  }
}

export interface GitRunOptions {
  /** The repository (a quarantine git dir); omitted only for clone. */
  gitDir?: string;
  cwd?: string;
  input?: string | Buffer;
  timeoutMs?: number;
  /** Kill git when it writes nothing to stdout or stderr for this long (default 45 s). */
  stallMs?: number;
  /** Stop reading (and kill git) past this many bytes of stdout. */
  maxOutputBytes?: number;
  /** Extra `-c name=value` settings. */
  config?: readonly string[];
  env?: Record<string, string>;
  /** Exit codes that are not errors (besides 0). */
  okCodes?: readonly number[];
}

export interface GitResult {
  stdout: Buffer;
  stderr: string;
  code: number | null;
  /** stdout was cut at maxOutputBytes. */
  truncated: boolean;
}

const DEFAULT_TIMEOUT_MS = 60_000;
export const DEFAULT_STALL_MS = 45_000;
const DEFAULT_MAX_OUTPUT = 64 * 1024 * 1024;
const MAX_STDERR = 16 * 1024;

export function gitArgs(args: readonly string[], options: Pick<GitRunOptions, 'gitDir' | 'config'>): string[] {
  return [...(options.gitDir === undefined ? [] : [`--git-dir=${options.gitDir}`]), ...configArgs(options.config), ...args];
}

/** Git processes of this thread still running (each in its own process group). */
const live = new Set<ChildProcess>();

export function spawnGit(args: readonly string[], options: GitRunOptions): ChildProcess {
  const child = spawn('git', gitArgs(args, options), {
    cwd: options.cwd ?? options.gitDir ?? tmpdir(),
    env: safeGitEnv(options.env),
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: true,
    windowsHide: true,
  });
  live.add(child);
  child.once('close', () => live.delete(child));
  child.once('error', () => live.delete(child));
  return child;
}

/** Kills every git process this thread started that is still running (on SIGINT, a cancelled target). */
export function killAllGit(): void {
  for (const child of live) killTree(child);
  live.clear();
}

export function killTree(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    child.kill('SIGKILL');
  }
}

/** Runs git to completion with bounded time and output. */
export function runGit(args: readonly string[], options: GitRunOptions): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    let child: ChildProcess;
    try {
      child = spawnGit(args, options);
    } catch (err) {
      reject(err instanceof Error ? err : new Error(String(err)));
      return;
    }
    const maxOut = options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT;
    const chunks: Buffer[] = [];
    let outBytes = 0;
    let truncated = false;
    let stderr = '';
    let timedOut: string | undefined;
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const stallMs = Math.min(timeoutMs, options.stallMs ?? DEFAULT_STALL_MS);
    const timer = setTimeout(() => {
      timedOut = `took longer than ${Math.round(timeoutMs / 1000)} s`;
      killTree(child);
    }, timeoutMs);
    const onStall = (): void => {
      timedOut = `wrote nothing for ${Math.round(stallMs / 1000)} s`;
      killTree(child);
    };
    let stall = setTimeout(onStall, stallMs);
    const progressed = (): void => {
      clearTimeout(stall);
      stall = setTimeout(onStall, stallMs);
    };
    child.stdout?.on('data', (d: Buffer) => {
      progressed();
      if (truncated) return;
      if (outBytes + d.length > maxOut) {
        chunks.push(d.subarray(0, maxOut - outBytes));
        outBytes = maxOut;
        truncated = true;
        killTree(child);
        return;
      }
      chunks.push(d);
      outBytes += d.length;
    });
    child.stderr?.on('data', (d: Buffer) => {
      progressed();
      if (stderr.length < MAX_STDERR) stderr += d.toString('utf8');
    });
    child.stdin?.on('error', () => undefined);
    child.on('error', err => {
      clearTimeout(timer);
      clearTimeout(stall);
      reject(err.message.includes('ENOENT') ? new GitError('git is not installed or not on PATH', null, '') : err);
    });
    child.on('close', code => {
      clearTimeout(timer);
      clearTimeout(stall);
      if (timedOut !== undefined) {
        reject(new GitError(`git ${args[0] ?? ''} ${timedOut} and was stopped`, code, stderr));
        return;
      }
      const ok = code === 0 || (code !== null && (options.okCodes ?? []).includes(code)) || truncated;
      if (!ok) {
        reject(new GitError(`git ${args[0] ?? ''} failed: ${firstLine(stderr) || `exit code ${String(code)}`}`, code, stderr));
        return;
      }
      resolve({ stdout: Buffer.concat(chunks), stderr, code, truncated });
    });
    if (options.input !== undefined) child.stdin?.end(options.input);
    else child.stdin?.end();
  });
}

function firstLine(s: string): string {
  return (s.split('\n').find(l => l.trim() !== '') ?? '').trim().slice(0, 300);
}

/** Splits NUL-separated output, dropping the empty tail. */
export function splitNul(buf: Buffer): string[] {
  const out = buf.toString('utf8').split('\0');
  if (out.at(-1) === '') out.pop();
  return out;
}
