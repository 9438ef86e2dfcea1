/**
 * Bounded static evaluation of JavaScript expressions to constants: concatenation, template
 * literals, array joins and reversals, `String.fromCharCode`, `atob`, `Buffer.from(x, enc)`,
 * `decodeURIComponent`, string-array lookups, small local decoder functions and invisible-Unicode
 * (variation selector / tag character) encodings. No loop ever runs; every evaluation has a step
 * budget and a depth limit, so hostile input costs little.
 */
import { child, children, propName, strProp, unwrap } from './ast.ts';
import type { Node } from './ast.ts';

export class Bytes {
  constructor(readonly data: Buffer) {}
}

export class ConstObject {
  constructor(readonly props: Map<string, Const>) {}
}

export type Const = string | number | boolean | null | undefined | Bytes | ConstObject | Const[];

export interface Evaluated {
  value: Const;
  /** True when a decoding step (base64, hex, char codes, reversal, escapes, invisible Unicode) produced it. */
  decoded: boolean;
}

/** What the evaluator needs from the file it evaluates in. */
export interface EvalHost {
  /** The single initialiser an identifier is bound to, when it is assigned exactly once. */
  binding(id: Node): Node | undefined;
  /** The function an identifier names. */
  fn(id: Node): Node | undefined;
  /** A value from the repository's `.env` files for `process.env.NAME`. */
  env(name: string): string | undefined;
  /** A constant exported by a local module imported under this identifier (or `id.prop`). */
  imported(id: Node, prop?: string): Const | undefined;
  /** The solved string array (obfuscator output) of the decoder function this callee names. */
  stringTable?(callee: Node): { offset: number; strings: string[] } | undefined;
}

const MAX_STRING = 1 << 20;
const MAX_DEPTH = 200;
const DEFAULT_BUDGET = 20_000;
/** Steps one evaluator may spend over a whole file. */
const FILE_BUDGET = 2_000_000;

export function isString(v: Const): v is string {
  return typeof v === 'string';
}

export function asText(v: Const): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Bytes) return v.data.toString('utf8');
  return undefined;
}

const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;
const HEX = /^(?:[0-9a-fA-F]{2})+$/;

/** Decodes base64 (standard or URL-safe) when the result is readable text. */
export function decodeBase64Text(s: string): string | undefined {
  const t = s.trim();
  if (t.length < 8 || t.length % 4 === 1 || !BASE64.test(t)) return undefined;
  const out = Buffer.from(t.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8');
  return isReadable(out) ? out : undefined;
}

export function decodeHexText(s: string): string | undefined {
  const t = s.trim();
  if (t.length < 8 || !HEX.test(t)) return undefined;
  const out = Buffer.from(t, 'hex').toString('utf8');
  return isReadable(out) ? out : undefined;
}

export function isReadable(s: string): boolean {
  if (s.length === 0) return false;
  let bad = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    if (c === 0xfffd || (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d)) bad++;
  }
  return bad / s.length < 0.02;
}

/** Variation selectors, and the high surrogate of the supplementary ones and of tag characters. */
const INVISIBLE_UNIT = /[\uFE00-\uFE0F\uDB40]/;

/** Maps runs of variation selectors / tag characters back to the bytes they encode. */
export function decodeInvisible(s: string): string | undefined {
  if (!INVISIBLE_UNIT.test(s)) return undefined;
  const bytes: number[] = [];
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    if (c >= 0xfe00 && c <= 0xfe0f) bytes.push(c - 0xfe00);
    else if (c >= 0xe0100 && c <= 0xe01ef) bytes.push(c - 0xe0100 + 16);
    else if (c >= 0xe0000 && c <= 0xe007f) bytes.push(c - 0xe0000);
  }
  if (bytes.length < 4) return undefined;
  const out = Buffer.from(bytes).toString('utf8');
  return isReadable(out) ? out : undefined;
}

function tooLong(s: string): boolean {
  return s.length > MAX_STRING;
}

function cookedOf(quasi: Node): string | undefined {
  const v = quasi['value'] as { cooked?: unknown } | undefined;
  return typeof v?.cooked === 'string' ? v.cooked : undefined;
}

