/**
 * `detonate`: run a repository's triggers inside the sandbox and report what the code tried to do.
 *
 * Host side, in order: read the static execution map (scan), pick a backend (or refuse), stage a
 * work folder (a copy of the repository, the honeytoken home, the per-run CA, a synthetic /etc,
 * the supervisor and its config), optionally fetch dependencies with scripts disabled, run the
 * sandbox with an overall deadline, then parse the traces and sink events into behaviours, run
 * the runtime rules and build the report. The original repository is only ever read.
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { acquire } from '../acquire/index.ts';
import { defaultScanOptions } from '../core/defaults.ts';
import { EnvironmentError, InputError, errorMessage } from '../core/errors.ts';
import type { Rule } from '../core/rule.ts';
import { compareFindings, countSeverities, verdictOf } from '../core/severity.ts';
import type { Behavior, Finding, Location, Report, Surface } from '../core/types.ts';
import { runEngine } from '../engine/scan.ts';
import { baseName, joinAbs, resolveAbs } from '../fs/path.ts';
import { selectBackend } from './backend.ts';
import type { BackendChoice, SelectedBackend } from './backend.ts';
import { NOBODY, bwrapCommand, findTool } from './backends/bwrap.ts';
import { containerCommand } from './backends/container.ts';
import type { SandboxCommand, SandboxPlan } from './backends/types.ts';
import { INSIDE } from './backends/types.ts';
import { buildBehaviors } from './behaviors.ts';
import type { NetEvent, StepTrace } from './behaviors.ts';
import { plantHoneytokens } from './honeytokens.ts';
import { createRunCa } from './network/ca.ts';
import { DEFAULT_PHASES, planPhases, readPackage } from './phases.ts';
import type { PhaseName, PhasePlan, Step } from './phases.ts';
import { SYSCALLS, parseTrace } from './trace.ts';
import type { ParsedTrace } from './trace.ts';

export interface DetonateOptions {
  phases?: readonly PhaseName[];
  /** Wall-clock limit per phase, seconds. */
  timeoutSeconds?: number;
  backend?: BackendChoice;
  /** Use only the dependencies already present; fetch nothing. */
  offline?: boolean;
  /** Keep the work folder (traces, copy, events) and say where it is. */
  keepWorkdir?: boolean;
  /** Merge the static scan of the same target into the report. */
  withScan?: boolean;
  /** Explicit steps per phase instead of the derived ones (tests, embedding). */
  commands?: Partial<Record<PhaseName, Step[]>>;
  /** Rules of the static scan (execution map for `open`, and --with-scan). Default: all scan rules. */
  scanRules?: readonly Rule[];
  /** Runtime rules. Default: all detonate rules. */
  rules?: readonly Rule[];
  /** Seconds the dev server keeps running after its routes were requested (default 5). */
  settleSeconds?: number;
  limits?: Partial<Limits>;
  registryUrl?: string;
  /** Docker/Podman image. */
  image?: string;
  onProgress?: (message: string) => void;
}

export interface Limits {
  processes: number;
  cpuSeconds: number;
  memoryBytes: number;
  fileBytes: number;
  diskBytes: number;
  tmpBytes: number;
  outputBytes: number;
  traceBytes: number;
}

export const DEFAULT_LIMITS: Limits = {
  processes: 512,
  cpuSeconds: 300,
  memoryBytes: 4 * 1024 ** 3,
  fileBytes: 512 * 1024 ** 2,
  diskBytes: 3 * 1024 ** 3,
  tmpBytes: 1024 ** 3,
  outputBytes: 64 * 1024,
  traceBytes: 400 * 1024 ** 2,
};

const SINK_PORTS = [80, 443, 1224, 1244, 1245, 1248, 4553, 4556];
const SUPERVISOR_FILES = ['inside/supervisor.mjs', 'network/sinks.mjs'];
const ETC_KEEP = [
  'ssl',
  'ca-certificates',
  'ca-certificates.conf',
  'alternatives',
  'nsswitch.conf',
  'ld.so.cache',
  'ld.so.conf',
  'ld.so.conf.d',
  'localtime',
  'mime.types',
  'protocols',
  'services',
  'host.conf',
  'gai.conf',
  'os-release',
  'debian_version',
  'profile',
  'bash.bashrc',
  'inputrc',
  'npmrc',
  'environment',
  'timezone',
  'magic',
  'gitconfig',
];

