/**
 * What a command written in a config or a document does, graded the way a shell script is
 * (code/shell-script, autorun/make-target): code fetched, decoded or disguised and then run is
 * critical, a remote shell too, credential files read are high (critical when data is sent), and
 * hidden or generated code is medium. Inline `python -c`/`node -e`, a download kept on disk and
 * a tool's official installer are ordinary in build and test commands and are not a verdict.
 */
import { analyzeShellScript } from '../../../analysis/shell-script.ts';
import type { Severity } from '../../../core/types.ts';
import type { CommandSignal, CommandSignalKind } from '../../../lang/shell/index.ts';
import { signalPhrase } from './assess-command.ts';
import { DECISIVE, signalMeaning } from './command-risk.ts';

const RISKY: readonly CommandSignalKind[] = ['eval', 'base64-decode', 'stdin-interpreter', 'hooks-path-change'];

export interface CommandVerdict {
  severity: Severity;
  /** "which pipes a download into bash", to follow the quoted command in a message. */
  why: string;
  /** Evidence: the command, and the signal's explanation when there is one. */
  evidence: string;
}

/** The verdict on `command`, or undefined when it does nothing worth a finding on its own. */
export function commandVerdict(command: string): CommandVerdict | undefined {
  const facts = analyzeShellScript(command);
  const signals = facts.whole.signals;
  const find = (kinds: readonly CommandSignalKind[]): CommandSignal | undefined =>
    kinds.map(k => signals.find(s => s.kind === k)).find(s => s !== undefined);
  const evidence = (signal?: CommandSignal): string => (signal ? `${command.slice(0, 300)}\n${signal.detail}` : command.slice(0, 300));
  if (facts.remoteShell) return { severity: 'critical', why: 'which opens a shell to a remote host', evidence: evidence() };
  const decisive = find(DECISIVE);
  if (decisive) {
    return { severity: 'critical', why: signalPhrase(decisive.detail, command).replace(/^it /, 'which '), evidence: evidence(decisive) };
  }
  if (facts.credentials) {
    return facts.credentials.sent
      ? { severity: 'critical', why: 'which reads credential or browser files and uploads data', evidence: evidence() }
      : { severity: 'high', why: 'which reads credential or browser files', evidence: evidence() };
  }
  const risky = find(RISKY);
  if (risky) return { severity: 'medium', why: `which ${signalMeaning(risky.kind)}`, evidence: evidence(risky) };
  return undefined;
}
