/**
 * What Go and Rust code that a build or test runs does, read from its tokens (src/lang/native-tokens.ts):
 * the programs it starts with their constant arguments (`exec.Command("sh", "-c", "…")`,
 * `Command::new("sh").arg("-c").arg("…")`), and whether it writes downloaded, embedded or
 * decoded bytes to a file and starts a program it does not name, which is download-and-execute.
 * String constants (`const u = "…"`, `let u = "…"`) are followed into calls, and base64 and hex
 * decoders of constants are evaluated.
 */
import { defineFactFamily } from '../core/rule.ts';
import { tokenizeNative } from '../lang/native-tokens.ts';
import type { NativeLang, NativeToken } from '../lang/native-tokens.ts';

export interface NativeCommand {
  /** The command line a spawned program with constant arguments amounts to. */
  command: string;
  line: number;
}

export interface NativeVerdict {
  /** decisive: writes fetched, embedded or decoded bytes to a file and runs a program it builds. */
  tier: 'decisive' | 'none';
  why: string;
  line?: number;
  /** Programs started with constant arguments, for the shell analysis. */
  commands: NativeCommand[];
  /** What it can do, for messages: `network`, `spawn`, `write`, `embedded`, `decoded`. */
  capabilities: string[];
}

const SPAWN = /^(?:exec\.Command(?:Context)?|syscall\.Exec|os\.StartProcess|(?:std::)?(?:process::)?Command::new)$/;
const NETWORK =
  /^(?:http\.(?:Get|Post|PostForm|Head|NewRequest(?:WithContext)?)|net\.Dial(?:Timeout)?|(?:reqwest::)?(?:blocking::)?get|reqwest::Client::new|Client::new|ureq::(?:get|post)|(?:std::)?(?:net::)?TcpStream::connect|attohttpc::get|curl::easy::Easy::new|Easy::new)$/;
const WRITE =
  /^(?:os\.(?:WriteFile|Create|CreateTemp|OpenFile)|ioutil\.(?:WriteFile|TempFile)|io\.Copy|(?:std::)?fs::(?:write|copy)|(?:std::)?(?:fs::)?File::create|(?:std::)?io::copy|(?:std::)?(?:fs::)?OpenOptions::new)$/;
const DECODE =
  /^(?:base64\.(?:Std|URL|RawStd|RawURL)Encoding\.DecodeString|hex\.DecodeString|base64::decode|hex::decode|(?:general_purpose::)?(?:STANDARD|URL_SAFE)(?:_NO_PAD)?\.decode)$/;
const ENV_NAMED = /(?:^|\.|::)(?:var|var_os|Getenv|LookPath|which|current_exe)$/;
const EMBED = /^(?:include_bytes|include_str)$/;
const MAX_CHAIN = 64;

/** A dotted or `::` path starting at token `i`, and the index after it. */
function pathAt(t: readonly NativeToken[], i: number): { path: string; end: number } {
  let path = t[i]?.text ?? '';
  let j = i + 1;
  while ((t[j]?.text === '.' || t[j]?.text === '::') && t[j + 1]?.kind === 'ident') {
    path += `${t[j]?.text ?? ''}${t[j + 1]?.text ?? ''}`;
    j += 2;
  }
  return { path, end: j };
}

/** Index of the `)` that closes the `(` at `open`. */
function closeParen(t: readonly NativeToken[], open: number): number {
  let depth = 0;
  for (let k = open; k < t.length; k++) {
    const x = t[k]?.text;
    if (t[k]?.kind !== 'punct') continue;
    if (x === '(' || x === '[' || x === '{') depth++;
    else if ((x === ')' || x === ']' || x === '}') && --depth === 0) return k;
  }
  return t.length - 1;
}

function decode(callee: string, value: string): string | undefined {
  try {
    if (/hex/i.test(callee)) return /^(?:[0-9a-fA-F]{2})+$/.test(value) ? Buffer.from(value, 'hex').toString('latin1') : undefined;
    return /^[A-Za-z0-9+/=_-]+$/.test(value) ? Buffer.from(value, 'base64').toString('latin1') : undefined;
  } catch {
    return undefined;
  }
}

