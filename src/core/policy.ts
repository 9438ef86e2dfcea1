/**
 * The severity policy (DESIGN.md §3, docs/severity.md), in one place. Rules describe what they
 * saw; these functions say how severe it is. The principle: severity comes from evidence of
 * behaviour. A surface (what runs, and when) is context, and takes the severity of what the code
 * it runs does; a late commit matters when it changes what runs; a name, a size or a date alone
 * is never enough to ask for a review.
 */
import { maxSeverity, raiseSeverity, severityRank } from './severity.ts';
import type { Severity, Surface, Trigger } from './types.ts';

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

/**
 * A program a command downloads and then runs. A pinned release of a named project
 * (`github.com/<owner>/<repo>/releases/download/v1.2.3/…`, every download of the command) says
 * which project and version, but anyone can publish a release under their own name: on a command
 * the user runs (a Make target) it is `medium`, for a reader to check the project, and `low` only
 * when the command also verifies what it saved against a checksum or signature it pins
 * (`sha256sum -c`, `cosign verify-blob`, `gpg --verify`). Anything else, and every automatic
 * trigger, is download-and-execute: `critical`.
 */
export function downloadedProgramSeverity(d: { pinnedReleases: boolean; manual: boolean; verified: boolean }): Severity {
  if (!d.pinnedReleases || !d.manual) return 'critical';
  return d.verified ? 'low' : 'medium';
}

/** What is known about a place where code runs a string as code (`eval`, `Function`, `vm`, …). */
export interface DynamicCode {
  /**
   * `code`: a string run as code; `template`: code the file writes itself, with only names
   * filled in (`return function ${name}() {…}`, how generated bindings name their wrappers);
   * `module`: a computed `require`/`import()`, which loads a file that is on disk, where the
   * rules read it; `wasm`: WebAssembly bytes, which can do only what the imports of its glue
   * (read like any code) allow; `stdin`: code written to a program that runs what it reads on stdin.
   */
  kind: 'code' | 'template' | 'module' | 'wasm' | 'stdin';
  /** The code comes from an environment variable. */
  fromEnv: boolean;
  /** An installed package that git does not track. */
  installed: boolean;
  /** The file did not parse: the sink was seen in its text only. */
  textOnly: boolean;
  /** The triggers whose commands reach the file (empty: nothing runs it). */
  reachedBy: readonly Trigger[];
}

/**
 * A capability without a source is context until something runs it. A string run as code, fed
 * by no source Airlock can name (a parameter, a template the file builds), is `low`; code from
 * the environment or written to a stdin reader is `medium`; module loads, WebAssembly and code
 * the file writes itself with only names filled in are inventory (`info`). In an installed
 * package or a file seen as text only, the finding is one level lower, never above `low`.
 * Reachability raises it one level (to `high` at most) when a command other than the test
 * runner reaches the file: test harnesses run strings as code by design (a library's test
 * suite loading its build into a `vm` context), and a test run is the user's own choice.
 */
export function dynamicCodeSeverity(d: DynamicCode): Severity {
  let s: Severity;
  if (d.kind === 'module' || d.kind === 'wasm' || d.kind === 'template') s = 'info';
  else if (d.textOnly) s = d.installed ? 'info' : 'low';
  else if (d.installed) s = 'low';
  else s = d.fromEnv || d.kind === 'stdin' ? 'medium' : 'low';
  const raising = d.reachedBy.some(t => t !== 'test');
  return raising ? raiseSeverity(s, 'high') : s;
}

/**
 * What a command does, as the shell analysis grades it: `decisive` runs downloaded, decoded or
 * disguised code; `hidden` decodes, evaluates or pipes generated code; `context` is inline code, a
 * download kept on disk or an official installer; `none` only runs tools.
 */
export type CommandEvidence = 'decisive' | 'hidden' | 'context' | 'none';

/** What is known about a container image's build step (a Dockerfile `RUN`, an `ADD` of a URL). */
export interface BuildStep {
  evidence: CommandEvidence;
  /** The decisive step also hides what it runs (base64, hex, `eval`): hiding is behaviour. */
  hides: boolean;
  /** The build is handed host secrets: `RUN --mount=type=secret|ssh`, a build argument named like a credential. */
  hostSecrets: boolean;
  /** A step reads a host secret it is given (a secret mount) and sends it out: credential theft. */
  sendsHostSecret: boolean;
}

