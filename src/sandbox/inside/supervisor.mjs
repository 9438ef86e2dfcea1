// The detonation supervisor: the first process inside the sandbox (plain JavaScript, run by the
// system's node). It keeps the capabilities the sandbox grants it (network administration, low
// ports, dropping capabilities) only for itself: it makes every IPv4 address local to the loopback
// so literal-IP beacons reach a sink, starts the network sinks, copies the repository and the
// honeytoken home into size-capped tmpfs, then runs each phase's commands under strace, with all
// capabilities dropped, no_new_privs, resource limits and a wall-clock deadline. Whatever a step
// leaves running is recorded and killed before the next one. Results go to the out folder.
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { setTimeout } from 'node:timers';
import { startSinks } from '../network/sinks.mjs';

const config = JSON.parse(readFileSync(process.argv[2] ?? '/.airlock/config.json', 'utf8'));
const out = config.outDir;
const events = createWriteStream(join(out, 'net.jsonl'));
let phaseName = 'setup';
const record = e => events.write(JSON.stringify({ t: Date.now(), ...e }) + '\n');
const progress = message => process.stdout.write(JSON.stringify({ progress: message }) + '\n');
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

async function runStep(phase, step, index, deadline) {
  const trace = join(out, `${phase.name}-${index}.trace`);
  const limits = config.limits;
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
  const result = { label: step.label, command: step.command, trace: `${phase.name}-${index}.trace` };
  if (step.source) result.source = step.source;
  let sawChild = false;
  let port;
  let requestsDone = false;
  let settleUntil;
  let status;
  const requests = [];
  while (!exit) {
    await sleep(100);
    if (exit) break;
    const list = procs();
    const mainAlive = list.some(p => p.ppid === child.pid);
    if (mainAlive) sawChild = true;
    if (!mainAlive && (sawChild || Date.now() - started > 2000)) {
      status = 'exited';
      break;
    }
    if (Date.now() > deadline) {
      status = 'timeout';
      break;
    }
    try {
      if (statSync(trace).size > config.limits.traceBytes) {
        status = 'trace-limit';
        break;
      }
    } catch {
      // not created yet
    }
    if (phase.server && port === undefined) {
      port = listeningPorts()[0];
      if (port !== undefined) progress(`${phase.name}: listening on ${port}, requesting ${phase.requests.length} route(s)`);
    }
    if (phase.server && port !== undefined && !requestsDone) {
      requestsDone = true;
      for (const path of phase.requests) {
        if (Date.now() > deadline) break;
        requests.push(await httpGet(port, path, Math.max(1000, Math.min(20000, deadline - Date.now()))));
      }
      settleUntil = Date.now() + config.settleMs;
    }
    if (settleUntil !== undefined && Date.now() > settleUntil) {
      status = 'stopped';
      break;
    }
  }
  if (!status) status = 'exited';
  const leftovers = [];
  if (!phase.server || status === 'exited') {
    const byArgv = new Map();
    for (const p of foreign(new Set())) {
      if (p.state === 'Z') continue;
      const argv = argvOf(p.pid);
      if (argv.length === 0) continue;
      const key = argv.join('\0');
      const seen = byArgv.get(key);
      if (seen) seen.count++;
      else if (byArgv.size < 20) byArgv.set(key, { pid: p.pid, ppid: p.ppid, argv, count: 1 });
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
      port !== undefined
        ? 'listening'
        : status === 'exited'
          ? 'exited-before-listening'
          : status === 'trace-limit'
            ? status
            : 'never-listened';
  else if (status === 'timeout' || status === 'trace-limit') result.status = status;
  else result.status = code === 0 ? 'ok' : 'failed';
  if (port !== undefined) result.port = port;
  if (requests.length > 0) result.requests = requests;
  if (leftovers.length > 0) result.leftovers = leftovers;
  result.stdout = stdout.text();
  result.stderr = stderr.text();
  result.stdoutBytes = stdout.total;
  result.stderrBytes = stderr.total;
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
  const copy = spawnSync('/bin/cp', ['-dR', '--preserve=mode,timestamps', `${config.srcDir}/.`, config.repoDir], { encoding: 'utf8' });
  const home = spawnSync('/bin/cp', ['-dR', '--preserve=mode,timestamps', `${config.homeSrc}/.`, config.homeDir], { encoding: 'utf8' });
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
  await new Promise(r => events.end(r));
  writeFileSync(join(out, 'result.json'), JSON.stringify({ setup, phases }));
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
