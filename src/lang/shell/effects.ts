/**
 * What commands do to the machine outside the repository, followed across the commands of one
 * script or command line: persistence (a write that makes a program run again later: a shell
 * start-up file, crontab, a LaunchAgent, a systemd unit, a Run key, global git or npm settings)
 * and exfiltration (credential files or the whole environment read, then carried out by an
 * upload, a socket, DNS names, a gist, a push or publish of a folder they were copied into, or a
 * copy into a cloud-synced folder). The analyser (analyze.ts) shows every simple command to
 * `observe`, in order, and reads the signals at the end.
 */
import { shellCredentialPattern } from '../../knowledge/index.ts';
import { GIT_BANG_ONLY, GIT_RUNNER_KEY, NPM_RUNNER_KEY, persistencePlace, syncedFolder } from '../../knowledge/persistence.ts';
import type { RawCommand } from './ir.ts';
import type { CommandSignal } from './types.ts';

const CREDENTIAL = shellCredentialPattern();
/** Whole folders of keys and tokens, copied or archived as one (`cp -r ~/.ssh …`, `tar czf k.tgz ~/.aws`). */
const SECRET_FOLDER =
  /^~\/(?:\.ssh|\.aws|\.azure|\.gnupg|\.kube|\.docker|\.config\/(?:gh|gcloud|solana)|\.password-store|\.electrum|\.bitcoin|\.ethereum|Library\/Keychains)\/?$/;
/** Programs that read the files named in their arguments (a key given to `ssh -i` is used, not read out). */
const READERS = new Set([
  'cat',
  'head',
  'tail',
  'less',
  'more',
  'tar',
  'zip',
  '7z',
  'gzip',
  'bzip2',
  'xz',
  'base64',
  'base32',
  'xxd',
  'od',
  'hexdump',
  'openssl',
  'gpg',
  'cp',
  'rsync',
  'scp',
  'sftp',
  'curl',
  'gh',
  'git',
  'sed',
  'awk',
  'strings',
  'find',
  'jq',
  'sqlite3',
]);
/** Commands that print the whole environment. */
const ENV_DUMP = /^\/proc\/(?:self|\d+|\*|\$\$)\/environ$/;
/** Copy-like programs: the last argument is where the data goes. */
const COPIERS = new Set(['cp', 'mv', 'ln', 'install', 'rsync', 'ditto']);
const UPLOAD_FLAGS = /^(?:-d|--data(?:-binary|-raw|-urlencode|-ascii)?|-F|--form(?:-string)?|-T|--upload-file|--json)$|^-[a-zA-Z]*[dFT]$/;
const DNS_TOOLS = new Set(['nslookup', 'dig', 'host', 'drill', 'resolvectl', 'kdig', 'delv']);
const SOCKET_TOOLS = new Set(['nc', 'ncat', 'netcat', 'socat', 'telnet', 'openssl']);
const MAILERS = new Set(['mail', 'mailx', 'sendmail', 'mutt', 'swaks', 'msmtp']);
/** `host:path`, `user@host:path`, `rsync://…`: a place on another machine. */
const REMOTE_TARGET = /^(?:[\w.-]+@)?[\w-]+(?:\.[\w-]+)*:(?!\/\/)|^rsync:\/\/|^sftp:\/\//;
/** git config keys that run a program. */

/** A word as a path, with the home folder written `~`. */
export function homePath(word: string): string {
  return word
    .replace(/^\$\{?XDG_CONFIG_HOME(?::-[^}]*)?\}?(?=\/|$)/, '~/.config')
    .replace(/^(?:\$\{?(?:HOME|USERPROFILE)\}?|%USERPROFILE%|%HOMEPATH%)(?=[\\/]|$)/i, '~')
    .replace(/^%APPDATA%(?=[\\/]|$)/i, '~/AppData/Roaming')
    .replace(/^%LOCALAPPDATA%(?=[\\/]|$)/i, '~/AppData/Local')
    .replace(/\\/g, '/');
}

