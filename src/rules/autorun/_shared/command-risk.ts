/**
 * How risky a command is, from its shell analysis, and a short phrase saying why. Autorun rules
 * combine this with their trigger: the same command is worse when it runs on install or on
 * folder open than when the user types `npm run build`.
 */
import { isAutomatic } from '../../../core/policy.ts';
import type { Severity, Trigger } from '../../../core/types.ts';
import type { CommandAnalysis, CommandSignal, CommandSignalKind } from '../../../lang/shell/index.ts';

/**
 * Signals that are evidence on their own: code fetched, decoded or disguised, then run; a program
 * installed to run again later; secrets carried out of the machine.
 */
export const DECISIVE: readonly CommandSignalKind[] = [
  'exfiltration',
  'persistence',
  'pipe-to-interpreter',
  'download-then-run',
  'encoded-powershell',
  'disguised-script',
  'remote-access',
];
/** What commands do outside the repository (lang/shell/effects.ts), as opposed to running fetched code. */
export const EFFECTS: readonly CommandSignalKind[] = ['exfiltration', 'persistence', 'remote-access'];

/** Signals a person should read: hidden, inline, fetched or decoded pieces without a full chain. */
export const RISKY: readonly CommandSignalKind[] = [
  'background',
  'inline-code',
  'eval',
  'base64-decode',
  'download',
  'stdin-interpreter',
  'hooks-path-change',
  'tunnel',
];

/** Hidden or generated code (a subset of RISKY): worth reading even where inline code is everyday. */
export const HIDDEN: readonly CommandSignalKind[] = ['eval', 'base64-decode', 'stdin-interpreter', 'hooks-path-change'];

const PHRASE: Record<CommandSignalKind, string> = {
  'pipe-to-interpreter': 'runs code it downloads',
  'download-then-run': 'downloads a program and runs it',
  'encoded-powershell': 'runs a hidden, base64-encoded PowerShell command',
  'disguised-script': 'runs a file disguised as data',
  background: 'starts a process in the background',
  'inline-code': 'runs inline code',
  eval: 'evaluates generated code',
  'base64-decode': 'decodes base64',
  download: 'downloads from the network',
  'stdin-interpreter': 'feeds a program to an interpreter through a pipe',
  'hooks-path-change': 'redirects git hooks',
  'official-installer': "runs a tool's official installer script",
  'remote-url': 'contacts a remote address',
  persistence: 'installs a program to run again later (a start-up file, a scheduled job, a git or npm setting)',
  exfiltration: 'sends your credentials or environment out of this machine',
  'remote-access': 'opens this machine to someone else',
  tunnel: 'exposes a local port through a tunnel',
};

/**
 * A signal that is context, not risk, when the user runs the command themselves (`npm run dev`, a
 * build script, a Make target): a process started next to another (`a & b`), whose code the code
 * rules judge on its own, a tunnel to a local web app (`ngrok http 3000` for webhooks), and inline code whose text shows nothing risky (`sh -c '…'`, `node -e`
 * that only imports and renames). On an automatic trigger (install, folder open) both stay risky:
 * nobody asked for them.
 */
export function isManualContext(signal: CommandSignal): boolean {
  return signal.kind === 'background' || signal.kind === 'tunnel' || (signal.kind === 'inline-code' && signal.plain === true);
}

/** What a command signal means, in words a developer reads ("runs code it downloads"). */
export function signalMeaning(kind: CommandSignalKind): string {
  return PHRASE[kind];
}

export interface CommandRisk {
  /** Severity on an automatic trigger (install, open). */
  severity: Severity;
  /** "runs code it downloads", "starts a process in the background", ... ; empty when unremarkable. */
  why: string;
  /** The most telling signal, for evidence. */
  signal?: CommandSignal;
}

/**
 * Risk of one analysed command. `runsLocalCode` says the command (or a script it calls) runs a
 * file of the repository or starts the app: on an automatic trigger that alone is `high`.
 */
export function commandRisk(a: CommandAnalysis, trigger: Trigger, runsLocalCode: boolean): CommandRisk {
  const auto = isAutomatic(trigger);
  const decisive = a.signals.find(s => DECISIVE.includes(s.kind));
  if (decisive) return { severity: 'critical', why: PHRASE[decisive.kind], signal: decisive };
  const background = a.signals.find(s => s.kind === 'background');
  if (background && runsLocalCode && auto) {
    return { severity: 'critical', why: 'starts the project in the background', signal: background };
  }
  // An official installer's own download is part of it, not a separate risk.
  const installer = a.signals.find(s => s.kind === 'official-installer');
  const risky = RISKY.filter(k => !(installer && k === 'download'))
    .map(k => a.signals.find(s => s.kind === k && (auto || !isManualContext(s))))
    .find(s => s !== undefined);
  if (risky) return { severity: auto ? 'high' : 'medium', why: PHRASE[risky.kind], signal: risky };
  if (runsLocalCode) return { severity: auto ? 'high' : 'info', why: 'runs code from the repository' };
  const context = a.signals.find(isManualContext);
  if (context) return { severity: 'low', why: PHRASE[context.kind], signal: context };
  if (installer) return { severity: auto ? 'medium' : 'low', why: PHRASE['official-installer'], signal: installer };
  const url = a.signals.find(s => s.kind === 'remote-url');
  if (url) return { severity: auto ? 'medium' : 'low', why: PHRASE['remote-url'], signal: url };
  return { severity: auto ? 'low' : 'info', why: '' };
}