interface StepResult {
  label: string;
  command: string;
  status: string;
  reason?: string;
  exitCode?: number | null;
  signal?: string;
  durationMs?: number;
  trace?: string;
  source?: Location;
  port?: number;
  requests?: { path: string; status?: number; bytes?: number; error?: string; ms: number }[];
  leftovers?: { pid: number; ppid: number; argv: string[]; count?: number }[];
  stdout?: string;
  stderr?: string;
  stdoutBytes?: number;
  stderrBytes?: number;
}

interface SupervisorResult {
  setup: { error?: string; notes: string[]; anyIp?: boolean; copyMs?: number };
  phases: { name: string; durationMs: number; steps: StepResult[] }[];
}

export async function detonate(
  target: string,
  options: DetonateOptions,
  rulesDefault: { scan: readonly Rule[]; runtime: readonly Rule[] },
): Promise<Report> {
  const started = performance.now();
  const progress = options.onProgress ?? ((): void => undefined);
  const phases = options.phases ?? DEFAULT_PHASES;
  const timeoutMs = Math.max(1, options.timeoutSeconds ?? 60) * 1000;
  const limits: Limits = { ...DEFAULT_LIMITS, ...options.limits };
  const scanOptions = {
    ...defaultScanOptions(),
    provenance: options.withScan === true,
    ...(options.registryUrl ? { registryUrl: options.registryUrl } : {}),
  };
  const acquired = await acquire(target, scanOptions, progress);
  const timing: Report['timing'] = { totalMs: 0 };
  const notes: string[] = [...acquired.notes];
  let work: string | undefined;
  try {
    progress('reading the execution map');
    let t = performance.now();
    const staticReport = await runEngine({
      root: acquired.root,
      target: { path: acquired.kind === 'directory' ? target : acquired.spec, kind: acquired.kind },
      options: { ...scanOptions, origin: acquired.spec },
      rules: options.scanRules ?? rulesDefault.scan,
    });
    timing['scanMs'] = Math.round(performance.now() - t);

    const backend = selectBackend(options.backend ?? 'auto', options.image);
    notes.push(`sandbox: ${backend.description}`);
    const tools = requireTools(backend);

    work = mkdtempSync(joinAbs(tmpdir(), 'airlock-detonate-'));
    const staging = joinAbs(work, 'stage');
    const outDir = joinAbs(work, 'out');
    for (const d of [
      staging,
      outDir,
      joinAbs(staging, 'src'),
      joinAbs(staging, 'home'),
      joinAbs(staging, 'tls'),
      joinAbs(staging, 'etc'),
      joinAbs(staging, 'out'),
    ])
      mkdirSync(d, { recursive: true });
    if (backend.name === 'bwrap' && backend.probe.mode === 'drop-to-nobody') for (const d of [work, staging]) chmodSync(d, 0o755);

    // The sandbox copies the repository into its own tmpfs from a read-only mount: the original
    // when the sandbox user can read it and nothing has to be added to it, else a host-side copy.
    const wantFetch = phases.includes('install') && options.offline !== true && !options.commands?.install && needsFetch(acquired.root);
    let sourceDir = acquired.root;
    if (wantFetch || !readableBySandbox(acquired.root, backend)) {
      progress('copying the repository');
      t = performance.now();
      sourceDir = joinAbs(staging, 'src');
      copyRepository(acquired.root, sourceDir);
      timing['copyMs'] = Math.round(performance.now() - t);
    }
    if (wantFetch) {
      t = performance.now();
      const fetched = await fetchDependencies(sourceDir, backend, tools, scanOptions.registryUrl, progress);
      if (fetched) notes.push(fetched);
      timing['fetchMs'] = Math.round(performance.now() - t);
    } else if (phases.includes('install') && options.offline === true) {
      notes.push('offline: no dependencies were fetched; install scripts ran over what the repository already holds');
    } else if (phases.includes('install') && existsSync(joinAbs(acquired.root, 'node_modules'))) {
      notes.push('dependencies: using the node_modules the repository already holds (nothing fetched)');
    }

    const runId = randomBytes(4).toString('hex').toUpperCase();
    const honey = plantHoneytokens(joinAbs(staging, 'home'), runId);
    const ca = createRunCa(findTool('openssl'), joinAbs(staging, 'tls'), runId);
    if (!ca) notes.push('openssl is missing: HTTPS requests are recorded by name (SNI) only');
    writeEtc(joinAbs(staging, 'etc'));
    const supervisorDir = fileURLToPath(new URL('.', import.meta.url));
    for (const f of SUPERVISOR_FILES) {
      mkdirSync(joinAbs(staging, 'supervisor', f, '..'), { recursive: true });
      cpSync(joinAbs(supervisorDir, f), joinAbs(staging, 'supervisor', f));
    }

    const repoDir = `${INSIDE.homeDir}/projects/${safeName(baseName(acquired.root))}`;
    const plans = planPhases({
      root: sourceDir,
      phases,
      surfaces: staticReport.executionMap,
      ...(options.commands ? { commands: options.commands } : {}),
    });
    const runnable = plans.filter(p => p.steps.length > 0);
    const inside = (name: string): string => `${INSIDE.tls}/${name}`;
    const config = {
      runId,
      repoDir,
      homeDir: INSIDE.homeDir,
      srcDir: INSIDE.src,
      homeSrc: INSIDE.home,
      outDir: INSIDE.out,
      sinkPorts: SINK_PORTS,
      syscalls: SYSCALLS,
      settleMs: (options.settleSeconds ?? 5) * 1000,
      limits,
      tools: { strace: tools.strace, setpriv: tools.setpriv, prlimit: tools.prlimit, ip: tools.ip ?? '/bin/false' },
      tls: ca
        ? {
            openssl: findTool('openssl'),
            caCert: inside('ca.crt'),
            caKey: inside('ca.key'),
            leafKey: inside('leaf.key'),
            leafCsr: inside('leaf.csr'),
          }
        : undefined,
      tokens: [...honey.tokens, ...honey.envTokens].map(tk => ({ id: tk.id, needle: tk.needle })),
      env: {
        HOME: INSIDE.homeDir,
        USER: 'dev',
        LOGNAME: 'dev',
        SHELL: '/bin/bash',
        PATH: `${tools.nodeBin}:/usr/local/bin:/usr/bin:/bin`,
        LANG: 'C.UTF-8',
        TERM: 'xterm-256color',
        TMPDIR: '/tmp',
        NODE_EXTRA_CA_CERTS: ca ? inside('ca.crt') : '',
        SSL_CERT_FILE: ca ? inside('bundle.crt') : '/etc/ssl/certs/ca-certificates.crt',
        NEXT_TELEMETRY_DISABLED: '1',
        npm_config_update_notifier: 'false',
        npm_config_audit: 'false',
        npm_config_fund: 'false',
        npm_config_cache: `${INSIDE.homeDir}/.npm`,
        ...honey.env,
      },
      phases: runnable.map(p => ({
        name: p.name,
        timeoutMs,
        steps: p.steps.map(s => ({
          label: s.label,
          command: s.command,
          ...(s.source ? { source: s.source } : {}),
          ...(s.env ? { env: s.env } : {}),
        })),
        ...(p.server ? { server: true, requests: p.requests ?? ['/'] } : {}),
        ...(p.env ? { env: p.env } : {}),
      })),
    };
    writeFileSync(joinAbs(staging, 'config.json'), JSON.stringify(config));
    if (backend.name === 'bwrap' && backend.probe.mode === 'drop-to-nobody') openTo(work, staging, outDir, sourceDir !== acquired.root);

    const plan: SandboxPlan = {
      stagingDir: staging,
      sourceDir,
      outDir,
      nodePrefix: tools.nodePrefix,
      diskBytes: limits.diskBytes,
      tmpBytes: limits.tmpBytes,
      memoryBytes: limits.memoryBytes,
      processes: limits.processes,
      hostname: 'dev-laptop',
    };
    const inner = ['node', INSIDE.supervisor, INSIDE.config];
    const command: SandboxCommand =
      backend.name === 'bwrap'
        ? bwrapCommand(plan, [tools.node, INSIDE.supervisor, INSIDE.config], backend.probe)
        : containerCommand(backend.name, backend.binary, plan, backend.image, inner);

    let result: SupervisorResult = { setup: { notes: [] }, phases: [] };
    if (runnable.length > 0) {
      t = performance.now();
      const overall = runnable.length * timeoutMs + 120000;
      const run = await runSandbox(command, overall, progress);
      timing['sandboxMs'] = Math.round(performance.now() - t);
      result = readResult(outDir, run);
      if (result.setup.copyMs !== undefined) timing['sandboxCopyMs'] = result.setup.copyMs;
    }
    notes.push(...result.setup.notes);
    const errors: Report['errors'] = [];
    if (result.setup.error) errors.push({ message: result.setup.error });

    progress('reading the traces');
    const stepTraces: StepTrace[] = [];
    const phaseSource = new Map<string, Location>();
    const phaseBehaviors: Behavior[] = [];
    const ran: Surface[] = [];
    for (const p of plans) {
      const r = result.phases.find(x => x.name === p.name);
      if (r) timing[`${p.name}Ms`] = r.durationMs;
      const firstSource = p.steps.find(s => s.source)?.source;
      if (firstSource) phaseSource.set(p.name, firstSource);
      phaseBehaviors.push(phaseBehavior(p, r?.steps, runnable.length > 0 && !r));
      for (const [i, step] of (r?.steps ?? []).entries()) {
        const source = p.steps[i]?.source;
        const surface: Surface = {
          trigger: p.name,
          kind: 'detonation',
          location: source ?? { file: '' },
          command: step.command,
          reaches: [],
          name: `${step.label} → ${step.status}`,
        };
        ran.push(surface);
        if (!step.trace) continue;
        const parsed = readTrace(joinAbs(outDir, step.trace), repoDir);
        if (parsed.skipped > 0 && parsed.processes.size === 0)
          errors.push({ message: `${p.name}: the trace of "${step.label}" could not be read` });
        stepTraces.push({
          phase: p.name,
          label: step.label,
          ...(source ? { source } : {}),
          trace: parsed,
          ...(step.leftovers ? { leftovers: step.leftovers } : {}),
        });
      }
    }
    const net = readNet(outDir);
    const behaviors = [
      ...phaseBehaviors,
      ...buildBehaviors(stepTraces, net, { homeDir: INSIDE.homeDir, repoDir, tokens: [...honey.tokens, ...honey.envTokens], phaseSource }),
    ];

    t = performance.now();
    const runtime = await runEngine({
      root: acquired.root,
      target: { path: acquired.kind === 'directory' ? target : acquired.spec, kind: acquired.kind },
      options: scanOptions,
      rules: options.rules ?? rulesDefault.runtime,
      command: 'detonate',
      behaviors,
    });
    timing['rulesMs'] = Math.round(performance.now() - t);
    let findings = runtime.findings;
    let executionMap = ran;
    if (options.withScan === true) {
      findings = linkChains(staticReport.findings, runtime.findings);
      executionMap = [...staticReport.executionMap, ...ran];
      errors.push(...staticReport.errors);
      notes.push(...(staticReport.notes ?? []));
    }
    errors.push(...runtime.errors);
    if (options.keepWorkdir === true) notes.push(`work folder kept: ${work} (traces and sink events in out/)`);
    const summary = countSeverities(findings);
    timing.totalMs = Math.round(performance.now() - started);
    const report: Report = {
      schemaVersion: 1,
      tool: runtime.tool,
      command: 'detonate',
      target: runtime.target,
      verdict: verdictOf(summary),
      summary,
      executionMap,
      findings: findings.sort(compareFindings),
      behaviors,
      errors,
      timing,
    };
    if (options.withScan === true && staticReport.dependencies) report.dependencies = staticReport.dependencies;
    if (options.withScan === true && staticReport.provenance) report.provenance = staticReport.provenance;
    if (notes.length > 0) report.notes = notes;
    return report;
  } finally {
    if (work && options.keepWorkdir !== true) rmSync(work, { recursive: true, force: true, maxRetries: 3 });
    await acquired.cleanup();
  }
}