function nonFlags(args: readonly string[]): string[] {
  return args.filter(a => !a.startsWith('-') || a === '-');
}

export class Effects {
  private readonly persisted: { detail: string; userConfig: boolean }[] = [];
  /** What secrets were read, for the message (`~/.ssh/id_rsa`, `the environment`). */
  private readonly secrets: string[] = [];
  /** Files holding secrets the commands wrote or copied (the copy's destination, a redirect). */
  private readonly stashes = new Set<string>();
  private stashed = false;
  private readonly exits: string[] = [];
  /** Commands observed, and those whose output holds a secret. */
  private readonly seen = new WeakSet<RawCommand>();
  private readonly tainted = new WeakSet<RawCommand>();

  /** `secretFiles`: files that hold a host secret where the commands run (see AnalyzeOptions). */
  constructor(private readonly secretFiles: Readonly<Record<string, string>> = {}) {}

  /** One simple command, its words as the analyser resolved them. */
  observe(prog: string, args: readonly string[], cmd: RawCommand): void {
    this.persistence(prog, args, cmd);
    const reads = this.reads(prog, args, cmd);
    // The stage before carries secrets when it read them or was fed them: one look per command,
    // so an 8,000-stage pipeline stays linear.
    const prev = cmd.pipedFrom.at(-1);
    const fromPipe = prev !== undefined && (this.seen.has(prev) ? this.tainted.has(prev) : this.sourceOf(prev) !== undefined);
    this.seen.add(cmd);
    if (reads !== undefined || fromPipe) this.tainted.add(cmd);
    const carries = reads !== undefined || fromPipe || this.usesStash(args) || this.usesVariable(args);
    if (reads !== undefined) this.secret(reads);
    if (reads !== undefined || fromPipe) for (const f of cmd.stdout) if (!f.startsWith('/dev/')) this.stash(f);
    this.exit(prog, args, cmd, carries, reads !== undefined || fromPipe || this.usesStash(args));
  }

  /** Signals for what the commands did, once they have all been observed. */
  signals(): CommandSignal[] {
    const out: CommandSignal[] = [];
    const p = this.persisted[0];
    if (p) {
      const userConfig = this.persisted.every(x => x.userConfig);
      out.push(userConfig ? { kind: 'persistence', detail: p.detail, userConfig } : { kind: 'persistence', detail: p.detail });
    }
    const exit = this.exits[0];
    if (exit !== undefined && this.secrets.length > 0)
      out.push({ kind: 'exfiltration', detail: `reads ${this.secrets.slice(0, 3).join(', ')} and sends it out ${exit}` });
    return out;
  }

  private secret(what: string): void {
    if (!this.secrets.includes(what) && this.secrets.length < 10) this.secrets.push(what);
  }

  private stash(file: string): void {
    this.stashed = true;
    if (this.stashes.size < 50) this.stashes.add(homePath(file));
  }

  private usesStash(args: readonly string[]): boolean {
    return args.some(a => {
      const p = homePath(a.replace(/^[\w-]*=?@/, ''));
      return [...this.stashes].some(s => p === s || p.startsWith(`${s}/`) || s.startsWith(`${p.replace(/\/$/, '')}/`));
    });
  }

  /** Data from a variable or a command's output (`"$K"`, `$(…)`), once a secret has been read. */
  private usesVariable(args: readonly string[]): boolean {
    return this.secrets.length > 0 && args.some(a => a.includes('$') || a === '@-' || /=@-$/.test(a));
  }

