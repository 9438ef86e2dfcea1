/**
 * strace output → a process tree and the file and network system calls of each process.
 * The tracer runs inside the sandbox as `strace -f -tt -qq -s 256 -e trace=<SYSCALLS> -o FILE`;
 * this module names those system calls and parses the text it writes (one call per line,
 * `<unfinished ...>`/`<... resumed>` pairs joined, C-escaped strings decoded, truncated strings
 * marked). The parser never throws on malformed lines: it skips them and counts them.
 */

export const SYSCALLS = [
  'execve',
  'execveat',
  'clone',
  'clone3',
  'fork',
  'vfork',
  'connect',
  'open',
  'openat',
  'creat',
  'rename',
  'renameat',
  'renameat2',
  'unlink',
  'unlinkat',
  'mkdir',
  'mkdirat',
  'symlink',
  'symlinkat',
  'chdir',
  'kill',
].join(',');

export interface Exec {
  t: string;
  path: string;
  argv: string[];
  ok: boolean;
}

export interface TraceProcess {
  pid: number;
  ppid?: number;
  execs: Exec[];
  exit?: number;
  killedBy?: string;
  /** A thread of another traced process (not shown in the process tree). */
  thread?: boolean;
}

export type FileOp = 'read' | 'write' | 'create' | 'rename' | 'unlink' | 'mkdir' | 'symlink' | 'chdir';

export interface FileEvent {
  t: string;
  pid: number;
  op: FileOp;
  path: string;
  /** rename/symlink: the other path. */
  from?: string;
  flags?: string;
  ok: boolean;
  errno?: string;
}

export interface ConnectEvent {
  t: string;
  pid: number;
  family: 'inet' | 'inet6';
  address: string;
  port: number;
  ok: boolean;
  errno?: string;
}

/** A kill() the kernel refused (the target was not the caller's: the supervisor, the tracer), or one sent to every process. */
export interface SignalEvent {
  t: string;
  pid: number;
  target: number;
  signal: string;
  ok: boolean;
  errno?: string;
}

export interface ParsedTrace {
  processes: Map<number, TraceProcess>;
  files: FileEvent[];
  connects: ConnectEvent[];
  signals: SignalEvent[];
  /** Lines that could not be parsed. */
  skipped: number;
}

type Value = string | number | Value[] | { raw: string };

interface Call {
  pid: number;
  t: string;
  name: string;
  args: Value[];
  argText: string;
  ret: string;
  errno?: string;
}

const LINE = /^(\d+)\s+(\d\d:\d\d:\d\d\.\d+)\s+(.*)$/;

