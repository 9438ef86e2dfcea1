/**
 * Running processes and TCP connections, right now. Linux reads /proc (cmdline, cwd, fd → socket
 * inode, /proc/net/tcp{,6}); macOS uses `ps` and `lsof`; Windows uses PowerShell's
 * `Get-CimInstance Win32_Process` (command lines) and `netstat -ano`. Entries that cannot be read (other users' processes, races) are
 * counted, never fatal.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { errorMessage } from '../core/errors.ts';
import { joinAbs } from '../fs/path.ts';
import type { Os } from './platform.ts';

export interface ProcessInfo {
  pid: number;
  ppid?: number;
  uid?: number;
  /** argv; a single element when only a flat command string is known. */
  argv: string[];
  cwd?: string;
  /** What fd 0 is: "pipe:[123]", "/dev/null", a tty... */
  stdin?: string;
}

export interface SocketInfo {
  proto: 'tcp' | 'tcp6';
  localAddress: string;
  localPort: number;
  remoteAddress: string;
  remotePort: number;
  state: string;
  inode?: number;
  pid?: number;
}

export interface ProcSnapshot {
  processes: ProcessInfo[];
  sockets: SocketInfo[];
  /** Processes or fds that could not be read (permissions, exited meanwhile). */
  unreadable: number;
  /** Whole sources that did not work (missing tool, no /proc). */
  errors: string[];
}

const TCP_STATES: Record<string, string> = {
  '01': 'ESTABLISHED',
  '02': 'SYN_SENT',
  '03': 'SYN_RECV',
  '04': 'FIN_WAIT1',
  '05': 'FIN_WAIT2',
  '06': 'TIME_WAIT',
  '07': 'CLOSE',
  '08': 'CLOSE_WAIT',
  '09': 'LAST_ACK',
  '0A': 'LISTEN',
  '0B': 'CLOSING',
};

/** `0100007F:1F90` → 127.0.0.1:8080; IPv6 is four little-endian 32-bit words. */
export function decodeProcAddress(hex: string): { address: string; port: number } | undefined {
  const [ip, port] = hex.split(':');
  if (ip === undefined || port === undefined || !/^[0-9A-Fa-f]+$/.test(ip)) return undefined;
  const words: Buffer[] = [];
  for (let i = 0; i < ip.length; i += 8) {
    const w = Buffer.from(ip.slice(i, i + 8), 'hex');
    words.push(Buffer.from(w.reverse()));
  }
  const bytes = Buffer.concat(words);
  let address: string;
  if (bytes.length === 4) address = [...bytes].join('.');
  else if (bytes.length === 16) {
    if (bytes.subarray(0, 10).every(b => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff) address = [...bytes.subarray(12)].join('.');
    else {
      const groups: string[] = [];
      for (let i = 0; i < 16; i += 2) groups.push(bytes.readUInt16BE(i).toString(16));
      address = groups.join(':').replace(/(^|:)0(:0)+(:|$)/, '::');
    }
  } else return undefined;
  return { address, port: parseInt(port, 16) };
}

/** Parses /proc/net/tcp or /proc/net/tcp6 text. */
export function parseProcNetTcp(text: string, proto: 'tcp' | 'tcp6'): SocketInfo[] {
  const out: SocketInfo[] = [];
  for (const line of text.split('\n').slice(1)) {
    const cols = line.trim().split(/\s+/);
    if (cols.length < 10) continue;
    const local = decodeProcAddress(cols[1] ?? '');
    const remote = decodeProcAddress(cols[2] ?? '');
    if (!local || !remote) continue;
    const inode = Number(cols[9]);
    out.push({
      proto,
      localAddress: local.address,
      localPort: local.port,
      remoteAddress: remote.address,
      remotePort: remote.port,
      state: TCP_STATES[(cols[3] ?? '').toUpperCase()] ?? cols[3] ?? '',
      ...(Number.isFinite(inode) && inode > 0 ? { inode } : {}),
    });
  }
  return out;
}

/** Reads processes and sockets from a procfs root (normally /proc). */
export function readLinuxProc(procRoot = '/proc'): ProcSnapshot {
  const snap: ProcSnapshot = { processes: [], sockets: [], unreadable: 0, errors: [] };
  for (const proto of ['tcp', 'tcp6'] as const) {
    try {
      snap.sockets.push(...parseProcNetTcp(readFileSync(joinAbs(procRoot, 'net', proto), 'utf8'), proto));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') snap.errors.push(`${procRoot}/net/${proto}: ${errorMessage(err)}`);
    }
  }
  const byInode = new Map<number, SocketInfo>();
  for (const s of snap.sockets) if (s.inode !== undefined) byInode.set(s.inode, s);
  let pids: string[];
  try {
    pids = readdirSync(procRoot).filter(n => /^\d+$/.test(n));
  } catch (err) {
    snap.errors.push(`${procRoot}: ${errorMessage(err)}`);
    return snap;
  }
  for (const name of pids) {
    const pid = Number(name);
    const dir = joinAbs(procRoot, name);
    let argv: string[];
    try {
      argv = readFileSync(joinAbs(dir, 'cmdline'), 'latin1').split('\0');
      if (argv.at(-1) === '') argv.pop();
    } catch {
      snap.unreadable++;
      continue;
    }
    if (argv.length === 0) continue;
    const info: ProcessInfo = { pid, argv };
    try {
      const status = readFileSync(joinAbs(dir, 'status'), 'latin1');
      const ppid = /^PPid:\s+(\d+)/m.exec(status)?.[1];
      const uid = /^Uid:\s+(\d+)/m.exec(status)?.[1];
      if (ppid !== undefined) info.ppid = Number(ppid);
      if (uid !== undefined) info.uid = Number(uid);
    } catch {
      snap.unreadable++;
    }
    try {
      info.cwd = readlinkSync(joinAbs(dir, 'cwd'));
    } catch {
      snap.unreadable++;
    }
    let fds: string[] = [];
    try {
      fds = readdirSync(joinAbs(dir, 'fd'));
    } catch {
      snap.unreadable++;
    }
    for (const fd of fds) {
      let target: string;
      try {
        target = readlinkSync(joinAbs(dir, 'fd', fd));
      } catch {
        continue;
      }
      if (fd === '0') info.stdin = target;
      const m = /^socket:\[(\d+)\]$/.exec(target);
      const sock = m ? byInode.get(Number(m[1])) : undefined;
      if (sock) sock.pid = pid;
    }
    snap.processes.push(info);
  }
  return snap;
}

/** `ps -axww -o pid=,ppid=,uid=,args=` output. */
export function parsePs(text: string): ProcessInfo[] {
  const out: ProcessInfo[] = [];
  for (const line of text.split('\n')) {
    const m = /^\s*(\d+)\s+(\d+)\s+(\d+)\s+(.*)$/.exec(line);
    if (!m) continue;
    out.push({ pid: Number(m[1]), ppid: Number(m[2]), uid: Number(m[3]), argv: (m[4] ?? '').trim().split(/\s+/) });
  }
  return out;
}

function splitHostPort(s: string): { address: string; port: number } | undefined {
  const m = /^\[?([^\]]*?)\]?[:.](\d+|\*)$/.exec(s);
  if (!m) return undefined;
  return { address: m[1] ?? '', port: m[2] === '*' ? 0 : Number(m[2]) };
}

