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
  closeSync,
  constants,
  cpSync,
  existsSync,
  fstatSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { defaultScanOptions } from '../core/defaults.ts';
import { EnvironmentError, InputError, errorMessage } from '../core/errors.ts';
import type { RuntimeRule, ScanOptions, ScanRule } from '../core/rule.ts';
import { compareFindings, countSeverities, verdictOf } from '../core/severity.ts';
import type { Behavior, Finding, Location, Report, Surface } from '../core/types.ts';
import { runRuntimeRules } from '../engine/runtime.ts';
import { scanAcquired, withTarget } from '../engine/scan.ts';
import { baseName, joinAbs, resolveAbs } from '../fs/path.ts';
import { readTextIfText } from '../fs/read.ts';
import { walk } from '../fs/walk.ts';
import type { Inventory } from '../fs/walk.ts';
import { acquire } from '../acquire/index.ts';
import type { AcquiredTarget } from '../acquire/index.ts';
import { selectBackend } from './backend.ts';
import type { BackendChoice, SelectedBackend } from './backend.ts';
import { NOBODY, bwrapCommand, findTool } from './backends/bwrap.ts';
import { containerCommand } from './backends/container.ts';
import type { SandboxCommand, SandboxPlan } from './backends/types.ts';
import { INSIDE, PAYLOAD_UID } from './backends/types.ts';
import { buildBehaviors } from './behaviors.ts';
import type { Leftover, NetEvent, StepTrace } from './behaviors.ts';
import { plantHoneytokens } from './honeytokens.ts';
import { fetchInput } from './fetch.ts';
import type { Refused } from './fetch.ts';
import { createRunCa } from './network/ca.ts';
import { DEFAULT_PHASES, planPhases, readPackage } from './phases.ts';
import type { PhaseName, PhasePlan, Step } from './phases.ts';
import { SYSCALLS, parseTrace } from './trace.ts';
import type { ParsedTrace } from './trace.ts';
import { pushAll } from '../core/spread.ts';

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
  scanRules?: readonly ScanRule[];
  /** Runtime rules. Default: all of them. */
  rules?: readonly RuntimeRule[];
  /** Seconds the dev server keeps running after its routes were requested (default 5). */
  settleSeconds?: number;
  /**
   * Seconds without CPU time, new processes or trace output after which what a step left running
   * (detached children) is stopped; until then it runs up to the phase deadline (default 5).
   */
  quietSeconds?: number;
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
  ports?: number[];
  requests?: { port?: number; path: string; status?: number; bytes?: number; error?: string; ms: number }[];
  leftovers?: Leftover[];
  stdout?: string;
  stderr?: string;
  stdoutBytes?: number;
  stderrBytes?: number;
  traceSize?: number;
  traceIno?: number;
  /** What is wrong with this step's trace when the host read it back. */
  evidence?: EvidenceProblem[];
}

/** Evidence that did not come back as the supervisor left it, or a run that did not finish. */
export interface EvidenceProblem {
  what: string;
  problem: string;
  /** Changed after the supervisor wrote it (critical), rather than missing because the run stopped. */
  tampered: boolean;
}

interface SupervisorResult {
  setup: { error?: string; notes: string[]; anyIp?: boolean; copyMs?: number };
  phases: { name: string; durationMs: number; steps: StepResult[] }[];
}

export async function detonate(
  target: string,
  options: DetonateOptions,
  rulesDefault: { scan: readonly ScanRule[]; runtime: readonly RuntimeRule[] },
): Promise<Report> {
  const started = performance.now();
  const scanOptions: ScanOptions = {
    ...defaultScanOptions(),
    provenance: options.withScan === true,
    ...(options.registryUrl ? { registryUrl: options.registryUrl } : {}),
  };
  return withTarget(acquire(target, scanOptions, options.onProgress), acquired =>
    detonateAcquired(target, acquired, options, scanOptions, rulesDefault, started),
  );
}

