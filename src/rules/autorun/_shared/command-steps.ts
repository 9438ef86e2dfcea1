/**
 * What a sequence of commands does (a Dockerfile's RUN steps, a justfile recipe, a Taskfile task,
 * a compose service's command), read with the shared shell analysis: each step alone, then the
 * steps in order as one script, since the files one step writes are there for the next
 * (`curl -o /tmp/i.sh …`, then `sh /tmp/i.sh`). Rules turn the tier into a severity by what the
 * steps can reach.
 */
import type { RuleContext } from '../../../core/rule.ts';
import { analyzeShellScript, scriptSignals, sendsData, shellScriptFacts } from '../../../analysis/shell-script.ts';
import type { ShellScriptFacts } from '../../../analysis/shell-script.ts';
import type { CommandSignal, CommandSignalKind } from '../../../lang/shell/index.ts';
import { DECISIVE, EFFECTS, HIDDEN, signalMeaning } from './command-risk.ts';

export interface CommandStep {
  /** Root-relative file and 1-based line the command is written at. */
  file: string;
  line: number;
  command: string;
  /** Files that hold a host secret while the command runs (a build step's secret mounts), with what each is. */
  secretFiles?: Readonly<Record<string, string>>;
}

/**
 * decisive: runs downloaded, decoded or disguised code, or opens a shell to a remote host;
 * hidden: evaluates, decodes or pipes generated code; context: inline code, a download kept on
 * disk, an official installer; none: only tools.
 */
export type StepTier = 'decisive' | 'hidden' | 'context' | 'none';

export interface StepsJudgement {
  tier: StepTier;
  /** "runs code it downloads"; empty for `none`. */
  why: string;
  step?: CommandStep;
  signal?: CommandSignal;
  /** A step reads SSH, cloud, browser or wallet files (by their home-folder paths). */
  credentials?: CommandStep;
  /** A step sends data out (an upload, a POST, a raw socket). */
  sends?: CommandStep;
  /** Local files the steps run, as written (relative to where they run). */
  runs: string[];
}

const CONTEXT: readonly CommandSignalKind[] = ['inline-code', 'download', 'official-installer', 'background', 'tunnel'];
const RANK: Record<StepTier, number> = { none: 0, context: 1, hidden: 2, decisive: 3 };

/** The shell analysis of one command, computed once per scan. */
export function shellFacts(ctx: RuleContext, command: string): ShellScriptFacts {
  return ctx.facts.get(shellScriptFacts, command);
}

/** The worst of what the steps do. */
export function judgeSteps(ctx: RuleContext, steps: readonly CommandStep[]): StepsJudgement {
  let best: StepsJudgement = { tier: 'none', why: '', runs: [] };
  const runs: string[] = [];
  let credentials: CommandStep | undefined;
  let sends: CommandStep | undefined;
  const better = (j: Omit<StepsJudgement, 'runs'>): void => {
    if (RANK[j.tier] > RANK[best.tier]) best = { ...j, runs };
  };
  for (const step of steps) {
    const facts = step.secretFiles ? analyzeShellScript(step.command, step.secretFiles) : shellFacts(ctx, step.command);
    for (const f of facts.runs) if (!runs.includes(f)) runs.push(f);
    if (facts.credentials) credentials ??= step;
    if (sendsData(step.command)) sends ??= step;
    if (facts.remoteShell) better({ tier: 'decisive', why: 'opens a shell to a remote host', step });
    const signals = scriptSignals(facts);
    const find = (kinds: readonly CommandSignalKind[]): CommandSignal | undefined =>
      kinds.map(k => signals.find(s => s.kind === k)).find(s => s !== undefined);
    const d = find(DECISIVE);
    if (d) better({ tier: 'decisive', why: signalMeaning(d.kind), step, signal: d });
    const h = find(HIDDEN);
    if (h) better({ tier: 'hidden', why: signalMeaning(h.kind), step, signal: h });
    const c = find(CONTEXT);
    if (c) better({ tier: 'context', why: signalMeaning(c.kind), step, signal: c });
  }
  if (best.tier !== 'decisive' && steps.length > 1) {
    const d = decisiveAcross(ctx, steps);
    const why = EFFECTS.includes(d?.signal.kind ?? 'remote-url')
      ? signalMeaning(d?.signal.kind ?? 'remote-url')
      : 'runs a program that an earlier step downloads';
    if (d) better({ tier: 'decisive', why, step: d.step, signal: d.signal });
  }
  const out: StepsJudgement = { ...best, runs };
  if (credentials) out.credentials = credentials;
  if (sends) out.sends = sends;
  return out;
}

/**
 * The steps read in order as one script: the step at which they have downloaded (or decoded) and
 * run code (the step that runs it, not the one that only makes it executable), with its signal.
 */
export function decisiveAcross<S extends CommandStep>(
  ctx: RuleContext,
  steps: readonly S[],
  ignore: (s: CommandSignal) => boolean = () => false,
): { step: S; signal: CommandSignal } | undefined {
  const decisive = (n: number): CommandSignal[] =>
    scriptSignals(
      shellFacts(
        ctx,
        steps
          .slice(0, n)
          .map(s => s.command)
          .join('\n'),
      ),
    ).filter(s => DECISIVE.includes(s.kind) && !ignore(s));
  const all = decisive(steps.length);
  if (all.length === 0) return undefined;
  for (let i = 1; i < steps.length; i++) {
    const found = decisive(i + 1);
    const step = steps[i];
    const last = found[found.length - 1];
    if (found.length >= all.length && step && last) return { step, signal: last };
  }
  return undefined;
}

/** A command for a message: one line, at most `max` characters. */
export function clipCommand(s: string, max = 120): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}