/** `lsof -nP -iTCP -F pcnT` output: p<pid>, c<command>, n<local>-><remote>, TST=<state>. */
export function parseLsof(text: string): SocketInfo[] {
  const out: SocketInfo[] = [];
  let pid: number | undefined;
  let pending: SocketInfo | undefined;
  for (const line of text.split('\n')) {
    const tag = line[0];
    const value = line.slice(1);
    if (tag === 'p') pid = Number(value);
    else if (tag === 'n') {
      const [local, remote] = value.split('->');
      const l = local === undefined ? undefined : splitHostPort(local);
      const r = remote === undefined ? { address: '', port: 0 } : splitHostPort(remote);
      if (!l || !r) continue;
      pending = {
        proto: l.address.includes(':') ? 'tcp6' : 'tcp',
        localAddress: l.address,
        localPort: l.port,
        remoteAddress: r.address,
        remotePort: r.port,
        state: remote === undefined ? 'LISTEN' : 'ESTABLISHED',
        ...(pid !== undefined ? { pid } : {}),
      };
      out.push(pending);
    } else if (tag === 'T' && value.startsWith('ST=') && pending) pending.state = value.slice(3);
  }
  return out;
}

/** `netstat -ano -p tcp` (Windows) output. */
export function parseNetstatWindows(text: string): SocketInfo[] {
  const out: SocketInfo[] = [];
  for (const line of text.split('\n')) {
    const cols = line.trim().split(/\s+/);
    if (cols[0] !== 'TCP' || cols.length < 5) continue;
    const l = splitHostPort(cols[1] ?? '');
    const r = splitHostPort(cols[2] ?? '');
    if (!l || !r) continue;
    out.push({
      proto: l.address.includes(':') ? 'tcp6' : 'tcp',
      localAddress: l.address,
      localPort: l.port,
      remoteAddress: r.address,
      remotePort: r.port,
      state: cols[3] ?? '',
      pid: Number(cols[4]),
    });
  }
  return out;
}