/** Parses a whole trace; `cwd` resolves relative paths (the phase's working directory). */
export function parseTrace(text: string, cwd: string, into?: ParsedTrace): ParsedTrace {
  const out: ParsedTrace = into ?? { processes: new Map(), files: [], connects: [], signals: [], skipped: 0 };
  const pending = new Map<number, string>();
  const threadOf = new Map<number, number>();
  const cwds = new Map<number, string>();
  const proc = (pid: number): TraceProcess => {
    let p = out.processes.get(pid);
    if (!p) {
      p = { pid, execs: [] };
      out.processes.set(pid, p);
    }
    return p;
  };
  const cwdOf = (pid: number): string => cwds.get(pid) ?? cwd;
  const abs = (pid: number, p: string, dirArg?: Value): string => {
    if (p.startsWith('/')) return normalise(p);
    if (dirArg !== undefined && !(typeof dirArg === 'object' && !Array.isArray(dirArg) && dirArg.raw === 'AT_FDCWD')) return p;
    return normalise(`${cwdOf(pid)}/${p}`);
  };

  for (const raw of text.split('\n')) {
    if (raw === '') continue;
    const m = LINE.exec(raw);
    if (!m) {
      out.skipped++;
      continue;
    }
    const pid = Number(m[1]);
    const t = m[2] ?? '';
    let body = m[3] ?? '';
    if (body.startsWith('+++ ')) {
      const exited = /^\+\+\+ exited with (\d+)/.exec(body);
      const killed = /^\+\+\+ killed by (\w+)/.exec(body);
      if (exited) proc(pid).exit = Number(exited[1]);
      if (killed?.[1]) proc(pid).killedBy = killed[1];
      continue;
    }
    if (body.startsWith('---')) continue;
    if (body.endsWith('<unfinished ...>')) {
      pending.set(pid, body.slice(0, -'<unfinished ...>'.length).trimEnd());
      continue;
    }
    const resumed = /^<\.\.\. (\w+) resumed>\s?(.*)$/.exec(body);
    if (resumed) {
      const head = pending.get(pid);
      pending.delete(pid);
      if (head === undefined) {
        out.skipped++;
        continue;
      }
      body = head + (resumed[2] ?? '');
    }
    const call = parseCall(pid, t, body);
    if (!call) {
      out.skipped++;
      continue;
    }
    const ok = !call.ret.startsWith('-1') && call.ret !== '?';
    const a = call.args;
    switch (call.name) {
      case 'execve':
      case 'execveat': {
        const pathArg = call.name === 'execve' ? a[0] : a[1];
        const argvArg = call.name === 'execve' ? a[1] : a[2];
        const path = typeof pathArg === 'string' ? pathArg : '';
        const argv = Array.isArray(argvArg) ? argvArg.filter((v): v is string => typeof v === 'string') : [];
        proc(pid).execs.push({ t, path, argv, ok: ok || call.ret === '?' });
        break;
      }
      case 'clone':
      case 'clone3':
      case 'fork':
      case 'vfork': {
        const child = Number(call.ret);
        if (!Number.isInteger(child) || child <= 0) break;
        if (call.argText.includes('CLONE_THREAD')) {
          // a thread: its calls belong to this process
          const owner = proc(pid);
          const thread = proc(child);
          thread.thread = true;
          if (owner.ppid !== undefined) thread.ppid = owner.ppid;
          threadOf.set(child, threadOf.get(pid) ?? pid);
        } else {
          proc(child).ppid = threadOf.get(pid) ?? pid;
        }
        const c = cwds.get(pid);
        if (c !== undefined) cwds.set(child, c);
        break;
      }
      case 'connect': {
        const s = a[1];
        const text = typeof s === 'object' && !Array.isArray(s) ? s.raw : '';
        const v4 = /sa_family=AF_INET,\s*sin_port=htons\((\d+)\),\s*sin_addr=inet_addr\("([\d.]+)"\)/.exec(text);
        const v6 = /sa_family=AF_INET6,\s*sin6_port=htons\((\d+)\).*inet_pton\(AF_INET6,\s*"([0-9a-fA-F:.]+)"/.exec(text);
        const hit = v4 ?? v6;
        if (!hit) break;
        const ev: ConnectEvent = {
          t,
          pid: threadOf.get(pid) ?? pid,
          family: v4 ? 'inet' : 'inet6',
          address: hit[2] ?? '',
          port: Number(hit[1]),
          ok: ok || call.errno === 'EINPROGRESS',
        };
        if (call.errno) ev.errno = call.errno;
        out.connects.push(ev);
        break;
      }
      case 'open':
      case 'openat':
      case 'creat': {
        const pathArg = call.name === 'openat' ? a[1] : a[0];
        if (typeof pathArg !== 'string') break;
        const flagsArg = call.name === 'openat' ? a[2] : a[1];
        const flags =
          call.name === 'creat' ? 'O_CREAT|O_WRONLY|O_TRUNC' : typeof flagsArg === 'object' && !Array.isArray(flagsArg) ? flagsArg.raw : '';
        const writes = /O_WRONLY|O_RDWR|O_CREAT|O_TRUNC|O_APPEND/.test(flags);
        pushFile(
          out,
          {
            t,
            pid: threadOf.get(pid) ?? pid,
            op: writes ? (flags.includes('O_CREAT') ? 'create' : 'write') : 'read',
            path: abs(pid, pathArg, call.name === 'openat' ? a[0] : undefined),
            flags,
            ok,
          },
          call.errno,
        );
        break;
      }
      case 'rename':
      case 'renameat':
      case 'renameat2': {
        const from = call.name === 'rename' ? a[0] : a[1];
        const to = call.name === 'rename' ? a[1] : a[3];
        if (typeof from !== 'string' || typeof to !== 'string') break;
        pushFile(
          out,
          {
            t,
            pid: threadOf.get(pid) ?? pid,
            op: 'rename',
            path: abs(pid, to, call.name === 'rename' ? undefined : a[2]),
            from: abs(pid, from, call.name === 'rename' ? undefined : a[0]),
            ok,
          },
          call.errno,
        );
        break;
      }
      case 'unlink':
      case 'unlinkat':
      case 'mkdir':
      case 'mkdirat': {
        const at = call.name.endsWith('at');
        const p = at ? a[1] : a[0];
        if (typeof p !== 'string') break;
        pushFile(
          out,
          {
            t,
            pid: threadOf.get(pid) ?? pid,
            op: call.name.startsWith('unlink') ? 'unlink' : 'mkdir',
            path: abs(pid, p, at ? a[0] : undefined),
            ok,
          },
          call.errno,
        );
        break;
      }
      case 'symlink':
      case 'symlinkat': {
        const target = a[0];
        const link = call.name === 'symlink' ? a[1] : a[2];
        if (typeof target !== 'string' || typeof link !== 'string') break;
        pushFile(
          out,
          {
            t,
            pid: threadOf.get(pid) ?? pid,
            op: 'symlink',
            path: abs(pid, link, call.name === 'symlink' ? undefined : a[1]),
            from: target,
            ok,
          },
          call.errno,
        );
        break;
      }
      case 'chdir': {
        const p = a[0];
        if (typeof p !== 'string') break;
        const target = abs(pid, p);
        pushFile(out, { t, pid: threadOf.get(pid) ?? pid, op: 'chdir', path: target, ok }, call.errno);
        if (ok) cwds.set(pid, target);
        break;
      }
      case 'kill': {
        const target = a[0];
        const sig = a[1];
        const signal = typeof sig === 'number' ? String(sig) : typeof sig === 'object' && !Array.isArray(sig) ? sig.raw : '';
        // refused signals (other than the existence probe 0), and any signal to every process
        const refused = !ok && call.errno === 'EPERM' && signal !== 'SIG_0' && signal !== '0';
        if (typeof target !== 'number' || !(refused || target === -1) || out.signals.length >= 1000) break;
        out.signals.push({ t, pid: threadOf.get(pid) ?? pid, target, signal, ok, ...(call.errno ? { errno: call.errno } : {}) });
        break;
      }
      default:
        break;
    }
  }
  const active = new Set<number>([...out.connects.map(c => c.pid), ...out.files.map(f => f.pid)]);
  for (const [pid, p] of out.processes) {
    if (p.execs.length === 0 && p.ppid === undefined && p.thread !== true && !active.has(pid)) out.processes.delete(pid);
  }
  return out;
}

function pushFile(out: ParsedTrace, ev: FileEvent, errno: string | undefined): void {
  if (errno) ev.errno = errno;
  out.files.push(ev);
}

function normalise(p: string): string {
  const parts: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') parts.pop();
    else parts.push(seg);
  }
  return '/' + parts.join('/');
}

