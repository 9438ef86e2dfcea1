/**
 * Programs that open this machine to another one: reverse SSH forwards, tunnel clients and
 * terminal-sharing tools. The shell analysis (lang/shell/remote-access.ts) reads their arguments
 * to tell a way into the machine (its SSH, desktop or container-engine port, a SOCKS proxy into
 * its network, a shared terminal) from a tunnel to a web app's port, which is how webhook and
 * preview helpers work (`ngrok http 3000`).
 */

/** Local ports that give a shell, a desktop or the container engine to whoever reaches them. */
export const REMOTE_ACCESS_PORTS: ReadonlySet<number> = new Set([22, 2222, 3389, 5900, 5901, 5902, 5903, 5938, 2375, 2376, 5985, 5986]);

/** URL schemes of a tunnel target that are a login, a desktop or a raw port rather than a web app. */
export const REMOTE_ACCESS_SCHEMES = /^(?:ssh|rdp|vnc|smb|unix|unix\+tls):/i;

/** Programs whose only job is to hand a shell of this machine to someone else. */
export const TERMINAL_SHARING: ReadonlySet<string> = new Set(['tmate', 'upterm', 'sshx', 'gotty', 'ttyd', 'teleconsole']);

/** SSH clients whose `-R` / `-D` / `-L` forwards are read (autossh keeps the same forwards alive). */
export const SSH_CLIENTS: ReadonlySet<string> = new Set(['ssh', 'autossh', 'dbclient', 'plink']);

/** Tunnel clients that expose a local port through a relay, and how they name the port. */
export const TUNNEL_CLIENTS: ReadonlySet<string> = new Set([
  'ngrok',
  'cloudflared',
  'bore',
  'lt',
  'localtunnel',
  'frpc',
  'chisel',
  'zrok',
  'inlets',
  'pinggy',
  'loophole',
  'localxpose',
  'tailscale',
]);
