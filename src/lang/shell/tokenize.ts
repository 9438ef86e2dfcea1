/**
 * Fallback front end for text the POSIX parser rejects or that is written for cmd.exe/PowerShell
 * (`start /b node server`, `node .\server.js`, `if exist x (…)`): splits on the command
 * separators `&&`, `||`, `|`, `&`, `;`, newlines and parentheses, honours double quotes, single
 * quotes and cmd's `^` escape, keeps backslashes (Windows paths), and reads `<`/`>` redirections.
 */
import { joinDir, rawCommand } from './ir.ts';
import type { RawCommand } from './ir.ts';

type Token = { kind: 'word'; text: string } | { kind: 'op'; text: string };

function tokens(src: string): Token[] {
  const out: Token[] = [];
  let word = '';
  let inWord = false;
  const flush = (): void => {
    if (inWord) out.push({ kind: 'word', text: word });
    word = '';
    inWord = false;
  };
  for (let i = 0; i < src.length; i++) {
    const c = src[i] ?? '';
    if (c === '"' || c === "'") {
      const end = src.indexOf(c, i + 1);
      const stop = end === -1 ? src.length : end;
      word += src.slice(i + 1, stop);
      inWord = true;
      i = stop;
    } else if (c === '^' && i + 1 < src.length) {
      word += src[i + 1] ?? '';
      inWord = true;
      i++;
    } else if (c === ' ' || c === '\t' || c === '\r') {
      flush();
    } else if (c === '&' || c === '|') {
      flush();
      const double = src[i + 1] === c;
      out.push({ kind: 'op', text: double ? c + c : c });
      if (double) i++;
    } else if (c === ';' || c === '\n' || c === '(' || c === ')') {
      flush();
      out.push({ kind: 'op', text: c === ')' || c === '(' ? c : ';' });
    } else if (c === '<' || c === '>') {
      // `2>&1`, `>>`, `>` and `<`: a redirection operator with an optional fd digit before it.
      const fd = /^[0-9]$/.test(word) && inWord ? word : '';
      if (fd) {
        word = '';
        inWord = false;
      } else flush();
      let op = c;
      if (src[i + 1] === c) {
        op += c;
        i++;
      }
      if (src[i + 1] === '&') {
        op += '&';
        i++;
      }
      out.push({ kind: 'op', text: fd + op });
    } else {
      word += c;
      inWord = true;
    }
  }
  flush();
  return out;
}

/**
 * Tokenises a command line into RawCommands (never throws). In `posix` mode `&` backgrounds the
 * and-or list before it, as a POSIX shell does; otherwise (cmd.exe) a `&` between commands only
 * separates them and only a trailing `&` backgrounds.
 */
export function tokenizeCommand(src: string, limits: { maxCommands: number; posix?: boolean }): RawCommand[] {
  const toks = tokens(src);
  const all: RawCommand[] = [];
  let pipeline: RawCommand[] = [];
  let current: RawCommand | undefined;
  let pendingRedirect: string | undefined;
  let dir: string | undefined;
  const dirs: (string | undefined)[] = [];
  /** Index in `all` where the current and-or list began. */
  let listStart = 0;
  const finish = (op: string): void => {
    if (current && current.words.length > 0) {
      current.pipedFrom = [...pipeline];
      if (dir !== undefined) current.dir = dir;
      all.push(current);
      pipeline.push(current);
      const [program, target] = current.words;
      if (program?.toLowerCase() === 'cd' && op !== '|') {
        dir = target === undefined || /^[$%]/.test(target) || /^\/d$/i.test(target) ? dir : joinDir(dir, target);
      }
    }
    current = undefined;
    if (op !== '|') pipeline = [];
  };
  for (let i = 0; i < toks.length && all.length < limits.maxCommands; i++) {
    const t = toks[i];
    if (!t) break;
    if (t.kind === 'word') {
      if (pendingRedirect !== undefined) {
        if (current) {
          if (pendingRedirect.endsWith('<')) current.stdin = { kind: 'file', path: t.text };
          else if (!pendingRedirect.endsWith('&')) current.stdout.push(t.text);
        }
        pendingRedirect = undefined;
        continue;
      }
      current ??= rawCommand([]);
      current.words.push(t.text);
      continue;
    }
    if (t.text.includes('<') || t.text.includes('>')) {
      current ??= rawCommand([]);
      pendingRedirect = t.text;
      continue;
    }
    pendingRedirect = undefined;
    if (t.text === '(' || t.text === ')') {
      finish(t.text);
      if (t.text === '(') dirs.push(dir);
      else dir = dirs.length > 0 ? dirs.pop() : dir;
      continue;
    }
    if (t.text === '&') {
      finish('&');
      // A trailing `&` backgrounds; between commands it is cmd.exe's separator.
      const rest = toks.slice(i + 1).some(x => x.kind === 'word');
      if (limits.posix === true || !rest) for (const c of all.slice(listStart)) c.background = true;
      listStart = all.length;
      continue;
    }
    finish(t.text);
    if (t.text === ';') listStart = all.length;
  }
  finish(';');
  return all;
}