async function detonateAcquired(
  target: string,
  acquired: AcquiredTarget,
  options: DetonateOptions,
  scanOptions: ScanOptions,
  rulesDefault: { scan: readonly ScanRule[]; runtime: readonly RuntimeRule[] },
  started: number,
): Promise<Report> {
  const progress = options.onProgress ?? ((): void => undefined);
  const phases = options.phases ?? DEFAULT_PHASES;
  const timeoutMs = Math.max(1, options.timeoutSeconds ?? 60) * 1000;
  const limits: Limits = { ...DEFAULT_LIMITS, ...options.limits };
  const timing: Report['timing'] = { totalMs: 0 };
  const notes: string[] = [...acquired.notes];
  let work: string | undefined;
  try {
    progress('reading the execution map');
    let t = performance.now();
    const staticReport = await scanAcquired(acquired, target, { options: scanOptions, rules: options.scanRules ?? rulesDefault.scan });
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
    // Dependencies are fetched whenever a requested phase runs the repository's own scripts.
    const depPhases = phases.filter(p => p !== 'open' && !options.commands?.[p]);
    const wantFetch = depPhases.length > 0 && options.offline !== true && needsFetch(acquired.root);
    let sourceDir = acquired.root;
    if (wantFetch || !readableBySandbox(acquired.root, backend)) {
      progress('copying the repository');
      t = performance.now();
      sourceDir = joinAbs(staging, 'src');
      copyRepository(acquired.root, sourceDir);
      timing['copyMs'] = Math.round(performance.now() - t);
    }
    let refused: Refused[] = [];
    if (wantFetch) {
      t = performance.now();
      const fetched = await fetchDependencies(sourceDir, joinAbs(work, 'fetch'), backend, tools, scanOptions.registryUrl, progress);
      notes.push(fetched.note);
      refused = fetched.refused;
      timing['fetchMs'] = Math.round(performance.now() - t);
    } else if (depPhases.length > 0 && options.offline === true) {
      notes.push('offline: no dependencies were fetched; the phases ran over what the repository already holds');
    } else if (depPhases.length > 0 && existsSync(joinAbs(acquired.root, 'node_modules'))) {
      notes.push('dependencies: using the node_modules the repository already holds (nothing fetched)');
    }
    const declared = Object.keys(readPackage(sourceDir)?.dependencies ?? {}).length;
    const depsAbsent = declared > 0 && !existsSync(joinAbs(sourceDir, 'node_modules'));

    // A second user for the repository's code: bubblewrap as root maps one (the host writes the
    // user namespace's map), containers have one; unprivileged bubblewrap maps only the caller.
    const separateUsers = backend.name !== 'bwrap' || backend.probe.mode === 'drop-to-nobody';
    if (!separateUsers)
      notes.push(
        'evidence: unprivileged bubblewrap maps one user, so the repository ran as the same user as the supervisor; traces are checked for tampering when read back',
      );
    const runId = randomBytes(4).toString('hex').toUpperCase();
    const honey = plantHoneytokens(joinAbs(staging, 'home'), runId);
    const ca = createRunCa(findTool('openssl'), joinAbs(staging, 'tls'), runId);
    if (!ca) notes.push('openssl is missing: HTTPS requests are recorded by name (SNI) only');
    writeEtc(joinAbs(staging, 'etc'), separateUsers, ca?.bundle);
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
      ...(separateUsers ? { payloadUid: PAYLOAD_UID } : {}),
      quietMs: (options.quietSeconds ?? 5) * 1000,
      maxEvents: 20000,
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
        ...(ca
          ? { CURL_CA_BUNDLE: inside('bundle.crt'), REQUESTS_CA_BUNDLE: inside('bundle.crt'), GIT_SSL_CAINFO: inside('bundle.crt') }
          : {}),
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
        ...(p.files ? { files: p.files } : {}),
        ...(p.env ? { env: p.env } : {}),
      })),
    };
    writeFileSync(joinAbs(staging, 'config.json'), JSON.stringify(config), { mode: 0o600 });
    const dropMode = backend.name === 'bwrap' && backend.probe.mode === 'drop-to-nobody';
    if (dropMode) openTo(work, staging, sourceDir !== acquired.root);
    lockDown(staging, outDir, dropMode);

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
      ...(backend.name === 'bwrap' && backend.probe.mode === 'drop-to-nobody' ? { separateUsers: true } : {}),
    };
    const inner = ['node', INSIDE.supervisor, INSIDE.config];
    const command: SandboxCommand =
      backend.name === 'bwrap'
        ? bwrapCommand(plan, [tools.node, INSIDE.supervisor, INSIDE.config], backend.probe)
        : containerCommand(backend.name, backend.binary, plan, backend.image, inner);

    let result: SupervisorResult = { setup: { notes: [] }, phases: [] };
    const owner = evidenceOwner(backend);
    const sandboxProblems: EvidenceProblem[] = [];
    if (runnable.length > 0) {
      t = performance.now();
      const overall = runnable.length * timeoutMs + 120000;
      const run = await runSandbox(command, overall, progress);
      timing['sandboxMs'] = Math.round(performance.now() - t);
      result = readResult(outDir, run, owner, sandboxProblems);
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
      phaseBehaviors.push(
        phaseBehavior(p, r?.steps, runnable.length > 0 && !r, {
          missing: depsAbsent ? declared : 0,
          refused,
          offline: options.offline === true,
        }),
      );
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
        if (!step.trace || !/^[a-z]+-\d+\.trace$/.test(step.trace)) continue;
        const parsed = readTrace(joinAbs(outDir, step.trace), repoDir, step, owner, limits.traceBytes);
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
    const net = readNet(outDir, owner, runnable.length > 0 ? sandboxProblems : []);
    for (const [i, p] of plans.entries()) {
      const r = result.phases.find(x => x.name === p.name);
      const problems = (r?.steps ?? []).flatMap(st => st.evidence ?? []);
      const b = phaseBehaviors[i];
      if (problems.length === 0 || !b) continue;
      if (b.detail) b.detail['evidence'] = problems;
      b.summary += `; evidence: ${problems.map(x => `${x.what} ${x.problem}`).join('; ')}`;
    }
    if (sandboxProblems.length > 0)
      phaseBehaviors.push({
        kind: 'phase',
        phase: 'sandbox',
        summary: `sandbox: ${sandboxProblems.map(x => `${x.what} ${x.problem}`).join('; ')}`,
        detail: { status: 'evidence', evidence: sandboxProblems },
      });
    const behaviors = [
      ...phaseBehaviors,
      ...buildBehaviors(stepTraces, net, { homeDir: INSIDE.homeDir, repoDir, tokens: [...honey.tokens, ...honey.envTokens], phaseSource }),
    ];

    t = performance.now();
    const runtime = runRuntimeRules({
      rules: options.rules ?? rulesDefault.runtime,
      behaviors,
      config: scanOptions.config,
      text: repositoryText(acquired.root),
    });
    timing['rulesMs'] = Math.round(performance.now() - t);
    let findings = runtime.findings;
    let executionMap = ran;
    if (options.withScan === true) {
      findings = linkChains(staticReport.findings, runtime.findings);
      executionMap = [...staticReport.executionMap, ...ran];
      pushAll(errors, staticReport.errors);
      // The static report's notes start with the acquired target's, which this report has already.
      notes.push(...(staticReport.notes ?? []).slice(acquired.notes.length));
    }
    pushAll(errors, runtime.errors);
    if (options.keepWorkdir === true) notes.push(`work folder kept: ${work} (traces and sink events in out/)`);
    const summary = countSeverities(findings);
    timing.totalMs = Math.round(performance.now() - started);
    const report: Report = {
      schemaVersion: 1,
      tool: staticReport.tool,
      command: 'detonate',
      target: staticReport.target,
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
  }
}

