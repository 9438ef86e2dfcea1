/**
 * Recovers what a command line hands to a shell when every step before it is a pure text filter
 * over constants: `echo …`, `printf '\x63…'`, here-strings and here-documents, fed through
 * `base64 -d`, `xxd -r -p`, `rev`, `tr`, `openssl base64 -d`, `gunzip`. Nothing runs: each filter
 * is reimplemented here on the constant bytes, with a cap on every output. Any step that is not a
 * known pure filter, or that reads a file, the network or an unresolved variable, makes the
 * result unknown.
 */
import { gunzipSync } from 'node:zlib';
import type { RawCommand, Substitution } from './ir.ts';

/** Largest output of any step, in bytes. */
const MAX_BYTES = 64 * 1024;
/** Nested substitutions and pipeline stages followed. */
const MAX_STEPS = 64;

export interface Recovered {
  /** The text the command produces. */
  text: string;
  /** Filters that changed the bytes on the way (`base64 -d`, `rev`, printf escapes …), in order. */
  decoders: string[];
}

interface Bytes {
  data: Buffer;
  decoders: string[];
}

class Budget {
  steps = MAX_STEPS;
}

/** What `cmd` writes to stdout, when it is a pure filter over constants (with its pipeline). */
export function commandOutput(cmd: RawCommand): Recovered | undefined {
  const out = outputOf(cmd, new Budget());
  return out && asText(out);
}

/** The output of a substitution's command list (`$(…)`, `<(…)`): trailing newlines kept. */
export function substitutionOutput(commands: readonly RawCommand[]): Recovered | undefined {
  const out = listOutput(commands, new Budget());
  return out && asText(out);
}

/**
 * A word of `cmd` with each `$(…)` replaced by what its command list prints (trailing newlines
 * removed, as the shell does); undefined when one of them is unknown.
 */
export function resolveWord(cmd: RawCommand, index: number): Recovered | undefined {
  const out = wordBytes(cmd, index, new Budget());
  return out && asText(out);
}

/** Here-string or here-document text with its substitutions resolved. */
export function stdinText(cmd: RawCommand): Recovered | undefined {
  const out = stdinBytes(cmd, new Budget());
  return out && asText(out);
}

function asText(b: Bytes): Recovered | undefined {
  const text = b.data.toString('utf8');
  // Binary output (a cipher's, an image's) is not shell text.
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c <= 8 || (c >= 14 && c <= 31) || c === 0xfffd) return undefined;
  }
  return { text, decoders: b.decoders };
}

function listOutput(commands: readonly RawCommand[], budget: Budget): Bytes | undefined {
  // Commands of substitutions nested in words are emitted before their user; the last stage
  // of each pipeline is what prints.
  const inner = new Set<RawCommand>();
  const upstream = new Set<RawCommand>();
  for (const c of commands) {
    for (const s of c.substitutions) for (const n of s.commands) inner.add(n);
    for (const p of c.pipedFrom) upstream.add(p);
  }
  const parts: Buffer[] = [];
  const decoders: string[] = [];
  for (const c of commands) {
    if (inner.has(c) || upstream.has(c)) continue;
    const out = outputOf(c, budget);
    if (!out) return undefined;
    parts.push(out.data);
    decoders.push(...out.decoders);
  }
  const data = Buffer.concat(parts);
  return data.length > MAX_BYTES ? undefined : { data, decoders };
}

function stdinBytes(cmd: RawCommand, budget: Budget): Bytes | undefined {
  const stdin = cmd.stdin;
  if (stdin?.kind === 'text') {
    const subs = stdin.subs ?? [];
    if (!stdin.text.includes('$(…)')) return { data: Buffer.from(stdin.text, 'utf8'), decoders: [] };
    return fill(stdin.text, subs, budget);
  }
  if (stdin?.kind === 'process') return listOutput(stdin.commands, budget);
  return undefined;
}

function inputOf(cmd: RawCommand, budget: Budget): Bytes | undefined {
  if (cmd.stdin) {
    const text = stdinBytes(cmd, budget);
    // A here-string gets a newline appended.
    return text && { data: Buffer.concat([text.data, Buffer.from('\n')]), decoders: text.decoders };
  }
  const previous = cmd.pipedFrom[cmd.pipedFrom.length - 1];
  return previous ? outputOf(previous, budget) : undefined;
}

