import { defineRule } from '../../../core/rule.ts';
import { DECISIVE, isManualContext, signalMeaning } from '../../autorun/_shared/command-risk.ts';
import { isAutomatic, persistenceSeverity, runsUnasked } from '../../../core/policy.ts';
import type { FindingInput, RuleContext } from '../../../core/rule.ts';
import type { Severity, Surface } from '../../../core/types.ts';
import { severityRank } from '../../../core/severity.ts';
import { reachPhrase } from '../../../analysis/js/report.ts';
import { isShellScript, MAX_SCRIPT_LINES, scriptSignals, sendsData, shellScriptFacts } from '../../../analysis/shell-script.ts';
import { handedSecrets, sendsSecret } from '../../../analysis/handed-secrets.ts';
import { baseName } from '../../../fs/path.ts';
import type { ShellScriptFacts } from '../../../analysis/shell-script.ts';
import type { CommandSignal, CommandSignalKind } from '../../../lang/shell/index.ts';

/** Pieces a person should read: hidden, inline or generated code without a full chain. */
const RISKY: readonly CommandSignalKind[] = [
  'eval',
  'base64-decode',
  'stdin-interpreter',
  'hooks-path-change',
  'inline-code',
  'background',
  'tunnel',
];
/** Context: a download kept on disk, a tool's official installer. */
const CONTEXT: readonly CommandSignalKind[] = ['official-installer', 'download'];

interface Verdict {
  severity: Severity;
  why: string;
  line: number;
  text: string;
  detail?: string;
}

/**
 * The script's worst behaviour, located at the first line that shows it. `automatic`: a trigger
 * runs it without being asked (install, folder open); otherwise a background process and plain
 * inline code are context.
 */
function judge(facts: ShellScriptFacts, automatic: boolean, named: boolean): Verdict | undefined {
  if (facts.remoteShell) {
    return { severity: 'critical', why: 'opens a shell to a remote host', line: facts.remoteShell.line, text: facts.remoteShell.text };
  }
  const signals: CommandSignal[] = scriptSignals(facts);
  // Run by name as an installer (`./install.sh` from the README, `make install`), writing the
  // user's own shell, git or npm settings is what a dotfiles repository does (core/policy.ts).
  const ownConfig = (s: CommandSignal): boolean => named && s.kind === 'persistence' && s.userConfig === true;
  const has = (kinds: readonly CommandSignalKind[], skip = (_: CommandSignal): boolean => false): CommandSignal | undefined =>
    kinds.map(k => signals.find(s => s.kind === k && !skip(s) && !ownConfig(s))).find(s => s !== undefined);
  const at = (s: CommandSignal, severity: Severity): Verdict => {
    const l =
      facts.lines.find(x => x.signals.some(y => y.kind === s.kind && y.detail === s.detail)) ??
      facts.lines.find(x => x.signals.some(y => y.kind === s.kind)) ??
      facts.lines[0];
    return { severity, why: signalMeaning(s.kind), line: l?.line ?? 1, text: l?.text ?? '', detail: s.detail };
  };
  const decisive = has(DECISIVE);
  if (decisive) return at(decisive, 'critical');
  const own = signals.find(ownConfig);
  if (own) {
    const severity = persistenceSeverity({ reachedBy: ['install'], automatic: false, userConfig: true, installed: false });
    return { ...at(own, severity), why: 'writes your own shell, git or npm settings, as the installer you run by name is there to do' };
  }
  const creds = facts.credentials;
  if (creds) {
    return {
      severity: creds.sent ? 'critical' : 'high',
      why: creds.sent ? 'reads credential or browser files and uploads data' : 'reads credential or browser files',
      line: creds.line,
      text: creds.text,
    };
  }
  const risky = has(RISKY, s => !automatic && isManualContext(s));
  if (risky) return at(risky, 'medium');
  const context = has(CONTEXT) ?? has(RISKY);
  if (context) return at(context, 'low');
  return undefined;
}

/** Surfaces whose entry a shell sources, whatever its name (`bash --rcfile FILE`, `BASH_ENV=FILE`). */
const SOURCED_BY_SHELL = new Set(['vscode-terminal-rcfile']);

function sourcedByShell(s: Surface): boolean {
  return SOURCED_BY_SHELL.has(s.kind) || (s.kind === 'startup-env' && (s.name === 'BASH_ENV' || s.name === 'ENV'));
}

