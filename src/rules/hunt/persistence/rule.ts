import { joinAbs } from '../../../fs/path.ts';
import { listDir, readHomeFile } from '../../../workstation/files.ts';
import { persistenceDirs } from '../../../workstation/platform.ts';
import { compromised } from '../../../workstation/remediation.ts';
import type { WorkstationContext } from '../../../workstation/rule.ts';
import { defineWorkstationRule } from '../../../workstation/rule.ts';
import type { Severity } from '../../../core/types.ts';

/** node/python running a script from a hidden folder of home (~/.vscode/x.js, ~/.n2/pay). */
const HIDDEN_SCRIPT = /\b(?:node|nodejs|python3?|pythonw?)(?:\.exe)?["']?\s+(?:-\S+\s+)*["']?[^\s"']*[\\/]\.[A-Za-z0-9_-]+[\\/][^\s"']+/i;
const PIPE_TO_SHELL = /\b(?:curl|wget)\b[^|\n]{0,300}\|\s*(?:sudo\s+)?(?:ba|z|da)?sh\b/i;

interface Verdict {
  severity: Severity;
  why: string;
}

function judge(ctx: WorkstationContext, command: string): Verdict | undefined {
  for (const p of ctx.ioc.host.commandPatterns) {
    if (p.pattern.test(command)) return { severity: p.severity, why: `${p.note} (${p.source.join(', ')})` };
  }
  if (HIDDEN_SCRIPT.test(command))
    return {
      severity: 'high',
      why: "starts node/python on a script kept in a hidden folder of your home, the way the campaign's stages persist",
    };
  if (PIPE_TO_SHELL.test(command)) return { severity: 'high', why: 'downloads a script and pipes it into a shell at every run' };
  return undefined;
}

/** The command part of each active crontab line. */
export function cronCommands(text: string): { line: number; command: string }[] {
  const out: { line: number; command: string }[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || /^[A-Za-z_][A-Za-z0-9_]*\s*=/.test(line)) return;
    const special = /^@\w+\s+(.*)$/.exec(line);
    if (special) {
      out.push({ line: i + 1, command: special[1] ?? '' });
      return;
    }
    const fields = line.split(/\s+/);
    if (fields.length > 5) out.push({ line: i + 1, command: fields.slice(5).join(' ') });
  });
  return out;
}

function decodeXmlText(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

export default defineWorkstationRule({
  meta: {
    id: 'hunt/persistence',
    command: 'hunt',
    severity: 'critical',
    confidence: 'medium',
    description: 'Cron jobs and login items (LaunchAgents, startup folder, XDG autostart, systemd user units) that start a campaign stage',
    since: '0.1.0',
  },
  check(ctx) {
    for (const { kind, dir } of persistenceDirs(ctx.home, ctx.os)) {
      const entries = listDir(dir);
      if (!entries) continue;
      for (const e of entries) {
        if (!e.isFile() && !e.isSymbolicLink()) continue;
        const abs = joinAbs(dir, e.name);
        const read = readHomeFile(ctx.home, abs, 1024 * 1024);
        if (!read.ok) {
          ctx.error(read.detail, abs);
          continue;
        }
        const body = kind === 'launch-agent' ? decodeXmlText(read.text) : read.text;
        const v = judge(ctx, body);
        if (!v) continue;
        ctx.report({
          path: abs,
          severity: v.severity,
          message: `The login item ${ctx.display(abs)} ${v.why}.`,
          evidence: body.replace(/\s+/g, ' ').trim(),
          remediation: compromised(ctx.os, `Disable ${ctx.display(abs)} first (move it out of ${ctx.display(dir)} after stopping it).`),
        });
      }
    }
    const cron = ctx.readers.crontab();
    if (cron.error !== undefined) ctx.error(`crontab: ${cron.error}`);
    if (cron.text === undefined) return;
    for (const { line, command } of cronCommands(cron.text)) {
      const v = judge(ctx, command);
      if (!v) continue;
      ctx.report({
        path: 'crontab',
        severity: v.severity,
        message: `A cron job (crontab line ${line}) ${v.why}.`,
        evidence: command,
        remediation: compromised(ctx.os, 'Remove the line with `crontab -e` first.'),
      });
    }
  },
});