function quote(w: string): string {
  return /^[\w@%+=:,./-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`;
}

export function analyzeNative(text: string, lang: NativeLang): NativeVerdict {
  const t = tokenizeNative(text, lang);
  const consts = new Map<string, string>();
  /** Variables holding a program the environment names (`let rustc = env::var("RUSTC")`). */
  const envNamed = new Set<string>();
  const caps = new Set<string>();
  const commands: NativeCommand[] = [];
  let opaqueSpawn: number | undefined;
  /** Names of the files the code writes: a write call's arguments and what a call that creates a file is assigned to. */
  const written = new Set<string>();
  /** `q := p`, `let q = &p`: a name that holds another name's value. */
  const aliases = new Map<string, string>();
  /** The names the unnamed programs are started from (`exec.Command(p)` → p). */
  const spawnedFrom: { name: string; line: number }[] = [];
  // Constants first: `NAME = "…"`, `NAME := "…"`, `const NAME: &str = "…"`, and decoded constants.
  const valueAt = (k: number): string | undefined => {
    const x = t[k];
    if (x?.kind === 'string') return x.text;
    if (x?.kind === 'ident' && t[k + 1]?.text !== '(' && t[k + 1]?.text !== '.' && t[k + 1]?.text !== '::') return consts.get(x.text);
    return undefined;
  };
  /** `"a" + NAME + f()`: the concatenation of strings, known constants and functions that return one, and where it ends. */
  const concatAt = (k: number): { value: string; end: number; parts: number } | undefined => {
    let value = '';
    let parts = 0;
    let at = k;
    for (;;) {
      const x = t[at];
      let v: string | undefined;
      if (x?.kind === 'ident' && t[at + 1]?.text === '(' && t[at + 2]?.text === ')' && consts.has(`${x.text}()`)) {
        v = consts.get(`${x.text}()`);
        at += 3;
      } else {
        v = valueAt(at);
        at += 1;
      }
      if (v === undefined) return undefined;
      value += v;
      parts++;
      if (t[at]?.text !== '+' || t[at + 1]?.text === '=') return { value, end: at, parts };
      at++;
    }
  };
  for (let i = 0; i < t.length; i++) {
    const tok = t[i];
    if (!tok) continue;
    if (tok.kind === 'comment' && /^go:embed\s/.test(tok.text)) caps.add('embedded');
    // `func name() string { return "a" + B }`, `fn name() -> String { … }`: a call gives the value.
    if (
      tok.kind === 'ident' &&
      /^(?:func|fn)$/.test(tok.text) &&
      t[i + 1]?.kind === 'ident' &&
      t[i + 2]?.text === '(' &&
      t[i + 3]?.text === ')'
    ) {
      let k = i + 4;
      while (k < i + 12 && t[k] !== undefined && t[k]?.text !== '{') k++;
      if (t[k]?.text === '{' && t[k + 1]?.text === 'return') {
        const r = concatAt(k + 2);
        if (r !== undefined) consts.set(`${t[i + 1]?.text ?? ''}()`, r.value);
      }
    }
    if (tok.kind !== 'ident') continue;
    // `name = …`, `name := …`, `name: Type = …`
    let eq = i + 1;
    if (t[eq]?.text === ':' && t[eq + 1]?.text !== '=') while (eq < i + 8 && t[eq]?.text !== '=' && t[eq]?.text !== ';') eq++;
    else if (t[eq]?.text === ':' && t[eq + 1]?.text === '=') eq++;
    if (t[eq]?.text === '=' && t[eq + 1]?.text !== '=') {
      const v = t[eq + 1];
      const joined = concatAt(eq + 1);
      if (joined !== undefined && joined.parts > 1) consts.set(tok.text, joined.value);
      else if (v?.kind === 'string' && t[eq + 2]?.text !== '.') consts.set(tok.text, v.text);
      else if (v?.kind === 'ident') {
        const { path, end } = pathAt(t, eq + 1);
        if (t[end]?.text !== '(' && !path.includes('.') && !path.includes('::')) aliases.set(tok.text, path);
        if (ENV_NAMED.test(path)) envNamed.add(tok.text);
        if (DECODE.test(path) && t[end]?.text === '(') {
          const arg = valueAt(end + 1);
          const d = arg === undefined ? undefined : decode(path, arg);
          if (d !== undefined) {
            consts.set(tok.text, d);
            caps.add('decoded');
          }
        }
      }
    }
    if (t[i - 1]?.text === '.' || t[i - 1]?.text === '::') continue;
    const { path, end } = pathAt(t, i);
    const macro = t[end]?.text === '!' && t[end + 1]?.text === '(';
    if (t[end]?.text !== '(' && !macro) continue;
    const open = macro ? end + 1 : end;
    const last = path.split(/\.|::/).pop() ?? path;
    if (macro && EMBED.test(path)) caps.add('embedded');
    if (NETWORK.test(path) || (lang === 'rust' && /^(?:reqwest|ureq)::/.test(path))) caps.add('network');
    if (WRITE.test(path)) {
      caps.add('write');
      // The file written: the names in the call's arguments, and the names it is assigned to.
      if (t[end]?.text === '(')
        for (let k = end + 1; k < closeParen(t, end); k++) if (t[k]?.kind === 'ident') written.add(t[k]?.text ?? '');
      if (t[i - 1]?.text === '=')
        for (let k = i - 2; k >= 0 && k > i - 12; k--) {
          const x = t[k];
          if (!x || x.line !== tok.line) break;
          if (x.text === ',' || x.text === ':') continue;
          if (x.kind !== 'ident') break;
          if (!/^(?:let|mut|var|err|_)$/.test(x.text)) written.add(x.text);
        }
    }
    if (DECODE.test(path)) caps.add('decoded');
    if (!SPAWN.test(path) && !(last === 'new' && /Command::new$/.test(path))) continue;
    caps.add('spawn');
    // The program and its arguments: the call's own, then `.arg(…)`/`.args([…])` chained after it.
    const close = closeParen(t, open);
    const words: (string | undefined)[] = [];
    const collect = (from: number, to: number): void => {
      for (let k = from; k < to; k++) {
        const x = t[k];
        if (x?.kind === 'string' || (x?.kind === 'ident' && consts.has(x.text) && t[k - 1]?.text !== '.')) words.push(valueAt(k));
        else if (
          x?.kind === 'ident' &&
          !/^(?:ctx|context|String|from|to_string|into|as_str|vec|Some|None)$/.test(x.text) &&
          t[k + 1]?.text !== '('
        )
          words.push(undefined);
      }
    };
    const ctxArg = path.endsWith('CommandContext') ? 1 : 0;
    const argStart = open + 1;
    collect(argStart, close);
    if (ctxArg === 1) words.shift();
    let k = close + 1;
    for (let hops = 0; hops < MAX_CHAIN && t[k]?.text === '.' && t[k + 1]?.kind === 'ident'; hops++) {
      const method = t[k + 1]?.text ?? '';
      if (t[k + 2]?.text !== '(') break;
      const c = closeParen(t, k + 2);
      if (method === 'arg' || method === 'args') collect(k + 3, c);
      k = c + 1;
    }
    // A program the environment names (`env::var("RUSTC")`, `os.Getenv("CC")`, `exec.LookPath`) is a toolchain.
    const spanText = t.slice(argStart, close).map(x => x.text);
    const fromEnv = spanText.some(x => /^(?:var|var_os|Getenv|LookupEnv|LookPath|which|current_exe)$/.test(x) || envNamed.has(x));
    const program = words[0] ?? (fromEnv ? '$TOOL' : undefined);
    if (program === undefined) {
      opaqueSpawn ??= tok.line;
      const first = t.slice(argStart + ctxArg * 2, close).find(x => x.kind === 'ident');
      if (first) spawnedFrom.push({ name: first.text, line: tok.line });
      continue;
    }
    const known = [program, ...words.slice(1)].filter((w): w is string => w !== undefined);
    commands.push({ command: known.map(quote).join(' '), line: tok.line });
  }
  const capabilities = [...caps];
  const fetched = caps.has('network') || caps.has('embedded') || caps.has('decoded');
  // The program started must be the file written (through plain renames): a test that writes
  // fixtures and starts the binary it built, in one file with an HTTP check, is not this.
  const isWritten = (name: string): boolean => {
    let n: string | undefined = name;
    for (let hops = 0; n !== undefined && hops < 8; hops++) {
      if (written.has(n)) return true;
      n = aliases.get(n);
    }
    return false;
  };
  const started = spawnedFrom.find(s => isWritten(s.name));
  if (started !== undefined && caps.has('write') && fetched) {
    const source = caps.has('network') ? 'downloads' : caps.has('embedded') ? 'embeds' : 'decodes';
    return {
      tier: 'decisive',
      why: `${source} bytes, writes them to a file and starts a program it does not name`,
      line: started.line,
      commands,
      capabilities,
    };
  }
  return { tier: 'none', why: '', commands, capabilities };
}

/** The verdict on a Go or Rust file, computed once per scan. */
export const nativeVerdict = defineFactFamily(
  'native-code',
  (ctx, key: { path: string; lang: NativeLang }): NativeVerdict | undefined => {
    const text = ctx.text(key.path);
    return text === undefined ? undefined : analyzeNative(text, key.lang);
  },
  key => `${key.lang}\u0000${key.path}`,
);
