/**
 * Reads RawCommands (from either front end) and derives what the command line does: programs,
 * files and package scripts it runs, downloads, pipes into interpreters, inline code, background
 * starts. Nested command strings (`bash -c`, `cmd /c`, `concurrently "…"`, `powershell -Command`,
 * decoded `-EncodedCommand`) are analysed recursively up to a fixed depth.
 */
import { remoteAccessSignal } from './remote-access.ts';
import { commandOutput, resolveWord, stdinText, substitutionOutput } from './decode.ts';
import type { Recovered } from './decode.ts';
import { shellTools } from '../../knowledge/index.ts';
import { Effects } from './effects.ts';
import { moduleRegistry, officialInstaller } from './installers.ts';
import { decodeDataUrl, nodePreloads } from './node-options.ts';
import { IFS_MARK } from './ir.ts';
import type { RawCommand } from './ir.ts';
import type { CommandAnalysis, CommandSignal, CommandSignalKind, InlineProgram, RunFile, ScriptCall, SimpleCommand } from './types.ts';

export const MAX_DEPTH = 4;
export const MAX_COMMANDS = 2000;
/** Programs (inline code, here-documents) kept for the code analysis, and written scripts followed. */
const MAX_PROGRAMS = 20;
const MAX_DETAIL = 160;

/** Parses one command string into RawCommands; `parsed` false when it fell back to tokenising. */
export type FrontEnd = (text: string) => { commands: RawCommand[]; parsed: boolean };

