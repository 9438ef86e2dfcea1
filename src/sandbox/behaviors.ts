/**
 * Turns what the sandbox recorded (strace traces per step, sink events, phase results) into the
 * report's `behaviors`: the process tree with command lines, network attempts (DNS, HTTP(S), raw
 * TCP to literal IPs), honeytokens touched, writes outside the repository copy, persistence
 * attempts, and decoy payloads that were executed.
 */
import type { Behavior, Location } from '../core/types.ts';
import type { Honeytoken } from './honeytokens.ts';
import type { ParsedTrace, TraceProcess } from './trace.ts';

export interface NetEvent {
  t: number;
  kind: 'dns' | 'http' | 'tls' | 'tcp' | 'sink-error';
  phase: string;
  name?: string;
  qtype?: string;
  answer?: string;
  method?: string;
  host?: string;
  path?: string;
  port?: number;
  address?: string;
  tls?: boolean;
  headers?: Record<string, unknown>;
  bodyBytes?: number;
  honeytokens?: string[];
  decoy?: string;
  sni?: string;
  firstBytes?: number;
  sink?: string;
  message?: string;
}

export interface StepTrace {
  phase: string;
  label: string;
  source?: Location;
  trace: ParsedTrace;
  leftovers?: Leftover[];
}

/** A process still running when its step's main process ended. */
export interface Leftover {
  pid: number;
  ppid: number;
  argv: string[];
  count?: number;
  /** Still running at the end (killed), rather than exited on its own while watched. */
  killed?: boolean;
  /** How long it was watched after the main process ended. */
  keptMs?: number;
}

export interface BehaviorContext {
  homeDir: string;
  repoDir: string;
  tokens: Honeytoken[];
  /** The first step source of each phase, for sink events no traced step connected to. */
  phaseSource: Map<string, Location>;
}

const MAX_PROCESS_BEHAVIORS = 400;
const WRAPPERS = new Set(['setpriv', 'prlimit', 'strace']);

