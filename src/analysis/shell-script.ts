/**
 * Shell scripts as files: which files are shell scripts, what a script does (the shell analyser
 * over the whole file, and line by line to say where), and which local files it runs or sources,
 * so the execution map can follow `make setup` → scripts/bootstrap.sh → scripts/lib.sh.
 */
import { defineFactFamily } from '../core/rule.ts';
import { analyzeCommand } from '../lang/shell/index.ts';
import type { AnalyzeOptions, CommandAnalysis, CommandSignal } from '../lang/shell/index.ts';
import { joinRel } from '../fs/path.ts';
import { shellCredentialPattern } from '../knowledge/index.ts';

const SHELL_EXT = /\.(?:sh|bash|zsh|ksh|dash|command)$/i;
const SHEBANG = /^#![ \t]*(?:\/usr)?(?:\/local)?\/bin\/(?:env[ \t]+(?:-S[ \t]+)?)?(?:ba|z|k|da|a)?sh\b/;
/** Lines a script may have before the rest is not read line by line (a gap). */
export const MAX_SCRIPT_LINES = 50_000;

/** A shell script by extension, or by a `#!/bin/sh`-style first line. */
export function isShellScript(path: string, text: string | undefined): boolean {
  if (SHELL_EXT.test(path)) return true;
  return text !== undefined && SHEBANG.test(text.slice(0, 200));
}

export interface ScriptLine {
  /** 1-based line where the logical line (backslash continuations joined) starts. */
  line: number;
  text: string;
  signals: CommandSignal[];
}

/** A shell opened to a remote host: `bash -i >& /dev/tcp/…`, `nc -e /bin/sh`, `socat … exec:`. */
const REMOTE_SHELL =
  /\/dev\/(?:tcp|udp)\/[\w.$-]+\/\d+|\b(?:nc|ncat|netcat)\b[^|;&\n]{0,80}\s-(?:e|c)\s|\bsocat\b[^|;&\n]{0,120}\b(?:exec|system):/i;
/**
 * The same done by inline interpreter code (`python -c`, `perl -e`, `ruby -e`, `php -r`,
 * `node -e`): a socket connected out, then its descriptors handed to a shell (`os.dup2`,
 * `pty.spawn`, `/bin/sh`, `cmd.exe`). A socket without a shell (a wait-for-port check) is not one.
 */
const INLINE_REMOTE_SHELL =
  /(?:\bsocket\b[^\n]{0,200}\bconnect\b|\bcreate_connection\b|\bTCPSocket\b|\bfsockopen\b|\bnet\.(?:connect|createConnection)\b|\bnew\s+net\.Socket\b|IO::Socket::INET)[^\n]{0,400}(?:\bdup2\b|\bpty\.spawn\b|\/bin\/(?:ba|z|da|k)?sh\b|\bcmd(?:\.exe)?\b|\bpowershell\b)/i;
/** Credential, wallet and browser-profile files a build script has no reason to read (data/knowledge/). */
const CREDENTIAL_PATH = shellCredentialPattern();
/** Sends data out: an upload flag, a POST, or a raw socket. */
const SENDS =
  /\bcurl\b[^|;&\n]*\s(?:-d|--data(?:-binary|-raw|-urlencode)?|-F|--form|-T|--upload-file)\b|\bwget\b[^|;&\n]*--post-(?:file|data)|\b(?:nc|ncat|netcat|scp|rsync)\b[^|;&\n]*\s[\w.-]+[:\s]\d*/;

/** The text opens a shell to a remote host (`/dev/tcp`, `nc -e`, `socat exec:`, inline interpreter code). */
export function opensRemoteShell(text: string): boolean {
  return REMOTE_SHELL.test(text) || INLINE_REMOTE_SHELL.test(text);
}

/** The text sends data out: an upload flag, a POST, or a raw socket. */
export function sendsData(text: string): boolean {
  return SENDS.test(text);
}

export interface ShellScriptFacts {
  /** The whole file through the shell analyser (flows across lines: download, chmod, run). */
  whole: CommandAnalysis;
  /** Logical lines with at least one signal, in order. */
  lines: ScriptLine[];
  /** Files run or sourced, as written (relative to where the script runs). */
  runs: string[];
  /** Lines past MAX_SCRIPT_LINES were not read line by line. */
  truncated: boolean;
  /** First line that opens a shell to a remote host. */
  remoteShell?: ScriptLine;
  /** First line that reads credential, wallet or browser files; `sent`: the script also uploads. */
  credentials?: ScriptLine & { sent: boolean };
}

/** Logical lines outside here-documents: `\`-continued lines joined, comments and blanks dropped. */
export function logicalLines(text: string): { lines: { line: number; text: string }[]; truncated: boolean } {
  const raw = text.split(/\r?\n/);
  const out: { line: number; text: string }[] = [];
  let heredoc: { tag: string; strip: boolean } | undefined;
  let pending: { line: number; text: string } | undefined;
  const limit = Math.min(raw.length, MAX_SCRIPT_LINES);
  for (let i = 0; i < limit; i++) {
    const l = raw[i] ?? '';
    if (heredoc) {
      if ((heredoc.strip ? l.replace(/^\t+/, '') : l) === heredoc.tag) heredoc = undefined;
      continue;
    }
    const joined = pending ? `${pending.text} ${l.trim()}` : l.trim();
    const start = pending ? pending.line : i + 1;
    if (joined.endsWith('\\') && !joined.endsWith('\\\\')) {
      pending = { line: start, text: joined.slice(0, -1).trimEnd() };
      continue;
    }
    pending = undefined;
    if (joined === '' || joined.startsWith('#')) continue;
    out.push({ line: start, text: joined });
    const h = /<<(-?)[ \t]*(?:'([^']+)'|"([^"]+)"|\\?([A-Za-z_][\w-]*))/.exec(joined);
    if (h && !/<<</.test(joined)) heredoc = { tag: h[2] ?? h[3] ?? h[4] ?? '', strip: h[1] === '-' };
  }
  if (pending) out.push(pending);
  return { lines: out, truncated: raw.length > MAX_SCRIPT_LINES };
}