/** Runs a read-only tool; `quietStatuses` are exit codes that mean "nothing found" (lsof exits 1). */
function run(
  cmd: string,
  args: string[],
  quietStatuses: readonly number[] = [],
): { ok: true; stdout: string } | { ok: false; error: string } {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 15_000, maxBuffer: 64 * 1024 * 1024, windowsHide: true });
  if (r.error) return { ok: false, error: `${cmd}: ${r.error.message}` };
  if (r.status !== null && quietStatuses.includes(r.status) && r.stderr.trim() === '') return { ok: true, stdout: r.stdout };
  if (r.status !== 0 && r.stdout === '') return { ok: false, error: `${cmd} exited with ${r.status ?? r.signal ?? 'an error'}` };
  return { ok: true, stdout: r.stdout };
}

/** ps + lsof (macOS, and any Unix without /proc). */
export function readWithTools(): ProcSnapshot {
  const snap: ProcSnapshot = { processes: [], sockets: [], unreadable: 0, errors: [] };
  const ps = run('ps', ['-axww', '-o', 'pid=,ppid=,uid=,args=']);
  if (ps.ok) snap.processes = parsePs(ps.stdout);
  else snap.errors.push(ps.error);
  const lsof = run('lsof', ['-nP', '-iTCP', '-F', 'pcnT'], [1]);
  if (lsof.ok) snap.sockets = parseLsof(lsof.stdout);
  else snap.errors.push(lsof.error);
  return snap;
}

/** Splits a Windows command line into arguments (CommandLineToArgvW rules, simplified: quotes and backslash-quote). */
export function splitWindowsCommandLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  let any = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i] ?? '';
    if (c === '\\' && line[i + 1] === '"') {
      cur += '"';
      i++;
      any = true;
    } else if (c === '"') {
      quoted = !quoted;
      any = true;
    } else if (!quoted && (c === ' ' || c === '\t')) {
      if (any) out.push(cur);
      cur = '';
      any = false;
    } else {
      cur += c;
      any = true;
    }
  }
  if (any) out.push(cur);
  return out;
}

/** `Get-CimInstance Win32_Process | Select ProcessId,ParentProcessId,CommandLine | ConvertTo-Json` output. */
export function parseCimProcesses(text: string): { processes: ProcessInfo[]; unreadable: number } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { processes: [], unreadable: 0 };
  }
  const list: unknown[] = Array.isArray(raw) ? raw : [raw];
  const processes: ProcessInfo[] = [];
  let unreadable = 0;
  for (const item of list) {
    if (typeof item !== 'object' || item === null) continue;
    const o = item as Record<string, unknown>;
    if (typeof o['ProcessId'] !== 'number') continue;
    if (typeof o['CommandLine'] !== 'string' || o['CommandLine'] === '') {
      unreadable++;
      continue;
    }
    const info: ProcessInfo = { pid: o['ProcessId'], argv: splitWindowsCommandLine(o['CommandLine']) };
    if (typeof o['ParentProcessId'] === 'number') info.ppid = o['ParentProcessId'];
    processes.push(info);
  }
  return { processes, unreadable };
}

/** PowerShell (CIM) for command lines, netstat for TCP connections. */
export function readWindows(): ProcSnapshot {
  const snap: ProcSnapshot = { processes: [], sockets: [], unreadable: 0, errors: [] };
  const ps = run('powershell', [
    '-NoProfile',
    '-NonInteractive',
    '-Command',
    'Get-CimInstance Win32_Process | Select-Object ProcessId,ParentProcessId,CommandLine | ConvertTo-Json -Compress',
  ]);
  if (ps.ok) {
    const parsed = parseCimProcesses(ps.stdout);
    snap.processes = parsed.processes;
    snap.unreadable = parsed.unreadable;
  } else snap.errors.push(`${ps.error} (process command lines were not read)`);
  const ns = run('netstat', ['-ano', '-p', 'tcp']);
  if (ns.ok) snap.sockets = parseNetstatWindows(ns.stdout);
  else snap.errors.push(ns.error);
  return snap;
}

/** The live snapshot for the machine Airlock runs on. */
export function readProcesses(os: Os): ProcSnapshot {
  if (os === 'win32') return readWindows();
  if (os === 'linux') return readLinuxProc();
  return readWithTools();
}

/** The user's crontab (`crontab -l`), or undefined when there is none or no tool. */
export function readCrontab(): { text?: string; error?: string } {
  const r = spawnSync('crontab', ['-l'], { encoding: 'utf8', timeout: 10_000 });
  if (r.error)
    return {
      error:
        (r.error as NodeJS.ErrnoException).code === 'ENOENT'
          ? 'the crontab tool is not installed: cron jobs were not checked'
          : r.error.message,
    };
  if (r.status !== 0) return {};
  return { text: r.stdout };
}