/** What the analysis knows about programs (data/knowledge/shell-tools.json). */
const {
  shells: SHELLS,
  nodeLike: NODE_LIKE,
  pythons: PYTHONS,
  powershells: POWERSHELLS,
  inlineFlags: INLINE_FLAG,
  downloaders: DOWNLOADERS,
  notScript: NOT_SCRIPT,
  notTools: NOT_TOOLS,
  pythonRunners: PY_RUNNERS,
  builtins: { yarn: YARN_BUILTINS, pnpm: PNPM_BUILTINS, bun: BUN_BUILTINS, turbo: TURBO_BUILTINS },
} = shellTools();
const HAS_URL = /(?:https?|ftps?):\/\//i;
const URL_RE = /\b(?:https?|ftps?):\/\/[^\s'"`<>|;&(){}\\^]+/gi;
/**
 * Inline interpreter code that does more than its text shows: processes, the network, sockets,
 * dynamic code, decoding, or any escape or computed access that could hide one of these.
 */
const OPAQUE_INLINE =
  /child_process|\bexec|\bspawn|\bfork\b|\bsystem\b|subprocess|\bpopen|\beval\b|\bFunction\b|\bvm\b|\bimport\s*\(|\brequire\s*\(\s*[^'"\s]|\bfetch\b|https?\b|\bnet\b|\bdgram\b|\bsocket|\burl(?:lib|open)|\bWebSocket|XMLHttpRequest|\bcurl\b|\bwget\b|base64|\batob\b|\bBuffer\b|fromCharCode|\\x|\\u|[\w$)\]]\s*\[\s*[^\d\s\]]|globalThis|\bglobal\b|\bReflect\b|process\.(?:binding|mainModule|dlopen)|process\.env|\bos\.|\bopen\s*\(|\bcompile\b|__import__|getattr/;

class Collector {
  readonly commands: SimpleCommand[] = [];
  private readonly signalKeys = new Set<string>();
  readonly signals: CommandSignal[] = [];
  readonly runsFiles: RunFile[] = [];
  readonly runsScripts: string[] = [];
  readonly scriptCalls: ScriptCall[] = [];
  readonly tools: string[] = [];
  readonly urls: string[] = [];
  readonly programs: InlineProgram[] = [];
  /** Here-documents written to files, by path (joined to the command's folder). */
  readonly written = new Map<string, string>();
  /** Basenames of files downloaded so far, and of files made executable. */
  readonly downloaded = new Set<string>();
  /** Persistence writes and secrets carried out, across the commands. */
  readonly effects: Effects;

  constructor(secretFiles: Readonly<Record<string, string>>) {
    this.effects = new Effects(secretFiles);
  }
  commandBudget = MAX_COMMANDS;

  signal(kind: CommandSignalKind, detail: string, plain = false): void {
    const d = clip(detail);
    const key = `${kind}\u0000${d}`;
    if (this.signalKeys.has(key)) return;
    this.signalKeys.add(key);
    this.signals.push(plain ? { kind, detail: d, plain } : { kind, detail: d });
  }

  tool(name: string): void {
    if (!name || NOT_TOOLS.has(name) || /[\\/]/.test(name.replace(/^@[^/]+\//, '')) || this.tools.includes(name)) return;
    if (this.downloaded.has(name) || [...this.downloaded].some(d => programName(d) === name)) return;
    this.tools.push(name);
  }

  url(u: string): void {
    if (!this.urls.includes(u)) {
      this.urls.push(u);
      this.signal('remote-url', `fetches or names ${u}`);
    }
  }

  /** `npm install` (no package arguments) in a package folder: runs that package's lifecycle scripts. */
  install(runner: string, dir: string | undefined): void {
    if (!this.scriptCalls.some(s => s.install === true && s.runner === runner && s.dir === dir)) {
      this.scriptCalls.push(
        dir === undefined ? { script: 'install', runner, install: true } : { script: 'install', runner, dir, install: true },
      );
    }
  }

  script(script: string, runner: string, dir: string | undefined): void {
    if (!script) return;
    if (!this.runsScripts.includes(script)) this.runsScripts.push(script);
    if (!this.scriptCalls.some(s => s.script === script && s.runner === runner && s.dir === dir && s.install !== true)) {
      this.scriptCalls.push(dir === undefined ? { script, runner } : { script, runner, dir });
    }
  }

  program(lang: InlineProgram['lang'], code: string, via: string, heredoc: boolean): void {
    if (code.trim() !== '' && this.programs.length < MAX_PROGRAMS && !this.programs.some(p => p.code === code))
      this.programs.push({ lang, code, via, heredoc });
  }

  runFile(interpreter: string, file: string, dir: string | undefined): void {
    const f = joinPath(dir, file);
    if (!this.runsFiles.some(r => r.interpreter === interpreter && r.file === f)) this.runsFiles.push({ interpreter, file: f });
    const base = baseOf(f);
    if (this.downloaded.has(base)) this.signal('download-then-run', `runs ${base}, which the command downloaded first`);
    const ext = extOf(f);
    if (NOT_SCRIPT.has(ext))
      this.signal('disguised-script', `${interpreter} runs ${f}, a file named like ${ext} data rather than a script`);
  }

  result(parsed: boolean, truncated: boolean): CommandAnalysis {
    for (const s of this.effects.signals()) this.signals.push({ ...s, detail: clip(s.detail) });
    return {
      parsed,
      truncated,
      commands: this.commands,
      signals: this.signals,
      runsFiles: this.runsFiles,
      runsScripts: this.runsScripts,
      scriptCalls: this.scriptCalls,
      tools: this.tools,
      urls: this.urls,
      programs: this.programs,
      written: [...this.written].map(([file, text]) => ({ file, text })),
    };
  }
}

export function analyzeRaw(
  text: string,
  frontEnd: FrontEnd,
  truncated: boolean,
  secretFiles: Readonly<Record<string, string>> = {},
): CommandAnalysis {
  const { commands, parsed } = frontEnd(text);
  const c = new Collector(secretFiles);
  const a = new Analyzer(c, frontEnd);
  for (const cmd of commands) a.visit(cmd, 0, undefined);
  // A here-document written to a file and then run (`cat > setup.sh <<'EOF' … EOF`, `bash
  // setup.sh`): what runs is the here-document's text.
  const done = new Set<string>();
  for (let i = 0; i < c.runsFiles.length && done.size < MAX_PROGRAMS; i++) {
    const run = c.runsFiles[i] as RunFile;
    const body = c.written.get(run.file);
    if (body === undefined || done.has(run.file)) continue;
    done.add(run.file);
    a.writtenScript(run, body);
  }
  return c.result(parsed, truncated);
}

class Analyzer {
  constructor(
    private readonly c: Collector,
    private readonly frontEnd: FrontEnd,
  ) {}

  /** A file a here-document wrote, run by `run.interpreter`: shell text is analysed, Python and JavaScript kept as programs. */
  writtenScript(run: RunFile, body: string): void {
    const prog = programName(run.interpreter);
    const lang = PYTHONS.has(prog) || /\.py$/.test(run.file) ? 'py' : NODE_LIKE.has(prog) || /\.[cm]?js$/.test(run.file) ? 'js' : undefined;
    if (lang !== undefined) this.c.program(lang, body, `${run.interpreter} ${run.file}`, true);
    else if (SHELLS.has(prog) || prog === 'exec' || prog === 'source') this.nested(body, 0, undefined, `${run.interpreter} ${run.file}`);
  }

  /** Analyses a nested command string (bash -c '…') at depth + 1. */
  private nested(text: string, depth: number, dir: string | undefined, via: string): void {
    if (depth + 1 > MAX_DEPTH) {
      this.c.signal('inline-code', `${via} nests commands deeper than ${MAX_DEPTH} levels (not analysed further)`);
      return;
    }
    const { commands } = this.frontEnd(text);
    for (const cmd of commands) this.visit(cmd, depth + 1, dir);
  }

  private assignment(word: string, dir: string | undefined): void {
    const eq = word.indexOf('=');
    this.environment(word.slice(0, eq), word.slice(eq + 1), dir);
  }

  /**
   * A variable set for a command. NODE_OPTIONS makes every node process it starts load the
   * modules it names first (`--require`, `--import`, `--loader`), a `data:` URL included.
   */
  private environment(name: string, value: string, dir: string | undefined): void {
    if (name !== 'NODE_OPTIONS') return;
    for (const p of nodePreloads(value)) this.preload(p.flag, p.spec, dir, 'NODE_OPTIONS ');
  }

  /** A module node loads before the program: a repository file, a package, or code in a `data:` URL. */
  private preload(flag: string, spec: string, dir: string | undefined, via: string): void {
    const data = decodeDataUrl(spec);
    if (data !== undefined) {
      this.c.signal(
        'base64-decode',
        `${via}${flag} loads JavaScript written into a data: URL: \`${clip(data.replace(/\s+/g, ' '), 100)}\``,
      );
      this.c.program('js', data, `${via}${flag} data:`, false);
      for (const m of data.matchAll(URL_RE)) this.c.url(m[0]);
      return;
    }
    if (/^\.{1,2}[\\/]|^\/|^file:/.test(spec)) this.c.runFile(`node ${flag}`, spec.replace(/^file:(?:\/\/)?/, '').replace(/\\/g, '/'), dir);
    else if (spec)
      this.c.tool(stripVersion(spec.split('/')[0]?.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : (spec.split('/')[0] ?? '')));
  }

  /**
   * Text a command line computes from constants and hands to `prog` (a shell, Python or Node):
   * analysed as that language; when decoders built it, that is a signal of its own.
   */
  private recovered(out: Recovered, prog: string, depth: number, dir: string | undefined, via: string): void {
    const text = out.text.trim();
    if (text === '') return;
    if (out.decoders.length > 0) {
      const chain = [...new Set(out.decoders)].join(', ');
      this.c.signal('base64-decode', `${via} runs text decoded with ${chain}: \`${clip(text.replace(/\s+/g, ' '), 100)}\``);
    }
    if (PYTHONS.has(prog)) this.c.program('py', text, via, false);
    else if (NODE_LIKE.has(prog)) this.c.program('js', text, via, false);
    else this.nested(text, depth, dir, via);
  }

  visit(cmd: RawCommand, depth: number, baseDir: string | undefined): void {
    if (this.c.commandBudget-- <= 0) return;
    const dir = cmd.dir === undefined ? baseDir : joinPath(baseDir, cmd.dir);
    const words = cmd.words.flatMap(w => (w.includes(IFS_MARK) ? w.split(IFS_MARK).filter(Boolean) : [w]));
    for (const w of words) for (const m of w.matchAll(URL_RE)) this.c.url(m[0]);
    if (words.length === 0) return;
    for (const [name, value] of cmd.env ?? []) this.environment(name, value, dir);
    this.command(words, cmd, depth, dir, cmd.background, false);
  }

  /** One simple command; wrappers (nohup, sudo, env, npx, start …) recurse on the wrapped command. */
  private command(words: string[], cmd: RawCommand, depth: number, dir: string | undefined, background: boolean, signalled: boolean): void {
    const first = words[0] ?? '';
    // A virtual environment's interpreter (`.venv/bin/python -c …`) is Python, not a repository file.
    const venvPython = isPathLike(first) && /(?:^|[\\/])(?:bin|Scripts)[\\/]python[\d.]*(?:\.exe)?$/i.test(first);
    const prog = venvPython ? programName(first.split(/[\\/]/).pop() ?? first) : programName(first);
    const args = words.slice(1);
    this.c.commands.push({ program: prog, args, background });
    this.c.effects.observe(prog, args, cmd);
    if (background && !signalled) this.c.signal('background', `\`${show(words)}\` keeps running in the background`);
    if (this.c.downloaded.has(baseOf(first)) && prog !== 'chmod') {
      this.c.signal('download-then-run', `runs ${baseOf(first)}, which the command downloaded first`);
    }
    if (isPathLike(first) && !venvPython) {
      const bin = /(?:^|\/)node_modules\/\.bin\/([^/]+)$/.exec(first.replace(/\\/g, '/'));
      if (bin?.[1]) this.c.tool(bin[1].toLowerCase());
      else this.c.runFile('exec', first.replace(/\\/g, '/'), dir);
      return;
    }
    if (!/[\\/]/.test(first)) this.c.tool(prog);

    const wrapped = this.unwrap(prog, args, cmd, depth, dir);
    if (wrapped) {
      if (wrapped.words.length > 0) this.command(wrapped.words, cmd, depth, dir, background || wrapped.background, background);
      return;
    }
    if (DOWNLOADERS.has(prog) || isCertutilDownload(prog, args) || isBitsadminDownload(prog, args)) this.download(prog, args, words, cmd);
    if (isBase64Decode(prog, args)) this.c.signal('base64-decode', `\`${show(words)}\` decodes base64`);
    const access = remoteAccessSignal(prog, args);
    if (access) this.c.signal(access.kind, access.detail);
    if ((prog === 'cat' || prog === 'tee') && cmd.stdin?.kind === 'text') {
      const targets = prog === 'tee' ? args.filter(x => !x.startsWith('-')) : cmd.stdout;
      for (const t of targets)
        if (t !== '' && !t.startsWith('/dev/')) this.c.written.set(joinPath(dir, t.replace(/\\/g, '/')), cmd.stdin.text);
    }
    if (prog === 'git') this.git(args, words);
    if (prog === 'eval') this.evalCmd(words, cmd, depth, dir);
    if (prog === 'source' || prog === '.') this.sourceCmd(prog, args, cmd, depth, dir);
    if (prog === 'iex' || prog === 'invoke-expression') this.iex(words, cmd, depth, dir);
    if (prog === 'disown') this.c.signal('background', '`disown` detaches a background job from the shell');
    if (prog === 'chmod' && args.some(a => /^(?:\+|[ugoa]*\+)[rwx]*x/.test(a) || /^[0-7]{3,4}$/.test(a))) {
      for (const a of args)
        if (this.c.downloaded.has(baseOf(a))) this.c.signal('download-then-run', `makes the downloaded ${baseOf(a)} executable`);
    }
    if (SHELLS.has(prog)) this.shell(prog, args, cmd, depth, dir);
    else if (NODE_LIKE.has(prog)) this.nodeLike(prog, args, cmd, depth, dir);
    else if (PYTHONS.has(prog)) this.python(prog, args, cmd, depth, dir);
    else if (PY_RUNNERS.has(prog)) this.pyRunner(prog, args, dir);
    else if (POWERSHELLS.has(prog)) this.powershell(prog, args, cmd, depth, dir);
    else if (prog === 'cmd') this.cmdExe(args, cmd, depth, dir);
    else if (prog === 'bun') this.bun(args, cmd, depth, dir);
    else if (prog === 'deno') this.deno(args, cmd, dir);
    else if (INLINE_FLAG.has(prog)) this.otherInterpreter(prog, args, cmd, depth, dir);
    else if (prog === 'npm') this.npm(args, dir);
    else if (prog === 'yarn') this.yarn(args, dir);
    else if (prog === 'pnpm') this.pnpm(args, dir);
    else if (prog === 'npm-run-all' || prog === 'npm-run-all2' || prog === 'run-s' || prog === 'run-p') this.runAll(prog, args, dir);
    else if (prog === 'concurrently') this.concurrently(args, depth, dir);
    else if (prog === 'turbo' || prog === 'lerna') this.monorepo(prog, args, dir);
  }

  /** Returns the wrapped command for prefix commands, or undefined when `prog` is not a wrapper. */
  private unwrap(
    prog: string,
    args: string[],
    cmd: RawCommand,
    depth: number,
    dir: string | undefined,
  ): { words: string[]; background: boolean } | undefined {
    switch (prog) {
      case 'nohup':
        return { words: args, background: true };
      case 'setsid':
        return { words: skipFlags(args, []), background: true };
      case 'sudo':
      case 'doas':
        return { words: skipFlags(args, ['-u', '-g', '-C', '-D', '-h', '-p', '-r', '-t', '-U', '-T']), background: false };
      case 'time':
      case 'exec':
      case 'command':
      case 'builtin':
      case 'stdbuf':
      case 'unbuffer':
      case 'chronic':
      case 'caffeinate':
        return { words: skipFlags(args, ['-a']), background: false };
      case 'nice':
      case 'ionice':
        return { words: skipFlags(args, ['-n', '-c']), background: false };
      case 'timeout': {
        const rest = skipFlags(args, ['-s', '-k', '--signal', '--kill-after']);
        return { words: rest.slice(1), background: false };
      }
      case 'xargs':
        return { words: skipFlags(args, ['-I', '-i', '-n', '-P', '-L', '-d', '-E', '-s', '-a']), background: false };
      case 'env': {
        const out: string[] = [];
        for (let i = 0; i < args.length; i++) {
          const a = args[i] ?? '';
          if (out.length === 0 && (a === '-u' || a === '-C' || a === '--unset' || a === '--chdir')) i++;
          else if (out.length === 0 && (a === '-S' || a === '--split-string')) {
            this.nested(args.slice(i + 1).join(' '), depth, dir, 'env -S');
            return { words: [], background: false };
          } else if (out.length === 0 && /^[A-Za-z_][A-Za-z0-9_]*=/.test(a)) this.assignment(a, dir);
          else if (out.length === 0 && a.startsWith('-')) continue;
          else out.push(a);
        }
        return { words: out, background: false };
      }
      case 'cross-env': {
        const rest = args.filter((a, i) => !args.slice(0, i + 1).every(x => /^[A-Za-z_][A-Za-z0-9_]*=/.test(x)));
        for (const a of args.slice(0, args.length - rest.length)) this.assignment(a, dir);
        return { words: rest, background: false };
      }
      case 'cross-env-shell': {
        const rest = args.filter((a, i) => !args.slice(0, i + 1).every(x => /^[A-Za-z_][A-Za-z0-9_]*=/.test(x)));
        this.nested(rest.join(' '), depth, dir, 'cross-env-shell');
        return { words: [], background: false };
      }
      case 'dotenv':
      case 'env-cmd': {
        const dd = args.indexOf('--');
        if (dd >= 0) return { words: args.slice(dd + 1), background: false };
        return { words: skipFlags(args, ['-e', '-f', '-c', '-v', '--file', '--environments']), background: false };
      }
      case 'npx':
      case 'pnpx':
      case 'bunx':
        return { words: this.packageRunner(args), background: false };
      case 'start':
        return this.startCmd(args);
      case 'if':
        return { words: cmdIfBody(args), background: false };
      case 'else':
        return { words: args, background: false };
      case 'for': {
        const d = args.findIndex(a => a.toLowerCase() === 'do');
        return { words: d >= 0 ? args.slice(d + 1) : [], background: false };
      }
      case 'screen':
      case 'tmux':
      case 'daemonize':
      case 'start-process':
      case 'pm2':
      case 'forever':
        return this.detachers(prog, args, cmd, depth, dir);
      default:
        return undefined;
    }
  }

  /** `npx [-y] [-p pkg] bin args`: the bin is a tool; `--package=x` installs before it runs. */
  private packageRunner(args: string[]): string[] {
    const rest = skipFlags(args, ['-p', '--package', '-c', '--call', '--node-options', '--registry', '--cache']);
    const [bin, ...more] = rest;
    if (bin === undefined) return [];
    return [stripVersion(bin), ...more];
  }

  private startCmd(args: string[]): { words: string[]; background: boolean } {
    let background = true;
    let i = 0;
    for (; i < args.length; i++) {
      const a = args[i] ?? '';
      const lower = a.toLowerCase();
      if (lower === '/wait') background = false;
      else if (lower === '/d') i++;
      else if (!a.startsWith('/')) break;
    }
    const rest = args.slice(i);
    // `start "title" cmd`: an empty or spaced first argument is the window title.
    if (rest.length > 1 && (rest[0] === '' || (rest[0] ?? '').includes(' '))) rest.shift();
    return { words: rest, background };
  }

  private detachers(
    prog: string,
    args: string[],
    cmd: RawCommand,
    depth: number,
    dir: string | undefined,
  ): { words: string[]; background: boolean } | undefined {
    const lower = args.map(a => a.toLowerCase());
    if (prog === 'screen' && lower.some(a => /^-d*m/.test(a.replace(/^-/, '-')) || a === '-dm' || a === '-dms')) {
      return { words: skipFlags(args, ['-S', '-L', '-c']), background: true };
    }
    if (prog === 'tmux' && lower.includes('-d')) {
      const tail = args.slice(args.findIndex(a => !a.startsWith('-') && !['new', 'new-session'].includes(a)) + 1);
      const text = tail.filter(a => !a.startsWith('-')).join(' ');
      this.c.signal('background', `\`tmux ${show(args)}\` starts a detached session`);
      if (text) this.nested(text, depth, dir, 'tmux');
      return { words: [], background: true };
    }
    if (prog === 'daemonize') return { words: skipFlags(args, ['-a', '-c', '-e', '-o', '-p', '-l', '-u', '-E']), background: true };
    if (prog === 'pm2' || prog === 'forever') {
      if (lower[0] === 'start') {
        // `pm2 start app --no-daemon` (what containers run) keeps pm2 and the app in the foreground.
        if (!lower.includes('--no-daemon')) this.c.signal('background', `\`${prog} start\` keeps a process running as a daemon`);
        const target = args.slice(1).find(a => !a.startsWith('-'));
        if (target && /\.(?:[cm]?js|ts)$/.test(target)) this.c.runFile(prog, target, dir);
      }
      return { words: [], background: false };
    }
    if (prog === 'start-process') {
      this.c.signal('background', `\`Start-Process ${show(args)}\` starts a separate process`);
      if (lower.some((a, i) => a.startsWith('-w') && (lower[i + 1] ?? '') === 'hidden')) {
        this.c.signal('background', 'Start-Process runs it in a hidden window');
      }
      const target = args.find((a, i) => !a.startsWith('-') && !(args[i - 1] ?? '').startsWith('-'));
      if (target) this.command([target], cmd, depth, dir, true, true);
      return { words: [], background: false };
    }
    return undefined;
  }

  private download(prog: string, args: string[], words: string[], cmd: RawCommand): void {
    const target = args.find(a => HAS_URL.test(a)) ?? '';
    this.c.signal('download', `\`${show(words)}\` downloads ${target || 'from the network'}`);
    for (const f of [...downloadTargets(prog, args, target), ...cmd.stdout]) {
      if (f && f !== '-' && !/^\/dev\/(?:null|stdout|stderr)$/.test(f)) this.c.downloaded.add(baseOf(f));
    }
  }

  private git(args: string[], words: string[]): void {
    const lower = args.map(a => a.toLowerCase());
    const ci = lower.findIndex((a, i) => a === '-c' && (lower[i + 1] ?? '').startsWith('core.hookspath='));
    if (ci >= 0) this.c.signal('hooks-path-change', `\`${show(words)}\` sets core.hooksPath to ${args[ci + 1]?.split('=')[1] ?? ''}`);
    const k = lower.indexOf('core.hookspath');
    if (lower.includes('config') && k >= 0 && !lower.includes('--unset') && !lower.includes('--get')) {
      const value = args[k + 1];
      // A folder of the repository (`.githooks`) is a placement: autorun/git-config maps its hooks
      // and judges them by what they run.
      const inRepo = value !== undefined && !/^[/~$%\\]|^[A-Za-z]:|(?:^|[\\/])\.\.(?:[\\/]|$)/.test(value);
      if (value !== undefined && !inRepo) this.c.signal('hooks-path-change', `\`${show(words)}\` points git hooks at ${value}`);
    }
  }

  private evalCmd(words: string[], cmd: RawCommand, depth: number, dir: string | undefined): void {
    const fetched = cmd.substitutions.some(s => s.commands.some(isDownloadCmd));
    this.c.signal(
      'eval',
      `\`${show(words)}\` evaluates ${cmd.substitutions.length > 0 ? 'the output of a command' : 'a string'} as shell code`,
    );
    if (fetched) this.c.signal('pipe-to-interpreter', '`eval` runs code it downloads');
    if (cmd.substitutions.length > 0 && programName(cmd.words[0] ?? '') === 'eval') {
      const parts: Recovered[] = [];
      for (let i = 1; i < cmd.words.length; i++) {
        const r = resolveWord(cmd, i);
        if (!r) return;
        parts.push(r);
      }
      this.recovered({ text: parts.map(p => p.text).join(' '), decoders: parts.flatMap(p => p.decoders) }, 'sh', depth, dir, 'eval');
      return;
    }
    const literal = words
      .slice(1)
      .filter(w => !w.includes('$(…)'))
      .join(' ');
    if (literal.trim()) this.nested(literal, depth, dir, 'eval');
  }

  private sourceCmd(prog: string, args: string[], cmd: RawCommand, depth: number, dir: string | undefined): void {
    const file = args[0];
    if (file === undefined) return;
    const proc = cmd.substitutions.find(s => s.word === 1 && s.kind === 'process-in');
    if (proc || file === '/dev/stdin' || file === '-') {
      const fetched = proc ? proc.commands.some(isDownloadCmd) : cmd.pipedFrom.some(isDownloadCmd);
      this.c.signal('eval', `\`${prog} ${file}\` runs the output of another command as shell code`);
      if (fetched) this.c.signal('pipe-to-interpreter', `\`${prog}\` runs shell code it downloads`);
      const previous = cmd.pipedFrom[cmd.pipedFrom.length - 1];
      const out = proc ? substitutionOutput(proc.commands) : previous && commandOutput(previous);
      if (out) this.recovered(out, 'sh', depth, dir, `${prog} ${file}`);
      return;
    }
    this.c.runFile(prog === '.' ? 'source' : prog, file, dir);
  }

  private iex(words: string[], cmd: RawCommand, depth: number, dir: string | undefined): void {
    this.c.signal('eval', `\`${show(words)}\` runs a string as PowerShell code`);
    if (cmd.pipedFrom.some(isDownloadCmd) || words.slice(1).some(w => DOWNLOAD_TEXT.test(w))) {
      this.c.signal('pipe-to-interpreter', 'Invoke-Expression runs PowerShell code it downloads');
    } else if (cmd.pipedFrom.length > 0) this.c.signal('stdin-interpreter', 'Invoke-Expression runs what the pipeline feeds it');
    const text = words.slice(1).join(' ');
    if (text.trim()) this.powershellText(text, depth, dir);
  }

  /** The interpreter reads its program from stdin: report what feeds it. */
  private fromStdin(prog: string, cmd: RawCommand, depth: number, dir: string | undefined): void {
    const stdin = cmd.stdin;
    if (cmd.pipedFrom.length > 0) {
      const dl = cmd.pipedFrom.find(isDownloadCmd);
      const installer = dl ? installerOf(cmd.pipedFrom.filter(isDownloadCmd)) : undefined;
      if (dl && installer) {
        this.c.signal('official-installer', `\`${show(dl.words)} | ${prog}\` runs the official ${installer} installer`);
        return;
      }
      if (dl) this.c.signal('pipe-to-interpreter', `\`${show(dl.words)} | ${prog}\` pipes a download into ${prog}`);
      const b64 = cmd.pipedFrom.find(c => isBase64Decode(programName(c.words[0] ?? ''), c.words.slice(1)));
      if (b64) this.c.signal('pipe-to-interpreter', `\`${show(b64.words)} | ${prog}\` runs decoded base64 with ${prog}`);
      const decrypt = cmd.pipedFrom.find(c => isDecrypt(programName(c.words[0] ?? ''), c.words.slice(1)));
      if (decrypt) this.c.signal('base64-decode', `\`${show(decrypt.words)} | ${prog}\` decrypts a program and runs it with ${prog}`);
      this.c.signal('stdin-interpreter', `${prog} runs the program piped into it`);
      const previous = cmd.pipedFrom[cmd.pipedFrom.length - 1];
      const out = previous && commandOutput(previous);
      if (out) this.recovered(out, prog, depth, dir, `… | ${prog}`);
    } else if (stdin?.kind === 'text') {
      this.c.signal('stdin-interpreter', `${prog} runs a here-document`);
      const out = stdin.subs ? stdinText(cmd) : undefined;
      if (out) this.recovered(out, prog, depth, dir, `${prog} <<<`);
      else if (SHELLS.has(prog)) this.nested(stdin.text, depth, dir, `${prog} <<`);
      else if (PYTHONS.has(prog)) this.c.program('py', stdin.text, `${prog} <<`, true);
      else if (NODE_LIKE.has(prog)) this.c.program('js', stdin.text, `${prog} <<`, true);
    } else if (stdin?.kind === 'process') {
      const fetched = stdin.commands.some(isDownloadCmd);
      this.c.signal(
        fetched ? 'pipe-to-interpreter' : 'stdin-interpreter',
        `${prog} runs the output of another command${fetched ? ' that downloads' : ''}`,
      );
      const out = substitutionOutput(stdin.commands);
      if (out) this.recovered(out, prog, depth, dir, `${prog} < <(…)`);
    } else if (stdin?.kind === 'file') {
      this.c.runFile(prog, stdin.path, dir);
    }
  }

  /** First positional of `args` as the script, unless it is a process substitution. */
  private scriptArg(prog: string, interpreter: string, args: string[], index: number, cmd: RawCommand, dir: string | undefined): void {
    const file = args[index] ?? '';
    const wordIndex = index + 1 + (cmd.words.length - 1 - args.length);
    const sub = cmd.substitutions.find(s => s.kind === 'process-in' && (s.word === wordIndex || file === '<(…)'));
    if (sub || file === '<(…)') {
      const fetched = sub?.commands.some(isDownloadCmd) ?? false;
      this.c.signal(
        fetched ? 'pipe-to-interpreter' : 'eval',
        `${prog} runs the output of another command${fetched ? ' that downloads' : ''}`,
      );
      const out = sub && substitutionOutput(sub.commands);
      if (out) this.recovered(out, prog, 0, dir, `${prog} <(…)`);
      return;
    }
    if (file === '/dev/stdin') {
      this.fromStdin(prog, cmd, 0, dir);
      return;
    }
    const installed = /(?:^|\/)node_modules\/(?:\.bin\/([^/]+)$|((?:@[^/]+\/)?[^/]+)\/)/.exec(file.replace(/\\/g, '/'));
    if (installed) {
      this.c.tool((installed[1] ?? installed[2] ?? '').toLowerCase());
      return;
    }
    this.c.runFile(interpreter, file, dir);
  }

  private shell(prog: string, args: string[], cmd: RawCommand, depth: number, dir: string | undefined): void {
    let i = 0;
    let code: string | undefined;
    let codeIndex = -1;
    let stdinMode = false;
    for (; i < args.length; i++) {
      const a = args[i] ?? '';
      if (a === '--') {
        i++;
        break;
      }
      if (a === '-o' || a === '+o' || a === '-O' || a === '+O' || a === '--rcfile' || a === '--init-file') {
        i++;
        continue;
      }
      if (/^[-+][A-Za-z]+$/.test(a)) {
        if (a.startsWith('-') && a.includes('c')) {
          codeIndex = i + 1;
          code = args[i + 1] ?? '';
          break;
        }
        if (a.startsWith('-') && a.includes('s')) stdinMode = true;
        continue;
      }
      if (a.startsWith('--')) continue;
      break;
    }
    if (prog === 'busybox') {
      const sub = args[0];
      if (sub === 'sh' || sub === 'ash') this.shell('sh', args.slice(1), cmd, depth, dir);
      return;
    }
    if (code !== undefined) {
      this.c.signal('inline-code', `\`${prog} -c\` runs the command string \`${clip(code, 100)}\``, true);
      const sub = cmd.substitutions.find(s => s.word === codeIndex + 1 && s.kind === 'command');
      const installer = sub ? installerOf(sub.commands.filter(isDownloadCmd)) : undefined;
      if (installer) this.c.signal('official-installer', `\`${prog} -c "$(…)"\` runs the official ${installer} installer`);
      else if (sub?.commands.some(isDownloadCmd)) this.c.signal('pipe-to-interpreter', `\`${prog} -c "$(…)"\` runs code it downloads`);
      const wordIndex = codeIndex + 1 + (cmd.words.length - 1 - args.length);
      const out = code.includes('$(…)') && cmd.words[wordIndex] === code ? resolveWord(cmd, wordIndex) : undefined;
      if (out) this.recovered(out, prog, depth, dir, `${prog} -c`);
      else this.nested(code, depth, dir, `${prog} -c`);
      return;
    }
    if (stdinMode || i >= args.length) {
      this.fromStdin(prog, cmd, depth, dir);
      return;
    }
    this.scriptArg(prog, prog, args, i, cmd, dir);
  }

  private nodeLike(prog: string, args: string[], cmd: RawCommand, depth: number, dir: string | undefined): void {
    const VALUE = new Set([
      '-r',
      '--require',
      '--import',
      '--loader',
      '--experimental-loader',
      '-C',
      '--conditions',
      '--env-file',
      '--input-type',
      '--title',
      '--inspect-port',
      '--watch-path',
      '--cwd',
      '--tsconfig',
      '-P',
      '--project',
      '-x',
      '--exec',
      '-w',
      '--watch',
      '-e',
      '--ext',
      '-i',
      '--ignore',
      '--delay',
      '--signal',
      '-O',
      '--compiler-options',
    ]);
    const EVAL = new Set(['-e', '--eval', '-p', '--print', '-pe', '-ep']);
    let i = 0;
    if ((prog === 'tsx' || prog === 'vite-node') && args[0] === 'watch') i = 1;
    for (; i < args.length; i++) {
      const raw = args[i] ?? '';
      const eq = raw.indexOf('=');
      const a = raw.startsWith('--') && eq > 0 ? raw.slice(0, eq) : raw;
      const inlineValue = raw.startsWith('--') && eq > 0 ? raw.slice(eq + 1) : undefined;
      if (a === '--') {
        i++;
        break;
      }
      const isNodemonExec = (prog === 'nodemon' || prog === 'ts-node-dev') && (a === '-x' || a === '--exec');
      if (isNodemonExec) {
        const value = inlineValue ?? args[++i] ?? '';
        this.nested([value, ...args.slice(i + 1).filter(x => !x.startsWith('-'))].join(' '), depth, dir, `${prog} --exec`);
        return;
      }
      if (EVAL.has(a) && !(prog === 'nodemon' && a === '-e')) {
        const read = inlineValue === undefined ? fileAsCode(cmd, args, i + 1) : undefined;
        if (read !== undefined) this.c.runFile(prog, read, dir);
        else this.inlineCode(prog, a, inlineValue ?? args[i + 1] ?? '');
        return;
      }
      if (a === '-r' || a === '--require' || a === '--import' || a === '--loader' || a === '--experimental-loader') {
        const value = inlineValue ?? args[++i] ?? '';
        const data = decodeDataUrl(value);
        if (data !== undefined) this.preload(a, value, dir, `${prog} `);
        else if (/^\.{1,2}[\\/]|^\//.test(value)) this.c.runFile(`${prog} ${a === '-r' ? '--require' : a}`, value.replace(/\\/g, '/'), dir);
        else if (value)
          this.c.tool(
            stripVersion(value.split('/')[0]?.startsWith('@') ? value.split('/').slice(0, 2).join('/') : (value.split('/')[0] ?? '')),
          );
        continue;
      }
      if (a.startsWith('-')) {
        if (VALUE.has(a) && inlineValue === undefined) i++;
        continue;
      }
      break;
    }
    const file = args[i];
    if (file === undefined || file === '-') {
      if (prog === 'node' || prog === 'nodejs') this.fromStdin(prog, cmd, depth, dir);
      return;
    }
    if ((prog === 'node' || prog === 'nodejs') && /^(?:inspect|debug)$/.test(file)) return;
    this.scriptArg(
      prog,
      prog,
      args.map(x => x.replace(/\\/g, '/')),
      i,
      cmd,
      dir,
    );
  }

  private inlineCode(prog: string, flag: string, code: string): void {
    if (PYTHONS.has(prog)) this.c.program('py', code, `${prog} ${flag}`, false);
    else if (NODE_LIKE.has(prog)) this.c.program('js', code, `${prog} ${flag}`, false);
    this.c.signal(
      'inline-code',
      `\`${prog} ${flag}\` runs inline code \`${clip(code.replace(/\s+/g, ' '), 100)}\``,
      !OPAQUE_INLINE.test(code),
    );
    for (const m of code.matchAll(URL_RE)) this.c.url(m[0]);
    if (/\batob\s*\(|['"]base64['"]|b64decode|base64_decode|decode64|unpack\(['"]m/i.test(code)) {
      this.c.signal('base64-decode', `the inline ${prog} code decodes base64`);
    }
    if (/child_process|\bexecSync\b|\bspawn\s*\(|os\.system|subprocess|\bsystem\s*\(/.test(code)) {
      this.c.signal('inline-code', `the inline ${prog} code starts other processes`);
    }
  }

  private python(prog: string, args: string[], cmd: RawCommand, depth: number, dir: string | undefined): void {
    let i = 0;
    for (; i < args.length; i++) {
      const a = args[i] ?? '';
      if (a === '-c') {
        const read = fileAsCode(cmd, args, i + 1);
        if (read !== undefined) this.c.runFile(prog, read, dir);
        else this.inlineCode(prog, '-c', args[i + 1] ?? '');
        return;
      }
      if (a === '-m') {
        const mod = args[i + 1];
        if (mod) this.c.tool(mod);
        if (mod && PY_RUNNERS.has(mod)) this.pyRunner(mod, args.slice(i + 2), dir);
        return;
      }
      if (a === '-W' || a === '-X' || a === '-Q') {
        i++;
        continue;
      }
      if (a.startsWith('-') && a !== '-') continue;
      break;
    }
    this.fileOrStdin(prog, args, i, cmd, depth, dir);
  }

  /**
   * A Python server or app runner: the module it imports (`pkg.mod:app` → `pkg/mod.py`) or the
   * script it runs is a file the command runs.
   */
  private pyRunner(prog: string, args: string[], dir: string | undefined): void {
    const plain = args.filter(a => !a.startsWith('-'));
    const runScript = (file: string | undefined): void => {
      if (file !== undefined && /\.py$/.test(file)) this.c.runFile('python', file.replace(/\\/g, '/'), dir);
    };
    const runModule = (spec: string | undefined): void => {
      const mod = spec?.split(':')[0];
      if (mod !== undefined && /^[A-Za-z_][\w.]*$/.test(mod)) this.c.runFile('python', `${mod.split('.').join('/')}.py`, dir);
      else runScript(spec);
    };
    const option = (...names: string[]): string | undefined => {
      for (let i = 0; i < args.length; i++) {
        const a = args[i] ?? '';
        for (const n of names) {
          if (a === n) return args[i + 1];
          if (a.startsWith(`${n}=`)) return a.slice(n.length + 1);
        }
      }
      return undefined;
    };
    switch (prog) {
      case 'streamlit':
      case 'panel':
        if (plain[0] === 'run' || plain[0] === 'serve') runScript(plain[1]);
        return;
      case 'gradio':
        runScript(plain[0]);
        return;
      case 'fastapi':
        if (plain[0] === 'dev' || plain[0] === 'run') runModule(plain[1]);
        return;
      case 'celery':
        runModule(option('-A', '--app'));
        return;
      case 'flask':
        runModule(option('--app', '-A'));
        return;
      default:
        // uvicorn, gunicorn, hypercorn, daphne, waitress-serve: the `module:attr` argument.
        runModule(args.find(a => /^[A-Za-z_][\w.]*:[A-Za-z_][\w.]*(?:\(.*\))?$/.test(a)));
    }
  }

  /** The interpreter runs `args[i]` as a script file, or reads its program from stdin. */
  private fileOrStdin(prog: string, args: string[], i: number, cmd: RawCommand, depth: number, dir: string | undefined): void {
    const file = args[i];
    if (file === undefined || file === '-') {
      this.fromStdin(prog, cmd, depth, dir);
      return;
    }
    this.scriptArg(prog, prog, args, i, cmd, dir);
  }

  private otherInterpreter(prog: string, args: string[], cmd: RawCommand, depth: number, dir: string | undefined): void {
    const flags = INLINE_FLAG.get(prog) ?? [];
    let i = 0;
    for (; i < args.length; i++) {
      const a = args[i] ?? '';
      if (flags.includes(a)) {
        this.inlineCode(prog, a, args[i + 1] ?? '');
        return;
      }
      if (a.startsWith('-') && a !== '-') continue;
      break;
    }
    this.fileOrStdin(prog, args, i, cmd, depth, dir);
  }

  private powershell(prog: string, args: string[], cmd: RawCommand, depth: number, dir: string | undefined): void {
    const VALUE = [
      'executionpolicy',
      'windowstyle',
      'version',
      'inputformat',
      'outputformat',
      'configurationname',
      'workingdirectory',
      'settingsfile',
      'custompipename',
    ];
    for (let i = 0; i < args.length; i++) {
      const a = args[i] ?? '';
      const name = /^[-/]/.test(a) ? a.slice(1).toLowerCase() : '';
      if (!name) {
        // powershell.exe treats the rest as -Command text; pwsh as a -File path.
        if (prog === 'pwsh' && !/\s/.test(a)) this.c.runFile(prog, a.replace(/\\/g, '/'), dir);
        else this.powershellCommand(prog, args.slice(i).join(' '), cmd, depth, dir);
        return;
      }
      if (isPrefixOf(name, 'encodedcommand', 1) || name === 'ec' || name === 'enc') {
        this.encoded(prog, args[i + 1] ?? '', depth, dir);
        return;
      }
      if (isPrefixOf(name, 'command', 1)) {
        this.powershellCommand(prog, args.slice(i + 1).join(' '), cmd, depth, dir);
        return;
      }
      if (isPrefixOf(name, 'file', 1)) {
        const file = args[i + 1];
        if (file) this.c.runFile(prog, file.replace(/\\/g, '/'), dir);
        return;
      }
      const valueName = name === 'ep' ? 'executionpolicy' : VALUE.find(v => isPrefixOf(name, v, v === 'windowstyle' ? 1 : 2));
      if (valueName) {
        if (valueName === 'windowstyle' && (args[i + 1] ?? '').toLowerCase() === 'hidden') {
          this.c.signal('background', `\`${prog} -WindowStyle Hidden\` runs in a hidden window`);
        }
        i++;
      }
    }
    if (cmd.pipedFrom.length > 0 || cmd.stdin) this.fromStdin(prog, cmd, depth, dir);
  }

  private powershellCommand(prog: string, text: string, cmd: RawCommand, depth: number, dir: string | undefined): void {
    if (text.trim() === '-') {
      this.fromStdin(prog, cmd, depth, dir);
      return;
    }
    this.c.signal('inline-code', `\`${prog} -Command\` runs \`${clip(text, 100)}\``);
    this.powershellText(text, depth, dir);
  }

  private encoded(prog: string, payload: string, depth: number, dir: string | undefined): void {
    const decoded = decodeUtf16Base64(payload);
    this.c.signal(
      'encoded-powershell',
      decoded
        ? `\`${prog} -EncodedCommand\` hides the command \`${clip(decoded, 100)}\``
        : `\`${prog} -EncodedCommand\` hides its command in base64`,
    );
    if (decoded) this.powershellText(decoded, depth, dir);
  }

  /** PowerShell script text: its pipelines, plus the .NET download/eval idioms a tokeniser misses. */
  private powershellText(full: string, depth: number, dir: string | undefined): void {
    // The idiom checks below read a bounded head; the tokeniser still sees the whole text.
    const text = full.slice(0, 16_384);
    for (const m of text.matchAll(URL_RE)) this.c.url(m[0]);
    const downloads = DOWNLOAD_TEXT.test(text);
    const evals = /\biex\b|invoke-expression|\[scriptblock\]::create|\.invoke\(\)/i.test(text);
    if (downloads) this.c.signal('download', 'the PowerShell code downloads from the network');
    if (downloads && evals) this.c.signal('pipe-to-interpreter', 'the PowerShell code runs what it downloads (Invoke-Expression)');
    if (/frombase64string/i.test(text)) this.c.signal('base64-decode', 'the PowerShell code decodes base64 ([Convert]::FromBase64String)');
    if (/start-process[^|;]{0,400}-w\w{0,12}\s+hidden/i.test(text)) this.c.signal('background', 'Start-Process runs it in a hidden window');
    this.nested(full, depth, dir, 'powershell');
  }

  private cmdExe(args: string[], cmd: RawCommand, depth: number, dir: string | undefined): void {
    const i = args.findIndex(a => /^\/[ck]$/i.test(a));
    if (i < 0) {
      if (cmd.pipedFrom.length > 0 || cmd.stdin) this.fromStdin('cmd', cmd, depth, dir);
      return;
    }
    this.nested(args.slice(i + 1).join(' '), depth, dir, 'cmd /c');
  }

  private bun(args: string[], cmd: RawCommand, depth: number, dir: string | undefined): void {
    const rest = skipFlags(args, ['--cwd', '-r', '--preload', '--config', '-c', '--env-file', '--filter']);
    const cwd = flagValue(args, ['--cwd']);
    const d = cwd === undefined ? dir : joinPath(dir, cwd);
    const e = args.findIndex(a => a === '-e' || a === '--eval' || a === '-p' || a === '--print');
    if (e >= 0) {
      this.inlineCode('bun', args[e] ?? '-e', args[e + 1] ?? '');
      return;
    }
    for (const p of flagValues(args, ['-r', '--preload'])) if (/^\.{1,2}\//.test(p)) this.c.runFile('bun --preload', p, dir);
    const sub = rest[0];
    let target = rest[1];
    if (sub === undefined) return;
    if (sub === 'x') {
      const [bin, ...more] = rest.slice(1);
      if (bin) this.command([stripVersion(bin), ...more], cmd, depth, dir, false, false);
      return;
    }
    if ((sub === 'install' || sub === 'i') && !rest.slice(1).some(a => !a.startsWith('-'))) this.c.install('bun', d);
    if (sub !== 'run') {
      if (BUN_BUILTINS.has(sub)) return;
      target = sub;
    }
    if (target === undefined) return;
    if (/\.(?:[cm]?[jt]sx?)$/.test(target) || isPathLike(target)) this.c.runFile('bun', target, d);
    else this.c.script(target, 'bun', d);
  }

  private deno(args: string[], cmd: RawCommand, dir: string | undefined): void {
    const sub = args[0];
    if (sub === 'eval') {
      this.inlineCode('deno', 'eval', args.slice(1).find(a => !a.startsWith('-')) ?? '');
      return;
    }
    if (sub === 'run' || (sub !== undefined && /\.(?:[cm]?[jt]sx?)$/.test(sub))) {
      const rest = sub === 'run' ? args.slice(1) : args;
      const file = rest.find(a => !a.startsWith('-'));
      if (file) {
        // A published package (deno.land/x, JSR, esm.sh) is a tool run by URL; a module from any
        // other host is code that host serves, downloaded and run.
        if (/^https?:/i.test(file)) {
          const registry = moduleRegistry(file);
          const official = officialInstaller([file]);
          if (official !== undefined) this.c.signal('official-installer', `deno runs ${official}'s own module ${file}`);
          else if (registry !== undefined) this.c.signal('download', `deno runs the remote module ${file}, published on ${registry}`);
          else this.c.signal('download-then-run', `deno downloads and runs the module ${file}`);
        } else this.scriptArg('deno', 'deno', rest, rest.indexOf(file), cmd, dir);
      }
    }
    if (sub === 'task' && args[1]) this.c.script(args[1], 'deno', dir);
  }

  private npm(args: string[], dir: string | undefined): void {
    const prefix = flagValue(args, ['--prefix', '-C', '--workspace', '-w']);
    const d = prefix === undefined ? dir : joinPath(dir, prefix);
    const rest = skipFlags(args, [
      '--prefix',
      '-C',
      '--workspace',
      '-w',
      '--cache',
      '--loglevel',
      '--registry',
      '--userconfig',
      '--script-shell',
      '--node-options',
    ]);
    const [sub, name] = rest;
    if (sub === undefined) return;
    if (['install', 'i', 'ci', 'isntall', 'in'].includes(sub) && !rest.slice(1).some(a => !a.startsWith('-'))) this.c.install('npm', d);
    if (['run', 'run-script', 'rum', 'urn'].includes(sub)) {
      if (name !== undefined) this.c.script(name, 'npm', d);
    } else if (['start', 'test', 't', 'tst', 'restart', 'stop'].includes(sub)) {
      this.c.script(sub === 't' || sub === 'tst' ? 'test' : sub, 'npm', d);
    } else if (sub === 'exec' || sub === 'x') {
      const bin = rest.slice(1).find(a => !a.startsWith('-'));
      if (bin) this.c.tool(stripVersion(bin));
    }
  }

  private yarn(args: string[], dir: string | undefined): void {
    const cwd = flagValue(args, ['--cwd']);
    const d = cwd === undefined ? dir : joinPath(dir, cwd);
    const rest = skipFlags(args, ['--cwd', '--modules-folder', '--cache-folder', '--registry']);
    const [sub, name] = rest;
    if (sub === undefined || (sub === 'install' && !rest.slice(1).some(a => !a.startsWith('-')))) this.c.install('yarn', d);
    if (sub === undefined) return;
    if (sub === 'run') {
      if (name !== undefined) this.c.script(name, 'yarn', d);
    } else if (sub === 'workspace' && rest[2] !== undefined) {
      this.c.script(rest[2] === 'run' ? (rest[3] ?? '') : rest[2], 'yarn', d);
    } else if (sub === 'dlx' || sub === 'exec') {
      const bin = rest.slice(1).find(a => !a.startsWith('-'));
      if (bin) this.c.tool(stripVersion(bin));
    } else if (!YARN_BUILTINS.has(sub) && !sub.startsWith('-')) {
      this.c.script(sub, 'yarn', d);
    }
  }

  private pnpm(args: string[], dir: string | undefined): void {
    const cwd = flagValue(args, ['-C', '--dir', '--prefix']);
    const d = cwd === undefined ? dir : joinPath(dir, cwd);
    const rest = skipFlags(args, ['-C', '--dir', '--prefix', '--filter', '-F', '--workspace-concurrency', '--reporter', '--loglevel']);
    const [sub, name] = rest;
    if (sub === undefined) return;
    if ((sub === 'install' || sub === 'i') && !rest.slice(1).some(a => !a.startsWith('-'))) this.c.install('pnpm', d);
    if (sub === 'run' || sub === 'run-script') {
      if (name !== undefined) this.c.script(name, 'pnpm', d);
    } else if (sub === 'start' || sub === 'test' || sub === 't') {
      this.c.script(sub === 't' ? 'test' : sub, 'pnpm', d);
    } else if (sub === 'exec' || sub === 'dlx') {
      const bin = rest.slice(1).find(a => !a.startsWith('-'));
      if (bin) this.c.tool(stripVersion(bin));
    } else if (!PNPM_BUILTINS.has(sub) && !sub.startsWith('-')) {
      this.c.script(sub, 'pnpm', d);
    }
  }

  private runAll(prog: string, args: string[], dir: string | undefined): void {
    const VALUE = new Set(['--npm-path', '--max-parallel', '-m']);
    for (let i = 0; i < args.length; i++) {
      const a = args[i] ?? '';
      if (a === '--') break;
      if (VALUE.has(a)) i++;
      else if (!a.startsWith('-')) this.c.script(a, prog, dir);
    }
  }

  private concurrently(args: string[], depth: number, dir: string | undefined): void {
    const VALUE = new Set([
      '-n',
      '--names',
      '-c',
      '--prefix-colors',
      '-p',
      '--prefix',
      '-s',
      '--success',
      '--restart-tries',
      '--restart-after',
      '--hide',
      '-l',
      '--prefix-length',
      '-t',
      '--timestamp-format',
      '--default-input-target',
      '-m',
      '--max-processes',
      '--names-separator',
      '--passthrough-arguments',
      '--kill-signal',
      '--cwd',
    ]);
    for (let i = 0; i < args.length; i++) {
      const a = args[i] ?? '';
      if (a.startsWith('-')) {
        if (VALUE.has(a)) i++;
        continue;
      }
      const short = /^(npm|yarn|pnpm|bun):(.+)$/.exec(a);
      if (short?.[1] && short[2]) this.c.script(short[2].split(' ')[0] ?? '', short[1], dir);
      else this.nested(a, depth, dir, 'concurrently');
    }
  }

  private monorepo(prog: string, args: string[], dir: string | undefined): void {
    const rest = args.filter(a => !a.startsWith('-'));
    const [sub, ...tasks] = rest;
    if (sub === undefined) return;
    if (prog === 'lerna') {
      if (sub === 'run' && tasks[0]) this.c.script(tasks[0], 'lerna', dir);
      return;
    }
    if (sub === 'run' || sub === 'watch') for (const t of tasks) this.c.script(t, 'turbo', dir);
    else if (!TURBO_BUILTINS.has(sub)) for (const t of [sub, ...tasks]) this.c.script(t, 'turbo', dir);
  }
}

const DOWNLOAD_TEXT =
  /downloadstring|downloadfile|downloaddata|invoke-webrequest|invoke-restmethod|\biwr\b|\birm\b|net\.webclient|start-bitstransfer|\bcurl(?:\.exe)?\s|\bwget(?:\.exe)?\s/i;

/** The tool whose official installer these download commands fetch (every URL of theirs), if any. */
function installerOf(downloads: readonly RawCommand[]): string | undefined {
  const urls = downloads.flatMap(d => d.words.flatMap(w => [...w.matchAll(URL_RE)].map(m => m[0])));
  return urls.length === 0 ? undefined : officialInstaller(urls);
}

function isDownloadCmd(cmd: RawCommand): boolean {
  const words = cmd.words.flatMap(w => w.split(IFS_MARK)).filter(Boolean);
  const prog = programName(words[0] ?? '');
  const args = words.slice(1);
  if (DOWNLOADERS.has(prog) || isCertutilDownload(prog, args) || isBitsadminDownload(prog, args)) return true;
  // Look through the common wrappers.
  if (['sudo', 'env', 'nohup', 'time', 'command', 'exec', 'xargs', 'npx'].includes(prog)) {
    return args.some(a => DOWNLOADERS.has(programName(a)));
  }
  if (POWERSHELLS.has(prog)) return args.some(a => DOWNLOAD_TEXT.test(a));
  return false;
}

/** cmd.exe `if [/i] [not] exist X cmd`, `if [not] errorlevel N cmd`, `if a==b cmd`: the command part. */
function cmdIfBody(args: string[]): string[] {
  let i = 0;
  while (i < args.length && /^(?:\/i|not)$/i.test(args[i] ?? '')) i++;
  const head = (args[i] ?? '').toLowerCase();
  if (head === 'exist' || head === 'errorlevel' || head === 'defined' || head === 'cmdextversion') return args.slice(i + 2);
  if ((args[i] ?? '').includes('==')) return args.slice(i + 1);
  if (args[i + 1] === '==' || /^(?:equ|neq|lss|leq|gtr|geq)$/i.test(args[i + 1] ?? '')) return args.slice(i + 3);
  return args.slice(i + 1);
}

function isCertutilDownload(prog: string, args: string[]): boolean {
  return prog === 'certutil' && args.some(a => /^[-/](?:urlcache|verifyctl)$/i.test(a));
}

function isBitsadminDownload(prog: string, args: string[]): boolean {
  return prog === 'bitsadmin' && args.some(a => /^\/(?:transfer|addfile|download)$/i.test(a));
}

function isBase64Decode(prog: string, args: string[]): boolean {
  const lower = args.map(a => a.toLowerCase());
  if (prog === 'base64' || prog === 'gbase64') return lower.some(a => a === '--decode' || /^-[a-z]*[dD]/.test(a));
  if (prog === 'openssl') return (lower.includes('base64') || lower.includes('-base64') || lower.includes('-a')) && lower.includes('-d');
  if (prog === 'certutil') return lower.some(a => a === '-decode' || a === '/decode' || a === '-decodehex');
  if (prog === 'xxd') return lower.includes('-r');
  if (prog === 'uudecode') return true;
  return false;
}

/** `openssl enc -d -aes…`, `openssl aes-256-cbc -d`, `gpg -d`: decryption of hidden text. */
function isDecrypt(prog: string, args: string[]): boolean {
  const lower = args.map(a => a.toLowerCase());
  if (prog === 'openssl')
    return (
      lower.includes('-d') &&
      !isBase64Decode(prog, args) &&
      (lower[0] === 'enc' || /^(?:aes|des|bf|camellia|chacha|rc[24])/.test(lower[0] ?? ''))
    );
  if (prog === 'gpg' || prog === 'gpg2' || prog === 'age') return lower.some(a => a === '-d' || a === '--decrypt');
  return false;
}

/** Files a downloader writes, by its own flags (`curl -o`, `wget -O`, `iwr -OutFile`…). */
function downloadTargets(prog: string, args: string[], url: string): string[] {
  const urlName = (): string => {
    try {
      return baseOf(new URL(url).pathname);
    } catch {
      return '';
    }
  };
  switch (prog) {
    case 'curl': {
      const out = clusterValues(args, 'o', ['--output']);
      if (args.some(a => a === '-O' || a === '--remote-name' || /^-[a-zA-Z]*O$/.test(a))) out.push(urlName());
      return out;
    }
    case 'wget':
    case 'wget2': {
      const out = clusterValues(args, 'O', ['--output-document']);
      return out.length > 0 ? out : [urlName()];
    }
    case 'iwr':
    case 'invoke-webrequest':
    case 'irm':
    case 'invoke-restmethod': {
      const i = args.findIndex(a => /^-o(?:u(?:t(?:f(?:i(?:l(?:e)?)?)?)?)?)?$/i.test(a));
      return i >= 0 && args[i + 1] ? [args[i + 1] ?? ''] : [];
    }
    case 'aria2c':
      return clusterValues(args, 'o', ['--out']);
    case 'certutil':
    case 'bitsadmin':
    case 'start-bitstransfer':
      return args.length > 1 ? [args[args.length - 1] ?? ''] : [];
    default:
      return [];
  }
}

/** Values of a short flag (possibly inside a cluster such as `-qO-` or `-sSLo x`) or long flags. */
function clusterValues(args: string[], short: string, long: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    const eq = a.indexOf('=');
    if (a.startsWith('--')) {
      const name = eq > 0 ? a.slice(0, eq) : a;
      if (long.includes(name)) out.push(eq > 0 ? a.slice(eq + 1) : (args[++i] ?? ''));
      continue;
    }
    if (/^-[A-Za-z0-9]/.test(a)) {
      const at = a.indexOf(short, 1);
      if (at < 0) continue;
      const rest = a.slice(at + 1);
      out.push(rest !== '' ? rest : (args[++i] ?? ''));
    }
  }
  return out;
}

function skipFlags(args: string[], valueFlags: string[]): string[] {
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i] ?? '';
    if (a === '--') return args.slice(i + 1);
    if (!a.startsWith('-') || a === '-') break;
    if (valueFlags.includes(a)) i++;
  }
  return args.slice(i);
}

function flagValues(args: string[], names: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    const eq = a.indexOf('=');
    if (eq > 0 && names.includes(a.slice(0, eq))) out.push(a.slice(eq + 1));
    else if (names.includes(a) && args[i + 1] !== undefined) out.push(args[++i] ?? '');
  }
  return out;
}

function flagValue(args: string[], names: string[]): string | undefined {
  return flagValues(args, names)[0];
}

function isPrefixOf(name: string, full: string, min: number): boolean {
  return name.length >= min && full.startsWith(name);
}

function decodeUtf16Base64(payload: string): string {
  const clean = payload.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]+=*$/.test(clean) || clean.length < 4) return '';
  const text = Buffer.from(clean.slice(0, 65_536), 'base64').toString('utf16le');
  return text.replace(/\0/g, '');
}

/** `pkg@1.2.3` → `pkg`, `@scope/pkg@next` → `@scope/pkg`. */
function stripVersion(spec: string): string {
  const at = spec.indexOf('@', spec.startsWith('@') ? 1 : 0);
  return at > 0 ? spec.slice(0, at) : spec;
}

export function programName(word: string): string {
  if (isPathLike(word)) return word.replace(/\\/g, '/');
  const base = word.split(/[\\/]/).pop() ?? word;
  return base.toLowerCase().replace(/\.(?:exe|cmd|bat|com)$/, '');
}

function isPathLike(word: string): boolean {
  if (/^[A-Za-z]:[\\/]/.test(word) || word.startsWith('/') || word.startsWith('~')) return false;
  return /^\.{1,2}[\\/]/.test(word) || ((word.includes('/') || word.includes('\\')) && !word.startsWith('@') && !/^[a-z]+:/i.test(word));
}

function joinPath(dir: string | undefined, file: string): string {
  const f = file.replace(/\\/g, '/');
  if (f.startsWith('/') || /^[A-Za-z]:\//.test(f) || f.startsWith('~') || f.startsWith('$')) return f;
  const parts = (dir ? dir.split('/') : []).filter(Boolean);
  for (const seg of f.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..' && parts.length > 0 && parts[parts.length - 1] !== '..') parts.pop();
    else parts.push(seg);
  }
  return parts.join('/');
}

function baseOf(p: string): string {
  return p.replace(/\\/g, '/').split('/').pop() ?? p;
}

function extOf(p: string): string {
  const b = baseOf(p);
  const dot = b.lastIndexOf('.');
  return dot > 0 ? b.slice(dot).toLowerCase() : '';
}

function clip(s: string, max = MAX_DETAIL): string {
  const one = s.replace(/[\r\n]+/g, ' ');
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}

function show(words: string[]): string {
  return clip(words.map(w => (w === '' ? "''" : /[\s'"]/.test(w) ? `'${w}'` : w)).join(' '), 100);
}

/**
 * The file whose whole text an inline-code argument is (`node -e "$(cat x.txt)"`, `python3 -c
 * "$(cat tools/y)"`): running that is running the file, whatever its name.
 */
function fileAsCode(cmd: RawCommand, args: readonly string[], argIndex: number): string | undefined {
  if (args[argIndex] !== '$(…)') return undefined;
  const wordIndex = argIndex + 1 + (cmd.words.length - 1 - args.length);
  const sub = cmd.substitutions.find(x => x.kind === 'command' && x.word === wordIndex);
  const only = sub?.commands.length === 1 ? sub.commands[0] : undefined;
  if (only === undefined) return undefined;
  const [prog, ...rest] = only.words;
  return prog === 'cat' && rest.length === 1 && !(rest[0] ?? '-').startsWith('-') ? rest[0]?.replace(/\\/g, '/') : undefined;
}