/**
 * `docker build` runs its steps in a build container that sees no host folder, key or socket: a
 * `RUN curl … | sh` there is context (`low`), as the same line in a CI job would be. It is `high`
 * when the build is handed host secrets (they are in reach of the code it downloads) or when the
 * step hides what it runs, and `critical` when a step sends out a secret it is given. What the built image is later given (host mounts, privileged, the
 * host's network) is judged where it is given (`containerSeverity`).
 */
export function buildStepSeverity(b: BuildStep): Severity | undefined {
  if (b.sendsHostSecret) return 'critical';
  switch (b.evidence) {
    case 'none':
      return undefined;
    case 'context':
      return b.hostSecrets ? 'low' : 'info';
    case 'hidden':
      return b.hostSecrets ? 'high' : 'medium';
    case 'decisive':
      return b.hostSecrets || b.hides ? 'high' : 'low';
  }
}

/** What a container that `docker compose up` starts can reach on the host, and what it runs. */
export interface ContainerRun {
  /**
   * The worst of what it reaches: `credentials` (home, SSH keys, cloud credentials, browser
   * profiles), `control` (the engine socket, privileged, the host's root or pid namespace),
   * `network` (the host's network), `outside` (other host folders); undefined: none of these.
   */
  reach?: 'credentials' | 'control' | 'network' | 'outside';
  /** Its only hold on the host is the container engine's socket. */
  socketOnly: boolean;
  /** It runs a published image of a well-known tool whose job needs the socket (traefik, portainer, watchtower, localstack). */
  knownTool: boolean;
  /** It runs code of the repository: an image built from it, its command, or its files mounted in. */
  ownCode: boolean;
  /** What the code it runs does: its command, the repository scripts it runs, its image's build. */
  code: CommandEvidence;
  /** The decisive code is only in the image's build steps (not in what the container runs). */
  codeInBuild: boolean;
  /** It sends data out. */
  sends: boolean;
}

/**
 * A host mount or privilege is a surface: its severity follows what runs with it. Code that runs
 * downloaded or hidden code with the host's keys or control of the machine is `critical`, as is
 * a container that reads credentials and sends data out. A well-known tool given the engine
 * socket it exists to manage (a reverse proxy, a dashboard, an updater, a cloud emulator) is
 * `low` context; another published image given it is `medium` (its code is not in the
 * repository to read); the repository's own code given host keys or control is `high`. Without
 * host reach, a container's own command that runs downloaded code is `high` (it sees the project
 * folder and the network), while a download in its image's build alone is context (`low`), as
 * `docker build` is.
 */
export function containerSeverity(c: ContainerRun): Severity | undefined {
  const hostReach = c.reach === 'credentials' || c.reach === 'control';
  if (hostReach && c.code === 'decisive') return 'critical';
  if (c.reach === 'credentials' && c.sends) return 'critical';
  if (hostReach) {
    if (c.socketOnly && !c.ownCode) return c.knownTool ? 'low' : 'medium';
    return 'high';
  }
  if (c.code === 'decisive') return c.codeInBuild ? 'low' : 'high';
  if (c.code === 'hidden') return 'medium';
  if (c.reach !== undefined || c.code === 'context') return 'low';
  return undefined;
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
  /** --online: the registry shows a young package, or one nobody downloads (`registryStanding`). */
  obscure?: boolean;
  /** --online: the registry shows an established package in its own right (`registryStanding`). */
  established?: boolean;
}

/**
 * A name alone is a weak signal (a popular package is never a typosquat: the caller checks that
 * first). A one-typo miss of a top-1,000 package named by the project is `medium`; what makes it
 * worse is behaviour: an install script, or a package the registry shows to be young and obscure.
 * A package the registry shows to be established in its own right (`--online`) is no typosquat:
 * undefined, no finding.
 */