/** Shell scripts that a surface runs: its entry and what that reaches, not the surface's own file. */
function reachedScripts(ctx: RuleContext): string[] {
  const out = new Set<string>();
  for (const s of ctx.executionMap) {
    for (const f of [s.entry, ...s.reaches]) {
      if (f === undefined || f === s.location.file || out.has(f)) continue;
      if (ctx.inventory.byPath.get(f)?.type !== 'file') continue;
      if (isShellScript(f, ctx.text(f)) || (f === s.entry && sourcedByShell(s))) out.add(f);
    }
  }
  return [...out].sort();
}

/** The lines of a README code block above the command a surface runs (its `export X=…` lines). */
function earlierInBlock(ctx: RuleContext, s: Surface): string {
  if (s.kind !== 'readme-command' || s.location.line === undefined) return '';
  const lines = (ctx.text(s.location.file) ?? '').split(/\r?\n/);
  const out: string[] = [];
  for (let i = s.location.line - 2; i >= 0 && out.length < 50; i--) {
    const l = lines[i] ?? '';
    if (/^\s*(?:```|~~~)/.test(l)) break;
    out.unshift(l);
  }
  return out.join('\n');
}

/**
 * A credential the command that runs the script hands it (`GITHUB_TOKEN=$(gh auth token)
 * ./scripts/setup.sh` in the README) and that the script sends to another host: theft, critical.
 */
function secretTheft(ctx: RuleContext, reaching: readonly Surface[], path: string, text: string): FindingInput | undefined {
  const lines = text.split(/\r?\n/).map((t, i) => ({ line: i + 1, text: t }));
  for (const s of reaching) {
    const command = s.command ?? '';
    const at = command.indexOf(baseName(path));
    if (at < 0) continue;
    for (const secret of handedSecrets(`${earlierInBlock(ctx, s)}\n${command.slice(0, at)}`)) {
      const sent = sendsSecret(lines, secret.name, sendsData);
      if (!sent) continue;
      const from = secret.source !== undefined ? ` (read with \`${secret.source}\`)` : '';
      return {
        severity: 'critical',
        message: `${path} sends ${secret.name} to ${sent.host} (line ${sent.line}); \`${command.slice(0, 160)}\` (${s.location.file}:${String(s.location.line ?? 1)}) runs it with that credential in its environment${from}.`,
        location: { file: path, line: sent.line },
        evidence: `${command.slice(0, 200)}\n${sent.text.slice(0, 300)}`,
        related: [s.location],
      };
    }
  }
  return undefined;
}

export default defineRule({
  meta: {
    id: 'code/shell-script',
    severity: 'critical',
    confidence: 'high',
    description:
      'A shell script that a trigger runs (from a task, a package script, a Make target, a compose command or the README), read with the shell analyser along with the scripts it sources.',
    triggers: ['open', 'install', 'dev', 'build', 'start', 'test', 'lint', 'commit', 'shell', 'readme'],
    since: '0.1.0',
  },
  run(ctx) {
    for (const path of reachedScripts(ctx)) {
      const text = ctx.text(path);
      if (text === undefined) {
        ctx.error('a shell script a trigger runs is not a readable text file', path, 'unreadable');
        continue;
      }
      const facts = ctx.facts.get(shellScriptFacts, text);
      if (facts.truncated) {
        ctx.error(`only the first ${MAX_SCRIPT_LINES} lines (or 64 KiB as a whole) were analysed`, path, 'truncated');
      }
      const reaching = ctx.reachingSurfaces(path);
      const theft = secretTheft(ctx, reaching, path, text);
      if (theft) {
        ctx.report(theft);
        continue;
      }
      const v = judge(
        facts,
        reaching.some(s => isAutomatic(s.trigger)),
        !runsUnasked(reaching),
      );
      if (!v) continue;
      const reach = reachPhrase(ctx.reachingSurfaces(path), path);
      ctx.report({
        severity: v.severity,
        message: `${path} ${v.why} (line ${v.line})${reach ? `; it ${reach}` : ''}.`,
        location: { file: path, line: v.line },
        evidence:
          v.detail !== undefined && severityRank(v.severity) > severityRank('low')
            ? `${v.text.slice(0, 300)}\n${v.detail}`
            : v.text.slice(0, 300),
      });
    }
  },
});