/** A shell script's facts, once per text per scan (a script file, or a Makefile step's command). */
export const shellScriptFacts = defineFactFamily('shell-script', (_ctx, text: string): ShellScriptFacts => analyzeShellScript(text));

/** What a shell script does; never throws. */
export function analyzeShellScript(text: string, secretFiles: Readonly<Record<string, string>> = {}): ShellScriptFacts {
  const options = { posix: true, secretFiles };
  const whole = analyzeCommand(text, options);
  const { lines, truncated } = logicalLines(text);
  const out: ScriptLine[] = [];
  const runs = whole.runsFiles.map(f => f.file);
  let remoteShell: ScriptLine | undefined;
  let credentials: ScriptLine | undefined;
  let sends = false;
  for (const l of lines) {
    if (!remoteShell && opensRemoteShell(l.text)) remoteShell = { ...l, signals: [] };
    if (!credentials && CREDENTIAL_PATH.test(l.text)) credentials = { ...l, signals: [] };
    if (SENDS.test(l.text)) sends = true;
    // A line that is only a quoted word is an element of a multi-line array or argument list.
    if (/^["'][^"']*["']\s*\)?\s*(?:#.*)?$/.test(l.text)) continue;
    const a = analyzeCommand(l.text, options);
    for (const f of a.runsFiles) if (!runs.includes(f.file)) runs.push(f.file);
    const signals = a.signals.filter(s => s.kind !== 'remote-url');
    if (signals.length > 0) out.push({ line: l.line, text: l.text, signals });
  }
  // A write or an upload whose path or data comes from another line (`CONF=…` then `>> "$CONF"`)
  // shows only in the whole file: it is placed at the first line by which the script, read from
  // the top, does it.
  for (const s of whole.signals) {
    if (s.kind !== 'persistence' && s.kind !== 'exfiltration') continue;
    if (out.some(l => l.signals.some(x => x.kind === s.kind))) continue;
    const at = firstLineWith(lines, s.kind, options);
    if (at) out.push({ ...at, signals: [s] });
  }
  out.sort((x, y) => x.line - y.line);
  const facts: ShellScriptFacts = { whole, lines: out, runs, truncated: truncated || whole.truncated };
  if (remoteShell) facts.remoteShell = remoteShell;
  if (credentials) facts.credentials = { ...credentials, sent: sends };
  return facts;
}

/**
 * The first logical line by which the script, read from the top, shows a signal of `kind`. A
 * longer prefix keeps every signal of a shorter one, so the line is found by bisection: a dozen
 * analyses of prefixes for a script of thousands of lines, with no cap past which padding hides it.
 */
function firstLineWith(
  lines: readonly { line: number; text: string }[],
  kind: CommandSignal['kind'],
  options: AnalyzeOptions,
): { line: number; text: string } | undefined {
  const shows = (n: number): boolean =>
    analyzeCommand(
      lines
        .slice(0, n)
        .map(l => l.text)
        .join('\n'),
      options,
    ).signals.some(s => s.kind === kind);
  if (lines.length === 0 || !shows(lines.length)) return undefined;
  let lo = 1;
  let hi = lines.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (shows(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lines[lo - 1];
}

/**
 * The script's signals. When the whole file parsed, its analysis is the truth and lines only say
 * where: a line read alone can be a fragment (an array element, a case branch) that looks like a
 * command. When it did not parse, the lines' signals count too.
 */
export function scriptSignals(facts: ShellScriptFacts): CommandSignal[] {
  if (facts.whole.parsed && !facts.whole.truncated) return facts.whole.signals;
  return [...facts.whole.signals, ...facts.lines.flatMap(l => l.signals)];
}

/**
 * Where a file a script names may be: scripts run from the repository root (`make`, npm) or cd
 * to their own folder first, so both the script's folder and the root are tried, script's first.
 */
export function scriptFileCandidates(scriptPath: string, file: string): string[] {
  const dir = scriptPath.includes('/') ? scriptPath.slice(0, scriptPath.lastIndexOf('/')) : '';
  const out: string[] = [];
  // `"$(dirname "$0")/lib.sh"`, `"$SCRIPT_DIR/lib.sh"`: a folder computed at run time, most often the script's own.
  const dynamic = /^\$[^/]*\/(.+)$/.exec(file);
  if (dynamic?.[1] !== undefined) {
    if (dynamic[1].includes('$')) return [];
    const p = joinRel(dir, dynamic[1]);
    return p === undefined || p === '' ? [] : [p];
  }
  if (file.includes('$')) return [];
  for (const base of dir === '' ? [''] : [dir, '']) {
    const p = joinRel(base, file);
    if (p !== undefined && p !== '' && !out.includes(p)) out.push(p);
  }
  return out;
}