/** The text of a file of the repository (for code frames), read on first use through one walk of it. */
function repositoryText(root: string): (path: string) => string | undefined {
  let inventory: Inventory | undefined;
  return path => {
    inventory ??= walk(root, { nodeModules: 'skip' });
    const entry = inventory.byPath.get(path);
    if (entry?.type !== 'file') return undefined;
    try {
      return readTextIfText(root, entry)?.text;
    } catch {
      return undefined;
    }
  };
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
function writeEtc(dir: string, separateUsers: boolean, bundle: string | undefined): void {
  for (const name of ETC_KEEP) {
    const src = `/etc/${name}`;
    if (!existsSync(src)) continue;
    try {
      cpSync(src, joinAbs(dir, name), { recursive: true, verbatimSymlinks: true, filter: s => !s.includes('/private') });
    } catch {
      continue;
    }
  }
  // The repository's user is `dev`: sandbox uid 1000 when a second user is mapped, else uid 0.
  const dev = separateUsers ? PAYLOAD_UID : 0;
  const root = separateUsers ? 'root:x:0:0:root:/root:/usr/sbin/nologin\n' : '';
  writeFileSync(
    joinAbs(dir, 'passwd'),
    `${root}dev:x:${dev}:${dev}:Dev:/home/dev:/bin/bash\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n`,
  );
  writeFileSync(joinAbs(dir, 'group'), `${separateUsers ? 'root:x:0:\n' : ''}dev:x:${dev}:\nnogroup:x:65534:\n`);
  writeFileSync(joinAbs(dir, 'hosts'), '127.0.0.1 localhost dev-laptop\n::1 localhost ip6-localhost\n');
  writeFileSync(joinAbs(dir, 'resolv.conf'), 'nameserver 127.0.0.1\noptions timeout:2 attempts:1\n');
  writeFileSync(joinAbs(dir, 'hostname'), 'dev-laptop\n');
  // The per-run CA in the system bundle, which curl, OpenSSL and GnuTLS (wget) read by default.
  if (bundle !== undefined)
    for (const rel of ['ssl/certs/ca-certificates.crt', 'pki/tls/certs/ca-bundle.crt']) {
      const file = joinAbs(dir, ...rel.split('/'));
      if (!existsSync(joinAbs(file, '..'))) continue;
      rmSync(file, { force: true });
      cpSync(bundle, file);
    }
}

/** When bwrap runs as nobody: the staging tree readable by the sandbox's users. */
function openTo(work: string, staging: string, copied: boolean): void {
  chmodSync(work, 0o755);
  const walk = (p: string): void => {
    if (!copied && p === joinAbs(staging, 'src')) return;
    const st = lstatSync(p);
    if (st.isSymbolicLink()) return;
    chmodSync(p, st.isDirectory() ? 0o755 : st.mode & 0o111 ? 0o755 : 0o644);
    if (st.isDirectory()) for (const n of readdirSync(p)) walk(joinAbs(p, n));
  };
  walk(staging);
}

/**
 * What only the supervisor may open: the run configuration (decoy list), the CA and leaf keys,
 * and the out folder. Owned by the sandbox's root (host `nobody` when bwrap runs as root), mode
 * 0600/0700, so the repository's user can neither read nor write them.
 */
function lockDown(staging: string, outDir: string, dropMode: boolean): void {
  const secrets = ['config.json', 'tls/ca.key', 'tls/leaf.key'].map(f => joinAbs(staging, f)).filter(f => existsSync(f));
  for (const f of secrets) {
    if (dropMode) chownSync(f, NOBODY, NOBODY);
    chmodSync(f, 0o600);
  }
  if (dropMode) chownSync(outDir, NOBODY, NOBODY);
  chmodSync(outDir, 0o700);
}

/** Who must own what the supervisor writes: host `nobody` under bwrap as root, else this user; unknown in containers. */
function evidenceOwner(backend: SelectedBackend): number | undefined {
  if (backend.name !== 'bwrap') return undefined;
  if (backend.probe.mode === 'drop-to-nobody') return NOBODY;
  return typeof process.getuid === 'function' ? process.getuid() : undefined;
}

type EvidenceRead = { data: Buffer; size: number; ino: number; truncated: boolean } | { problem: string; missing: boolean };

/**
 * Reads a file the sandbox wrote without trusting its path: no symlink is followed (O_NOFOLLOW),
 * it must be a regular file owned by `owner`, no FIFO can block the read (O_NONBLOCK), and at most
 * `cap` bytes are read.
 */
export function readEvidence(file: string, cap: number, owner: number | undefined): EvidenceRead {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    if (code === 'ENOENT') return { problem: 'vanished', missing: true };
    return { problem: code === 'ELOOP' ? 'was replaced by a symlink' : `could not be opened (${code})`, missing: false };
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return { problem: 'was replaced by something that is not a regular file', missing: false };
    if (owner !== undefined && st.uid !== owner)
      return { problem: `was replaced by a file of another user (uid ${st.uid})`, missing: false };
    const want = Math.min(st.size, cap);
    const data = Buffer.alloc(want);
    let got = 0;
    while (got < want) {
      const n = readSync(fd, data, got, want - got, got);
      if (n === 0) break;
      got += n;
    }
    return { data: data.subarray(0, got), size: st.size, ino: st.ino, truncated: st.size > cap };
  } finally {
    closeSync(fd);
  }
}