/** `name(args) = ret [ERRNO (text)]` → a call; undefined when the line is not a call. */
function parseCall(pid: number, t: string, body: string): Call | undefined {
  const open = body.indexOf('(');
  if (open <= 0) return undefined;
  const name = body.slice(0, open);
  if (!/^\w+$/.test(name)) return undefined;
  const p = new ArgParser(body, open + 1);
  const args = p.list(')');
  if (args === undefined) return undefined;
  const argText = body.slice(open + 1, p.pos - 1);
  const rest = body.slice(p.pos).trim();
  const r = /^=\s+(\S+)(?:\s+(E[A-Z0-9]+))?/.exec(rest);
  if (!r) return undefined;
  const call: Call = { pid, t, name, args, argText, ret: r[1] ?? '' };
  if (r[2]) call.errno = r[2];
  return call;
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', v: '\v', f: '\f', '\\': '\\', '"': '"' };

/** A small recursive-descent reader for strace's argument syntax. */
class ArgParser {
  pos: number;
  constructor(
    private readonly s: string,
    start: number,
  ) {
    this.pos = start;
  }

  list(close: string): Value[] | undefined {
    const items: Value[] = [];
    for (let guard = 0; guard < 10000; guard++) {
      this.ws();
      if (this.pos >= this.s.length) return undefined;
      if (this.s[this.pos] === close) {
        this.pos++;
        return items;
      }
      const v = this.value(close);
      if (v === undefined) return undefined;
      items.push(v);
      this.ws();
      if (this.s[this.pos] === ',') this.pos++;
    }
    return undefined;
  }

  private ws(): void {
    while (this.s[this.pos] === ' ') this.pos++;
  }

  private value(close: string): Value | undefined {
    const c = this.s[this.pos];
    if (c === '"') {
      const str = this.string();
      if (str === undefined) return undefined;
      if (this.s.startsWith('...', this.pos)) this.pos += 3;
      return str;
    }
    if (c === '[') {
      this.pos++;
      return this.list(']');
    }
    // anything else: raw text up to the next top-level comma or the closing bracket
    const start = this.pos;
    let depth = 0;
    while (this.pos < this.s.length) {
      const ch = this.s[this.pos];
      if (ch === '"') {
        if (this.string() === undefined) return undefined;
        continue;
      }
      if (ch === '(' || ch === '[' || ch === '{') depth++;
      else if (ch === ')' || ch === ']' || ch === '}') {
        if (depth === 0) break;
        depth--;
      } else if (ch === ',' && depth === 0) break;
      this.pos++;
    }
    if (this.pos >= this.s.length && depth > 0) return undefined;
    const raw = this.s.slice(start, this.pos).trim();
    if (close === ']' && /^\.\.\.$/.test(raw)) return { raw };
    return /^-?\d+$/.test(raw) ? Number(raw) : { raw };
  }

  private string(): string | undefined {
    let out = '';
    this.pos++;
    while (this.pos < this.s.length) {
      const ch = this.s[this.pos] ?? '';
      if (ch === '"') {
        this.pos++;
        return out;
      }
      if (ch === '\\') {
        const n = this.s[this.pos + 1] ?? '';
        if (n === 'x') {
          out += String.fromCharCode(parseInt(this.s.slice(this.pos + 2, this.pos + 4), 16));
          this.pos += 4;
          continue;
        }
        const oct = /^[0-7]{1,3}/.exec(this.s.slice(this.pos + 1, this.pos + 4));
        if (oct) {
          out += String.fromCharCode(parseInt(oct[0], 8));
          this.pos += 1 + oct[0].length;
          continue;
        }
        out += ESCAPES[n] ?? n;
        this.pos += 2;
        continue;
      }
      out += ch;
      this.pos++;
    }
    return undefined;
  }
}