/** `a.b.c` as a dotted name when every part is a plain identifier or literal key. */
export function dottedName(n: Node): string | undefined {
  let suffix = '';
  let cur = unwrap(n);
  for (let i = 0; i < 50; i++) {
    if (cur.type === 'Identifier') {
      const name = strProp(cur, 'name');
      return name === undefined ? undefined : name + suffix;
    }
    if (cur.type === 'ThisExpression') return 'this' + suffix;
    if (cur.type !== 'MemberExpression') return undefined;
    const p = propName(cur);
    if (p === undefined) return undefined;
    suffix = '.' + p + suffix;
    const obj = child(cur, 'object');
    if (!obj) return undefined;
    cur = unwrap(obj);
  }
  return undefined;
}

/** True when `dottedName(n)` is `process.env`, without building the name. */
export function isProcessEnv(n: Node): boolean {
  const m = unwrap(n);
  if (m.type !== 'MemberExpression' || propName(m) !== 'env') return false;
  const obj = child(m, 'object');
  const o = obj ? unwrap(obj) : undefined;
  return o?.type === 'Identifier' && o['name'] === 'process';
}

function literal(n: Node): Evaluated | undefined {
  const v = n['value'];
  if (typeof v === 'string') {
    const raw = strProp(n, 'raw') ?? '';
    return { value: v, decoded: /\\(?:x[0-9a-fA-F]{2}|u[0-9a-fA-F{])/.test(raw) };
  }
  if (typeof v === 'number' || typeof v === 'boolean' || v === null) return { value: v, decoded: false };
  return undefined;
}

export class Evaluator {
  private budget = 0;
  private remaining = FILE_BUDGET;
  private readonly active = new Set<Node>();

  constructor(
    private readonly host: EvalHost,
    private readonly perCall = DEFAULT_BUDGET,
  ) {}

  /** True once the file's evaluation budget is spent. */
  get exhausted(): boolean {
    return this.remaining <= 0;
  }

  /** Evaluates to a constant, or undefined when the value is not statically known. */
  evaluate(node: Node, locals?: Map<string, Evaluated>): Evaluated | undefined {
    return this.top(node, locals);
  }

  /** Evaluates to a string (numbers and bytes are converted). */
  string(node: Node, locals?: Map<string, Evaluated>): { value: string; decoded: boolean } | undefined {
    const r = this.top(node, locals);
    if (!r) return undefined;
    const text = asText(r.value);
    return text === undefined ? undefined : { value: text, decoded: r.decoded };
  }

  /** A top-level evaluation: its own step budget, drawn from the file's total. */
  private top(node: Node, locals: Map<string, Evaluated> | undefined): Evaluated | undefined {
    if (this.remaining <= 0) return undefined;
    this.budget = Math.min(this.perCall, this.remaining);
    const start = this.budget;
    try {
      return this.eval(node, locals, 0);
    } finally {
      this.remaining -= start - Math.max(0, this.budget);
    }
  }

  /** One method per kind of node, so that V8 optimises each quickly and on its own. */
  private eval(input: Node, locals: Map<string, Evaluated> | undefined, depth: number): Evaluated | undefined {
    if (--this.budget < 0 || depth > MAX_DEPTH) return undefined;
    const n = unwrap(input);
    switch (n.type) {
      case 'Literal':
        return literal(n);
      case 'TemplateLiteral':
        return this.template(n, locals, depth);
      case 'BinaryExpression':
        return this.binary(n, locals, depth);
      case 'UnaryExpression':
        return this.unary(n, locals, depth);
      case 'Identifier':
        return this.identifier(n, locals, depth);
      case 'ArrayExpression':
        return this.array(n, locals, depth);
      case 'ObjectExpression':
        return this.object(n, locals, depth);
      case 'MemberExpression':
        return this.member(n, locals, depth);
      case 'CallExpression':
        return this.call(n, locals, depth);
      case 'NewExpression':
        return this.construct(n, locals, depth);
      case 'LogicalExpression':
        return this.logical(n, locals, depth);
      case 'SequenceExpression': {
        const exprs = children(n, 'expressions');
        const last = exprs[exprs.length - 1];
        return last ? this.eval(last, locals, depth + 1) : undefined;
      }
      case 'AwaitExpression': {
        const arg = child(n, 'argument');
        return arg ? this.eval(arg, locals, depth + 1) : undefined;
      }
      default:
        return undefined;
    }
  }

  private template(n: Node, locals: Map<string, Evaluated> | undefined, depth: number): Evaluated | undefined {
    const quasis = children(n, 'quasis');
    const exprs = children(n, 'expressions');
    let out = '';
    let decoded = false;
    for (let i = 0; i < quasis.length; i++) {
      const q = quasis[i];
      const cooked = q ? cookedOf(q) : undefined;
      if (cooked === undefined) return undefined;
      out += cooked;
      const e = exprs[i];
      if (e) {
        const r = this.eval(e, locals, depth + 1);
        const t = r ? asText(r.value) : undefined;
        if (!r || t === undefined) return undefined;
        out += t;
        decoded ||= r.decoded;
      }
      if (tooLong(out)) return undefined;
    }
    return { value: out, decoded };
  }

  private unary(n: Node, locals: Map<string, Evaluated> | undefined, depth: number): Evaluated | undefined {
    const arg = child(n, 'argument');
    const r = arg ? this.eval(arg, locals, depth + 1) : undefined;
    if (!r) return undefined;
    const op = strProp(n, 'operator');
    if (op === '-' && typeof r.value === 'number') return { value: -r.value, decoded: r.decoded };
    if (op === '+' && (typeof r.value === 'number' || typeof r.value === 'string')) return { value: Number(r.value), decoded: r.decoded };
    if (op === '~' && typeof r.value === 'number') return { value: ~r.value, decoded: r.decoded };
    if (op === '!') return { value: !r.value, decoded: r.decoded };
    return undefined;
  }

  private identifier(n: Node, locals: Map<string, Evaluated> | undefined, depth: number): Evaluated | undefined {
    const name = strProp(n, 'name') ?? '';
    const local = locals?.get(name);
    if (local) return local;
    if (name === 'undefined') return { value: undefined, decoded: false };
    const bound = this.host.binding(n);
    if (bound) return this.guarded(bound, () => this.eval(bound, undefined, depth + 1));
    const imp = this.host.imported(n);
    return imp === undefined ? undefined : { value: imp, decoded: false };
  }

  private array(n: Node, locals: Map<string, Evaluated> | undefined, depth: number): Evaluated | undefined {
    const out: Const[] = [];
    let decoded = false;
    for (const el of n['elements'] as unknown[]) {
      if (el === null || typeof el !== 'object') return undefined;
      const r = this.eval(el as Node, locals, depth + 1);
      if (!r) return undefined;
      out.push(r.value);
      decoded ||= r.decoded;
    }
    return { value: out, decoded };
  }

  private object(n: Node, locals: Map<string, Evaluated> | undefined, depth: number): Evaluated | undefined {
    const props = new Map<string, Const>();
    let decoded = false;
    for (const p of children(n, 'properties')) {
      if (p.type !== 'Property') return undefined;
      const key = child(p, 'key');
      const k =
        p['computed'] === true
          ? undefined
          : key?.type === 'Identifier'
            ? strProp(key, 'name')
            : key?.type === 'Literal'
              ? String(key['value'])
              : undefined;
      const v = child(p, 'value');
      if (k === undefined || !v) continue;
      const r = this.eval(v, locals, depth + 1);
      if (r) {
        props.set(k, r.value);
        decoded ||= r.decoded;
      }
    }
    return { value: new ConstObject(props), decoded };
  }

  /** `new String(x)`, `new Buffer(x, enc)`. */
  private construct(n: Node, locals: Map<string, Evaluated> | undefined, depth: number): Evaluated | undefined {
    const callee = child(n, 'callee');
    const name = callee ? dottedName(callee) : undefined;
    if (name === 'String') {
      const a = children(n, 'arguments')[0];
      return a ? this.eval(a, locals, depth + 1) : { value: '', decoded: false };
    }
    if (name === 'Buffer') return this.bufferFrom(children(n, 'arguments'), locals, depth);
    return undefined;
  }

  /** Only `x || "default"` and `x ?? "default"` where the left side is known. */
  private logical(n: Node, locals: Map<string, Evaluated> | undefined, depth: number): Evaluated | undefined {
    const left = child(n, 'left');
    const l = left ? this.eval(left, locals, depth + 1) : undefined;
    if (!l) return undefined;
    const op = strProp(n, 'operator');
    const right = child(n, 'right');
    if (op === '||') return l.value ? l : right ? this.eval(right, locals, depth + 1) : undefined;
    if (op === '??') return l.value !== null && l.value !== undefined ? l : right ? this.eval(right, locals, depth + 1) : undefined;
    return undefined;
  }

  private guarded(node: Node, f: () => Evaluated | undefined): Evaluated | undefined {
    if (this.active.has(node)) return undefined;
    this.active.add(node);
    try {
      return f();
    } finally {
      this.active.delete(node);
    }
  }

  private binary(n: Node, locals: Map<string, Evaluated> | undefined, depth: number): Evaluated | undefined {
    const op = strProp(n, 'operator');
    if (op === '+') {
      // Flatten left-deep `a + b + c + ...` chains without recursion.
      const operands: Node[] = [];
      let cur: Node = n;
      while (cur.type === 'BinaryExpression' && strProp(cur, 'operator') === '+') {
        const right = child(cur, 'right');
        const left = child(cur, 'left');
        if (!right || !left) return undefined;
        operands.push(right);
        cur = unwrap(left);
        if (operands.length > 50_000) return undefined;
      }
      operands.push(cur);
      operands.reverse();
      let acc: Const = undefined;
      let decoded = false;
      let first = true;
      for (const o of operands) {
        const r = this.eval(o, locals, depth + 1);
        if (!r) return undefined;
        decoded ||= r.decoded;
        if (first) {
          acc = r.value instanceof Bytes ? r.value.data.toString('utf8') : r.value;
          first = false;
          continue;
        }
        if (typeof acc === 'number' && typeof r.value === 'number') {
          acc = acc + r.value;
          continue;
        }
        const a = asText(acc);
        const b = asText(r.value);
        if (a === undefined || b === undefined) return undefined;
        acc = a + b;
        if (tooLong(acc)) return undefined;
      }
      return { value: acc, decoded };
    }
    const left = child(n, 'left');
    const right = child(n, 'right');
    const l = left ? this.eval(left, locals, depth + 1) : undefined;
    const r = l && right ? this.eval(right, locals, depth + 1) : undefined;
    if (!l || !r) return undefined;
    const decoded = l.decoded || r.decoded;
    const a = l.value;
    const b = r.value;
    if (op === '===' || op === '==') return { value: a === b, decoded };
    if (op === '!==' || op === '!=') return { value: a !== b, decoded };
    if (typeof a !== 'number' || typeof b !== 'number') return undefined;
    switch (op ?? '') {
      case '-':
        return { value: a - b, decoded };
      case '*':
        return { value: a * b, decoded };
      case '/':
        return { value: a / b, decoded };
      case '%':
        return { value: a % b, decoded };
      case '^':
        return { value: a ^ b, decoded };
      case '|':
        return { value: a | b, decoded };
      case '&':
        return { value: a & b, decoded };
      case '<<':
        return { value: a << b, decoded };
      case '>>':
        return { value: a >> b, decoded };
      case '>>>':
        return { value: a >>> b, decoded };
      default:
        return undefined;
    }
  }

  private member(n: Node, locals: Map<string, Evaluated> | undefined, depth: number): Evaluated | undefined {
    const objNode = child(n, 'object');
    if (!objNode) return undefined;
    const obj = unwrap(objNode);
    // process.env.NAME → the value the repository's .env files give it.
    if (isProcessEnv(obj)) {
      const key = this.key(n, locals, depth);
      const v = typeof key === 'string' ? this.host.env(key) : undefined;
      return v === undefined ? undefined : { value: v, decoded: false };
    }
    if (obj.type === 'Identifier' && !locals?.has(strProp(obj, 'name') ?? '') && !this.host.binding(obj)) {
      const key = this.key(n, locals, depth);
      if (typeof key === 'string') {
        const imp = this.host.imported(obj, key);
        if (imp !== undefined) return { value: imp, decoded: false };
      }
    }
    const o = this.eval(obj, locals, depth + 1);
    if (!o) return undefined;
    const key = this.key(n, locals, depth);
    if (key === undefined) return undefined;
    const v = o.value;
    if (Array.isArray(v)) {
      if (key === 'length') return { value: v.length, decoded: o.decoded };
      const i = typeof key === 'number' ? key : Number(key);
      return Number.isInteger(i) && i >= 0 && i < v.length ? { value: v[i], decoded: o.decoded } : undefined;
    }
    if (typeof v === 'string') {
      if (key === 'length') return { value: v.length, decoded: o.decoded };
      const i = typeof key === 'number' ? key : Number(key);
      return Number.isInteger(i) && i >= 0 && i < v.length ? { value: v[i], decoded: o.decoded } : undefined;
    }
    if (v instanceof ConstObject) {
      const k = String(key);
      return v.props.has(k) ? { value: v.props.get(k), decoded: o.decoded } : undefined;
    }
    return undefined;
  }

  private key(member: Node, locals: Map<string, Evaluated> | undefined, depth: number): string | number | undefined {
    if (member['computed'] !== true) return propName(member);
    const p = child(member, 'property');
    const r = p ? this.eval(p, locals, depth + 1) : undefined;
    if (!r) return undefined;
    return typeof r.value === 'number' || typeof r.value === 'string' ? r.value : undefined;
  }

  private args(nodes: Node[], locals: Map<string, Evaluated> | undefined, depth: number): Evaluated[] | undefined {
    const out: Evaluated[] = [];
    for (const a of nodes) {
      if (a.type === 'SpreadElement') {
        const inner = child(a, 'argument');
        const r = inner ? this.eval(inner, locals, depth + 1) : undefined;
        if (!r || !Array.isArray(r.value)) return undefined;
        for (const v of r.value) out.push({ value: v, decoded: r.decoded });
        continue;
      }
      const r = this.eval(a, locals, depth + 1);
      if (!r) return undefined;
      out.push(r);
    }
    return out;
  }

  private bufferFrom(argNodes: Node[], locals: Map<string, Evaluated> | undefined, depth: number): Evaluated | undefined {
    const args = this.args(argNodes, locals, depth);
    const first = args?.[0];
    if (!args || !first) return undefined;
    const enc = args[1] ? asText(args[1].value) : undefined;
    if (Array.isArray(first.value)) {
      const nums = first.value.filter((x): x is number => typeof x === 'number');
      if (nums.length !== first.value.length) return undefined;
      return { value: new Bytes(Buffer.from(nums)), decoded: true };
    }
    const s = asText(first.value);
    if (s === undefined) return undefined;
    if (enc === 'base64' || enc === 'base64url') return { value: new Bytes(Buffer.from(s, enc)), decoded: true };
    if (enc === 'hex') return { value: new Bytes(Buffer.from(s, 'hex')), decoded: true };
    if (enc === undefined || enc === 'utf8' || enc === 'utf-8' || enc === 'binary' || enc === 'latin1' || enc === 'ascii') {
      return { value: new Bytes(Buffer.from(s, enc === undefined ? 'utf8' : enc === 'utf-8' ? 'utf8' : enc)), decoded: first.decoded };
    }
    return undefined;
  }

  private call(n: Node, locals: Map<string, Evaluated> | undefined, depth: number): Evaluated | undefined {
    const calleeNode = child(n, 'callee');
    if (!calleeNode) return undefined;
    const callee = unwrap(calleeNode);
    const argNodes = children(n, 'arguments');
    const name = dottedName(callee);
    switch (name ?? '') {
      case 'atob': {
        const a = argNodes[0] ? this.eval(argNodes[0], locals, depth + 1) : undefined;
        const s = a ? asText(a.value) : undefined;
        if (s === undefined) return undefined;
        return { value: Buffer.from(s, 'base64').toString('latin1'), decoded: true };
      }
      case 'btoa': {
        const a = argNodes[0] ? this.eval(argNodes[0], locals, depth + 1) : undefined;
        const s = a ? asText(a.value) : undefined;
        return s === undefined ? undefined : { value: Buffer.from(s, 'latin1').toString('base64'), decoded: a?.decoded ?? false };
      }
      case 'Buffer.from':
      case 'Buffer':
        return this.bufferFrom(argNodes, locals, depth);
      case 'String.fromCharCode':
      case 'String.fromCodePoint': {
        const args = this.args(argNodes, locals, depth);
        if (!args) return undefined;
        const codes = args.map(a => (typeof a.value === 'number' ? a.value : typeof a.value === 'string' ? Number(a.value) : NaN));
        if (codes.some(c => !Number.isInteger(c) || c < 0 || c > 0x10ffff)) return undefined;
        return { value: name === 'String.fromCharCode' ? String.fromCharCode(...codes) : String.fromCodePoint(...codes), decoded: true };
      }
      case 'decodeURIComponent':
      case 'decodeURI':
      case 'unescape': {
        const a = argNodes[0] ? this.eval(argNodes[0], locals, depth + 1) : undefined;
        const s = a ? asText(a.value) : undefined;
        if (s === undefined || !a) return undefined;
        try {
          const out = name === 'unescape' ? decodePercent(s) : name === 'decodeURI' ? decodeURI(s) : decodeURIComponent(s);
          return { value: out, decoded: a.decoded || out !== s };
        } catch {
          return undefined;
        }
      }
      case 'parseInt': {
        const args = this.args(argNodes, locals, depth);
        const s = args?.[0] ? asText(args[0].value) : undefined;
        const radix = args?.[1]?.value;
        if (s === undefined) return undefined;
        return { value: parseInt(s, typeof radix === 'number' ? radix : 10), decoded: args?.[0]?.decoded ?? false };
      }
      case 'String':
      case 'Number': {
        const a = argNodes[0] ? this.eval(argNodes[0], locals, depth + 1) : undefined;
        if (!a) return undefined;
        if (name === 'Number') return { value: Number(asText(a.value)), decoded: a.decoded };
        const t = asText(a.value);
        return t === undefined ? undefined : { value: t, decoded: a.decoded };
      }
      default:
        break;
    }
    if (callee.type === 'MemberExpression') return this.method(callee, argNodes, locals, depth);
    const table = callee.type === 'Identifier' && !locals?.has(strProp(callee, 'name') ?? '') ? this.host.stringTable?.(callee) : undefined;
    if (table) {
      const i = this.args(argNodes, locals, depth)?.[0]?.value;
      const hit = typeof i === 'number' ? table.strings[i - table.offset] : undefined;
      if (hit !== undefined) return { value: hit, decoded: true };
    }
    if (callee.type === 'Identifier' || callee.type === 'FunctionExpression' || callee.type === 'ArrowFunctionExpression') {
      const fn = callee.type === 'Identifier' ? (locals?.has(strProp(callee, 'name') ?? '') ? undefined : this.host.fn(callee)) : callee;
      if (fn) {
        const r = this.guarded(fn, () => this.invoke(fn, argNodes, locals, depth));
        if (r) return r;
      }
      // A decoder we cannot run: if an argument is an invisible-Unicode run, decode it directly.
      for (const a of argNodes) {
        const r = this.eval(a, locals, depth + 1);
        const s = r && typeof r.value === 'string' ? decodeInvisible(r.value) : undefined;
        if (s !== undefined) return { value: s, decoded: true };
      }
    }
    return undefined;
  }

  /** Runs a small function: expression-bodied arrows, or a body of constant declarations then a return. */
  private invoke(fn: Node, argNodes: Node[], outer: Map<string, Evaluated> | undefined, depth: number): Evaluated | undefined {
    const params = children(fn, 'params');
    const locals = new Map<string, Evaluated>();
    for (let i = 0; i < params.length; i++) {
      const p = params[i];
      if (p?.type !== 'Identifier') return undefined;
      const a = argNodes[i];
      const r = a ? this.eval(a, outer, depth + 1) : { value: undefined, decoded: false };
      if (!r) return undefined;
      locals.set(strProp(p, 'name') ?? '', r);
    }
    const body = child(fn, 'body');
    if (!body) return undefined;
    if (body.type !== 'BlockStatement') return this.eval(body, locals, depth + 1);
    for (const stmt of children(body, 'body')) {
      if (stmt.type === 'VariableDeclaration') {
        for (const d of children(stmt, 'declarations')) {
          const id = child(d, 'id');
          const init = child(d, 'init');
          if (id?.type !== 'Identifier' || !init) return undefined;
          const r = this.eval(init, locals, depth + 1);
          if (!r) return undefined;
          locals.set(strProp(id, 'name') ?? '', r);
        }
        continue;
      }
      if (stmt.type === 'ReturnStatement') {
        const arg = child(stmt, 'argument');
        return arg ? this.eval(arg, locals, depth + 1) : { value: undefined, decoded: false };
      }
      return undefined;
    }
    return undefined;
  }

  private method(callee: Node, argNodes: Node[], locals: Map<string, Evaluated> | undefined, depth: number): Evaluated | undefined {
    const method = propName(callee);
    const objNode = child(callee, 'object');
    if (!method || !objNode) return undefined;
    const o = this.eval(objNode, locals, depth + 1);
    if (!o) return undefined;
    const v = o.value;
    const decoded = o.decoded;
    if (method === 'map' && Array.isArray(v)) return this.map(v, argNodes[0], decoded, locals, depth);
    const args = this.args(argNodes, locals, depth);
    if (!args) return undefined;
    const a0 = args[0]?.value;
    const a1 = args[1]?.value;
    const argDecoded = args.some(a => a.decoded);
    if (v instanceof Bytes) {
      if (method !== 'toString') return undefined;
      const enc = a0 === undefined ? 'utf8' : asText(a0);
      if (enc === 'utf8' || enc === 'utf-8' || enc === 'latin1' || enc === 'binary' || enc === 'ascii')
        return { value: v.data.toString(enc === 'utf-8' ? 'utf8' : enc), decoded };
      if (enc === 'hex' || enc === 'base64') return { value: v.data.toString(enc), decoded };
      return undefined;
    }
    if (Array.isArray(v)) {
      switch (method) {
        case 'join': {
          const sep = a0 === undefined ? ',' : asText(a0);
          const parts = v.map(x => (x === null || x === undefined ? '' : asText(x)));
          if (sep === undefined || parts.some(p => p === undefined)) return undefined;
          const out = parts.join(sep);
          return tooLong(out) ? undefined : { value: out, decoded: decoded || argDecoded };
        }
        case 'reverse':
          return { value: [...v].reverse(), decoded: true };
        case 'slice':
          return { value: v.slice(typeof a0 === 'number' ? a0 : 0, typeof a1 === 'number' ? a1 : undefined), decoded };
        case 'concat':
          return { value: v.concat(...args.map(a => a.value)), decoded: decoded || argDecoded };
        case 'at':
          return typeof a0 === 'number' ? { value: v.at(a0), decoded } : undefined;
        default:
          return undefined;
      }
    }
    if (typeof v === 'number' && method === 'toString') {
      return { value: v.toString(typeof a0 === 'number' && a0 >= 2 && a0 <= 36 ? a0 : 10), decoded };
    }
    if (typeof v !== 'string') return undefined;
    const d = decoded || argDecoded;
    switch (method) {
      case 'split': {
        const sep = asText(a0);
        if (sep === undefined) return undefined;
        return { value: sep === '' ? Array.from(v) : v.split(sep), decoded: d };
      }
      case 'toString':
      case 'valueOf':
        return { value: v, decoded };
      case 'concat': {
        const parts = args.map(a => asText(a.value));
        if (parts.some(p => p === undefined)) return undefined;
        const out = v + parts.join('');
        return tooLong(out) ? undefined : { value: out, decoded: d };
      }
      case 'slice':
      case 'substring':
        return { value: v[method](typeof a0 === 'number' ? a0 : 0, typeof a1 === 'number' ? a1 : undefined), decoded: d };
      case 'substr': {
        const from = typeof a0 === 'number' ? (a0 < 0 ? Math.max(0, v.length + a0) : a0) : 0;
        return { value: v.slice(from, typeof a1 === 'number' ? from + Math.max(0, a1) : undefined), decoded: d };
      }
      case 'charAt':
        return { value: v.charAt(typeof a0 === 'number' ? a0 : 0), decoded: d };
      case 'charCodeAt':
        return { value: v.charCodeAt(typeof a0 === 'number' ? a0 : 0), decoded: d };
      case 'toLowerCase':
        return { value: v.toLowerCase(), decoded };
      case 'toUpperCase':
        return { value: v.toUpperCase(), decoded };
      case 'trim':
        return { value: v.trim(), decoded };
      case 'replace':
      case 'replaceAll': {
        const from = asText(a0);
        const to = asText(a1);
        if (from === undefined || to === undefined || typeof a0 !== 'string') return undefined;
        const out = method === 'replace' ? v.replace(from, () => to) : v.split(from).join(to);
        return tooLong(out) ? undefined : { value: out, decoded: d };
      }
      case 'repeat':
        return typeof a0 === 'number' && a0 >= 0 && v.length * a0 <= MAX_STRING ? { value: v.repeat(a0), decoded } : undefined;
      default:
        return undefined;
    }
  }

  private map(
    arr: Const[],
    fnNode: Node | undefined,
    decoded: boolean,
    locals: Map<string, Evaluated> | undefined,
    depth: number,
  ): Evaluated | undefined {
    if (!fnNode || arr.length > 100_000) return undefined;
    const fn = unwrap(fnNode);
    const name = dottedName(fn);
    if (name === 'String.fromCharCode' || name === 'String.fromCodePoint') {
      const codes = arr.map(x => (typeof x === 'number' ? x : Number(asText(x))));
      if (codes.some(c => !Number.isInteger(c) || c < 0 || c > 0x10ffff)) return undefined;
      return { value: codes.map(c => String.fromCodePoint(c)), decoded: true };
    }
    if (fn.type !== 'ArrowFunctionExpression' && fn.type !== 'FunctionExpression') return undefined;
    const param = children(fn, 'params')[0];
    if (param?.type !== 'Identifier') return undefined;
    const body = child(fn, 'body');
    const expr =
      body?.type === 'BlockStatement' ? child(children(body, 'body').find(s => s.type === 'ReturnStatement') ?? body, 'argument') : body;
    if (!expr) return undefined;
    const out: Const[] = [];
    let anyDecoded = decoded;
    for (const x of arr) {
      const scope = new Map(locals ?? []);
      scope.set(strProp(param, 'name') ?? '', { value: x, decoded: false });
      const r = this.eval(expr, scope, depth + 1);
      if (!r) return undefined;
      out.push(r.value);
      anyDecoded ||= r.decoded;
    }
    return { value: out, decoded: anyDecoded };
  }
}

function decodePercent(s: string): string {
  return s.replace(/%u([0-9a-fA-F]{4})|%([0-9a-fA-F]{2})/g, (_m, u: string | undefined, h: string | undefined) =>
    String.fromCharCode(parseInt(u ?? h ?? '0', 16)),
  );
}

const URLISH = /^(?:https?|wss?|ftp):\/\/[^\s"'<>]{3,}/i;
const IP_PORT = /^(?:\d{1,3}\.){3}\d{1,3}:\d{2,5}(?:\/\S*)?$/;

/** True when a string is a URL or an IP:port a program could contact. */
export function isEndpoint(s: string): boolean {
  const t = s.trim();
  return URLISH.test(t) || IP_PORT.test(t);
}

/** Decodes a value written in an encoding that hides an endpoint: base64, hex, reversed text. */
export function decodeHiddenEndpoint(s: string): { value: string; encoding: 'base64' | 'hex' | 'reversed' } | undefined {
  const t = s.trim();
  if (isEndpoint(t)) return undefined;
  const b64 = decodeBase64Text(t);
  if (b64 !== undefined && isEndpoint(b64)) return { value: b64.trim(), encoding: 'base64' };
  const hex = decodeHexText(t);
  if (hex !== undefined && isEndpoint(hex)) return { value: hex.trim(), encoding: 'hex' };
  const rev = Array.from(t).reverse().join('');
  if (isEndpoint(rev)) return { value: rev, encoding: 'reversed' };
  return undefined;
}