function wordBytes(cmd: RawCommand, index: number, budget: Budget): Bytes | undefined {
  const word = cmd.words[index];
  if (word === undefined) return undefined;
  const subs = cmd.substitutions.filter(s => s.word === index && s.kind === 'command').map(s => s.commands);
  if (!word.includes('$(…)')) return /\$[A-Za-z_{(]/.test(word) ? undefined : { data: Buffer.from(word, 'utf8'), decoders: [] };
  return fill(word, subs, budget);
}

/** Text with its `$(…)` placeholders replaced, in order, by the outputs of `subs`. */
function fill(text: string, subs: readonly (readonly RawCommand[])[] | readonly Substitution[], budget: Budget): Bytes | undefined {
  const lists = subs.map(s => ('commands' in s ? s.commands : s));
  const pieces = text.split('$(…)');
  if (pieces.length - 1 !== lists.length) return undefined;
  const parts: Buffer[] = [Buffer.from(pieces[0] ?? '', 'utf8')];
  const decoders: string[] = [];
  for (let i = 0; i < lists.length; i++) {
    const out = listOutput(lists[i] ?? [], budget);
    if (!out) return undefined;
    let end = out.data.length;
    while (end > 0 && out.data[end - 1] === 0x0a) end--;
    parts.push(out.data.subarray(0, end), Buffer.from(pieces[i + 1] ?? '', 'utf8'));
    decoders.push(...out.decoders);
  }
  if (/\$[A-Za-z_{(]/.test(pieces.join(''))) return undefined;
  const data = Buffer.concat(parts);
  return data.length > MAX_BYTES ? undefined : { data, decoders };
}

function outputOf(cmd: RawCommand, budget: Budget): Bytes | undefined {
  if (budget.steps-- <= 0) return undefined;
  const prog = (cmd.words[0] ?? '').replace(/^.*\//, '').toLowerCase();
  const args: string[] = [];
  for (let i = 1; i < cmd.words.length; i++) {
    const w = wordBytes(cmd, i, budget);
    if (!w) return undefined;
    args.push(w.data.toString('utf8'));
  }
  const through = (name: string, f: (input: Buffer) => Buffer | undefined): Bytes | undefined => {
    const input = inputOf(cmd, budget);
    if (!input) return undefined;
    const data = f(input.data);
    if (!data || data.length > MAX_BYTES) return undefined;
    return { data, decoders: name ? [...input.decoders, name] : input.decoders };
  };
  const literal = (text: string, decoder?: string): Bytes | undefined => {
    const data = Buffer.from(text, 'latin1');
    return data.length > MAX_BYTES ? undefined : { data, decoders: decoder ? [decoder] : [] };
  };
  switch (prog) {
    case 'echo': {
      let i = 0;
      let newline = true;
      let escapes = false;
      for (; i < args.length && /^-[neE]+$/.test(args[i] ?? ''); i++) {
        const flags = args[i] ?? '';
        if (flags.includes('n')) newline = false;
        if (flags.includes('e')) escapes = true;
        if (flags.includes('E')) escapes = false;
      }
      const text = utf8Bytes(args.slice(i).join(' ')) + (newline ? '\n' : '');
      const decoded = escapes ? unescapePrintf(text, true) : text;
      return literal(decoded, escapes && decoded !== text ? 'echo -e' : undefined);
    }
    case 'printf': {
      const formatted = printf(args.map(utf8Bytes));
      if (formatted === undefined) return undefined;
      return literal(formatted.text, formatted.escaped ? 'printf' : undefined);
    }
    case 'cat':
    case 'tee':
      return args.every(a => a === '-' || (prog === 'tee' && a.startsWith('-'))) ? through('', b => b) : undefined;
    case 'base64':
    case 'gbase64':
      return args.some(a => a === '--decode' || /^-[a-zA-Z]*[dD]/.test(a)) && !args.some(a => !a.startsWith('-'))
        ? through('base64 -d', base64)
        : undefined;
    case 'openssl': {
      const lower = args.map(a => a.toLowerCase());
      const b64 = lower[0] === 'base64' || ((lower[0] === 'enc' || lower[0] === '-enc') && lower.some(a => a === '-base64' || a === '-a'));
      const cipher = lower.some(a => /^-(?:aes|des|bf|camellia|chacha|rc[24]|k$|kfile|pass|K$)/.test(a));
      if (!b64 || cipher || !lower.includes('-d') || lower.includes('-in')) return undefined;
      return through('openssl base64 -d', base64);
    }
    case 'xxd':
      return args.includes('-r') && args.some(a => /^-p(?:s|lain)?$/.test(a)) && !args.some(a => !a.startsWith('-'))
        ? through('xxd -r -p', hex)
        : undefined;
    case 'rev':
      return args.length === 0 ? through('rev', reverseLines) : undefined;
    case 'tr':
      return through('tr', b => translate(b, args));
    case 'gunzip':
    case 'zcat':
    case 'gzip':
      if (prog === 'gzip' && !args.some(a => /^-[a-z]*d/.test(a) || a === '--decompress')) return undefined;
      if (args.some(a => !a.startsWith('-'))) return undefined;
      return through('gunzip', gunzip);
    default:
      return undefined;
  }
}

/** Words are UTF-8 text; the filters work on bytes held as latin1 strings. */
function utf8Bytes(s: string): string {
  return Buffer.from(s, 'utf8').toString('latin1');
}

function base64(input: Buffer): Buffer | undefined {
  const text = input.toString('latin1').replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/\-_]*={0,2}$/.test(text)) return undefined;
  return Buffer.from(text, 'base64');
}

function hex(input: Buffer): Buffer | undefined {
  const text = input.toString('latin1').replace(/\s+/g, '');
  if (!/^(?:[0-9A-Fa-f]{2})*$/.test(text)) return undefined;
  return Buffer.from(text, 'hex');
}

function reverseLines(input: Buffer): Buffer {
  const lines = input.toString('utf8').split('\n');
  return Buffer.from(lines.map(l => Array.from(l).reverse().join('')).join('\n'), 'utf8');
}

function gunzip(input: Buffer): Buffer | undefined {
  try {
    return gunzipSync(input, { maxOutputLength: MAX_BYTES });
  } catch {
    return undefined;
  }
}

/** `tr SET1 SET2` and `tr -d SET` with ranges and backslash escapes; classes make it unknown. */
function translate(input: Buffer, args: readonly string[]): Buffer | undefined {
  const flags = args.filter(a => /^-[a-zA-Z]+$/.test(a));
  const sets = args.filter(a => !/^-[a-zA-Z]+$/.test(a)).map(expandSet);
  if (sets.some(s => s === undefined) || flags.some(f => f !== '-d')) return undefined;
  const [from, to] = sets as string[];
  if (from === undefined) return undefined;
  const text = input.toString('latin1');
  if (flags.includes('-d')) {
    if (to !== undefined) return undefined;
    const drop = new Set(from);
    return Buffer.from(
      Array.from(text)
        .filter(c => !drop.has(c))
        .join(''),
      'latin1',
    );
  }
  if (to === undefined || to.length === 0) return undefined;
  const map = new Map<string, string>();
  for (let i = 0; i < from.length; i++) map.set(from[i] ?? '', to[Math.min(i, to.length - 1)] ?? '');
  return Buffer.from(
    Array.from(text)
      .map(c => map.get(c) ?? c)
      .join(''),
    'latin1',
  );
}

function expandSet(set: string): string | undefined {
  if (set.includes('[:') || set.includes('[=')) return undefined;
  const chars = Array.from(unescapePrintf(set, false));
  let out = '';
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i] ?? '';
    const end = chars[i + 2];
    if (chars[i + 1] === '-' && end !== undefined) {
      const a = c.charCodeAt(0);
      const b = end.charCodeAt(0);
      if (b < a || b - a > 255) return undefined;
      for (let x = a; x <= b; x++) out += String.fromCharCode(x);
      i += 2;
    } else out += c;
  }
  return out;
}

const SIMPLE: Record<string, string> = { a: '\x07', b: '\b', e: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\' };

/**
 * Backslash escapes as printf's format (`\NNN` octal) or `%b`/`echo -e` (`\0NNN`) reads them,
 * plus `\xHH`; text is latin1 bytes.
 */
function unescapePrintf(s: string, bStyle: boolean): string {
  const octal = bStyle ? /^0[0-7]{0,3}/ : /^[0-7]{1,3}/;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i] ?? '';
    if (c !== '\\' || i + 1 >= s.length) {
      out += c;
      continue;
    }
    const rest = s.slice(i + 1, i + 5);
    const oct = octal.exec(rest);
    const hx = /^x[0-9A-Fa-f]{1,2}/.exec(rest);
    if (oct) {
      out += String.fromCharCode(Number.parseInt(oct[0], 8) & 0xff);
      i += oct[0].length;
    } else if (hx) {
      out += String.fromCharCode(Number.parseInt(hx[0].slice(1), 16));
      i += hx[0].length;
    } else {
      const e = s[i + 1] ?? '';
      out += SIMPLE[e] ?? (e === '"' || e === "'" ? e : `\\${e}`);
      i++;
    }
  }
  return out;
}