export function resemblanceSeverity(r: Resemblance): Severity | undefined {
  if (r.established === true) return undefined;
  const near = r.strong && r.rank < (r.direct ? 1000 : 300);
  let s: Severity = near ? 'medium' : 'low';
  if (r.installScript) s = near ? 'high' : 'medium';
  if (r.obscure === true) s = near || r.installScript ? 'high' : 'medium';
  return s;
}

/** What the registry says about a package (`--online`). */
export interface RegistryFacts {
  /** Days since its first version was published. */
  ageDays?: number;
  /** Downloads over the last week (npm's download counts API). */
  weeklyDownloads?: number;
  /** Versions ever published. */
  versions: number;
  /** Current maintainers. */
  maintainers: number;
}

/** Younger than this, a package that resembles a popular name is obscure whatever else is true. */
export const YOUNG_DAYS = 90;
/** Older than this, with real use, a package is established in its own right. */
export const ESTABLISHED_DAYS = 365;
/** Weekly downloads an established package has at least (the 100,000th npm package has about 1,000 a week). */
export const ESTABLISHED_DOWNLOADS = 1_000;
/** Weekly downloads below which a package nobody depends on is obscure. */
export const FEW_DOWNLOADS = 100;

/**
 * How the registry's record weighs on a name that resembles a popular one. `established`: first
 * published more than a year ago, at least three versions, and a thousand downloads a week (or,
 * when the download count is unknown, two maintainers and ten versions): a real project with
 * users, not an impostor. `obscure`: first published in the last 90 days, or fewer than 100
 * downloads a week with at most three versions and one maintainer. Otherwise `ordinary`: the
 * name decides, as offline.
 */
