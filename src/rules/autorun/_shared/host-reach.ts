/**
 * What a container can reach on the host through a bind mount, a file it is given or a flag:
 * the home folder and the credentials in it, the container engine's socket and system folders,
 * other host folders. Shared by the Compose and dev container rules, which rate it with
 * `containerSeverity` (core/policy.ts).
 */
import { joinRel } from '../../../fs/path.ts';

/** What a container can reach on the host, worst first. */
export type Reach = 'credentials' | 'control' | 'network' | 'outside';

export const REACH_RANK: Record<Reach, number> = { credentials: 3, control: 2, network: 1, outside: 0 };

/** Home-folder paths (after `~/`) that hold credentials, keys, browser profiles or wallets. */
const SECRET_HOME =
  /^(?:\.ssh|\.aws|\.azure|\.kube|\.docker|\.gnupg|\.netrc|\.npmrc|\.pypirc|\.git-credentials|\.config\/(?:gcloud|gh|google-chrome|chromium|BraveSoftware|microsoft-edge|solana)|\.mozilla|\.password-store|\.electrum|\.bitcoin|\.ethereum|\.local\/share\/keyrings|Library\/(?:Keychains|Application Support\/(?:Google\/Chrome|BraveSoftware|Firefox|Exodus|Electrum)))(?:\/|$)/;
/** Host paths that give control of the machine: its root, system folders, the container engine's socket. */
const CONTROL =
  /^\/(?:$|(?:var\/)?run\/(?:docker|podman\/podman|containerd\/containerd)\.sock$|(?:var\/)?run(?:\/|$)|etc(?:\/|$)|proc(?:\/|$)|sys(?:\/|$)|dev(?:\/|$)|boot(?:\/|$)|lib\/modules(?:\/|$)|var\/lib\/docker(?:\/|$)|usr(?:\/|$)|bin(?:\/|$)|sbin(?:\/|$))/;
/** Capabilities that give a container control of the host. */
export const HOST_CAPS = new Set(['ALL', 'SYS_ADMIN', 'SYS_PTRACE', 'SYS_MODULE', 'DAC_READ_SEARCH', 'SYS_RAWIO', 'BPF']);

/** A host path as `~/…` when it is in a home folder; other paths as written. */
function homeRelative(p: string): string {
  const s = p.replace(/\\/g, '/').replace(/^\/\/+/, '/');
  const m = /^(?:~|\$\{?(?:HOME|USERPROFILE)\}?|%USERPROFILE%|\/home\/[^/]+|\/Users\/[^/]+|\/root|[A-Za-z]:\/Users\/[^/]+)(\/.*)?$/.exec(s);
  if (m) return `~${(m[1] ?? '').replace(/\/+$/, '')}`;
  return s;
}

/**
 * What a bind mount of `source` (host side, interpolated) reaches, if anything; `{ repo }` when it
 * is a folder of the project at `dir` (root-relative).
 */
export function classifyHostPath(
  source: string,
  dir: string,
): { reach: Reach; what: string; socket?: boolean } | { repo: string } | undefined {
  const s = homeRelative(source.trim());
  if (s === '~') return { reach: 'credentials', what: 'mounts your home folder' };
  if (s.startsWith('~/')) {
    const rest = s.slice(2);
    if (SECRET_HOME.test(rest)) return { reach: 'credentials', what: `mounts ${s}` };
    return { reach: 'outside', what: `mounts ${s}` };
  }
  if (s.startsWith('/')) {
    const n = s.replace(/\/+$/, '') || '/';
    if (CONTROL.test(n)) {
      return /\.sock$/.test(n)
        ? { reach: 'control', what: `mounts the container engine's socket (${n})`, socket: true }
        : { reach: 'control', what: `mounts the host's ${n}` };
    }
    return undefined;
  }
  if (s.startsWith('.') || s.includes('/')) {
    const repo = joinRel(dir, s);
    if (repo === undefined) return { reach: 'outside', what: `mounts ${s}, a folder outside the project` };
    return { repo };
  }
  return undefined;
}