interface Tools {
  strace: string;
  setpriv: string;
  prlimit: string;
  ip?: string;
  node: string;
  nodeBin: string;
  nodePrefix: string;
}

function requireTools(backend: SelectedBackend): Tools {
  const node = process.execPath;
  const nodeBin = resolveAbs(node, '..');
  const nodePrefix = resolveAbs(nodeBin, '..');
  if (backend.name !== 'bwrap')
    return {
      strace: '/usr/bin/strace',
      setpriv: '/usr/bin/setpriv',
      prlimit: '/usr/bin/prlimit',
      ip: '/usr/sbin/ip',
      node: 'node',
      nodeBin: '/usr/local/bin',
      nodePrefix,
    };
  const missing: string[] = [];
  const need = (name: string, pkg: string): string => {
    const p = findTool(name);
    if (!p || !p.startsWith('/usr/')) {
      missing.push(`${name} (${pkg})`);
      return '';
    }
    return p;
  };
  const strace = need('strace', 'strace');
  const setpriv = need('setpriv', 'util-linux');
  const prlimit = need('prlimit', 'util-linux');
  if (missing.length > 0)
    throw new EnvironmentError(
      'SANDBOX_TOOLS',
      `cannot detonate: the sandbox needs ${missing.join(', ')} under /usr (Debian/Ubuntu: apt-get install strace util-linux)`,
    );
  const ip = findTool('ip');
  return { strace, setpriv, prlimit, ...(ip?.startsWith('/usr/') ? { ip } : {}), node, nodeBin, nodePrefix };
}

