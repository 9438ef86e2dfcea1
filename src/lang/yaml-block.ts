/**
 * The block-YAML subset that lockfile writers emit (pnpm: block mappings indented with spaces, one
 * key per line, plain or quoted scalars, flow collections that end on their line, `---` between
 * documents), read in one pass over the lines with memory proportional to the value. The full
 * reader (`yaml`, src/lang/yaml.ts) builds a node per scalar with its source range: on a 40 MB
 * lockfile that is minutes and gigabytes, the attacker's choice of size.
 *
 * The subset is read exactly as YAML 1.2 reads it (core schema). Anything outside it (anchors,
 * aliases, tags, block scalars, plain or quoted scalars spanning lines, tabs in indentation,
 * complex or non-string keys, a `- key: value` item) is not guessed at: the result is `undefined`
 * and the caller decides (the full reader for a small file, a refusal for a large one).
 */
import { LIMITS } from '../core/limits.ts';
import { tooDeep, tooLarge } from './read-result.ts';
import type { ReadResult } from './read-result.ts';

export interface YamlBlockOptions {
  maxChars?: number;
  maxDepth?: number;
}

type Container = Record<string, unknown> | unknown[];

interface Frame {
  indent: number;
  value: Container;
}

/** A mapping key whose value is the block that follows (`key:` at the end of a line). */
interface Pending {
  indent: number;
  parent: Record<string, unknown>;
  key: string;
}

/** Outside the subset: the line cannot be read without the full YAML grammar. */
class Unsupported extends Error {}

const unsupported = (): never => {
  throw new Unsupported();
};

/**
 * The values of the documents of a YAML stream that holds something (an empty document is
 * skipped), or `undefined` when the text is outside the subset. Fails only on the size and
 * nesting caps.
 */
export function readYamlBlockDocuments(text: string, options: YamlBlockOptions = {}): ReadResult<unknown[]> | undefined {
  const maxChars = options.maxChars ?? LIMITS.read.maxChars;
  const maxDepth = options.maxDepth ?? LIMITS.read.maxYamlDepth;
  if (text.length > maxChars) return tooLarge('YAML', text.length, maxChars);
  try {
    return { ok: true, value: new BlockReader(text, maxDepth).documents() };
  } catch (err) {
    if (err instanceof Unsupported) return undefined;
    if (err instanceof TooDeep) return tooDeep('YAML', maxDepth);
    throw err;
  }
}

class TooDeep extends Error {}

class BlockReader {
  private readonly docs: unknown[] = [];
  private root: unknown = undefined;
  private stack: Frame[] = [];
  private pending: Pending | undefined;

  constructor(
    private readonly text: string,
    private readonly maxDepth: number,
  ) {}

  documents(): unknown[] {
    const text = this.text;
    let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
    while (i < text.length) {
      const nl = text.indexOf('\n', i);
      let end = nl < 0 ? text.length : nl;
      const next = end + 1;
      if (end > i && text.charCodeAt(end - 1) === 0x0d) end--;
      this.line(text.slice(i, end));
      i = next;
    }
    this.endDocument();
    return this.docs;
  }