export function registryStanding(f: RegistryFacts): 'established' | 'obscure' | 'ordinary' {
  const age = f.ageDays;
  if (age !== undefined && age < YOUNG_DAYS) return 'obscure';
  const downloads = f.weeklyDownloads;
  if (downloads !== undefined && downloads < FEW_DOWNLOADS && f.versions <= 3 && f.maintainers <= 1) return 'obscure';
  if (age !== undefined && age >= ESTABLISHED_DAYS && f.versions >= 3) {
    if (downloads !== undefined ? downloads >= ESTABLISHED_DOWNLOADS : f.maintainers >= 2 && f.versions >= 10) return 'established';
  }
  return 'ordinary';
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

/** What is known about code or a command that writes a place which makes a program run again later. */
export interface PersistenceWrite {
  /** The triggers whose commands reach the write (empty: nothing runs it). */
  reachedBy: readonly Trigger[];
  /**
   * A trigger runs it without the user asking for this (install, folder open, a git hook, the
   * shell), or as a side effect of something else they asked for (dev, build, start, test). False
   * only when the user runs it by name as an installer: a Make, just or task target, or a script,
   * whose name says it installs or sets up (`make install`, `just setup`, `./install.sh`).
   */
  automatic: boolean;
  /**
   * The place is the user's own configuration, which dotfile and tool installers edit on request:
   * shell start-up files, git and npm user config, editor user settings. Services, scheduled jobs,
   * Run keys, autostart entries, SSH authorized keys and Python start-up hooks are not.
   */
  userConfig: boolean;
  /** An installed package that git does not track. */
  installed: boolean;
}

/**
 * A persistence write on a trigger path is `critical`: installing a program to start again
 * later (a login item, a scheduled job, a shell start-up line, a git or npm setting that runs a
 * program, an SSH key that lets someone in) is what a second stage does, and nobody asks for it
 * by running `npm install`, opening a folder or starting a dev server. The one exception is a
 * dotfiles or tool installer the user runs by name (`make install` in a dotfiles repository):
 * writing the user's own configuration there is what they asked for, so it is `medium` (review:
 * the report names the file it changes). Unreached code is `high`, an installed package `medium`.
 */
export function persistenceSeverity(p: PersistenceWrite): Severity {
  if (p.installed) return 'medium';
  if (p.reachedBy.length === 0) return 'high';
  if (!p.automatic && p.userConfig) return 'medium';
  return 'critical';
}

/** Surfaces the user runs by typing their name: Make, just and Taskfile targets, a command the README gives. */
const BY_NAME = new Set(['make-target', 'just-recipe', 'taskfile-task', 'readme-command']);

/**
 * The surface is an installer the user runs by name: a target whose name says it installs or
 * sets up (`make install`, `just setup-dotfiles`, `task bootstrap`), or a README command that runs
 * such a script (`./install.sh`).
 */
export function isNamedInstaller(s: Surface): boolean {
  if (!BY_NAME.has(s.kind)) return false;
  if (s.kind === 'readme-command') return README_INSTALLER.test((s.command ?? '').trim());
  return INSTALLER_NAME.test((s.name ?? '').trim());
}

const INSTALLER = 'install|setup|bootstrap|dotfiles|link|stow|configure';
const INSTALLER_NAME = new RegExp(`^(?:${INSTALLER})(?:[-_:. ].*)?$`, 'i');
/** `make install`, `just setup`, `npm run bootstrap`, `./install.sh`, `bash scripts/setup-mac.sh` (not `npm install`). */
const README_INSTALLER = new RegExp(
  `^(?:(?:make|just|task|(?:npm|yarn|pnpm|bun)\\s+run)\\s+(?:-\\S+\\s+)*(?:${INSTALLER})(?:[-_:.][\\w.:-]*)?|(?:(?:ba|z)?sh\\s+)?(?:\\.\\/)?(?:[\\w.-]+\\/)*(?:${INSTALLER})(?:[-_.][\\w.-]*)?\\.sh)(?:\\s|$)`,
  'i',
);

/** The write runs without the user asking for it: some surface that reaches it is not a named installer. */
export function runsUnasked(surfaces: readonly Surface[]): boolean {
  return surfaces.some(s => !isNamedInstaller(s));
}

/** What is known about code that checks where it runs (`code/anti-analysis`). */
export interface Evasion {
  /**
   * `trap`: a debugger trap; `sandbox`: a look for VMs, sandboxes or analysis tools; `guard`: a CI,
   * host-name or user check, or a long delay, before it acts.
   */
  kind: 'trap' | 'sandbox' | 'guard';
  /** The guarded code does something risky (runs data as code, a decoded address, secrets out). */
  risky: boolean;
  /** An installed package that git does not track. */
  installed: boolean;
}

/**
 * A check is evasion when what it guards is risky. A debugger trap and a look for sandboxes or
 * analysis tools have no everyday use: `medium` (`low` in an installed package). A CI, host or
 * delay check is how update notifiers, telemetry beacons and install hooks skip work in CI: it is
 * `medium` only when the code it guards (either branch, or what follows an early exit) runs data
 * as code, contacts a decoded or fetched address or sends secrets; otherwise `info` inventory,
 * and nothing for an installed package.
 */
export function evasionSeverity(e: Evasion): Severity | undefined {
  if (e.kind !== 'guard') return e.installed ? 'low' : 'medium';
  if (!e.risky) return e.installed ? undefined : 'info';
  return e.installed ? 'low' : 'medium';
}

/**
 * A folder-open task (VS Code, Cursor) runs without the user typing anything, which is why lures
 * use it: `high` whatever its command (a download piped into a shell is `critical` through the
 * command analysis). The exception is the repository's own watcher or build started on open (`tsc
 * -w`, `npm run watch` → `webpack --watch`), what extension and app repositories ship: it is a
 * surface, `low` when the code it runs (the scripts it starts, the configs its tools load; `tsc`
 * runs none) has no finding, and as severe as that code otherwise (`surfaceSeverity` on `open`).
 * The report lists it under `open` in every case. `task.allowAutomaticTasks: on` takes the
 * severity of the folder-open tasks it lets run.
 */
export function openTaskSeverity(watcher: boolean): Severity {
  return watcher ? surfaceSeverity('open', undefined) : 'high';
}

/**
 * Code that names a credential store and sends nothing out: a read kept in the process (a wallet
 * library loading a key file to sign with, a tool checking that `~/.npmrc` exists; any file that
 * reads or copies files or runs commands counts, whatever path the analysis could resolve) is
 * `low`; a bare string in code that touches no file (a test's fixture path, documentation, a wallet
 * extension's id in a store URL) is `info`. A read whose content reaches a way out is theft
 * (`theftSeverity`).
 */
export function unsentCredentialSeverity(read: boolean): Severity {
  return read ? 'low' : 'info';
}