function safeName(name: string): string {
  const s = name.replace(/[^\w.-]/g, '_').replace(/^\.+/, '');
  return s === '' ? 'repo' : s.slice(0, 80);
}

/** Copies the target without following symlinks (links are copied as links); GNU cp on Linux for speed. */
function copyRepository(from: string, to: string): void {
  if (process.platform === 'linux') {
    const r = spawnSync('/bin/cp', ['-R', '--no-dereference', '--preserve=mode,timestamps,links', '--', `${from}/.`, to], {
      encoding: 'utf8',
      timeout: 10 * 60 * 1000,
    });
    if (r.status === 0) return;
  }
  try {
    cpSync(from, to, { recursive: true, verbatimSymlinks: true, dereference: false, errorOnExist: false, force: true });
  } catch (err) {
    throw new InputError('TARGET_UNREADABLE', `cannot copy the repository for detonation: ${errorMessage(err)}`);
  }
}

/** A synthetic /etc: the host's library/CA/locale configuration, our users, hosts and resolver. */
function writeEtc(dir: string): void {
  for (const name of ETC_KEEP) {
    const src = `/etc/${name}`;
    if (!existsSync(src)) continue;
    try {
      cpSync(src, joinAbs(dir, name), { recursive: true, verbatimSymlinks: true, filter: s => !s.includes('/private') });
    } catch {
      continue;
    }
  }
  writeFileSync(joinAbs(dir, 'passwd'), 'dev:x:0:0:Dev:/home/dev:/bin/bash\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n');
  writeFileSync(joinAbs(dir, 'group'), 'dev:x:0:\nnogroup:x:65534:\n');
  writeFileSync(joinAbs(dir, 'hosts'), '127.0.0.1 localhost dev-laptop\n::1 localhost ip6-localhost\n');
  writeFileSync(joinAbs(dir, 'resolv.conf'), 'nameserver 127.0.0.1\noptions timeout:2 attempts:1\n');
  writeFileSync(joinAbs(dir, 'hostname'), 'dev-laptop\n');
}

