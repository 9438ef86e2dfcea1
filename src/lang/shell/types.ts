/** What src/lang/shell tells rules about a command line. */

export type CommandSignalKind =
  | 'pipe-to-interpreter' // curl|wget|iwr ... | sh|bash|zsh|cmd|node|python|perl|iex
  | 'download-then-run' // curl -o x && sh x / chmod +x && ./x
  | 'download' // any curl/wget/iwr/Invoke-WebRequest/certutil -urlcache/bitsadmin
  | 'inline-code' // node -e/-p/--eval, python -c, perl -e, bash -c with a nested command, osascript -e
  | 'base64-decode' // base64 -d/--decode, atob, certutil -decode, FromBase64String
  | 'encoded-powershell' // powershell -enc/-EncodedCommand
  | 'background' // trailing &, nohup, setsid, disown, start /b, detached
  | 'disguised-script' // interpreter runs a file whose extension is not a script (.woff2 .png .json .txt .ico ...)
  | 'hooks-path-change' // git config core.hooksPath ...
  | 'stdin-interpreter' // node - / sh -s fed by a pipe
  | 'eval' // eval "$(...)", source <(curl ...)
  | 'official-installer' // a tool's official installer piped into a shell (curl https://sh.rustup.rs | sh)
  | 'remote-url' // a URL argument
  | 'persistence' // writes a place that makes a program run again later (~/.bashrc, crontab, LaunchAgents, git/npm user config)
  | 'remote-access' // a way into this machine for someone else: a reverse SSH forward of its SSH port, a tunnel to it, a shared terminal
  | 'tunnel' // a tunnel that exposes or reaches a local web app or port (`ngrok http 3000`, `ssh -L`)
  | 'exfiltration'; // credential files or the whole environment read and carried out (upload, socket, DNS, gist, push, publish, synced folder)

export interface CommandSignal {
  kind: CommandSignalKind;
  /** One short sentence fragment for a user, e.g. "`curl … | bash` pipes a download into bash". */
  detail: string;
  /**
   * Inline code whose text shows nothing risky: `sh -c '…'` (its commands are analysed on their
   * own) or `node -e` code that starts no process, touches no network and decodes or evaluates
   * nothing. Context when the user runs the command (see rules/autorun/_shared/command-risk.ts).
   */
  plain?: boolean;
  /**
   * For `persistence`: every place written is the user's own configuration (shell start-up files,
   * git and npm user config), which a dotfiles installer the user runs by name edits on request.
   */
  userConfig?: boolean;
}

export interface SimpleCommand {
  /**
   * The program: a bare name lower-cased without `.exe`/`.cmd`/`.bat` and without its directory
   * (`/usr/bin/curl` → `curl`), or a relative path as written with `/` separators (`./x`, `bin/x`).
   */
  program: string;
  args: string[];
  background: boolean;
}

export interface RunFile {
  /** `node`, `python`, `bash`, `tsx`, … ; `node --require`/`node --import` for preloads; `exec` for `./x`. */
  interpreter: string;
  /** The file as written, relative paths joined to a preceding `cd DIR`, `/` separators, no leading `./`. */
  file: string;
}

export interface ScriptCall {
  /** Script name (or npm-run-all pattern such as `dev:*`). */
  script: string;
  /** npm, yarn, pnpm, bun, npm-run-all, concurrently, turbo, lerna. */
  runner: string;
  /** Package directory relative to where the command runs (`--prefix`, `--cwd`, `-C`, `cd`). */
  dir?: string;
  /**
   * True for `npm install`/`yarn`/`pnpm install`/`bun install` without package arguments: the
   * package's lifecycle scripts (preinstall … prepare) run, not a script named `install`.
   * Such calls are not listed in `runsScripts`.
   */
  install?: true;
}

/** A program handed to Python or JavaScript on the command line or through a here-document. */
export interface InlineProgram {
  lang: 'py' | 'js';
  code: string;
  /** `python3 -c`, `python3 <<`, `python3 setup.py` (a file a here-document wrote). */
  via: string;
  /** The code is a here-document's body, which starts on the line after the command. */
  heredoc: boolean;
}

export interface CommandAnalysis {
  /** false: fell back to tokenising (cmd.exe / broken syntax). */
  parsed: boolean;
  /** true when the command was longer than the analysed limit and only its head was read. */
  truncated: boolean;
  /** Every simple command incl. those nested in bash -c '...', sh -c, subshells, $(...). */
  commands: SimpleCommand[];
  signals: CommandSignal[];
  /** node x.js, python x.py, bash x.sh, ./x, tsx/ts-node x.ts, node -r ./x. */
  runsFiles: RunFile[];
  /** Package scripts it runs: npm run dev, npm start, yarn build, pnpm dev, bun run x, npm-run-all/concurrently args. */
  runsScripts: string[];
  /** The same script runs with the runner and package directory. */
  scriptCalls: ScriptCall[];
  /** Binaries it invokes (next, vite, tsc, prisma, husky, eslint, jest ...), for tool-config reachability. */
  tools: string[];
  urls: string[];
  /** Python and JavaScript programs it runs from its own text, for the code analysis. */
  programs: InlineProgram[];
  /** Files a here-document is written to (`cat > setup.sh <<'EOF'`), with the text. */
  written: { file: string; text: string }[];
}
