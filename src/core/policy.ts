/**
 * The severity policy (DESIGN.md §3, docs/severity.md), in one place. Rules describe what they
 * saw; these functions say how severe it is. The principle: severity comes from evidence of
 * behaviour. A surface (what runs, and when) is context, and takes the severity of what the code
 * it runs does; a late commit matters when it changes what runs; a name, a size or a date alone
 * is never enough to ask for a review.
 */
import { maxSeverity, severityRank } from './severity.ts';
import type { Severity, Trigger } from './types.ts';

/** Triggers that fire without the user choosing to run anything. */
export function isAutomatic(trigger: Trigger): boolean {
  return trigger === 'install' || trigger === 'open' || trigger === 'shell' || trigger === 'commit';
}

/**
 * A command that runs a file of the repository (or starts the application) on `trigger`.
 * `code` is the worst finding in the code it runs (undefined when that code has none). Running
 * repository code is context (`low` on an automatic trigger, `info` otherwise); what that code
 * does decides the rest: the surface is as severe as its code, and one level worse, short of
 * critical, when an automatic trigger runs it without the user asking.
 */
export function surfaceSeverity(trigger: Trigger, code: Severity | undefined): Severity {
  const base: Severity = isAutomatic(trigger) ? 'low' : 'info';
  if (code === undefined || severityRank(code) <= severityRank('low')) return base;
  if (code === 'critical') return 'critical';
  if (isAutomatic(trigger)) return severityRank(code) >= severityRank('medium') ? 'high' : code;
  return code;
}

/** What a recent commit changed about what runs. */
export interface LateChange {
  /** It adds or changes a command that a trigger runs (a script's command, a task, a hook). */
  changesCommand: boolean;
  /** It changes code that a trigger runs and that has a finding, at this severity (worst). */
  codeFinding?: Severity;
  /** Nobody with the author's e-mail wrote an earlier commit. */
  newIdentity: boolean;
  /** The author is an automation account (dependency bots, release tooling). */
  bot: boolean;
}

/**
 * A late change to what runs: undefined (not worth a finding) when it neither changes a command nor
 * touches code with a finding, and for bots' changes (version bumps). A changed command is `low`
 * from a known author and `medium` from a new identity; code with a medium-or-worse finding
 * changed late is `medium`, `high` from a new identity.
 */
export function lateChangeSeverity(change: LateChange): Severity | undefined {
  if (change.bot) return undefined;
  const serious = change.codeFinding !== undefined && severityRank(change.codeFinding) >= severityRank('medium');
  if (!change.changesCommand && !serious) return undefined;
  let s: Severity = change.newIdentity ? 'medium' : 'low';
  if (serious) s = maxSeverity(s, change.newIdentity ? 'high' : 'medium');
  return s;
}

/** What is known about a dependency whose name is a near miss of a popular package. */
export interface Resemblance {
  /** One typing mistake away (swapped, doubled, dropped, changed or added letter). */
  strong: boolean;
  /** 0-based popularity rank of the imitated package. */
  rank: number;
  /** Named by the project's own package.json. */
  direct: boolean;
  /** It runs an install script (lockfile, installed manifest or registry). */
  installScript: boolean;
  /** --online: the registry shows a young package, few versions or few downloads. */
  obscure?: boolean;
}

/**
 * A name alone is a weak signal (a popular package is never a typosquat: the caller checks that
 * first). A one-typo miss of a top-1,000 package named by the project is `medium`; what makes it
 * worse is behaviour: an install script, or a package the registry shows to be young and obscure.
 */
export function resemblanceSeverity(r: Resemblance): Severity {
  const near = r.strong && r.rank < (r.direct ? 1000 : 300);
  let s: Severity = near ? 'medium' : 'low';
  if (r.installScript) s = near ? 'high' : 'medium';
  if (r.obscure === true) s = near || r.installScript ? 'high' : 'medium';
  return s;
}

/** History facts (dates, identities, one squashed commit) are context: never above `low`. */
export const HISTORY_CONTEXT: Severity = 'low';

/** What is known about code that reads secrets (credentials, wallets, browser data, the environment). */
export interface Theft {
  /** What it reads is in the payload of a network request (the data flow says so). */
  sent: boolean;
  /** Every destination is this machine (localhost, 127.0.0.0/8, ::1): no way out. */
  loopback: boolean;
  /** It also runs code the server sends back. */
  runsRemote: boolean;
  /** An installed package that git does not track (read as a dependency, not the project). */
  installed: boolean;
}

/**
 * Theft with a way out is critical: secrets in the payload of a request to anywhere but this
 * machine. Reading them without a proven send is `high`; sending them only to localhost (a test
 * harness) is `low`.
 */
export function theftSeverity(t: Theft): Severity {
  if (t.runsRemote) return 'critical';
  if (t.sent && t.loopback) return 'low';
  if (t.installed) return 'medium';
  return t.sent ? 'critical' : 'high';
}

const LOOPBACK = /^(?:[a-z][a-z0-9+.-]*:)?\/\/(?:localhost|127(?:\.\d{1,3}){3}|\[::1\]|0\.0\.0\.0)(?:[:/?#]|$)/i;

/** A URL whose host is this machine. */
export function isLoopbackUrl(url: string | undefined): boolean {
  return url !== undefined && LOOPBACK.test(url.trim());
}
