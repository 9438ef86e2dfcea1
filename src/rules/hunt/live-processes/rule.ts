import type { Severity } from '../../../core/types.ts';
import { baseName, joinAbs } from '../../../fs/path.ts';
import { isInside } from '../../../workstation/files.ts';
import type { ProcessInfo, SocketInfo } from '../../../workstation/proc.ts';
import { compromised } from '../../../workstation/remediation.ts';
import type { WorkstationContext } from '../../../workstation/rule.ts';
import { defineWorkstationRule } from '../../../workstation/rule.ts';

const NODE = /^(?:node|nodejs)(?:\.exe)?$/i;
const PYTHON = /^pythonw?(?:\d+(?:\.\d+)?)?(?:\.exe)?$/i;
const ACTIVE = new Set(['ESTABLISHED', 'SYN_SENT']);

export function isPrivateAddress(ip: string): boolean {
  if (ip === '' || ip === '*' || ip === '0.0.0.0' || ip === '::' || ip === '::1') return true;
  if (/^(?:127|10)\./.test(ip) || /^192\.168\./.test(ip) || /^169\.254\./.test(ip)) return true;
  const m = /^172\.(\d+)\./.exec(ip);
  if (m && Number(m[1]) >= 16 && Number(m[1]) <= 31) return true;
  return /^f[cd]/i.test(ip) || /^fe80:/i.test(ip);
}

/** True for `node -` / `node --flag -`: code read from standard input, never written to disk. */
export function runsStdin(argv: readonly string[]): boolean {
  for (const arg of argv.slice(1)) {
    if (arg === '-') return true;
    if (!arg.startsWith('-')) return false;
  }
  return false;
}

function describe(p: ProcessInfo, byPid: ReadonlyMap<number, ProcessInfo>): string {
  const parent = p.ppid === undefined ? undefined : byPid.get(p.ppid);
  return `pid ${p.pid}: ${p.argv.join(' ')}${p.cwd ? ` (in ${p.cwd})` : ''}${parent ? `; started by pid ${parent.pid}: ${parent.argv.join(' ')}` : ''}`;
}

function kill(ctx: WorkstationContext, pid: number): string {
  return ctx.os === 'win32'
    ? `End process ${pid} (\`taskkill /PID ${pid} /T /F\`)`
    : `End process ${pid} and its children (\`kill -9 ${pid}\`)`;
}

export default defineWorkstationRule({
  meta: {
    id: 'hunt/live-processes',
    command: 'hunt',
    severity: 'critical',
    confidence: 'medium',
    description: 'Running Node/Python processes and TCP connections that match the campaign’s stages and command-and-control servers',
    since: '0.1.0',
  },
  check(ctx) {
    const snap = ctx.processes();
    if (!snap) {
      ctx.skip(
        ctx.live
          ? 'process and socket checks are turned off (--no-processes)'
          : 'running processes belong to this machine, not to the --home copy: not checked',
      );
      return;
    }
    for (const e of snap.errors) ctx.error(e);
    if (snap.unreadable > 0)
      ctx.note(
        `${snap.unreadable} process entries could not be read (other users' processes, or processes that exited meanwhile); run as that user to see them.`,
      );
    const stageDirs = [joinAbs(ctx.home, '.vscode'), joinAbs(ctx.home, '.n2')];
    const byPid = new Map<number, ProcessInfo>(snap.processes.map(p => [p.pid, p]));
    const flagged = new Map<number, { severity: Severity; why: string[] }>();
    const flag = (pid: number, severity: Severity, why: string): void => {
      const cur = flagged.get(pid) ?? { severity, why: [] };
      if (severity === 'critical') cur.severity = 'critical';
      cur.why.push(why);
      flagged.set(pid, cur);
    };

    for (const p of snap.processes) {
      if (p.pid === process.pid) continue;
      const exe = baseName((p.argv[0] ?? '').replace(/\\/g, '/'));
      const interp = NODE.test(exe) || PYTHON.test(exe);
      const line = p.argv.join(' ');
      for (const pat of ctx.ioc.host.commandPatterns) {
        if (pat.pattern.test(line)) flag(p.pid, pat.severity, `its command line ${pat.note}`);
      }
      if (interp && p.cwd !== undefined && stageDirs.some(d => isInside(d, p.cwd ?? '')))
        flag(p.pid, 'critical', `it runs inside ${ctx.display(p.cwd)}, where the campaign drops its stages`);
      if (NODE.test(exe) && runsStdin(p.argv)) {
        flag(
          p.pid,
          'high',
          `it is \`node -\`: it runs JavaScript fed through its standard input${p.stdin !== undefined && /^(?:pipe|socket):/.test(p.stdin) ? ' by another process' : ''}, the way the campaign's loader starts its detached children without writing them to disk`,
        );
      }
    }

    const c2: { s: SocketInfo; why: string; severity: Severity }[] = [];
    for (const s of snap.sockets) {
      if (!ACTIVE.has(s.state)) continue;
      if (ctx.ioc.network.addresses.has(s.remoteAddress))
        c2.push({
          s,
          severity: 'critical',
          why: `connected to ${s.remoteAddress}:${s.remotePort}, a known command-and-control address of the campaign`,
        });
      else if (ctx.ioc.network.ports.has(s.remotePort) && !isPrivateAddress(s.remoteAddress)) {
        c2.push({
          s,
          severity: 'high',
          why: `connected to ${s.remoteAddress}:${s.remotePort}; port ${s.remotePort} is used by the campaign (${ctx.ioc.network.ports.get(s.remotePort) ?? ''})`,
        });
      }
    }
    for (const { s, why, severity } of c2) {
      if (s.pid !== undefined && byPid.has(s.pid)) flag(s.pid, severity, why);
      else {
        ctx.report({
          path: `tcp ${s.localAddress}:${s.localPort} -> ${s.remoteAddress}:${s.remotePort}`,
          severity,
          message: `A process (not readable by this user) is ${why}.`,
          evidence: `${s.proto} ${s.state}${s.pid !== undefined ? ` pid ${s.pid}` : ''}`,
          remediation: compromised(
            ctx.os,
            'Find the process (`sudo lsof -nP -i` or `netstat -ano`) and end it; block the address at the firewall.',
          ),
        });
      }
    }

    for (const [pid, { severity, why }] of flagged) {
      const p = byPid.get(pid);
      if (!p) continue;
      ctx.report({
        path: `pid ${pid}`,
        severity,
        message: `Process ${pid} (${baseName((p.argv[0] ?? '').replace(/\\/g, '/'))}) looks like a campaign stage: ${why.join('; ')}.`,
        evidence: describe(p, byPid),
        remediation: compromised(ctx.os, `${kill(ctx, pid)} after noting its command line and working folder.`),
      });
    }
  },
});