/** When bwrap runs as nobody: the staging tree readable and the out folder writable by it. */
function openTo(work: string, staging: string, outDir: string, copied: boolean): void {
  chmodSync(work, 0o755);
  const walk = (p: string): void => {
    if (!copied && p === joinAbs(staging, 'src')) return;
    const st = lstatSync(p);
    if (st.isSymbolicLink()) return;
    chmodSync(p, st.isDirectory() ? 0o755 : st.mode & 0o111 ? 0o755 : 0o644);
    if (st.isDirectory()) for (const n of readdirSync(p)) walk(joinAbs(p, n));
  };
  walk(staging);
  chownSync(outDir, NOBODY, NOBODY);
  chmodSync(outDir, 0o755);
}

/**
 * Fetches dependencies with lifecycle scripts disabled, in a sandbox that shares the network
 * (the registry must be reachable) but sees no home folder and no host files except the copy.
 */
function needsFetch(root: string): boolean {
  const pkg = readPackage(root);
  return pkg !== undefined && pkg.error === undefined && !existsSync(joinAbs(root, 'node_modules'));
}

/** Whether the user the sandbox runs as can read every file of the repository. */
function readableBySandbox(root: string, backend: SelectedBackend): boolean {
  if (backend.name !== 'bwrap') return false;
  if (backend.probe.mode !== 'drop-to-nobody') return true;
  const r = spawnSync(
    backend.probe.setpriv ?? 'setpriv',
    [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', '--', '/usr/bin/find', root, '!', '-readable', '-print', '-quit'],
    { encoding: 'utf8', timeout: 60000 },
  );
  return r.status === 0 && r.stdout.trim() === '';
}

/** Runs a command without blocking the event loop; keeps the last 16 KiB of stderr. */
function runQuiet(
  file: string,
  args: string[],
  env: Record<string, string>,
  timeoutMs: number,
): Promise<{ status: number | null; stderr: string }> {
  return new Promise(resolve => {
    const child = spawn(file, args, { env, stdio: ['ignore', 'ignore', 'pipe'], detached: true });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d: string) => {
      stderr = (stderr + d).slice(-16384);
    });
    const timer = setTimeout(() => {
      if (child.pid !== undefined) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          child.kill('SIGKILL');
        }
      }
    }, timeoutMs);
    child.on('error', err => {
      clearTimeout(timer);
      resolve({ status: null, stderr: err.message });
    });
    child.on('close', status => {
      clearTimeout(timer);
      resolve({ status, stderr });
    });
  });
}

