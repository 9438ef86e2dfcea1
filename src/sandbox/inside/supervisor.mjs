// The detonation supervisor: the first process inside the sandbox (plain JavaScript, run by the
// system's node). It keeps the capabilities the sandbox grants it (network administration, low
// ports, dropping capabilities) only for itself: it makes every IPv4 address local to the loopback
// so literal-IP beacons reach a sink, starts the network sinks, copies the repository and the
// honeytoken home into size-capped tmpfs, then runs each phase's commands under strace, with all
// capabilities dropped, no_new_privs, resource limits and a wall-clock deadline. Whatever a step
// leaves running is kept until the phase deadline or until it goes quiet, reported as detached,
// then killed before the next step. When the sandbox maps a second user (config.payloadUid),
// everything the repository runs runs as that user: it cannot signal the supervisor or the
// tracer, read the run configuration (decoy list) or the CA key, or touch the out folder, which
// only the supervisor's user can open. Results, traces, a step ledger and sink events go to the
// out folder; the traces there together stay under one byte budget.
import { spawn, spawnSync } from 'node:child_process';
import {
  appendFileSync,
  chownSync,
  closeSync,
  existsSync,
  fstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  readdirSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { setTimeout } from 'node:timers';
import { startSinks } from '../network/sinks.mjs';

const config = JSON.parse(readFileSync(process.argv[2] ?? '/.airlock/config.json', 'utf8'));
const out = config.outDir;
const eventsFd = openSync(join(out, 'net.jsonl'), 'wx', 0o600);
let phaseName = 'setup';
let eventCount = 0;
const maxEvents = config.maxEvents ?? 20000;
const record = e => {
  if (eventCount > maxEvents) return;
  eventCount++;
  const line =
    eventCount > maxEvents ? { t: Date.now(), kind: 'sink-error', sink: 'log', message: 'event limit reached' } : { t: Date.now(), ...e };
  writeSync(eventsFd, JSON.stringify(line) + '\n');
};
const ledger = entry => appendFileSync(join(out, 'ledger.jsonl'), JSON.stringify(entry) + '\n', { mode: 0o600 });
const runStarted = Date.now();
const progress = message => process.stdout.write(JSON.stringify({ progress: message, elapsedMs: Date.now() - runStarted }) + '\n');
const asPayload = config.payloadUid === undefined ? [] : [`--reuid=${config.payloadUid}`, `--regid=${config.payloadUid}`, '--clear-groups'];
let traceUsed = 0;
const sleep = ms => new Promise(r => setTimeout(r, ms));
const self = process.pid;

function procs() {
  const list = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const pid = Number(name);
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      list.push({ pid, ppid: Number(rest[1]), state: rest[0] });
    } catch {
      // exited meanwhile
    }
  }
  return list;
}

function argvOf(pid) {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'latin1').split('\0').filter(Boolean).slice(0, 32);
  } catch {
    return [];
  }
}

/** Processes that are not the sandbox init, the supervisor, or the supervisor's own helpers. */
function foreign(keep) {
  return procs().filter(p => p.pid !== 1 && p.pid !== self && p.ppid !== self && !keep.has(p.pid));
}