  /** What secret a command reads, if any. */
  private reads(prog: string, args: readonly string[], cmd: RawCommand): string | undefined {
    if (prog === 'env' || prog === 'printenv') {
      if (args.every(a => a.startsWith('-'))) return 'the environment';
    }
    if ((prog === 'set' || prog === 'export' || prog === 'declare') && args.every(a => /^-[px]*$/.test(a))) return 'the environment';
    if (cmd.stdin?.kind === 'file') {
      const f = homePath(cmd.stdin.path);
      if (CREDENTIAL.test(f)) return f;
      const given = this.secretFiles[f];
      if (given !== undefined) return given;
      if (ENV_DUMP.test(f)) return 'the environment';
    }
    if (!READERS.has(prog)) return undefined;
    // A key handed to ssh to log in (`scp -i KEY`, `rsync -e 'ssh -i KEY'`) is used, not read out.
    // The destination of a copy is written, not read (`cp deploy_key ~/.ssh/`).
    const dest = COPIERS.has(prog) || prog === 'scp' ? nonFlags(args).at(-1) : undefined;
    const files = args.filter(
      (a, i) => a !== dest && !/^-(?:i|o|e|-identity-file|-rsh)$/.test(args[i - 1] ?? '') && !/^(?:IdentityFile=|--rsh=)/i.test(a),
    );
    for (const a of files) {
      const f = homePath(a.replace(/^[\w-]*=?@/, ''));
      const given = this.secretFiles[f];
      if (given !== undefined) return given;
      // A public key is meant to be shared.
      if ((CREDENTIAL.test(f) || SECRET_FOLDER.test(f)) && !/\.pub$/.test(f)) return f;
      if (ENV_DUMP.test(f)) return 'the environment';
    }
    return undefined;
  }