async function fetchDependencies(
  src: string,
  backend: SelectedBackend,
  tools: Tools,
  registry: string,
  progress: (m: string) => void,
): Promise<string | undefined> {
  if (backend.name !== 'bwrap')
    return 'dependencies were not fetched (only the bubblewrap backend fetches); install scripts ran over what the repository holds';
  progress('fetching dependencies (scripts disabled)');
  const lock = existsSync(joinAbs(src, 'package-lock.json')) || existsSync(joinAbs(src, 'npm-shrinkwrap.json'));
  const npmArgs = lock
    ? ['ci', '--ignore-scripts', '--no-audit', '--no-fund']
    : ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--no-package-lock'];
  const args = [
    '--unshare-all',
    '--share-net',
    '--unshare-user',
    '--uid',
    '0',
    '--gid',
    '0',
    '--die-with-parent',
    '--new-session',
    '--ro-bind',
    '/usr',
    '/usr',
    '--ro-bind',
    '/etc',
    '/etc',
    '--proc',
    '/proc',
    '--dev',
    '/dev',
    '--tmpfs',
    '/tmp',
    '--tmpfs',
    '/home',
    '--dir',
    '/home/fetch',
    '--bind',
    src,
    '/home/fetch/repo',
    '--chdir',
    '/home/fetch/repo',
    '--setenv',
    'HOME',
    '/home/fetch',
  ];
  for (const d of ['/bin', '/sbin', '/lib', '/lib64']) {
    try {
      const st = lstatSync(d);
      if (st.isSymbolicLink()) args.push('--symlink', `usr${d}`, d);
      else args.push('--ro-bind', d, d);
    } catch {
      continue;
    }
  }
  if (!tools.nodePrefix.startsWith('/usr')) args.push('--ro-bind', tools.nodePrefix, tools.nodePrefix);
  const env = {
    PATH: `${tools.nodeBin}:/usr/bin:/bin`,
    npm_config_registry: registry,
    npm_config_ignore_scripts: 'true',
    npm_config_git: '/bin/false',
    npm_config_update_notifier: 'false',
  };
  const bwrap = backend.probe.bwrap ?? 'bwrap';
  const viaNobody = backend.probe.mode === 'drop-to-nobody';
  if (viaNobody) chownTree(src, NOBODY);
  const file = viaNobody ? (backend.probe.setpriv ?? 'setpriv') : bwrap;
  const prefix = viaNobody ? [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', '--', bwrap] : [];
  const r = await runQuiet(
    file,
    [...prefix, ...args, '--', tools.node, joinAbs(tools.nodePrefix, 'lib/node_modules/npm/bin/npm-cli.js'), ...npmArgs],
    env,
    15 * 60 * 1000,
  );
  if (r.status === 0) return `dependencies fetched with \`npm ${npmArgs[0] ?? ''} --ignore-scripts\` from ${registry}`;
  return `dependencies could not be fetched (npm ${npmArgs[0] ?? ''} exited ${r.status ?? 'by signal'}): ${(r.stderr || '').trim().split('\n').slice(-2).join(' ').slice(0, 300)}; install scripts ran over what the repository holds`;
}

function chownTree(p: string, uid: number): void {
  const st = lstatSync(p);
  if (st.isSymbolicLink()) return;
  chownSync(p, uid, uid);
  if (st.isDirectory()) for (const n of readdirSync(p)) chownTree(joinAbs(p, n), uid);
}

function runSandbox(
  command: SandboxCommand,
  deadlineMs: number,
  progress: (m: string) => void,
): Promise<{ code: number | null; stderr: string; timedOut: boolean }> {
  return new Promise(resolve => {
    const child = spawn(command.file, command.args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
      env: { PATH: '/usr/bin:/bin', LANG: 'C.UTF-8' },
    });
    let stderr = '';
    let buf = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d: string) => {
      buf += d;
      let nl;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        try {
          const msg = JSON.parse(line) as { progress?: unknown };
          if (typeof msg.progress === 'string') progress(msg.progress.slice(0, 200));
        } catch {
          continue;
        }
      }
      if (buf.length > 65536) buf = '';
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d: string) => {
      if (stderr.length < 16384) stderr += d;
    });
    const timer = setTimeout(() => {
      timedOut = true;
      if (child.pid !== undefined) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          child.kill('SIGKILL');
        }
      }
    }, deadlineMs);
    child.on('error', err => {
      clearTimeout(timer);
      resolve({ code: null, stderr: err.message, timedOut });
    });
    child.on('close', code => {
      clearTimeout(timer);
      resolve({ code, stderr, timedOut });
    });
  });
}