/** printf FORMAT ARGS…: %s, %b, %c, %d and %%; the format repeats while arguments remain. */
function printf(args: readonly string[]): { text: string; escaped: boolean } | undefined {
  const format = args[0];
  if (format === undefined) return undefined;
  const rest = args.slice(1);
  const fmt = unescapePrintf(format, false);
  let escaped = fmt !== format;
  let out = '';
  let used = 0;
  for (let round = 0; round < 1000; round++) {
    let consumed = false;
    for (let i = 0; i < fmt.length; i++) {
      const c = fmt[i] ?? '';
      if (c !== '%') {
        out += c;
        continue;
      }
      const spec = /^%(-?\d*)([sbcd%])/.exec(fmt.slice(i));
      if (!spec) return undefined;
      i += spec[0].length - 1;
      const kind = spec[2];
      if (kind === '%') {
        out += '%';
        continue;
      }
      const arg = rest[used] ?? '';
      if (used < rest.length) consumed = true;
      used++;
      if (kind === 's') out += arg;
      else if (kind === 'b') {
        const b = unescapePrintf(arg, true);
        if (b !== arg) escaped = true;
        out += b;
      } else if (kind === 'c') out += arg.slice(0, 1);
      else {
        const n = arg === '' ? 0 : Number(arg);
        if (!Number.isInteger(n)) return undefined;
        out += String(n);
      }
      if (out.length > MAX_BYTES) return undefined;
    }
    if (!consumed || used >= rest.length) break;
  }
  return { text: out, escaped };
}
