/**
 * Commands that open this machine to another one. A reverse SSH forward of the SSH, desktop or
 * container-engine port, a SOCKS proxy handed to the remote end (`ssh -R 1080`), a tunnel client
 * pointed at such a port (`ngrok tcp 22`, `cloudflared tunnel --url ssh://localhost:22`,
 * `bore local 22`), frp and chisel reverse clients and terminal-sharing tools are remote access:
 * someone else gets a way in. A tunnel to any other local port (`ngrok http 3000`, `ssh -L`,
 * `ssh -D`) exposes or reaches a service and is context on a command the user runs
 * (docs/severity.md, "Remote access").
 */
import {
  REMOTE_ACCESS_PORTS,
  REMOTE_ACCESS_SCHEMES,
  SSH_CLIENTS,
  TERMINAL_SHARING,
  TUNNEL_CLIENTS,
} from '../../knowledge/remote-access.ts';
import type { CommandSignal } from './types.ts';

/** ssh options that take a value (the value is the next word unless attached). */
const SSH_VALUE_FLAGS = new Set([
  '-B',
  '-b',
  '-c',
  '-D',
  '-E',
  '-e',
  '-F',
  '-I',
  '-i',
  '-J',
  '-L',
  '-l',
  '-m',
  '-O',
  '-o',
  '-p',
  '-Q',
  '-R',
  '-S',
  '-W',
  '-w',
  '-M',
]);

function show(prog: string, args: readonly string[]): string {
  return `\`${[prog, ...args].join(' ').slice(0, 120)}\``;
}

function portOf(word: string | undefined): number | undefined {
  if (word === undefined) return undefined;
  const m = /(?:^|:)(\d{1,5})\/?$/.exec(word.trim());
  return m?.[1] === undefined ? undefined : Number(m[1]);
}

/** The forwards of an ssh command line: `-R spec`, `-Rspec`, `-o RemoteForward=…`. */
function sshForwards(args: readonly string[]): { flag: 'R' | 'L' | 'D'; spec: string }[] {
  const out: { flag: 'R' | 'L' | 'D'; spec: string }[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    const opt = /^-o\s*(\w+)[= ]\s*(.+)$/.exec(a) ?? (a === '-o' ? /^(\w+)[= ]\s*(.+)$/.exec(args[i + 1] ?? '') : null);
    if (opt) {
      const key = (opt[1] ?? '').toLowerCase();
      const flag = key === 'remoteforward' ? 'R' : key === 'localforward' ? 'L' : key === 'dynamicforward' ? 'D' : undefined;
      if (flag) out.push({ flag, spec: (opt[2] ?? '').trim().replace(/\s+/g, ':') });
      if (a === '-o') i++;
      continue;
    }
    const m = /^-([a-zA-Z]*)([RLD])(.*)$/.exec(a);
    if (m && !a.startsWith('--')) {
      const flag = m[2] as 'R' | 'L' | 'D';
      const spec = m[3] !== '' ? (m[3] ?? '') : (args[++i] ?? '');
      out.push({ flag, spec });
      continue;
    }
    if (SSH_VALUE_FLAGS.has(a)) i++;
  }
  return out;
}

/** A `-R` spec that hands a way in: a forward to a remote-access port, a socket, or a SOCKS proxy (`-R [bind:]port`). */
function reverseIntoMachine(spec: string): boolean {
  const parts = spec.replace(/\[[^\]]*\]/g, 'h').split(':');
  const last = parts[parts.length - 1] ?? '';
  // `-R 1080` / `-R 0.0.0.0:1080`: the remote end gets a SOCKS proxy into this machine's network.
  if (parts.length === 1 || (parts.length === 2 && !/^\d+$/.test(parts[0] ?? '') && /^\d+$/.test(last))) return true;
  if (/\.sock$|^\//.test(last)) return true;
  const port = /^\d+$/.test(last) ? Number(last) : undefined;
  return port !== undefined && REMOTE_ACCESS_PORTS.has(port);
}

