/** What every sandbox backend gets: host folders prepared by detonate() and the limits to apply. */
export interface SandboxPlan {
  /** Host folder mounted read-only at /.airlock: config.json, supervisor/, src/, home/, tls/, etc/. */
  stagingDir: string;
  /** Host folder mounted read-only at /.airlock/src: the repository (the original, or a copy). */
  sourceDir: string;
  /** Host folder mounted read-write at /.airlock/out: results, traces, network events. */
  outDir: string;
  /** Installation prefix of the node binary on the host (e.g. /usr or ~/.nvm/versions/node/v20). */
  nodePrefix: string;
  /** Size of the tmpfs holding $HOME and the repository copy. */
  diskBytes: number;
  /** Size of the sandbox's /tmp. */
  tmpBytes: number;
  /** Memory cap for the whole sandbox where the backend can enforce one (containers). */
  memoryBytes: number;
  processes: number;
  hostname: string;
  /**
   * Map a second user into the sandbox (bubblewrap as root): the supervisor is sandbox uid 0
   * (host `nobody`), the repository runs as sandbox uid PAYLOAD_UID (host PAYLOAD_HOST_UID).
   */
  separateUsers?: boolean;
}

export interface SandboxCommand {
  file: string;
  args: string[];
  /**
   * uid_map/gid_map text the caller writes for the sandbox's user namespace before it continues
   * (bwrap `--userns-block-fd 3 --info-fd 4`).
   */
  userMap?: string;
}

/** The sandbox user the repository's code runs as, when the backend maps a second user. */
export const PAYLOAD_UID = 1000;
/** Its host uid under bubblewrap as root: above the ranges distributions and systemd-nspawn hand out. */
export const PAYLOAD_HOST_UID = 0x70000000;

/** Paths inside every backend's sandbox. */
export const INSIDE = {
  root: '/.airlock',
  config: '/.airlock/config.json',
  supervisor: '/.airlock/supervisor/inside/supervisor.mjs',
  out: '/.airlock/out',
  src: '/.airlock/src',
  home: '/.airlock/home',
  tls: '/.airlock/tls',
  homeDir: '/home/dev',
} as const;

export type BackendName = 'bwrap' | 'docker' | 'podman';