/** Paths whose modification makes code run again later (login, boot, editor start). */
const PERSISTENCE: { re: RegExp; what: string }[] = [
  { re: /\/\.(bashrc|bash_profile|bash_login|profile|zshrc|zprofile|zshenv|zlogin)$/, what: 'shell start-up file' },
  { re: /\/\.config\/fish\/config\.fish$/, what: 'shell start-up file' },
  { re: /\/\.config\/autostart\//, what: 'desktop autostart entry' },
  { re: /\/\.config\/systemd\/user\//, what: 'systemd user service' },
  { re: /^\/etc\/(systemd|cron|init\.d|rc\.local|profile\.d)/, what: 'system start-up configuration' },
  { re: /^\/var\/spool\/cron/, what: 'crontab' },
  { re: /\/Library\/(LaunchAgents|LaunchDaemons)\//, what: 'macOS LaunchAgent' },
  { re: /\/\.(vscode|vscode-server|cursor|windsurf)\/extensions\/.*\.js$/, what: 'editor extension code' },
  { re: /\/\.(vscode|cursor)\/.*\.js$/, what: 'editor folder script' },
  { re: /\/\.ssh\/(authorized_keys|rc|config)$/, what: 'SSH access file' },
  { re: /\/\.git\/hooks\//, what: 'git hook' },
];

/** Writes that tools make in normal use (caches), not reported. */
const ORDINARY_WRITE_DIRS = ['/tmp/', '/dev/', '/proc/'];
/** The sandbox's own files: run configuration (decoy list), CA key, supervisor, evidence. */
const AIRLOCK_DIR = '/.airlock';
const AIRLOCK_SECRETS = /^\/\.airlock\/(config\.json$|tls\/.*\.key$|out\/.)/;
const ORDINARY_HOME_DIRS = [
  '.npm/',
  '.cache/',
  '.node-gyp/',
  '.config/configstore/',
  '.local/share/pnpm/',
  '.yarn/',
  '.config/yarn/',
  '.pnpm-store/',
  '.next/',
  '.config/next',
  '.local/state/',
];

function programOf(p: TraceProcess): { exe: string; argv: string[] } | undefined {
  const ok = p.execs.filter(e => e.ok);
  const last = ok[ok.length - 1];
  if (!last) return undefined;
  return { exe: last.path, argv: last.argv };
}

function baseName(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}

export function commandLine(argv: string[]): string {
  return argv.map(a => (/^[\w./@%+=:,-]+$/.test(a) ? a : JSON.stringify(a))).join(' ');
}

function isLoopback(address: string): boolean {
  return address.startsWith('127.') || address === '::1' || address === '0.0.0.0' || address === '::' || address.startsWith('::ffff:127.');
}

export function buildBehaviors(steps: StepTrace[], net: NetEvent[], ctx: BehaviorContext): Behavior[] {
  const out: Behavior[] = [];
  const nameByAddress = new Map<string, string>();
  for (const e of net) if (e.kind === 'dns' && e.answer && e.name) nameByAddress.set(e.answer, e.name);
  const tokenPaths = ctx.tokens
    .filter(t => t.path !== '')
    .map(t => ({
      token: t,
      abs: `${ctx.homeDir}/${t.path}`,
      dir: t.path.includes('/') ? `${ctx.homeDir}/${t.path.slice(0, t.path.lastIndexOf('/'))}` : undefined,
    }));
  const decoys = new Map<string, NetEvent>();
  for (const e of net) if (e.kind === 'http' && e.decoy) decoys.set(e.decoy, e);

  for (const step of steps) {
    const base = (detail: Record<string, unknown>): Record<string, unknown> => ({
      step: step.label,
      ...(step.source ? { source: step.source } : {}),
      ...detail,
    });
    const progOf = new Map<number, { exe: string; argv: string[] }>();
    for (const p of step.trace.processes.values()) {
      const prog = programOf(p);
      if (prog) progOf.set(p.pid, prog);
    }
    const owner = (pid: number): { exe: string; argv: string[] } | undefined => {
      let cur: number | undefined = pid;
      for (let i = 0; i < 64 && cur !== undefined; i++) {
        const prog = progOf.get(cur);
        if (prog) return prog;
        cur = step.trace.processes.get(cur)?.ppid;
      }
      return undefined;
    };
    const visibleParent = (pid: number): number | undefined => {
      let cur = step.trace.processes.get(pid)?.ppid;
      for (let i = 0; i < 64 && cur !== undefined; i++) {
        if (progOf.has(cur) && !WRAPPERS.has(baseName(progOf.get(cur)?.exe ?? ''))) return cur;
        cur = step.trace.processes.get(cur)?.ppid;
      }
      return undefined;
    };
    let count = 0;
    for (const p of step.trace.processes.values()) {
      if (p.thread === true) continue;
      const prog = progOf.get(p.pid);
      if (!prog || WRAPPERS.has(baseName(prog.exe))) continue;
      if (++count > MAX_PROCESS_BEHAVIORS) break;
      const ppid = visibleParent(p.pid);
      const b: Behavior = {
        kind: 'process',
        phase: step.phase,
        pid: p.pid,
        summary: commandLine(prog.argv).slice(0, 400),
        detail: base({
          exe: prog.exe,
          argv: prog.argv.slice(0, 64),
          ...(p.exit !== undefined ? { exit: p.exit } : {}),
          ...(p.killedBy ? { killedBy: p.killedBy } : {}),
        }),
      };
      if (ppid !== undefined) b.ppid = ppid;
      out.push(b);
    }
    for (const l of step.leftovers ?? []) {
      const n = l.count ?? 1;
      const kept = l.keptMs !== undefined ? `, watched ${Math.round(l.keptMs / 1000)} s` : '';
      out.push({
        kind: 'process',
        phase: step.phase,
        pid: l.pid,
        summary: `${n > 1 ? `${n} processes` : 'a process'} ${l.ppid === 1 ? 'detached and ' : ''}still running after the step ended (${l.killed === false ? 'exited on its own' : 'killed'}${kept}): ${commandLine(l.argv).slice(0, 300)}`,
        detail: base({ argv: l.argv, leftRunning: true, detached: l.ppid === 1, count: n, killed: l.killed !== false }),
      });
    }
    for (const sg of step.trace.signals) {
      const prog = owner(sg.pid);
      out.push({
        kind: 'process',
        phase: step.phase,
        pid: sg.pid,
        summary:
          sg.target === -1
            ? `${prog ? baseName(prog.exe) : 'a process'} sent ${sg.signal} to every process it could reach`
            : `${prog ? baseName(prog.exe) : 'a process'} tried to send ${sg.signal} to process ${sg.target}, which is not its own (the sandbox supervisor or tracer): ${sg.errno ?? 'refused'}`,
        detail: base({ signal: sg.signal, target: sg.target, evidence: true, refused: !sg.ok, argv: prog?.argv.slice(0, 16) ?? [] }),
      });
    }

    const seenNet = new Set<string>();
    for (const c of step.trace.connects) {
      if (c.address === '127.0.0.1' && c.port === 53) continue;
      const name = nameByAddress.get(c.address);
      if (!name && isLoopback(c.address)) continue;
      const key = `${c.pid}|${c.address}|${c.port}`;
      if (seenNet.has(key)) continue;
      seenNet.add(key);
      const prog = owner(c.pid);
      const dest = name ? `${name}:${c.port}` : c.family === 'inet6' ? `[${c.address}]:${c.port}` : `${c.address}:${c.port}`;
      out.push({
        kind: 'network',
        phase: step.phase,
        pid: c.pid,
        summary: `${prog ? baseName(prog.exe) : 'a process'} connected to ${dest}${c.ok ? '' : ` (${c.errno ?? 'failed'})`}`,
        detail: base({
          destination: name ?? c.address,
          address: c.address,
          port: c.port,
          literalIp: !name,
          ok: c.ok,
          ...(c.errno ? { errno: c.errno } : {}),
          ...(prog ? { argv: prog.argv.slice(0, 16) } : {}),
        }),
      });
    }

    for (const f of step.trace.files) {
      const prog = owner(f.pid);
      const who = prog ? baseName(prog.exe) : 'a process';
      const whoArgv = prog?.argv.slice(0, 16) ?? [];
      if (f.op === 'chdir') {
        const m = /^\/\.airlock-decoy-(.+)$/.exec(f.path);
        if (m?.[1]) {
          const req = decoys.get(m[1]);
          out.push({
            kind: 'code-loaded',
            phase: step.phase,
            pid: f.pid,
            summary: `${who} executed the body served for ${req ? `${req.method ?? 'GET'} ${req.tls ? 'https' : 'http'}://${req.host ?? '?'}${req.path ?? ''}` : 'a recorded request'}`,
            detail: base({
              decoy: m[1],
              argv: whoArgv,
              ...(req ? { url: `${req.tls ? 'https' : 'http'}://${req.host ?? ''}${req.path ?? ''}`, host: req.host } : {}),
            }),
          });
        }
        continue;
      }
      const token =
        f.op === 'read' || f.op === 'write' || f.op === 'create'
          ? tokenPaths.find(t => t.abs === f.path || (t.dir !== undefined && t.dir === f.path && (f.flags ?? '').includes('O_DIRECTORY')))
          : undefined;
      if (token) {
        const expected = (token.token.expectedReaders ?? []).some(r =>
          whoArgv.some(a => baseName(a) === r || a.endsWith(`/${r}/bin/${r}-cli.js`) || a.endsWith(`/bin/${r}-cli.js`)),
        );
        out.push({
          kind: 'honeytoken',
          phase: step.phase,
          pid: f.pid,
          summary: `${who} ${f.op === 'read' ? 'read' : 'opened for writing'} ${token.token.label} (~/${token.token.path})`,
          detail: base({
            token: token.token.id,
            label: token.token.label,
            path: f.path,
            op: f.op,
            ok: f.ok,
            expectedReader: expected,
            argv: whoArgv,
          }),
        });
        continue;
      }
      const target = f.path;
      const inAirlock = (x: string | undefined): boolean => x !== undefined && (x === AIRLOCK_DIR || x.startsWith(`${AIRLOCK_DIR}/`));
      if (inAirlock(target) || (f.op === 'rename' && inAirlock(f.from))) {
        const opensDir = (f.flags ?? '').includes('O_DIRECTORY');
        if (f.op === 'read' && (opensDir || !AIRLOCK_SECRETS.test(target))) continue;
        out.push({
          kind: f.op === 'read' ? 'file-read' : 'file-write',
          phase: step.phase,
          pid: f.pid,
          summary: `${who} ${f.op === 'read' ? 'tried to read' : `tried to ${f.op === 'unlink' ? 'delete' : f.op === 'symlink' ? 'plant a symlink at' : f.op === 'rename' ? 'replace' : 'write'}`} the sandbox's own ${target}${f.ok ? '' : ` (${f.errno ?? 'failed'})`}`,
          detail: base({ path: target, op: f.op, ok: f.ok, evidence: true, ...(f.errno ? { errno: f.errno } : {}), argv: whoArgv }),
        });
        continue;
      }
      if (f.op === 'read' || (f.op === 'mkdir' && f.errno === 'EEXIST')) continue;
      const persist = PERSISTENCE.find(p => p.re.test(target) && !target.startsWith(ctx.repoDir + '/'));
      if (persist) {
        out.push({
          kind: 'persistence',
          phase: step.phase,
          pid: f.pid,
          summary: `${who} tried to change a ${persist.what}: ${target}${f.ok ? '' : ` (${f.errno ?? 'failed'})`}`,
          detail: base({ path: target, what: persist.what, op: f.op, ok: f.ok, ...(f.errno ? { errno: f.errno } : {}), argv: whoArgv }),
        });
        continue;
      }
      if (target === ctx.repoDir || target.startsWith(ctx.repoDir + '/')) continue;
      if (ORDINARY_WRITE_DIRS.some(d => target.startsWith(d)) || target === '/dev/null' || target === '/tmp') continue;
      if (target.startsWith(ctx.homeDir + '/') && ORDINARY_HOME_DIRS.some(d => `${target}/`.startsWith(`${ctx.homeDir}/${d}`))) continue;
      if (target.startsWith('/.airlock-decoy-')) continue;
      out.push({
        kind: 'file-write',
        phase: step.phase,
        pid: f.pid,
        summary: `${who} ${f.op === 'unlink' ? 'deleted' : f.op === 'mkdir' ? 'created the folder' : 'wrote'} ${target} outside the repository${f.ok ? '' : ` (${f.errno ?? 'failed'})`}`,
        detail: base({ path: target, op: f.op, ok: f.ok, ...(f.errno ? { errno: f.errno } : {}), argv: whoArgv }),
      });
    }
  }

  // The network sinks see requests, not processes: a request belongs to the step whose traced
  // processes connected to that name or address; the phase's first step only when none did.
  const stepOfDestination = new Map<string, StepTrace>();
  for (const step of steps) {
    for (const c of step.trace.connects) {
      for (const dest of [c.address, nameByAddress.get(c.address)]) {
        if (dest === undefined) continue;
        const key = `${step.phase}\u0000${dest.toLowerCase()}`;
        if (!stepOfDestination.has(key)) stepOfDestination.set(key, step);
      }
    }
  }
  const dnsSeen = new Map<string, Behavior>();
  for (const e of net) {
    const destination = e.kind === 'http' ? hostOnly(e.host ?? e.address ?? '') : e.kind === 'tls' ? e.sni : (e.name ?? e.address);
    const step = destination === undefined ? undefined : stepOfDestination.get(`${e.phase}\u0000${destination.toLowerCase()}`);
    const source = step ? step.source : ctx.phaseSource.get(e.phase);
    const base = (detail: Record<string, unknown>): Record<string, unknown> => ({
      ...(step ? { step: step.label } : {}),
      ...(source ? { source } : {}),
      ...detail,
    });
    switch (e.kind) {
      case 'dns':
        if (!e.name || e.name === 'localhost' || e.name.endsWith('.localhost')) break;
        {
          const key = `${e.phase}\u0000${e.name.toLowerCase()}`;
          const prev = dnsSeen.get(key);
          if (prev) {
            const types = prev.detail?.['qtypes'];
            if (Array.isArray(types) && !types.includes(e.qtype)) types.push(e.qtype);
            if (e.answer && prev.detail) prev.detail['answer'] = e.answer;
            prev.summary = `looked up ${e.name} (${Array.isArray(types) ? types.join(', ') : ''})`;
            break;
          }
          const b: Behavior = {
            kind: 'dns',
            phase: e.phase,
            summary: `looked up ${e.name} (${e.qtype ?? '?'})`,
            detail: base({ name: e.name, qtypes: [e.qtype ?? '?'], ...(e.answer ? { answer: e.answer } : {}) }),
          };
          dnsSeen.set(key, b);
          out.push(b);
        }
        break;
      case 'http': {
        const scheme = e.tls ? 'https' : 'http';
        const url = `${scheme}://${e.host ?? e.address ?? '?'}${e.path ?? '/'}`;
        const h = e.honeytokens ?? [];
        out.push({
          kind: 'http',
          phase: e.phase,
          summary: `${e.method ?? 'GET'} ${url} (${e.bodyBytes ?? 0} bytes sent${h.length > 0 ? `, carrying ${h.join(', ')}` : ''})`,
          detail: base({
            method: e.method,
            url,
            host: hostOnly(e.host ?? e.address ?? ''),
            path: e.path,
            port: e.port,
            tls: e.tls === true,
            headers: trimHeaders(e.headers),
            bodyBytes: e.bodyBytes ?? 0,
            honeytokens: h,
            decoy: e.decoy,
          }),
        });
        break;
      }
      case 'tls':
        out.push({
          kind: 'network',
          phase: e.phase,
          summary: `TLS handshake for ${e.sni ?? '(no name)'}`,
          detail: base({ destination: e.sni, sni: e.sni, tls: true }),
        });
        break;
      case 'tcp':
        out.push({
          kind: 'network',
          phase: e.phase,
          summary: `raw TCP to ${e.name ?? e.address ?? '?'}:${e.port ?? '?'} (${e.firstBytes ?? 0} bytes)${(e.honeytokens ?? []).length > 0 ? ` carrying ${(e.honeytokens ?? []).join(', ')}` : ''}`,
          detail: base({ destination: e.name ?? e.address, port: e.port, bytes: e.firstBytes, honeytokens: e.honeytokens ?? [] }),
        });
        break;
      case 'sink-error':
        break;
    }
  }
  return out;
}

function hostOnly(host: string): string {
  const h = host.replace(/^\[|\](:\d+)?$/g, '');
  const colon = h.lastIndexOf(':');
  return colon > 0 && !h.includes('::') && /^\d+$/.test(h.slice(colon + 1)) ? h.slice(0, colon) : h;
}

function trimHeaders(headers: Record<string, unknown> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers ?? {}).slice(0, 40)) out[k.slice(0, 100)] = String(v).slice(0, 300);
  return out;
}