  private line(raw: string): void {
    let indent = 0;
    while (indent < raw.length && raw.charCodeAt(indent) === 0x20) indent++;
    if (indent === raw.length) return;
    const first = raw.charCodeAt(indent);
    if (first === 0x23 /* # */) return;
    if (first === 0x09 /* tab */ || raw.includes('\r')) unsupported();
    if (indent === 0 && (raw.startsWith('---') || raw.startsWith('...'))) {
      const rest = raw.slice(3);
      if (rest === '' || /^[ \t]+(?:#.*)?$/.test(rest)) {
        this.endDocument();
        return;
      }
    }
    if (indent === 0 && first === 0x25 /* % directive */) unsupported();
    const content = raw.slice(indent);
    const item = content === '-' || content.startsWith('- ');

    if (this.pending !== undefined) {
      const p = this.pending;
      this.pending = undefined;
      if (indent > p.indent || (indent === p.indent && item)) {
        const value: Container = item ? [] : {};
        set(p.parent, p.key, value);
        this.push({ indent, value });
      } else set(p.parent, p.key, null);
    }
    if (this.root === undefined) {
      const value: Container = item ? [] : {};
      this.root = value;
      this.push({ indent, value });
    }
    while (this.stack.length > 0 && this.closes(indent, item)) this.stack.pop();
    const top = this.stack.at(-1);
    if (top === undefined || top.indent !== indent) return unsupported();

    if (Array.isArray(top.value)) {
      if (!item || content === '-') return unsupported();
      top.value.push(this.value(content.slice(2).trimStart(), true));
      return;
    }
    if (item) return unsupported();
    const { key, rest } = splitKey(content);
    const value = stripComment(rest);
    if (value === '') {
      this.pending = { indent, parent: top.value, key };
      return;
    }
    set(top.value, key, this.value(value, false));
  }

  /**
   * Whether a line at this indentation ends the innermost block: it is less indented, or it is a
   * key at the indentation of a sequence that a mapping key of that same indentation opened.
   */
  private closes(indent: number, item: boolean): boolean {
    const top = this.stack.at(-1);
    if (top === undefined) return false;
    if (indent < top.indent) return true;
    const below = this.stack.at(-2);
    return indent === top.indent && !item && Array.isArray(top.value) && below?.indent === indent;
  }

  /** A value that ends on its line: a quoted or plain scalar, or a flow collection. */
  private value(text: string, inSequence: boolean): unknown {
    const c = text.charCodeAt(0);
    if (c === 0x27 || c === 0x22) {
      const q = quoted(text, 0);
      if (stripComment(text.slice(q.end)) !== '') unsupported();
      return q.value;
    }
    if (c === 0x7b || c === 0x5b) {
      const flow = new FlowReader(text, this.maxDepth - this.stack.length);
      const v = flow.collection();
      if (stripComment(text.slice(flow.pos)) !== '') unsupported();
      return v;
    }
    const plain = stripComment(text);
    if (inSequence && plain === '') return null;
    if (/^[&*!|>%@`]/.test(plain) || /^[-?:](?:\s|$)/.test(plain) || /:(?:\s|$)/.test(plain)) unsupported();
    return resolvePlain(plain);
  }

  private push(frame: Frame): void {
    if (this.stack.length >= this.maxDepth) throw new TooDeep();
    this.stack.push(frame);
  }

  private endDocument(): void {
    if (this.pending !== undefined) set(this.pending.parent, this.pending.key, null);
    this.pending = undefined;
    if (this.root !== undefined) this.docs.push(this.root);
    this.root = undefined;
    this.stack = [];
  }
}

function set(map: Record<string, unknown>, key: string, value: unknown): void {
  map[key] = value;
}

/** `key: rest` with a plain or quoted key. */
function splitKey(content: string): { key: string; rest: string } {
  const c = content.charCodeAt(0);
  if (c === 0x27 || c === 0x22) {
    const q = quoted(content, 0);
    const after = content.slice(q.end).trimStart();
    if (!after.startsWith(':') || (after.length > 1 && after.charCodeAt(1) !== 0x20)) unsupported();
    return { key: checkedKey(q.value), rest: after.slice(1).trimStart() };
  }
  if (/^[?:,[\]{}#&*!|>%@`]/.test(content)) unsupported();
  const m = /:(?: |$)/.exec(content);
  if (m === null) return unsupported();
  const key = content.slice(0, m.index).trimEnd();
  if (key === '' || key.includes(' #') || typeof resolvePlain(key) !== 'string') unsupported();
  return { key: checkedKey(key), rest: content.slice(m.index + 1).trimStart() };
}

function checkedKey(key: string): string {
  return key === '__proto__' ? unsupported() : key;
}

/** Text before a comment (` #`), trimmed; quotes are the caller's concern. */
function stripComment(text: string): string {
  const t = text.trimStart();
  if (t.startsWith('#')) return '';
  const hash = t.search(/[ \t]#/);
  return (hash < 0 ? t : t.slice(0, hash)).trimEnd();
}

const INT = /^[-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;

/** A plain scalar as the YAML 1.2 core schema resolves it. */
function resolvePlain(s: string): unknown {
  switch (s) {
    case '':
    case '~':
    case 'null':
    case 'Null':
    case 'NULL':
      return null;
    case 'true':
    case 'True':
    case 'TRUE':
      return true;
    case 'false':
    case 'False':
    case 'FALSE':
      return false;
  }
  if (INT.test(s)) {
    const n = Number(s);
    return Number.isSafeInteger(n) ? n : unsupported();
  }
  if (FLOAT.test(s)) return Number(s);
  if (/^[-+]?\.(?:inf|Inf|INF|nan|NaN|NAN)$/.test(s) || /^0[ox]/.test(s)) unsupported();
  return s;
}

const ESCAPES: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  '\t': '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  N: '\u0085',
  _: '\u00a0',
  L: '\u2028',
  P: '\u2029',
};
const HEX_LENGTH: Record<string, number> = { x: 2, u: 4, U: 8 };

/** A single- or double-quoted scalar that starts at `at` and ends on the same line. */
function quoted(text: string, at: number): { value: string; end: number } {
  const q = text[at];
  let out = '';
  let i = at + 1;
  while (i < text.length) {
    const c = text[i] ?? '';
    if (c === q) {
      if (q === "'" && text[i + 1] === "'") {
        out += "'";
        i += 2;
        continue;
      }
      return { value: out, end: i + 1 };
    }
    if (c === '\\' && q === '"') {
      const e = text[i + 1] ?? '';
      const simple = ESCAPES[e];
      if (simple !== undefined) {
        out += simple;
        i += 2;
        continue;
      }
      const len = HEX_LENGTH[e];
      const hex = len === undefined ? '' : text.slice(i + 2, i + 2 + len);
      if (len === undefined || !new RegExp(`^[0-9a-fA-F]{${len}}$`).test(hex)) return unsupported();
      const code = parseInt(hex, 16);
      if (code > 0x10ffff) return unsupported();
      out += String.fromCodePoint(code);
      i += 2 + len;
      continue;
    }
    out += c;
    i++;
  }
  return unsupported();
}

/** A flow collection (`{a: b, c: [d]}`) that ends on its line. */
class FlowReader {
  pos = 0;

  constructor(
    private readonly text: string,
    private readonly depthLeft: number,
  ) {}

  collection(depth = 0): Container {
    if (depth >= this.depthLeft) throw new TooDeep();
    const open = this.text[this.pos];
    const close = open === '{' ? '}' : ']';
    this.pos++;
    const map: Record<string, unknown> = {};
    const seq: unknown[] = [];
    for (;;) {
      this.space();
      if (this.text[this.pos] === close) {
        this.pos++;
        return open === '{' ? map : seq;
      }
      if (open === '{') {
        const key = this.scalar(true);
        if (typeof key !== 'string') return unsupported();
        this.space();
        if (this.text[this.pos] === ':') {
          this.pos++;
          this.space();
          const c = this.text[this.pos];
          set(map, checkedKey(key), c === ',' || c === '}' ? null : this.item(depth));
        } else set(map, checkedKey(key), null);
      } else {
        seq.push(this.item(depth));
        this.space();
        if (this.text[this.pos] === ':') return unsupported();
      }
      this.space();
      const c = this.text[this.pos];
      if (c === ',') this.pos++;
      else if (c !== close) return unsupported();
    }
  }

  private item(depth: number): unknown {
    const c = this.text[this.pos];
    if (c === '{' || c === '[') return this.collection(depth + 1);
    return this.scalar(false);
  }

  private scalar(isKey: boolean): unknown {
    const c = this.text[this.pos];
    if (c === "'" || c === '"') {
      const q = quoted(this.text, this.pos);
      this.pos = q.end;
      return q.value;
    }
    if (c === undefined || /[,[\]{}#&*!|>%@`?]/.test(c) || (c === '-' && /[\s,\]}]/.test(this.text[this.pos + 1] ?? ' '))) {
      return unsupported();
    }
    const start = this.pos;
    while (this.pos < this.text.length) {
      const ch = this.text[this.pos] ?? '';
      if (ch === ',' || ch === ']' || ch === '}' || ch === '[' || ch === '{') break;
      if (ch === ':' && /[\s,\]}]/.test(this.text[this.pos + 1] ?? ' ')) break;
      if (ch === '#' && /\s/.test(this.text[this.pos - 1] ?? '')) return unsupported();
      this.pos++;
    }
    const s = this.text.slice(start, this.pos).trim();
    if (this.text[this.pos] === '[' || this.text[this.pos] === '{') return unsupported();
    const v = resolvePlain(s);
    return isKey && typeof v !== 'string' ? unsupported() : v;
  }

  private space(): void {
    while (this.text[this.pos] === ' ') this.pos++;
  }
}
