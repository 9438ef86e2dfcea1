/**
 * Shell command analysis for commands found in tasks, package scripts, hooks and configs.
 *
 * `analyzeCommand` is synchronous and never throws. POSIX/bash text is parsed with mvdan/sh;
 * text written for cmd.exe/PowerShell (Windows paths, `%VAR%`, `^` escapes) or that the parser
 * rejects is tokenised instead, and the result says `parsed: false`. Blank-line and long
 * whitespace padding is collapsed first; then up to 64 KiB is analysed (`truncated: true` beyond).
 * Text over 16 KiB goes to the tokeniser (the parser would take a second on it). Nested command
 * strings are followed up to 4 levels, at most 2000 simple commands.
 */
import { analyzeRaw } from './analyze.ts';
import type { FrontEnd } from './analyze.ts';
import { MAX_COMMANDS } from './analyze.ts';
import { parsePosix } from './posix.ts';
import { tokenizeCommand } from './tokenize.ts';
import type { CommandAnalysis } from './types.ts';

export type { CommandAnalysis, CommandSignal, CommandSignalKind, InlineProgram, RunFile, ScriptCall, SimpleCommand } from './types.ts';

export const MAX_ANALYZED_CHARS = 64 * 1024;
const MAX_PARSED_CHARS = 16 * 1024;
/** Raw text read before padding is collapsed. */
const MAX_SCANNED_CHARS = 4 * 1024 * 1024;

/** Windows-only shapes: drive or `.\` paths, `%VAR%`, cmd's `^` escapes. */
const WINDOWS_SYNTAX = /(?:^|[\s"'=(])(?:[A-Za-z]:\\|\.{1,2}\\)|%[A-Za-z_][A-Za-z0-9_]*%|\^[&|<>^]/;

/**
 * Text in which POSIX parsing and plain tokenising agree: words, simple quotes without
 * expansions, and only the `&&`, `||`, `|`, `&`, `;` operators. Most package scripts look like
 * this, and the tokeniser is much faster than the GopherJS parser (which also takes ~100 ms to load).
 */
const PLAIN = /^[A-Za-z0-9 \t\-_./:@,+*%"'=]*$/;

function isPlain(text: string): boolean {
  if (!PLAIN.test(text.replace(/&&|\|\||[|;&]/g, ' '))) return false;
  if ((text.match(/"/g) ?? []).length % 2 !== 0 || (text.match(/'/g) ?? []).length % 2 !== 0) return false;
  // A leading `NAME=value` is an assignment in POSIX, a word to the tokeniser; reserved words
  // start compound commands (and in cmd.exe text, `if exist … &` is not POSIX at all).
  return !text
    .split(/&&|\|\||[|;&\n]/)
    .some(seg =>
      /^\s*(?:[A-Za-z_][A-Za-z0-9_]*=|(?:if|then|else|elif|fi|for|while|until|do|done|case|esac|function|select|coproc|time)(?:\s|$))/.test(
        seg,
      ),
    );
}

const makeFrontEnd =
  (posixOnly: boolean): FrontEnd =>
  text => {
    const limits = { maxCommands: MAX_COMMANDS };
    if (isPlain(text)) return { commands: tokenizeCommand(text, { ...limits, posix: true }), parsed: true };
    if (text.length <= MAX_PARSED_CHARS && (posixOnly || !WINDOWS_SYNTAX.test(text))) {
      const commands = parsePosix(text, limits);
      if (commands) return { commands, parsed: true };
    }
    return { commands: tokenizeCommand(text, limits), parsed: false };
  };
const frontEnd = makeFrontEnd(false);
/** For a file known to be a POSIX shell script: `%d%` in a `date` format is not cmd.exe's. */
const posixFrontEnd = makeFrontEnd(true);

export interface AnalyzeOptions {
  /** The text is a POSIX shell script (by extension or shebang), never cmd.exe or PowerShell. */
  posix?: boolean;
  /**
   * Files that hold a host secret where the command runs, each with what it is: a build step's
   * secret mounts (`RUN --mount=type=secret` puts the secret at `/run/secrets/ID`). Reading one is
   * reading a credential.
   */
  secretFiles?: Readonly<Record<string, string>>;
}

const CACHE_SIZE = 1000;
const cache = new Map<string, CommandAnalysis>();

/** Analyses a command line; results are cached per text (callers get their own copy). */
export function analyzeCommand(command: string, options: AnalyzeOptions = {}): CommandAnalysis {
  const text = typeof command === 'string' ? command : '';
  const posix = options.posix === true;
  const secrets = options.secretFiles ?? {};
  const key = `${posix ? 'posix' : ''}\u0000${JSON.stringify(secrets)}\u0000${text}`;
  const hit = cache.get(key);
  if (hit) return structuredClone(hit);
  const result = analyze(text, posix ? posixFrontEnd : frontEnd, secrets);
  if (cache.size >= CACHE_SIZE) cache.clear();
  cache.set(key, structuredClone(result));
  return result;
}

function analyze(command: string, frontEnd: FrontEnd, secretFiles: Readonly<Record<string, string>>): CommandAnalysis {
  // Padding (blank lines, runs of spaces) pushes a payload past any cap: drop it first.
  const raw = command;
  const text = raw
    .slice(0, MAX_SCANNED_CHARS)
    .replace(/[ \t]{16,}/g, ' ')
    .replace(/\n[ \t\r\n]*\n/g, '\n');
  const truncated = raw.length > MAX_SCANNED_CHARS || text.length > MAX_ANALYZED_CHARS;
  const head = truncated ? text.slice(0, MAX_ANALYZED_CHARS) : text;
  try {
    return analyzeRaw(head, frontEnd, truncated, secretFiles);
  } catch {
    // A parser failure we did not foresee: the tokeniser alone still sees the commands.
    try {
      return analyzeRaw(
        head,
        t => ({ commands: tokenizeCommand(t, { maxCommands: MAX_COMMANDS }), parsed: false }),
        truncated,
        secretFiles,
      );
    } catch {
      return {
        parsed: false,
        truncated,
        commands: [],
        signals: [],
        runsFiles: [],
        runsScripts: [],
        scriptCalls: [],
        tools: [],
        urls: [],
        programs: [],
        written: [],
      };
    }
  }
}