  /** The secret an earlier pipeline stage reads (`cat ~/.aws/credentials | base64 | curl -d @- …`). */
  private sourceOf(c: RawCommand): string | undefined {
    const [p = '', ...a] = c.words;
    return this.reads(p.replace(/^.*\//, '').toLowerCase(), a, c);
  }

  private exit(prog: string, args: readonly string[], cmd: RawCommand, carries: boolean, direct: boolean): void {
    const to = (how: string): void => {
      if (this.exits.length < 5) this.exits.push(how);
    };
    const show = `\`${[prog, ...args].join(' ').slice(0, 120)}\``;
    // A copy: of a secret into a synced folder is gone; anywhere else, it is stashed for a push or publish.
    if (COPIERS.has(prog) || prog === 'tar' || prog === 'zip') {
      const rest = nonFlags(args);
      const dest =
        prog === 'tar' || prog === 'zip' ? (flagValue(args, ['-f', '-cf', '-czf', '-cjf', '-zcf']) ?? rest[0]) : rest[rest.length - 1];
      if (direct && dest !== undefined) {
        const cloud = syncedFolder(homePath(dest));
        if (cloud !== undefined) to(`with a copy into ${cloud} (${show})`);
        else if (REMOTE_TARGET.test(dest)) to(`to another machine with ${show}`);
        else this.stash(dest);
      }
      if (prog === 'rsync' && carries && dest !== undefined && REMOTE_TARGET.test(dest)) to(`to another machine with ${show}`);
      return;
    }
    if (prog === 'scp' || prog === 'sftp') {
      if (carries && args.some(a => REMOTE_TARGET.test(a))) to(`to another machine with ${show}`);
      return;
    }
    if (prog === 'curl' || prog === 'wget') {
      const uploads = args.some(a => UPLOAD_FLAGS.test(a) || /^--post-(?:data|file)|^--body-(?:data|file)/.test(a));
      if (uploads && carries) to(`with ${show}`);
      return;
    }
    if (SOCKET_TOOLS.has(prog) || MAILERS.has(prog)) {
      if (carries && (prog !== 'openssl' || args.includes('s_client'))) to(`with ${show}`);
      return;
    }
    if (DNS_TOOLS.has(prog)) {
      // Data in the name looked up: whoever answers for the domain reads it.
      if (this.secrets.length > 0 && nonFlags(args).some(a => a.includes('$'))) to(`in DNS names looked up with ${show}`);
      return;
    }
    if (prog === 'gh' && /^(?:gist|release)$/.test(args[0] ?? '') && /^(?:create|edit|upload)$/.test(args[1] ?? '')) {
      if (carries) to(`with ${show}`);
      return;
    }
    if (prog === 'git' && args.includes('add') && direct) this.stashed = true;
    if (this.stashed && prog === 'git' && args.includes('push')) to(`with \`git push\` of the copy`);
    if (this.stashed && /^(?:npm|pnpm|yarn|bun)$/.test(prog) && args.includes('publish')) to(`in a package it publishes (${show})`);
  }

  private persistence(prog: string, args: readonly string[], cmd: RawCommand): void {
    const wrote = (path: string, how: string): void => {
      const place = persistencePlace(homePath(path));
      if (place && this.persisted.length < 5)
        this.persisted.push({ detail: `${how} writes to ${place.label} (${path})`, userConfig: place.userConfig });
    };
    for (const f of cmd.stdout) wrote(f, `\`${prog}\` redirected`);
    if (prog === 'tee') for (const f of nonFlags(args)) wrote(f, '`tee`');
    if (COPIERS.has(prog)) {
      const rest = nonFlags(args);
      const dest = rest[rest.length - 1];
      if (dest !== undefined && rest.length >= 2) wrote(dest, `\`${prog}\``);
    }
    if (prog === 'sed' && args.some(a => /^-[a-zA-Z]*i/.test(a) || a.startsWith('--in-place')))
      for (const f of nonFlags(args).slice(1)) wrote(f, '`sed -i`');
    if (prog === 'dd') for (const a of args) if (a.startsWith('of=')) wrote(a.slice(3), '`dd`');
    const add = (detail: string, userConfig = false): void => {
      if (this.persisted.length < 5) this.persisted.push({ detail, userConfig });
    };
    const show = `\`${[prog, ...args].join(' ').slice(0, 120)}\``;
    if (prog === 'crontab') {
      const installs = args.some(a => a === '-' || !a.startsWith('-')) || (args.length === 0 && cmd.pipedFrom.length > 0);
      if (installs && !args.some(a => a === '-l' || a === '-r')) add(`${show} installs a crontab`);
    }
    if (prog === 'launchctl' && /^(?:load|bootstrap|enable|submit)$/.test(args[0] ?? '')) add(`${show} registers a launchd job`);
    if (prog === 'systemctl' && args.includes('--user') && args.some(a => a === 'enable' || a === 'link'))
      add(`${show} enables a systemd user unit`);
    if (prog === 'schtasks' && args.some(a => /^[/-]create$/i.test(a))) add(`${show} creates a scheduled task`);
    if (prog === 'reg' && /^add$/i.test(args[0] ?? '') && args.some(a => /CurrentVersion\\+Run/i.test(a))) add(`${show} adds a Run key`);
    if (prog === 'git' && args[0] === 'config' && args.some(a => a === '--global' || a === '--system')) {
      const k = args.findIndex(a => GIT_RUNNER_KEY.test(a));
      const key = args[k];
      // An alias or credential helper runs a program only when its value starts with `!` (`alias.co checkout` is a shortcut).
      const runs = key !== undefined && (!GIT_BANG_ONLY.test(key) || (args[k + 1] ?? '').startsWith('!'));
      if (
        key !== undefined &&
        runs &&
        !args.some(a => a === '--unset' || a === '--get' || a === '--unset-all' || a === '-l' || a === '--list')
      )
        add(`${show} sets ${key} in your global git config, so a program runs with your git commands`, true);
    }
    if (prog === 'npm' && (args[0] === 'config' ? args[1] === 'set' : args[0] === 'set')) {
      const rest = args.slice(args[0] === 'config' ? 2 : 1);
      if (
        rest.some(a => NPM_RUNNER_KEY.test(a)) &&
        !rest.some(a => /^--location(?:=project)?$/.test(a) && (a.endsWith('project') || rest.includes('project')))
      )
        add(`${show} sets what npm runs with every script in your npm user config`, true);
    }
  }
}

function flagValue(args: readonly string[], names: readonly string[]): string | undefined {
  const i = args.findIndex(a => names.includes(a));
  return i >= 0 ? args[i + 1] : undefined;
}