function readResult(outDir: string, run: { code: number | null; stderr: string; timedOut: boolean }): SupervisorResult {
  try {
    const parsed = JSON.parse(readFileSync(joinAbs(outDir, 'result.json'), 'utf8')) as SupervisorResult;
    if (run.timedOut) parsed.setup.notes.push('the sandbox exceeded its overall deadline and was killed');
    return parsed;
  } catch {
    const why = run.timedOut
      ? 'the sandbox exceeded its overall deadline and was killed'
      : `the sandbox exited (${run.code ?? 'signal'}) without results: ${run.stderr.trim().split('\n').slice(-3).join(' ').slice(0, 400)}`;
    return { setup: { error: why, notes: [] }, phases: [] };
  }
}

function readTrace(file: string, cwd: string): ParsedTrace {
  try {
    return parseTrace(readFileSync(file, 'latin1'), cwd);
  } catch {
    return { processes: new Map(), files: [], connects: [], skipped: 1 };
  }
}

function readNet(outDir: string): NetEvent[] {
  let text: string;
  try {
    text = readFileSync(joinAbs(outDir, 'net.jsonl'), 'utf8');
  } catch {
    return [];
  }
  const out: NetEvent[] = [];
  for (const line of text.split('\n').slice(0, 20000)) {
    if (line === '') continue;
    try {
      out.push(JSON.parse(line) as NetEvent);
    } catch {
      continue;
    }
  }
  return out;
}