async function killForeign(keep = new Set()) {
  for (let pass = 0; pass < 200; pass++) {
    const list = foreign(keep).filter(p => p.state !== 'Z');
    if (list.length === 0) return;
    for (const p of list) {
      try {
        process.kill(p.pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
    await sleep(pass < 10 ? 10 : 50);
  }
}

function listeningPorts() {
  const ports = new Set();
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text;
    try {
      text = readFileSync(file, 'latin1');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols[3] !== '0A' || !cols[1]) continue;
      const port = parseInt(cols[1].split(':')[1] ?? '', 16);
      if (!config.sinkPorts.includes(port) && port !== 53) ports.add(port);
    }
  }
  return [...ports].sort((a, b) => a - b);
}

class Capped {
  constructor(limit) {
    this.limit = limit;
    this.head = [];
    this.headBytes = 0;
    this.tail = Buffer.alloc(0);
    this.total = 0;
  }
  push(chunk) {
    this.total += chunk.length;
    if (this.headBytes < this.limit) {
      const take = chunk.subarray(0, this.limit - this.headBytes);
      this.head.push(take);
      this.headBytes += take.length;
      chunk = chunk.subarray(take.length);
    }
    if (chunk.length > 0) {
      const tailLimit = Math.floor(this.limit / 4);
      this.tail = Buffer.concat([this.tail, chunk]);
      if (this.tail.length > tailLimit) this.tail = this.tail.subarray(this.tail.length - tailLimit);
    }
  }
  text() {
    const head = Buffer.concat(this.head).toString('utf8');
    if (this.total <= this.headBytes) return head;
    return `${head}\n… [${this.total - this.headBytes - this.tail.length} bytes not kept] …\n${this.tail.toString('utf8')}`;
  }
}

function httpGet(port, path, timeoutMs) {
  return new Promise(resolve => {
    const started = Date.now();
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: 'GET',
        headers: { host: `localhost:${port}`, accept: 'text/html,application/json,*/*' },
        timeout: timeoutMs,
      },
      res => {
        let bytes = 0;
        res.on('data', c => {
          bytes += c.length;
        });
        res.on('end', () => resolve({ path, status: res.statusCode, bytes, ms: Date.now() - started }));
        res.on('error', () => resolve({ path, status: res.statusCode, bytes, ms: Date.now() - started }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', err => resolve({ path, error: String(err.message), ms: Date.now() - started }));
    req.end();
  });
}

/** CPU ticks of a process (utime + stime), 0 when it is gone. */
function ticksOf(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(rest[11]) + Number(rest[12]);
  } catch {
    return 0;
  }
}

function sizeOf(file) {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

/** Requests every route on a port, one after the other, until the deadline. */
async function requestAll(port, routes, deadline, into) {
  for (const path of routes) {
    if (Date.now() > deadline) break;
    const r = await httpGet(port, path, Math.max(1000, Math.min(20000, deadline - Date.now())));
    into.push({ port, ...r });
  }
}

async function runStep(phase, step, index, deadline) {
  const name = `${phase.name}-${index}.trace`;
  const trace = join(out, name);
  const limits = config.limits;
  const budget = Math.max(0, limits.traceBytes - traceUsed);
  ledger({ step: name, phase: phase.name, label: step.label, command: step.command, started: Date.now() });
  const args = [
    '-f',
    '--seccomp-bpf',
    '-tt',
    '-q',
    '-s',
    '256',
    '-e',
    `trace=${config.syscalls}`,
    '-o',
    trace,
    '--',
    config.tools.setpriv,
    ...asPayload,
    '--inh-caps=-all',
    '--ambient-caps=-all',
    '--bounding-set=-all',
    '--no-new-privs',
    '--',
    config.tools.prlimit,
    `--nproc=${limits.processes}`,
    `--cpu=${limits.cpuSeconds}`,
    `--fsize=${limits.fileBytes}`,
    `--data=${limits.memoryBytes}`,
    '--core=0',
    '--nofile=4096',
    '--',
    '/bin/sh',
    '-c',
    step.command,
  ];
  const env = { ...config.env, ...(phase.env ?? {}), ...(step.env ?? {}) };
  const started = Date.now();
  const child = spawn(config.tools.strace, args, { cwd: step.cwd ?? config.repoDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const stdout = new Capped(config.limits.outputBytes);
  const stderr = new Capped(config.limits.outputBytes);
  child.stdout.on('data', c => stdout.push(c));
  child.stderr.on('data', c => stderr.push(c));
  let exit;
  const closed = new Promise(resolve => child.on('close', (code, signal) => resolve({ code, signal })));
  closed.then(v => {
    exit = v;
  });
  const result = { label: step.label, command: step.command, trace: name };
  if (step.source) result.source = step.source;
  let sawChild = false;
  let status;
  let mainExitedAt;
  const ports = [];
  const requests = [];
  let requesting;
  let settleUntil;
  const detached = new Map();
  let quietSig = '';
  let quietSince = 0;
  let lastProgress = 0;
  while (!exit) {
    await sleep(100);
    const now = Date.now();
    if (now - lastProgress > 5000) {
      lastProgress = now;
      progress(`${phase.name}: ${step.label} (${Math.round((now - started) / 1000)} s)`);
    }
    if (now > deadline) {
      status = status ?? 'timeout';
      break;
    }
    if (sizeOf(trace) > budget) {
      status = 'trace-limit';
      break;
    }
    const list = procs();
    if (mainExitedAt === undefined) {
      if (exit) break;
      const mainAlive = list.some(p => p.ppid === child.pid);
      if (mainAlive) sawChild = true;
      if (!mainAlive && (sawChild || now - started > 2000)) {
        status = 'exited';
        // The main process is gone; what it left running (detached downloaders, daemons) is
        // watched until it goes quiet or the phase deadline, then killed.
        const left = foreign(new Set()).filter(p => p.state !== 'Z' && p.pid !== child.pid);
        if (left.length === 0) break;
        mainExitedAt = now;
        progress(`${phase.name}: ${left.length} process(es) still running after "${step.label}" ended; watching them`);
      }
    }
    if (phase.server) {
      for (const port of listeningPorts()) {
        if (ports.includes(port)) continue;
        ports.push(port);
        progress(`${phase.name}: listening on ${port}, requesting ${phase.requests.length} route(s)`);
        const prev = requesting ?? Promise.resolve();
        requesting = prev.then(() => requestAll(port, phase.requests, deadline, requests));
        settleUntil = undefined;
        const mine = requesting;
        mine.then(() => {
          if (requesting === mine) settleUntil = Date.now() + config.settleMs;
        });
      }
      if (settleUntil !== undefined && now > settleUntil) {
        status = 'stopped';
        break;
      }
    }
    if (mainExitedAt !== undefined) {
      const left = foreign(new Set()).filter(p => p.state !== 'Z' && p.pid !== child.pid);
      for (const p of left) {
        if (detached.has(p.pid) || detached.size >= 40) continue;
        const argv = argvOf(p.pid);
        if (argv.length > 0) detached.set(p.pid, { pid: p.pid, ppid: p.ppid, argv });
      }
      if (left.length === 0) break;
      if (ports.length > 0) continue;
      const sig = `${left.map(p => `${p.pid}:${ticksOf(p.pid)}`).join(',')}|${sizeOf(trace)}`;
      if (sig !== quietSig) {
        quietSig = sig;
        quietSince = now;
      } else if (now - quietSince >= config.quietMs) {
        status = 'exited';
        break;
      }
    }
  }
  if (!status) status = 'exited';
  const leftovers = [];
  if (!phase.server || status === 'exited') {
    const byArgv = new Map();
    const still = new Set(
      foreign(new Set())
        .filter(p => p.state !== 'Z')
        .map(p => p.pid),
    );
    const seen = new Map(detached);
    for (const pid of still) {
      if (seen.has(pid)) continue;
      const argv = argvOf(pid);
      const p = procs().find(x => x.pid === pid);
      if (argv.length > 0) seen.set(pid, { pid, ppid: p?.ppid ?? 0, argv });
    }
    for (const p of seen.values()) {
      const key = p.argv.join('\0');
      const prev = byArgv.get(key);
      if (prev) {
        prev.count++;
        if (still.has(p.pid)) prev.killed = true;
      } else if (byArgv.size < 20)
        byArgv.set(key, {
          pid: p.pid,
          ppid: p.ppid,
          argv: p.argv,
          count: 1,
          killed: still.has(p.pid),
          ...(mainExitedAt !== undefined ? { keptMs: Date.now() - mainExitedAt } : {}),
        });
    }
    leftovers.push(...byArgv.values());
  }
  await killForeign();
  const final = await Promise.race([closed, sleep(5000).then(() => undefined)]);
  if (!final) {
    child.kill('SIGKILL');
    await closed;
  }
  const { code, signal } = exit ?? (await closed);
  result.durationMs = Date.now() - started;
  result.exitCode = code;
  if (signal) result.signal = signal;
  if (phase.server)
    result.status =
      ports.length > 0
        ? 'listening'
        : status === 'exited'
          ? 'exited-before-listening'
          : status === 'trace-limit'
            ? status
            : 'never-listened';
  else if (status === 'timeout' || status === 'trace-limit') result.status = status;
  else result.status = code === 0 ? 'ok' : 'failed';
  if (ports.length > 0) {
    result.port = ports[0];
    result.ports = ports;
  }
  if (requests.length > 0) result.requests = requests;
  if (leftovers.length > 0) result.leftovers = leftovers;
  result.stdout = stdout.text();
  result.stderr = stderr.text();
  result.stdoutBytes = stdout.total;
  result.stderrBytes = stderr.total;
  // What the host checks the trace against: a trace that shrank, vanished or was replaced after
  // this point was tampered with.
  try {
    const fd = openSync(trace, 'r');
    const st = fstatSync(fd);
    closeSync(fd);
    result.traceSize = st.size;
    result.traceIno = st.ino;
    traceUsed += st.size;
  } catch {
    result.traceSize = -1;
  }
  ledger({ step: name, done: true, size: result.traceSize, ino: result.traceIno ?? 0 });
  return result;
}

async function main() {
  const setup = { notes: [] };
  const t0 = Date.now();
  const route = spawnSync(config.tools.ip, ['route', 'add', 'local', '0.0.0.0/0', 'dev', 'lo'], { encoding: 'utf8' });
  setup.anyIp = route.status === 0;
  if (!setup.anyIp)
    setup.notes.push(
      `connects to literal IPs fail with "network unreachable" (only recorded by the tracer): ${(route.stderr || '').trim()}`,
    );
  mkdirSync(config.repoDir, { recursive: true });
  if (config.payloadUid !== undefined) {
    // The home (and the repository copy in it) belongs to the user the repository runs as.
    chownSync(config.homeDir, config.payloadUid, config.payloadUid);
    chownSync(join(config.homeDir, 'projects'), config.payloadUid, config.payloadUid);
    chownSync(config.repoDir, config.payloadUid, config.payloadUid);
  }
  const cp = (from, to) =>
    spawnSync(config.tools.setpriv, [...asPayload, '--', '/bin/cp', '-dR', '--preserve=mode,timestamps', `${from}/.`, to], {
      encoding: 'utf8',
    });
  const copy = cp(config.srcDir, config.repoDir);
  const home = cp(config.homeSrc, config.homeDir);
  setup.copyMs = Date.now() - t0;
  if (copy.status !== 0) setup.error = `copying the repository into the sandbox failed: ${(copy.stderr || '').trim().slice(0, 500)}`;
  if (home.status !== 0) setup.notes.push(`copying the honeytoken home failed: ${(home.stderr || '').trim().slice(0, 300)}`);
  const sinks = startSinks(config, record, () => phaseName);
  await sleep(50);
  const phases = [];
  if (!setup.error) {
    for (const phase of config.phases) {
      phaseName = phase.name;
      progress(`phase ${phase.name}`);
      const started = Date.now();
      const deadline = started + phase.timeoutMs;
      const steps = [];
      for (const f of phase.files ?? []) {
        // Files Airlock adds to the copy so that the trigger runs fully (a probe test file),
        // written as the repository's user; an existing file is left alone.
        const file = join(config.repoDir, f.path);
        if (existsSync(file)) continue;
        const w = spawnSync(config.tools.setpriv, [...asPayload, '--', '/usr/bin/tee', file], {
          input: f.content,
          stdio: ['pipe', 'ignore', 'pipe'],
          encoding: 'utf8',
        });
        if (w.status !== 0) setup.notes.push(`${phase.name}: could not add ${f.path}: ${(w.stderr || '').trim().slice(0, 200)}`);
      }
      for (const [i, step] of phase.steps.entries()) {
        if (Date.now() > deadline) {
          steps.push({ label: step.label, command: step.command, status: 'skipped', reason: 'phase deadline reached' });
          continue;
        }
        steps.push(await runStep(phase, step, i, deadline));
      }
      phases.push({ name: phase.name, durationMs: Date.now() - started, steps });
    }
  }
  phaseName = 'teardown';
  await killForeign();
  sinks.close();
  closeSync(eventsFd);
  writeFileSync(join(out, 'result.json'), JSON.stringify({ setup, phases }), { mode: 0o600 });
  progress('done');
  process.exit(0);
}

main().catch(err => {
  writeFileSync(
    join(out, 'result.json'),
    JSON.stringify({ setup: { error: `supervisor failed: ${err && err.message ? err.message : String(err)}`, notes: [] }, phases: [] }),
  );
  process.exit(3);
});