/** Whether the repository's package.json declares dependencies and it has no node_modules, so they must be fetched. */
function needsFetch(root: string): boolean {
  const pkg = readPackage(root);
  return (
    pkg !== undefined && pkg.error === undefined && Object.keys(pkg.dependencies).length > 0 && !existsSync(joinAbs(root, 'node_modules'))
  );
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

interface Fetched {
  note: string;
  refused: Refused[];
}

/**
 * Fetches the dependencies into the repository copy with lifecycle scripts disabled, in a
 * sandbox that shares the network but sees only a scratch folder holding the rebuilt package.json
 * and lockfile (fetch.ts): no project `.npmrc`, no user or global npm configuration, no proxy, and
 * one registry, the one Airlock is given.
 */
async function fetchDependencies(
  src: string,
  scratch: string,
  backend: SelectedBackend,
  tools: Tools,
  registry: string,
  progress: (m: string) => void,
): Promise<Fetched> {
  if (backend.name !== 'bwrap')
    return {
      note: 'dependencies were not fetched (only the bubblewrap backend fetches); the phases ran over what the repository holds',
      refused: [],
    };
  const input = fetchInput(src);
  if (!input) return { note: 'dependencies were not fetched: package.json could not be read', refused: [] };
  if (!/^https?:\/\/[^\s/]+/.test(registry))
    return { note: `dependencies were not fetched: ${registry} is not an http(s) registry URL`, refused: [] };
  progress('fetching dependencies (scripts disabled, one registry)');
  mkdirSync(scratch, { recursive: true });
  writeFileSync(joinAbs(scratch, 'package.json'), input.packageJson);
  if (input.lockfile) writeFileSync(joinAbs(scratch, input.lockfile.name), input.lockfile.text);
  const npmArgs = input.ci
    ? ['ci', '--ignore-scripts', '--no-audit', '--no-fund']
    : ['install', '--ignore-scripts', '--no-audit', '--no-fund', ...(input.lockfile ? [] : ['--no-package-lock'])];
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
    scratch,
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
  // No configuration file is read (user, global, project); no proxy variable is passed.
  const env = {
    PATH: `${tools.nodeBin}:/usr/bin:/bin`,
    npm_config_registry: registry,
    npm_config_userconfig: '/home/fetch/no-user-npmrc',
    npm_config_globalconfig: '/home/fetch/no-global-npmrc',
    npm_config_replace_registry_host: 'always',
    npm_config_ignore_scripts: 'true',
    npm_config_git: '/bin/false',
    npm_config_update_notifier: 'false',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
  };
  const bwrap = backend.probe.bwrap ?? 'bwrap';
  const viaNobody = backend.probe.mode === 'drop-to-nobody';
  if (viaNobody) chownTree(scratch, NOBODY);
  const file = viaNobody ? (backend.probe.setpriv ?? 'setpriv') : bwrap;
  const prefix = viaNobody ? [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', '--', bwrap] : [];
  const r = await runQuiet(
    file,
    [...prefix, ...args, '--', tools.node, joinAbs(tools.nodePrefix, 'lib/node_modules/npm/bin/npm-cli.js'), ...npmArgs],
    env,
    15 * 60 * 1000,
  );
  const left =
    input.refused.length > 0
      ? `; not fetched (not registry packages): ${input.refused
          .map(x => `${x.name} (${x.spec})`)
          .join(', ')
          .slice(0, 400)}`
      : '';
  const modules = joinAbs(scratch, 'node_modules');
  if (r.status === 0 && existsSync(modules)) {
    renameSync(modules, joinAbs(src, 'node_modules'));
    return {
      note: `dependencies fetched with \`npm ${npmArgs[0] ?? ''} --ignore-scripts\` from ${registry}${left}`,
      refused: input.refused,
    };
  }
  return {
    note: `dependencies could not be fetched (npm ${npmArgs[0] ?? ''} exited ${r.status ?? 'by signal'}): ${(r.stderr || '').trim().split('\n').slice(-2).join(' ').slice(0, 300)}${left}`,
    refused: input.refused,
  };
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
    const userMap = command.userMap;
    const child = spawn(command.file, command.args, {
      stdio: userMap === undefined ? ['ignore', 'pipe', 'pipe'] : ['ignore', 'pipe', 'pipe', 'pipe', 'pipe'],
      detached: true,
      env: { PATH: '/usr/bin:/bin', LANG: 'C.UTF-8' },
    });
    let stderr = '';
    let buf = '';
    let timedOut = false;
    const killAll = (): void => {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    };
    if (userMap !== undefined) {
      // bwrap waits on fd 3 after creating its user namespace and reports its pid on fd 4; the
      // host (root) writes the two-user map, then lets it continue.
      const block = child.stdio[3] as NodeJS.WritableStream | null;
      const info = child.stdio[4] as NodeJS.ReadableStream | null;
      let text = '';
      let mapped = false;
      info?.setEncoding('utf8');
      info?.on('data', (d: string) => {
        if (mapped) return;
        text = (text + d).slice(0, 4096);
        let pid: unknown;
        try {
          pid = (JSON.parse(text) as Record<string, unknown>)['child-pid'];
        } catch {
          return;
        }
        mapped = true;
        try {
          if (typeof pid !== 'number' || !Number.isInteger(pid) || pid <= 1) throw new Error('no child pid');
          writeFileSync(`/proc/${pid}/uid_map`, userMap);
          writeFileSync(`/proc/${pid}/gid_map`, userMap);
          block?.end('1');
        } catch (err) {
          stderr += `could not map the sandbox users: ${errorMessage(err)}\n`;
          killAll();
        }
      });
      info?.on('error', () => undefined);
      (block as unknown as { on?: (e: string, f: () => void) => void } | null)?.on?.('error', () => undefined);
    }
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (d: string) => {
      buf += d;
      let nl;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        try {
          const msg = JSON.parse(line) as { progress?: unknown };
          // eslint-disable-next-line no-control-regex -- control characters are what is removed
          if (typeof msg.progress === 'string') progress(msg.progress.slice(0, 200).replace(/[\u0000-\u001f\u007f-\u009f]/g, ' '));
        } catch {
          continue;
        }
      }
      if (buf.length > 65536) buf = '';
    });
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (d: string) => {
      if (stderr.length < 16384) stderr += d;
    });
    const timer = setTimeout(() => {
      timedOut = true;
      killAll();
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

interface LedgerEntry {
  step?: unknown;
  phase?: unknown;
  label?: unknown;
  command?: unknown;
  done?: unknown;
  size?: unknown;
  ino?: unknown;
}

function readLedger(outDir: string, owner: number | undefined): LedgerEntry[] {
  const r = readEvidence(joinAbs(outDir, 'ledger.jsonl'), 4 * 1024 * 1024, owner);
  if (!('data' in r)) return [];
  const out: LedgerEntry[] = [];
  for (const line of r.data.toString('utf8').split('\n').slice(0, 10000)) {
    try {
      const v = JSON.parse(line) as unknown;
      if (v !== null && typeof v === 'object') out.push(v);
    } catch {
      continue;
    }
  }
  return out;
}

/**
 * The supervisor's results, read back safely. Each step's trace is then checked against what the
 * supervisor recorded when the step ended (the step ledger). When the supervisor died before
 * writing results, the steps are rebuilt from the ledger so that the traces on disk are still read.
 */
function readResult(
  outDir: string,
  run: { code: number | null; stderr: string; timedOut: boolean },
  owner: number | undefined,
  problems: EvidenceProblem[],
): SupervisorResult {
  const ledger = readLedger(outDir, owner);
  const done = new Map<string, { size: number; ino: number }>();
  for (const e of ledger)
    if (e.done === true && typeof e.step === 'string' && typeof e.size === 'number')
      done.set(e.step, { size: e.size, ino: typeof e.ino === 'number' ? e.ino : 0 });
  const file = readEvidence(joinAbs(outDir, 'result.json'), 64 * 1024 * 1024, owner);
  let parsed: SupervisorResult | undefined;
  if ('data' in file) {
    try {
      parsed = JSON.parse(file.data.toString('utf8')) as SupervisorResult;
      if (!Array.isArray(parsed.phases) || typeof parsed.setup !== 'object') parsed = undefined;
    } catch {
      parsed = undefined;
    }
    if (!parsed) problems.push({ what: 'the results file', problem: 'is not what the supervisor writes', tampered: true });
  } else if (!file.missing) problems.push({ what: 'the results file', problem: file.problem, tampered: true });
  if (parsed) {
    if (run.timedOut) parsed.setup.notes.push('the sandbox exceeded its overall deadline and was killed');
    for (const ph of parsed.phases)
      for (const st of ph.steps) {
        const d = st.trace ? done.get(st.trace) : undefined;
        if (st.trace && d === undefined && st.status !== 'skipped')
          (st.evidence ??= []).push({ what: `the ledger entry of "${st.label}"`, problem: 'vanished', tampered: true });
        if (d !== undefined && (d.size !== st.traceSize || (st.traceIno !== undefined && d.ino !== st.traceIno)))
          (st.evidence ??= []).push({ what: `the ledger entry of "${st.label}"`, problem: 'disagrees with the results', tampered: true });
      }
    return parsed;
  }
  const why = run.timedOut
    ? 'the sandbox exceeded its overall deadline and was killed'
    : `the sandbox supervisor stopped (exit ${run.code ?? 'by signal'}) before writing its results${run.stderr.trim() ? `: ${run.stderr.trim().split('\n').slice(-3).join(' ').slice(0, 400)}` : ''}`;
  problems.push({ what: 'the run', problem: `did not finish: ${why}; the traces on disk were read`, tampered: false });
  // Rebuild the steps from the ledger: their traces are on disk.
  const phases: SupervisorResult['phases'] = [];
  for (const e of ledger) {
    if (e.done === true || typeof e.step !== 'string' || typeof e.phase !== 'string') continue;
    let ph = phases.find(x => x.name === e.phase);
    if (!ph) {
      ph = { name: e.phase, durationMs: 0, steps: [] };
      phases.push(ph);
    }
    const d = done.get(e.step);
    ph.steps.push({
      label: typeof e.label === 'string' ? e.label : e.step,
      command: typeof e.command === 'string' ? e.command : '',
      status: 'no-result',
      trace: e.step,
      ...(d ? { traceSize: d.size, traceIno: d.ino } : {}),
    });
  }
  return { setup: { error: why, notes: [] }, phases };
}

const ZEROS = Buffer.alloc(16);

function readTrace(file: string, cwd: string, step: StepResult, owner: number | undefined, cap: number): ParsedTrace {
  const empty = (): ParsedTrace => ({ processes: new Map(), files: [], connects: [], signals: [], skipped: 1 });
  const r = readEvidence(file, cap, owner);
  const what = `the trace of "${step.label}"`;
  if (!('data' in r)) {
    (step.evidence ??= []).push({ what, problem: r.problem, tampered: true });
    return empty();
  }
  if (step.traceSize !== undefined && step.traceSize >= 0) {
    if (step.traceIno !== undefined && step.traceIno !== 0 && r.ino !== step.traceIno)
      (step.evidence ??= []).push({ what, problem: 'was replaced by another file', tampered: true });
    else if (r.size < step.traceSize)
      (step.evidence ??= []).push({ what, problem: `was truncated (${r.size} of ${step.traceSize} bytes left)`, tampered: true });
    else if (r.size > step.traceSize)
      (step.evidence ??= []).push({
        what,
        problem: `was written to after its step ended (${r.size - step.traceSize} bytes added)`,
        tampered: true,
      });
  }
  // strace escapes every byte it writes: a run of NUL bytes is a hole left by truncating the file
  // while the tracer was still writing to it.
  if (r.data.includes(ZEROS))
    (step.evidence ??= []).push({ what, problem: 'has a zeroed hole (it was truncated while being written)', tampered: true });
  try {
    return parseTrace(r.data.toString('latin1'), cwd);
  } catch {
    return empty();
  }
}

function readNet(outDir: string, owner: number | undefined, problems: EvidenceProblem[]): NetEvent[] {
  const r = readEvidence(joinAbs(outDir, 'net.jsonl'), 32 * 1024 * 1024, owner);
  if (!('data' in r)) {
    problems.push({ what: 'the network sink log', problem: r.problem, tampered: true });
    return [];
  }
  const out: NetEvent[] = [];
  for (const line of r.data.toString('utf8').split('\n').slice(0, 20001)) {
    if (line === '') continue;
    try {
      const v = JSON.parse(line) as unknown;
      if (v !== null && typeof v === 'object' && !Array.isArray(v)) out.push(v as NetEvent);
    } catch {
      continue;
    }
  }
  return out;
}

/** Why a trigger did not really run, and how to make it run. */
export interface NotRun {
  step?: string;
  why: string;
  fix: string;
}

/**
 * Whether a step's trigger really ran, from its status, exit code and output: a missing tool
 * (exit 127, "not found"), a missing module, a test runner that found no tests, a server that
 * never listened, a step the deadline skipped or whose result was lost.
 */
export function whyNotRun(step: Pick<StepResult, 'label' | 'status' | 'exitCode' | 'stdout' | 'stderr' | 'reason'>): NotRun | undefined {
  const out = `${step.stderr ?? ''}\n${step.stdout ?? ''}`;
  const tool =
    /(?:^|\n)[^\n]*?:\s*(?:\d+:\s*)?([^\s:]+): (?:command )?not found/.exec(out)?.[1] ?? /command not found: ([^\s]+)/.exec(out)?.[1];
  const module = /Cannot find (?:module|package) '([^']{1,200})'/.exec(out)?.[1];
  const base = { step: step.label };
  if (step.status === 'no-result')
    return { ...base, why: 'its result was lost (the sandbox stopped)', fix: 'run `airlock detonate` again, with a longer --timeout' };
  if (step.status === 'skipped')
    return { ...base, why: `it was skipped (${step.reason ?? 'no reason given'})`, fix: 'run with a longer --timeout' };
  const failed = step.exitCode !== 0 && step.exitCode !== undefined && step.exitCode !== null;
  if (module !== undefined && failed)
    return {
      ...base,
      why: `\`${module}\` could not be loaded`,
      fix: 'let Airlock fetch the dependencies (run without --offline), or install them in the repository copy you detonate',
    };
  if (step.exitCode === 127 || (tool !== undefined && failed))
    return {
      ...base,
      why: `${tool !== undefined ? `\`${tool}\`` : 'a command it needs'} is not installed in the sandbox`,
      fix:
        tool !== undefined && tool !== 'node' && tool !== 'npm'
          ? `install \`${tool}\` on this machine (the sandbox sees /usr) or fetch the dependencies that provide it`
          : 'install the tool on this machine',
    };
  if (/No tests found|no test files found|No test suite found/i.test(out))
    return { ...base, why: 'the test runner found no tests, so its setup files never ran', fix: 'add a test file the runner matches' };
  if (step.status === 'never-listened' || step.status === 'exited-before-listening')
    return {
      ...base,
      why: step.status === 'never-listened' ? 'the server never listened on a port' : 'the server exited before it listened on a port',
      fix: 'read the step output in the JSON report; run with a longer --timeout if it was still starting',
    };
  return undefined;
}

