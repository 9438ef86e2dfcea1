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
}

export interface SandboxCommand {
  file: string;
  args: string[];
}

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