function ssh(prog: string, args: readonly string[]): CommandSignal | undefined {
  const forwards = sshForwards(args);
  if (forwards.length === 0) return undefined;
  const way = forwards.find(f => f.flag === 'R' && reverseIntoMachine(f.spec));
  if (way)
    return {
      kind: 'remote-access',
      detail: `${show(prog, args)} opens a reverse tunnel (-R ${way.spec}) that lets the other end into this machine`,
    };
  const reverse = forwards.find(f => f.flag === 'R');
  if (reverse && prog === 'autossh')
    return { kind: 'remote-access', detail: `${show(prog, args)} keeps a reverse tunnel (-R ${reverse.spec}) to this machine open` };
  const f = forwards[0];
  return f === undefined ? undefined : { kind: 'tunnel', detail: `${show(prog, args)} opens an SSH tunnel (-${f.flag} ${f.spec})` };
}

/** The local target a tunnel client exposes: a URL or a port, as written. */
function tunnelTarget(prog: string, args: readonly string[]): { target: string; raw: boolean } | undefined {
  const positional = args.filter(a => !a.startsWith('-'));
  const flag = (names: readonly string[]): string | undefined => {
    for (let i = 0; i < args.length; i++) {
      const a = args[i] ?? '';
      for (const n of names) {
        if (a === n) return args[i + 1];
        if (a.startsWith(`${n}=`)) return a.slice(n.length + 1);
      }
    }
    return undefined;
  };
  switch (prog) {
    case 'ngrok': {
      const mode = positional[0] ?? '';
      if (mode === 'tcp' || mode === 'tls') return { target: positional[1] ?? '', raw: true };
      if (mode === 'http') return { target: positional[1] ?? '', raw: false };
      return undefined;
    }
    case 'cloudflared': {
      const url = flag(['--url']) ?? positional.find(a => /^\w+:\/\//.test(a));
      return url === undefined ? undefined : { target: url, raw: !/^https?:/i.test(url) };
    }
    case 'bore':
      return positional[0] === 'local' ? { target: positional[1] ?? '', raw: true } : undefined;
    case 'lt':
    case 'localtunnel': {
      const port = flag(['--port', '-p']);
      return port === undefined ? undefined : { target: port, raw: false };
    }
    case 'tailscale':
      return positional[0] === 'funnel' || positional[0] === 'serve'
        ? { target: positional.at(-1) ?? '', raw: args.includes('--tcp') || /^tcp:/.test(positional.at(-1) ?? '') }
        : undefined;
    default:
      return positional.length > 0 || args.length > 0 ? { target: positional.at(-1) ?? '', raw: false } : undefined;
  }
}

/** A signal for a command that opens this machine to another one, or undefined. */
export function remoteAccessSignal(prog: string, args: readonly string[]): CommandSignal | undefined {
  if (TERMINAL_SHARING.has(prog))
    return { kind: 'remote-access', detail: `${show(prog, args)} shares a terminal of this machine with whoever has the link` };
  if (SSH_CLIENTS.has(prog)) return ssh(prog, args);
  if (!TUNNEL_CLIENTS.has(prog)) return undefined;
  // frp and chisel clients build reverse tunnels for a relay: chisel's `R:` remotes and frpc's proxies.
  if (prog === 'frpc')
    return { kind: 'remote-access', detail: `${show(prog, args)} runs an frp client, which exposes local ports through a relay` };
  if (prog === 'chisel') {
    if (args[0] !== 'client') return undefined;
    const rev = args.find(a => /^R:/.test(a));
    if (rev !== undefined && (/socks$/i.test(rev) || REMOTE_ACCESS_PORTS.has(portOf(rev) ?? -1)))
      return { kind: 'remote-access', detail: `${show(prog, args)} opens a reverse tunnel (${rev}) into this machine` };
    return { kind: 'tunnel', detail: `${show(prog, args)} opens a tunnel through a relay` };
  }
  const t = tunnelTarget(prog, args);
  if (t === undefined) return undefined;
  const port = portOf(t.target);
  if (REMOTE_ACCESS_SCHEMES.test(t.target) || (port !== undefined && REMOTE_ACCESS_PORTS.has(port)))
    return { kind: 'remote-access', detail: `${show(prog, args)} exposes ${t.target} of this machine through a public relay` };
  return {
    kind: 'tunnel',
    detail: `${show(prog, args)} exposes ${t.raw ? 'a local port' : 'a local web server'} (${t.target || 'from its config'}) through a public relay`,
  };
}