function phaseBehavior(
  plan: PhasePlan,
  steps: StepResult[] | undefined,
  lost: boolean,
  deps: { missing: number; refused: Refused[]; offline: boolean },
): Behavior {
  const missingDeps = deps.missing;
  const offline = deps.offline;
  if (plan.steps.length === 0)
    return {
      kind: 'phase',
      phase: plan.name,
      summary: `${plan.name}: skipped (${plan.skipped ?? 'nothing to run'})`,
      detail: { status: 'skipped', reason: plan.skipped ?? 'nothing to run' },
    };
  const source = plan.steps.find(s => s.source)?.source;
  const at = source ? { source } : {};
  const notRun: NotRun[] = [];
  if (missingDeps > 0 && plan.name !== 'open')
    notRun.push({
      why: `package.json declares ${missingDeps} dependenc${missingDeps === 1 ? 'y' : 'ies'} and none are installed${offline ? ' (--offline)' : ' (the fetch failed)'}, so the code that loads them could not run`,
      fix: offline
        ? 'run without --offline so that Airlock fetches them with scripts disabled'
        : 'check the fetch note; point --registry at a reachable registry',
    });
  if (deps.refused.length > 0 && plan.name !== 'open')
    notRun.push({
      why: `${deps.refused.length} dependenc${deps.refused.length === 1 ? 'y was' : 'ies were'} not fetched because ${deps.refused.length === 1 ? 'its spec names' : 'their specs name'} something other than a registry package (${deps.refused
        .slice(0, 5)
        .map(x => `${x.name}: ${x.spec}`)
        .join(', ')}), so code that loads ${deps.refused.length === 1 ? 'it' : 'them'} could not run`,
      fix: 'review where those specs point (a URL, git or file dependency runs whatever its source serves); Airlock fetches from the registry only',
    });
  if (!steps) {
    notRun.push({ why: lost ? 'no result came back (the sandbox stopped early)' : 'it did not run', fix: 'run `airlock detonate` again' });
    return {
      kind: 'phase',
      phase: plan.name,
      summary: `${plan.name}: ${lost ? 'no result (the sandbox stopped early)' : 'not run'}`,
      detail: { status: 'no-result', notRun, ...at },
    };
  }
  for (const s of steps) {
    const n = whyNotRun(s);
    if (n) notRun.push(n);
  }
  const status = steps
    .map(
      s => `${s.label}: ${s.status}${s.exitCode !== undefined && s.exitCode !== null && s.status !== 'ok' ? ` (exit ${s.exitCode})` : ''}`,
    )
    .join('; ');
  return {
    kind: 'phase',
    phase: plan.name,
    summary: `${plan.name}: ${status}${notRun.length > 0 ? ` — did not really run: ${notRun.map(n => n.why).join('; ')}` : ''}`,
    detail: {
      status: steps.every(s => s.status === 'ok' || s.status === 'listening')
        ? 'ok'
        : (steps.find(s => s.status !== 'ok' && s.status !== 'listening')?.status ?? 'ok'),
      ...(notRun.length > 0 ? { notRun } : {}),
      ...at,
      ...(plan.files && plan.files.length > 0 ? { added: plan.files.map(f => f.path) } : {}),
      steps: steps.map(s => ({
        label: s.label,
        command: s.command,
        status: s.status,
        ...(s.reason ? { reason: s.reason } : {}),
        exitCode: s.exitCode ?? null,
        ...(s.signal ? { signal: s.signal } : {}),
        durationMs: s.durationMs ?? 0,
        ...(s.port !== undefined ? { port: s.port } : {}),
        ...(s.ports ? { ports: s.ports } : {}),
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
