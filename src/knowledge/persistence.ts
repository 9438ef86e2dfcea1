/**
 * Places outside the repository where a written file or setting makes a program run again later
 * (persistence), and folders that a cloud service or a network share carries off the machine.
 * The JavaScript and Python code rules test the paths their data flow evaluates; the shell
 * analysis tests the paths commands write (`>>`, `tee`, `cp`, `ln -s`) after reading `$HOME`,
 * `~`, `${XDG_CONFIG_HOME:-…}` and `%APPDATA%` as the home folder.
 */

export interface PersistencePlace {
  label: string;
  test: RegExp;
  /** Named without a write is ordinary (tools read these files): only a write counts. */
  writeOnly?: boolean;
  /** What the entry makes happen (default: starts again after reboot or with every new shell). */
  effect?: string;
  /** The user's own configuration, which dotfile and tool installers edit on request (core/policy.ts). */
  userConfig?: boolean;
}

export const GIT_EFFECT = 'so a program runs with your git commands in every repository';
export const NPM_EFFECT = 'so a program runs with every npm script and every node process npm starts';

export const PERSISTENCE_PLACES: readonly PersistencePlace[] = [
  { label: 'the Windows Startup folder', test: /Start Menu[\\/]+Programs[\\/]+Startup|[\\/]Startup[\\/]/i },
  { label: 'a Windows Run key', test: /CurrentVersion\\+Run(?:Once)?\b/i },
  { label: 'a macOS LaunchAgent', test: /Library[\\/]+Launch(?:Agents|Daemons)/ },
  { label: 'crontab', test: /\bcrontab\b|\/etc\/cron\.|\/var\/spool\/cron/ },
  {
    label: 'a shell start-up file',
    test: /\.(?:bashrc|zshrc|zshenv|zlogin|zlogout|bash_profile|bash_login|bash_logout|zprofile|profile)\b|fish[\\/]+(?:config\.fish|conf\.d[\\/])|\/etc\/profile\.d\//,
    userConfig: true,
  },
  { label: 'a Linux autostart entry', test: /\.config[\\/]+autostart|systemd[\\/]+user|\/etc\/systemd\/system\// },
  {
    label: 'your SSH authorized keys',
    test: /\.ssh[\\/]+authorized_keys2?\b/,
    writeOnly: true,
    effect: 'so someone else can log in to this machine as you',
  },
  {
    label: 'Python start-up hooks (site-packages .pth, sitecustomize)',
    test: /(?:site-packages|dist-packages|\$SITE_PACKAGES)[\\/]+[^\\/\n]*\.pth$|(?:^|[\\/])(?:sitecustomize|usercustomize)\.py$/,
    writeOnly: true,
    effect: 'so a program runs every time Python starts',
  },
  {
    // An extension folder is loaded by the editor (or its remote server) each time it starts, with
    // the editor's rights: dropping code there installs it without the marketplace or a prompt.
    label: "your editor's extensions folder",
    test: /(?:^~|homedir\(\)|\$HOME|HOME)[^\n]{0,20}[\\/]\.(?:vscode(?:-insiders|-oss|-server(?:-insiders)?)?|cursor(?:-server)?|windsurf(?:-server)?|vscodium|positron|trae|kiro)[\\/]+extensions(?:[\\/]|$)/,
    writeOnly: true,
    effect: 'so the editor loads that code as an extension every time it starts',
    userConfig: true,
  },
  {
    label: 'your SSH login scripts',
    test: /\.ssh[\\/]+(?:rc|environment)$/,
    writeOnly: true,
    effect: 'so a program runs every time someone logs in to this machine over SSH',
  },
  {
    label: 'your SSH client config',
    test: /^~[\\/]+\.ssh[\\/]+config$/,
    writeOnly: true,
    effect: 'so a program can run with every ssh or git-over-ssh connection (ProxyCommand, LocalCommand)',
    userConfig: true,
  },
  {
    label: 'your Bun or direnv user config',
    test: /^~[\\/]+(?:\.bunfig\.toml|\.config[\\/]+\.bunfig\.toml|\.direnvrc|\.config[\\/]+direnv[\\/]+direnvrc)$/,
    writeOnly: true,
    effect: 'so a program runs with every bun command or every folder direnv loads',
    userConfig: true,
  },
  { label: 'VS Code folders in your home directory', test: /(?:homedir\(\)|~|\$HOME|HOME)[^\n]{0,20}\.vscode|^\.vscode[\\/]+[\w.-]+\.js$/ },
  {
    label: 'your editor user settings or tasks (VS Code, Cursor)',
    test: /(?:Code|Code - Insiders|VSCodium|Cursor|Windsurf)[\\/]+User[\\/]+(?:settings|tasks|keybindings|mcp)\.json/,
    writeOnly: true,
    effect: 'so a program runs in every folder and terminal your editor opens',
    userConfig: true,
  },
  {
    // The user-level files from which an editor or AI assistant starts MCP servers and tasks on its
    // own: Cursor, Windsurf, Claude Desktop and Claude Code, Gemini CLI, Continue, Zed.
    label: 'the MCP servers or settings of your editor or AI assistant',
    test: /^~[\\/]+(?:\.cursor[\\/]+mcp\.json|\.codeium[\\/]+windsurf[\\/]+mcp_config\.json|\.claude\.json|\.claude[\\/]+settings(?:\.local)?\.json|\.gemini[\\/]+settings\.json|\.continue[\\/]+config\.(?:json|ya?ml)|\.config[\\/]+zed[\\/]+(?:settings|tasks)\.json)$|(?:^|[\\/])Claude[\\/]+claude_desktop_config\.json$/,
    writeOnly: true,
    effect: 'so a program starts every time that editor or assistant does',
    userConfig: true,
  },
  {
    label: "git's template folder",
    test: /(?:[\\/]\.?git[-_]?templates?|git-core[\\/]+templates)[\\/]+hooks[\\/]/i,
    writeOnly: true,
    effect: 'so a hook is copied into every repository you clone or create, and runs there',
    userConfig: true,
  },
  {
    label: 'your global git config',
    test: /^~[\\/]+(?:\.gitconfig|\.config[\\/]+git[\\/]+config)$/,
    writeOnly: true,
    effect: GIT_EFFECT,
    userConfig: true,
  },
  {
    label: 'the git hooks of other repositories',
    test: /^(?:~|\/|\.\.)[\\/]?.*[\\/]\.git[\\/]+(?:hooks[\\/]|config$)/,
    writeOnly: true,
    effect: 'so a program runs when you commit or check out in those repositories',
  },
];

/** The place a written path makes a program start from, if any. */
export function persistencePlace(path: string): PersistencePlace | undefined {
  return PERSISTENCE_PLACES.find(p => p.test.test(path));
}

/**
 * Git settings that make git run a program: hooks and their template folder (copied into every
 * repository cloned or created), file monitors, aliases, pagers, editors, ssh and askpass programs,
 * filter, diff and merge drivers, signing programs and included config files.
 */
const GIT_RUNNER_KEYS =
  'core\\.(?:hooksPath|fsmonitor|sshCommand|pager|editor|askPass|gitProxy)|init\\.templateDir|alias\\.[\\w-]+|include\\.path|includeIf\\..*\\.path|sequence\\.editor|diff\\.external|diff\\.[\\w-]+\\.textconv|filter\\.[\\w-]+\\.(?:clean|smudge|process)|merge\\.[\\w-]+\\.driver|gpg\\.(?:[\\w-]+\\.)?program|credential\\.helper';
/** A git config key (one word of a command) that runs a program. */
export const GIT_RUNNER_KEY = new RegExp(`^(?:${GIT_RUNNER_KEYS})$`, 'i');
const GIT_GLOBAL = new RegExp(
  `\\bgit\\b[^\\n]*\\bconfig\\b[^\\n]*--(?:global|system)\\b[^\\n]*?(?<![\\w.])(${GIT_RUNNER_KEYS})(?![\\w.])\\s*(\\S*)`,
  'i',
);
/** Keys whose value is a shortcut unless it starts with `!` (a shell command): `alias.co checkout`, `credential.helper store`. */
export const GIT_BANG_ONLY = /^(?:alias\.[\w-]+|credential\.helper)$/i;

/** The key of a `git config --global|--system` command line (a program runs it) that makes git run a program. */
export function gitGlobalRunner(command: string): string | undefined {
  const m = GIT_GLOBAL.exec(command);
  if (!m?.[1] || /--(?:unset|get|list)\b|\s-l\b/.test(command)) return undefined;
  if (GIT_BANG_ONLY.test(m[1]) && !/^['"]?!/.test(m[2] ?? '')) return undefined;
  return m[1];
}
/** npm user settings that run a program with every script, node process or `npm init` npm starts. */
const NPM_RUNNER_KEYS = 'node-options|script-shell|onload-script|init-module|init\\.module';
export const NPM_RUNNER_KEY = new RegExp(`^(?:${NPM_RUNNER_KEYS})(?:=|$)`);
export const NPM_USER_CONFIG = new RegExp(`\\b(?:${NPM_RUNNER_KEYS})\\b`);
/** `npm config set node-options …` for the user (not `--location project`). */
export const NPM_CONFIG_SET = new RegExp(`\\bnpm\\s+(?:config\\s+)?set\\s+(?:${NPM_RUNNER_KEYS})\\b(?![^\\n]*--location[= ]project)`);

const SYNCED: readonly { label: string; test: RegExp }[] = [
  { label: 'iCloud Drive', test: /Mobile Documents[\\/]+com~apple~CloudDocs|iCloud Drive/i },
  { label: 'Dropbox', test: /(?:^|[\\/])Dropbox(?:[\\/ ]|$)/ },
  { label: 'OneDrive', test: /(?:^|[\\/])OneDrive(?:[\\/ -]|$)/ },
  { label: 'Google Drive', test: /Google ?Drive|[\\/]My Drive(?:[\\/]|$)|Library[\\/]+CloudStorage[\\/]/ },
  { label: 'a mounted network share', test: /^\/Volumes\/|^\\\\[\w.-]+\\|^smb:\/\// },
];

/** The cloud-synced folder or share a path lies in, if any. */
export function syncedFolder(path: string): string | undefined {
  return SYNCED.find(s => s.test.test(path))?.label;
}
