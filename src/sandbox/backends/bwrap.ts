/**
 * The bubblewrap backend (Linux). One `bwrap` process per detonation: new user, mount, pid, ipc,
 * uts, cgroup and network namespaces; the system folders (/usr and the node installation) bound
 * read-only; a synthetic /etc (no host users, no secrets); $HOME and /tmp on size-capped tmpfs;
 * --die-with-parent and a pid namespace so nothing outlives it. Inside, the supervisor alone keeps
 * CAP_NET_ADMIN/CAP_NET_BIND_SERVICE/CAP_SETPCAP (namespaced) to set up the sinks, and drops them
 * for everything it runs.
 *
 * Who runs bwrap: as a normal user, bwrap itself (unprivileged user namespaces). As root, Airlock
 * runs bwrap as `nobody` through setpriv, so sandbox "root" is an unprivileged host user; only if
 * the kernel refuses unprivileged user namespaces does it fall back to running bwrap as root.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync } from 'node:fs';
import type { SandboxCommand, SandboxPlan } from './types.ts';
import { INSIDE, PAYLOAD_HOST_UID, PAYLOAD_UID } from './types.ts';

export type BwrapMode = 'user' | 'drop-to-nobody' | 'root';

export const NOBODY = 65534;

export interface BwrapProbe {
  ok: boolean;
  mode?: BwrapMode;
  bwrap?: string;
  setpriv?: string;
  /** Why it cannot be used. */
  reason?: string;
}

/** System folders bound read-only (when they exist); symlinked ones become symlinks. */
const SYSTEM = ['/usr', '/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32'];

export function findTool(name: string, env: Readonly<Record<string, string | undefined>> = process.env): string | undefined {
  const dirs = (env['PATH'] ?? '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin').split(':');
  for (const d of [...dirs, '/usr/sbin', '/usr/bin', '/sbin', '/bin']) {
    if (d === '') continue;
    const p = `${d}/${name}`;
    if (existsSync(p)) return p;
  }
  return undefined;
}

/** The bwrap argv (without the bwrap binary) for a plan; `inner` is the command run inside. */
export function bwrapArgs(plan: SandboxPlan, inner: string[]): string[] {
  const args = [
    '--unshare-all',
    '--unshare-user',
    '--die-with-parent',
    '--new-session',
    '--uid',
    '0',
    '--gid',
    '0',
    '--hostname',
    plan.hostname,
  ];
  if (plan.separateUsers === true) args.push('--userns-block-fd', '3', '--info-fd', '4');
  for (const dir of SYSTEM) {
    let st;
    try {
      st = lstatSync(dir);
    } catch {
      continue;
    }
    if (st.isSymbolicLink()) args.push('--symlink', `usr${dir}`, dir);
    else if (st.isDirectory()) args.push('--ro-bind', dir, dir);
  }
  if (!plan.nodePrefix.startsWith('/usr/') && plan.nodePrefix !== '/usr') args.push('--ro-bind', plan.nodePrefix, plan.nodePrefix);
  args.push('--ro-bind', `${plan.stagingDir}/etc`, '/etc');
  args.push('--proc', '/proc', '--dev', '/dev');
  args.push('--perms', '1777', '--size', String(plan.tmpBytes), '--tmpfs', '/dev/shm');
  args.push('--perms', '1777', '--size', String(plan.tmpBytes), '--tmpfs', '/tmp');
  args.push('--size', String(plan.diskBytes), '--tmpfs', '/home');
  args.push('--dir', INSIDE.homeDir);
  args.push('--ro-bind', plan.stagingDir, INSIDE.root);
  args.push('--ro-bind', plan.sourceDir, INSIDE.src);
  args.push('--bind', plan.outDir, INSIDE.out);
  args.push('--cap-add', 'CAP_NET_ADMIN', '--cap-add', 'CAP_NET_BIND_SERVICE', '--cap-add', 'CAP_SETPCAP');
  // With a second user: switching to it, handing it the home, and stopping what it leaves running.
  if (plan.separateUsers === true) for (const cap of ['CAP_SETUID', 'CAP_SETGID', 'CAP_CHOWN', 'CAP_KILL']) args.push('--cap-add', cap);
  args.push('--chdir', '/');
  args.push('--', ...inner);
  return args;
}

/** The full command for a mode: as nobody through setpriv when Airlock runs as root. */
export function bwrapCommand(plan: SandboxPlan, inner: string[], probe: BwrapProbe): SandboxCommand {
  const bwrap = probe.bwrap ?? 'bwrap';
  const args = bwrapArgs(plan, inner);
  if (probe.mode === 'drop-to-nobody') {
    return {
      file: probe.setpriv ?? 'setpriv',
      args: [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', '--', bwrap, ...args],
      ...(plan.separateUsers === true ? { userMap: `0 ${NOBODY} 1\n${PAYLOAD_UID} ${PAYLOAD_HOST_UID} 1\n` } : {}),
    };
  }
  return { file: bwrap, args };
}

/** Checks that bwrap exists and can create the namespaces, and how it has to be run. */
export function probeBwrap(env: Readonly<Record<string, string | undefined>> = process.env): BwrapProbe {
  const bwrap = findTool('bwrap', env);
  if (!bwrap)
    return { ok: false, reason: 'bubblewrap is not installed (Debian/Ubuntu: apt-get install bubblewrap; Fedora: dnf install bubblewrap)' };
  const setpriv = findTool('setpriv', env);
  const test = [
    '--unshare-all',
    '--unshare-user',
    '--die-with-parent',
    '--uid',
    '0',
    '--gid',
    '0',
    '--ro-bind',
    '/',
    '/',
    '--proc',
    '/proc',
    '--cap-add',
    'CAP_NET_ADMIN',
    '--',
    '/bin/true',
  ];
  const tryRun = (file: string, args: string[]): string | undefined => {
    const r = spawnSync(file, args, { encoding: 'utf8', timeout: 10000 });
    if (r.status === 0) return undefined;
    return (r.stderr || r.error?.message || `exit ${r.status ?? 'signal'}`).trim().split('\n')[0];
  };
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    const err = tryRun(bwrap, test);
    if (err === undefined) return { ok: true, mode: 'user', bwrap };
    return {
      ok: false,
      bwrap,
      reason: `bubblewrap cannot create user namespaces here (${err}); enable unprivileged user namespaces (sysctl kernel.unprivileged_userns_clone=1, or the AppArmor bwrap profile on Ubuntu)`,
    };
  }
  if (setpriv) {
    const err = tryRun(setpriv, [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', '--', bwrap, ...test]);
    if (err === undefined) return { ok: true, mode: 'drop-to-nobody', bwrap, setpriv };
  }
  const err = tryRun(bwrap, test);
  if (err === undefined) return { ok: true, mode: 'root', bwrap };
  return { ok: false, bwrap, reason: `bubblewrap cannot create namespaces here (${err})` };
}