function phaseBehavior(plan: PhasePlan, steps: StepResult[] | undefined, lost: boolean): Behavior {
  if (plan.steps.length === 0)
    return {
      kind: 'phase',
      phase: plan.name,
      summary: `${plan.name}: skipped (${plan.skipped ?? 'nothing to run'})`,
      detail: { status: 'skipped', reason: plan.skipped ?? 'nothing to run' },
    };
  if (!steps)
    return {
      kind: 'phase',
      phase: plan.name,
      summary: `${plan.name}: ${lost ? 'no result (the sandbox stopped early)' : 'not run'}`,
      detail: { status: 'no-result' },
    };
  const status = steps
    .map(
      s => `${s.label}: ${s.status}${s.exitCode !== undefined && s.exitCode !== null && s.status !== 'ok' ? ` (exit ${s.exitCode})` : ''}`,
    )
    .join('; ');
  return {
    kind: 'phase',
    phase: plan.name,
    summary: `${plan.name}: ${status}`,
    detail: {
      status: steps.every(s => s.status === 'ok' || s.status === 'listening')
        ? 'ok'
        : (steps.find(s => s.status !== 'ok' && s.status !== 'listening')?.status ?? 'ok'),
      steps: steps.map(s => ({
        label: s.label,
        command: s.command,
        status: s.status,
        ...(s.reason ? { reason: s.reason } : {}),
        exitCode: s.exitCode ?? null,
        ...(s.signal ? { signal: s.signal } : {}),
        durationMs: s.durationMs ?? 0,
        ...(s.port !== undefined ? { port: s.port } : {}),
        ...(s.requests ? { requests: s.requests } : {}),
        stdout: s.stdout ?? '',
        stderr: s.stderr ?? '',
        stdoutBytes: s.stdoutBytes ?? 0,
        stderrBytes: s.stderrBytes ?? 0,
      })),
    },
  };
}

/**
 * --with-scan: a runtime finding and the static findings that explain it point at each other:
 * same host in the evidence, or the static finding is reached by the trigger that ran.
 */
export function linkChains(staticFindings: Finding[], runtimeFindings: Finding[]): Finding[] {
  const all = [...staticFindings.map(f => ({ ...f })), ...runtimeFindings.map(f => ({ ...f }))];
  const statics = all.slice(0, staticFindings.length);
  const runtimes = all.slice(staticFindings.length);
  for (const r of runtimes) {
    const host = /(?:https?:\/\/)?([a-z0-9.-]+\.[a-z]{2,}|\d{1,3}(?:\.\d{1,3}){3})/i.exec(r.evidence ?? '')?.[1]?.toLowerCase();
    for (const s of statics) {
      const sameHost = host !== undefined && `${s.evidence ?? ''} ${s.message}`.toLowerCase().includes(host);
      const sameTrigger = (r.triggers ?? []).some(tr => (s.triggers ?? []).includes(tr)) && s.severity !== 'info' && s.severity !== 'low';
      if (!sameHost && !sameTrigger) continue;
      r.related = addLoc(r.related, s.location);
      s.related = addLoc(s.related, r.location);
    }
  }
  return all;
}

function addLoc(list: Location[] | undefined, l: Location): Location[] {
  const out = list ?? [];
  if (!out.some(x => x.file === l.file && x.line === l.line)) out.push({ ...l });
  return out.slice(0, 12);
}
