/**
 * The Docker/Podman backend (any OS with an engine). It builds the exact `docker run` /
 * `podman run` command line: no network (the sinks live on the container's loopback), read-only
 * root filesystem, $HOME and /tmp on size-capped tmpfs, every capability dropped except those the
 * supervisor needs for the sinks and to run the repository as a second user (it drops them for
 * everything it runs), no-new-privileges, process, memory and CPU limits (cgroups, so they bound the whole sandbox), and the staging
 * folder mounted read-only. The image must provide node, strace, iproute2, util-linux (setpriv,
 * prlimit) and openssl; docs/detonate.md has a five-line Dockerfile.
 */
import { spawnSync } from 'node:child_process';
import { findTool } from './bwrap.ts';
import type { SandboxCommand, SandboxPlan } from './types.ts';
import { INSIDE } from './types.ts';

export type Engine = 'docker' | 'podman';

export const DEFAULT_IMAGE = 'airlock-detonate:latest';

export interface EngineProbe {
  ok: boolean;
  binary?: string;
  reason?: string;
  version?: string;
}

/** The `run` arguments (after the engine binary) for a plan. */
export function containerArgs(engine: Engine, plan: SandboxPlan, image: string, inner: string[]): string[] {
  const mb = (n: number): string => `${Math.max(1, Math.floor(n / (1024 * 1024)))}m`;
  const args = [
    'run',
    '--rm',
    '--init',
    '--network',
    'none',
    '--read-only',
    '--hostname',
    plan.hostname,
    '--user',
    '0:0',
    '--cap-drop',
    'ALL',
    '--cap-add',
    'NET_ADMIN',
    '--cap-add',
    'NET_BIND_SERVICE',
    '--cap-add',
    'SETPCAP',
    '--cap-add',
    'SYS_PTRACE',
    '--cap-add',
    'SETUID',
    '--cap-add',
    'SETGID',
    '--cap-add',
    'CHOWN',
    '--cap-add',
    'KILL',
    '--security-opt',
    'no-new-privileges',
    '--pids-limit',
    String(plan.processes),
    '--memory',
    mb(plan.memoryBytes),
    '--memory-swap',
    mb(plan.memoryBytes),
    '--cpus',
    '2',
    '--tmpfs',
    `/home:rw,exec,size=${mb(plan.diskBytes)}`,
    '--tmpfs',
    `/tmp:rw,exec,size=${mb(plan.tmpBytes)}`,
    '--mount',
    `type=bind,source=${plan.stagingDir},target=${INSIDE.root},readonly`,
    '--mount',
    `type=bind,source=${plan.sourceDir},target=${INSIDE.src},readonly`,
    '--mount',
    `type=bind,source=${plan.outDir},target=${INSIDE.out}`,
    '--mount',
    `type=bind,source=${plan.stagingDir}/etc/resolv.conf,target=/etc/resolv.conf,readonly`,
    '--mount',
    `type=bind,source=${plan.stagingDir}/etc/hosts,target=/etc/hosts,readonly`,
    '--workdir',
    '/',
  ];
  if (engine === 'podman') args.push('--userns', 'auto');
  args.push(image, ...inner);
  return args;
}

export function containerCommand(engine: Engine, binary: string, plan: SandboxPlan, image: string, inner: string[]): SandboxCommand {
  return { file: binary, args: containerArgs(engine, plan, image, inner) };
}

/** The command that tells whether an engine is live (a client alone is not enough). */
export function infoArgs(): string[] {
  return ['info', '--format', '{{.ServerVersion}}'];
}

/** Whether `docker`/`podman` exists and its engine answers. */
export function probeEngine(engine: Engine, env: Readonly<Record<string, string | undefined>> = process.env): EngineProbe {
  const binary = findTool(engine, env);
  if (!binary) return { ok: false, reason: `${engine} is not installed` };
  const r = spawnSync(binary, infoArgs(), { encoding: 'utf8', timeout: 15000 });
  if (r.status !== 0) {
    const why = (r.stderr || r.error?.message || '').trim().split('\n')[0] ?? '';
    return { ok: false, binary, reason: `the ${engine} client is installed but no engine answers${why ? ` (${why})` : ''}` };
  }
  return { ok: true, binary, version: r.stdout.trim() };
}

/** Whether the image is present locally (detonate never pulls implicitly). */
export function imagePresent(binary: string, image: string): boolean {
  return spawnSync(binary, ['image', 'inspect', image], { stdio: 'ignore', timeout: 15000 }).status === 0;
}
