/**
 * Bounded static evaluation of JavaScript expressions to constants: concatenation, template
 * literals, array joins and reversals, `String.fromCharCode`, `atob`, `Buffer.from(x, enc)`,
 * `decodeURIComponent`, string-array lookups, small local decoder functions and invisible-Unicode
 * (variation selector / tag character) encodings. No loop ever runs; every evaluation has a step
 * budget and a depth limit, so hostile input costs little.
 *
 * The budgets count work, never time: a step per node evaluated, and a step per 64 characters or
 * elements a string or array operation builds, scans or copies (see `pay`), so the same file
 * stops at the same step on any machine, however loaded. A wall-clock limit per file remains only
 * as a safety net far beyond what the step budget costs, and is reported like a spent budget.
 */
import { child, children, propName, strProp, unwrap, walkAst } from './ast.ts';
import type { Node } from './ast.ts';
import { brotliDecompressSync, gunzipSync, inflateRawSync, inflateSync, unzipSync } from 'node:zlib';
import { maxOf, minOf, pushAll } from '../../core/spread.ts';

export class Bytes {
  constructor(readonly data: Buffer) {}
}

export class ConstObject {
  constructor(readonly props: Map<string, Const>) {}
}

/** A function value met while interpreting: its node and the environment it closes over. */
export class Closure {
  constructor(
    readonly fn: Node,
    readonly env: Env | undefined,
  ) {}
}

export type Const = string | number | boolean | null | undefined | Bytes | ConstObject | Closure | Const[];

export interface Evaluated {
  value: Const;
  /** True when a decoding step (base64, hex, char codes, reversal, escapes, invisible Unicode) produced it. */
  decoded: boolean;
}

/** The variables of one interpreted call, chained to the environment its function closes over. */
export class Env {
  private readonly vars = new Map<string, Evaluated>();

  constructor(private readonly parent?: Env) {}

  has(name: string): boolean {
    return this.vars.has(name) || (this.parent?.has(name) ?? false);
  }

  get(name: string): Evaluated | undefined {
    return this.vars.has(name) ? this.vars.get(name) : this.parent?.get(name);
  }

  /** Declares `name` in this environment (a parameter, `let`, `const`, `var` or function). */
  set(name: string, v: Evaluated): void {
    this.vars.set(name, v);
  }

  /** Assigns an existing variable where it is declared; false when none is. */
  assign(name: string, v: Evaluated): boolean {
    if (this.vars.has(name)) {
      this.vars.set(name, v);
      return true;
    }
    return this.parent?.assign(name, v) ?? false;
  }
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
  /** A value the analysis solved for the binding this identifier names (a rotated string array). */
  solved?(id: Node): Const | undefined;
}

const MAX_STRING = 1 << 20;
const MAX_DEPTH = 200;
const DEFAULT_BUDGET = 20_000;
/** Steps of one deep evaluation: a decoder loop over a payload of some tens of kilobytes. */
const DECODER_BUDGET = 1_000_000;
/** Steps one evaluator may spend over a whole file. */
const FILE_BUDGET = 4_000_000;
/**
 * Wall-clock time one evaluator may spend over a whole file: a safety net, never the budget (the
 * file's steps cost a few seconds at most); when it is reached, the run counts as spent.
 */
const SAFETY_NET_MS = 60_000;
/** Characters (or elements) an operation may build, scan or copy per step. */
const CHARS_PER_STEP = 64;
/** Elements one interpreted array may hold. */
const MAX_ARRAY = 100_000;

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

type Completion = { type: 'normal' } | { type: 'return'; value: Evaluated } | { type: 'break' | 'continue'; label: string | undefined };

const NORMAL: Completion = { type: 'normal' };
const ITERATORS = new Set(['map', 'filter', 'forEach', 'reduce', 'some', 'every', 'find']);
const UNDEF: Evaluated = { value: undefined, decoded: false };

export class Evaluator {
  private budget = 0;
  private remaining = FILE_BUDGET;
  private readonly active = new Set<Node>();
  /** Loops run only in a deep evaluation (a sink's input, a decoder called with constants). */
  private deep = false;
  /** The current top-level evaluation ran out of steps, memory or time. */
  private spent = false;
  private lastSpent = false;
  private startedAt = 0;
  private elapsed = 0;

  /** `clock` (milliseconds) is read only for the safety net; tests pass their own. */
  constructor(
    private readonly host: EvalHost,
    private readonly perCall = DEFAULT_BUDGET,
    private readonly clock: () => number = () => performance.now(),
  ) {}

  /** True once the file's evaluation budget (steps, or the safety net's time) is spent. */
  get exhausted(): boolean {
    return this.remaining <= 0 || this.elapsed >= SAFETY_NET_MS;
  }

  /** Steps spent over the file so far (the same for the same file on any machine). */
  get stepsSpent(): number {
    return FILE_BUDGET - this.remaining;
  }

  /** True when the last evaluation stopped at a budget rather than at something unknown. */
  get lastRunSpent(): boolean {
    return this.lastSpent;
  }

  /** Evaluates to a constant, or undefined when the value is not statically known. */
  evaluate(node: Node, locals?: Env): Evaluated | undefined {
    return this.top(node, locals, false);
  }

  /** Evaluates to a string (numbers and bytes are converted). */
  string(node: Node, locals?: Env): { value: string; decoded: boolean } | undefined {
    return this.text(this.top(node, locals, false));
  }

  /**
   * Evaluates with loops allowed and the larger decoder budget: what a custom decoder (XOR and
   * shift loops, char-code arithmetic, shuffles) computes from constant inputs.
   */
  recover(node: Node, locals?: Env): { value: string; decoded: boolean } | undefined {
    return this.text(this.top(node, locals, true));
  }

  /** A deep evaluation (loops allowed, the decoder budget) that keeps any value, not only text. */
  interpret(node: Node, locals?: Env): Evaluated | undefined {
    return this.top(node, locals, true);
  }

  private text(r: Evaluated | undefined): { value: string; decoded: boolean } | undefined {
    if (!r) return undefined;
    const text = asText(r.value);
    return text === undefined ? undefined : { value: text, decoded: r.decoded };
  }

  /** A top-level evaluation: its own step budget, drawn from the file's total. */
  private top(node: Node, locals: Env | undefined, deep: boolean): Evaluated | undefined {
    this.lastSpent = false;
    if (this.exhausted) {
      this.lastSpent = deep;
      return undefined;
    }
    const outer = { budget: this.budget, deep: this.deep, spent: this.spent };
    const nested = this.startedAt !== 0;
    this.deep = deep || this.deep;
    this.budget = Math.min(deep ? DECODER_BUDGET : this.perCall, this.remaining);
    this.spent = false;
    if (!nested) this.startedAt = this.clock();
    const start = this.budget;
    try {
      return this.eval(node, locals, 0);
    } finally {
      this.remaining -= start - Math.max(0, this.budget);
      this.lastSpent = this.spent;
      if (!nested) {
        this.elapsed += this.clock() - this.startedAt;
        this.startedAt = 0;
      }
      this.budget = outer.budget;
      this.deep = outer.deep;
      this.spent = outer.spent;
    }
  }

  /** A memory cap was reached: the run is spent like a step budget. */
  private overflow(): Evaluated | undefined {
    this.budget = -1;
    this.spent = true;
    return undefined;
  }

  /** Takes `n` steps; false (and the run marked spent) once the budget (or the safety net) is gone. */
  private step(n = 1): boolean {
    this.budget -= n;
    if (this.budget < 0) {
      this.spent = true;
      return false;
    }
    // The clock is read rarely: steps are the budget, time only a safety net.
    if ((this.budget & 0xfff) === 0 && this.elapsed + this.clock() - this.startedAt >= SAFETY_NET_MS) {
      this.budget = -1;
      this.spent = true;
      return false;
    }
    return true;
  }

  /**
   * Pays for an operation that builds, scans or copies `size` characters or elements: a step per
   * CHARS_PER_STEP, so work the node count does not see is counted too.
   */
  private pay(size: number): boolean {
    return this.step(Math.floor(size / CHARS_PER_STEP));
  }

  /** A built string, paid for by its length; past the string cap the run is spent. */
  private built(value: string, decoded: boolean): Evaluated | undefined {
    if (tooLong(value)) return this.overflow();
    return this.pay(value.length) ? { value, decoded } : undefined;
  }

  /** One method per kind of node, so that V8 optimises each quickly and on its own. */
  private eval(input: Node, locals: Env | undefined, depth: number): Evaluated | undefined {
    if (!this.step()) return undefined;
    // Recursion without end is a budget like steps: the run is spent, not merely unknown.
    if (depth > MAX_DEPTH) return this.overflow();
    const n = unwrap(input);
    switch (n.type) {
      case 'Literal':
        return literal(n);
      case 'TemplateLiteral':
        return this.template(n, locals, depth);
      case 'TaggedTemplateExpression': {
        // String.raw`…`: the raw text with the values put in.
        const tag = child(n, 'tag');
        const quasi = child(n, 'quasi');
        return tag && quasi && dottedName(unwrap(tag)) === 'String.raw' ? this.template(quasi, locals, depth, true) : undefined;
      }
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
      case 'ConditionalExpression': {
        const test = child(n, 'test');
        const t = test ? this.eval(test, locals, depth + 1) : undefined;
        const branch = t ? child(n, t.value ? 'consequent' : 'alternate') : undefined;
        return branch ? this.eval(branch, locals, depth + 1) : undefined;
      }
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
        return { value: new Closure(n, locals), decoded: false };
      case 'AssignmentExpression':
        return locals ? this.assignment(n, locals, depth) : undefined;
      case 'UpdateExpression':
        return locals ? this.update(n, locals) : undefined;
      default:
        return undefined;
    }
  }

  // ---- the interpreter of small functions: statements, loops, mutation of its own variables ----

  /** Calls a function node with evaluated arguments, in a new environment over `env`. */
  private apply(fn: Node, args: Evaluated[], env: Env | undefined, depth: number): Evaluated | undefined {
    if (depth > MAX_DEPTH) return this.overflow();
    if (fn.type !== 'ArrowFunctionExpression' && this.usesThis(fn)) return undefined;
    const locals = new Env(env);
    const params = children(fn, 'params');
    for (let i = 0; i < params.length; i++) {
      let p = params[i] as Node;
      let a: Evaluated = args[i] ?? UNDEF;
      if (p.type === 'RestElement') {
        const id = child(p, 'argument');
        if (id?.type !== 'Identifier') return undefined;
        locals.set(strProp(id, 'name') ?? '', { value: args.slice(i).map(x => x.value), decoded: args.some(x => x.decoded) });
        break;
      }
      if (p.type === 'AssignmentPattern') {
        const right = child(p, 'right');
        const left = child(p, 'left');
        if (!left || !right) return undefined;
        if (a.value === undefined) {
          const d = this.eval(right, locals, depth + 1);
          if (!d) return undefined;
          a = d;
        }
        p = left;
      }
      if (p.type !== 'Identifier') return undefined;
      locals.set(strProp(p, 'name') ?? '', a);
    }
    const body = child(fn, 'body');
    if (!body) return undefined;
    if (body.type !== 'BlockStatement') return this.eval(body, locals, depth + 1);
    const c = this.block(children(body, 'body'), locals, depth + 1);
    if (!c) return undefined;
    return c.type === 'return' ? c.value : UNDEF;
  }

  /** `this` means a receiver we do not model. */
  private usesThis(fn: Node): boolean {
    const body = child(fn, 'body');
    if (!body) return false;
    let found = false;
    walkAst(body, n => {
      if (n.type === 'ThisExpression') found = true;
      return found || n.type === 'FunctionExpression' || n.type === 'FunctionDeclaration';
    });
    return found;
  }

  /** Calls a function value (a closure) with evaluated arguments. */
  private callValue(f: Const, args: Evaluated[], depth: number): Evaluated | undefined {
    if (!(f instanceof Closure)) return undefined;
    return this.guarded(f.fn, () => this.apply(f.fn, args, f.env, depth + 1), true);
  }

  private block(stmts: Node[], env: Env, depth: number): Completion | undefined {
    for (const s of stmts) {
      const id = s.type === 'FunctionDeclaration' ? child(s, 'id') : undefined;
      if (id) env.set(strProp(id, 'name') ?? '', { value: new Closure(s, env), decoded: false });
    }
    for (const s of stmts) {
      const c = this.stmt(s, env, depth);
      if (!c) return undefined;
      if (c.type !== 'normal') return c;
    }
    return NORMAL;
  }

  private stmt(s: Node, env: Env, depth: number, label?: string): Completion | undefined {
    if (!this.step()) return undefined;
    if (depth > MAX_DEPTH) {
      this.overflow();
      return undefined;
    }
    switch (s.type) {
      case 'EmptyStatement':
      case 'FunctionDeclaration':
        return NORMAL;
      case 'ExpressionStatement': {
        const e = child(s, 'expression');
        return e && this.eval(e, env, depth + 1) ? NORMAL : undefined;
      }
      case 'VariableDeclaration':
        return this.declarations(s, env, depth) ? NORMAL : undefined;
      case 'ReturnStatement': {
        const a = child(s, 'argument');
        if (!a) return { type: 'return', value: UNDEF };
        const r = this.eval(a, env, depth + 1);
        return r ? { type: 'return', value: r } : undefined;
      }
      case 'BlockStatement':
        return this.block(children(s, 'body'), env, depth + 1);
      case 'IfStatement': {
        const test = child(s, 'test');
        const t = test ? this.eval(test, env, depth + 1) : undefined;
        if (!t) return undefined;
        const branch = child(s, t.value ? 'consequent' : 'alternate');
        return branch ? this.stmt(branch, env, depth + 1) : NORMAL;
      }
      case 'BreakStatement':
      case 'ContinueStatement': {
        const l = child(s, 'label');
        return { type: s.type === 'BreakStatement' ? 'break' : 'continue', label: l ? strProp(l, 'name') : undefined };
      }
      case 'LabeledStatement': {
        const l = child(s, 'label');
        const body = child(s, 'body');
        const name = l ? strProp(l, 'name') : undefined;
        const c = body ? this.stmt(body, env, depth + 1, name) : undefined;
        return c?.type === 'break' && c.label === name ? NORMAL : c;
      }
      case 'ForStatement':
      case 'WhileStatement':
      case 'DoWhileStatement':
      case 'ForOfStatement':
        return this.deep ? this.loop(s, env, depth, label) : undefined;
      case 'SwitchStatement':
        return this.switchStatement(s, env, depth);
      case 'TryStatement': {
        // Only a block that completes: an exception is not modelled.
        const block = child(s, 'block');
        const c = block ? this.stmt(block, env, depth + 1) : undefined;
        const fin = child(s, 'finalizer');
        if (!c || !fin) return c;
        const f = this.stmt(fin, env, depth + 1);
        return f && f.type === 'normal' ? c : f;
      }
      default:
        return undefined;
    }
  }

  private declarations(s: Node, env: Env, depth: number): boolean {
    for (const d of children(s, 'declarations')) {
      const id = child(d, 'id');
      const init = child(d, 'init');
      if (id?.type !== 'Identifier') return false;
      const r = init ? this.eval(init, env, depth + 1) : UNDEF;
      if (!r) return false;
      env.set(strProp(id, 'name') ?? '', r);
    }
    return true;
  }

  private loop(s: Node, env: Env, depth: number, label: string | undefined): Completion | undefined {
    const body = child(s, 'body');
    const test = child(s, 'test');
    const update = child(s, 'update');
    if (!body) return undefined;
    let items: Const[] | undefined;
    let bind: string | undefined;
    if (s.type === 'ForStatement') {
      const init = child(s, 'init');
      if (init && !(init.type === 'VariableDeclaration' ? this.declarations(init, env, depth) : this.eval(init, env, depth + 1)))
        return undefined;
    } else if (s.type === 'ForOfStatement') {
      const left = child(s, 'left');
      const right = child(s, 'right');
      const it = right ? this.eval(right, env, depth + 1) : undefined;
      const decl = left?.type === 'VariableDeclaration' ? child(children(left, 'declarations')[0] ?? left, 'id') : left;
      if (!it || decl?.type !== 'Identifier') return undefined;
      items = typeof it.value === 'string' ? Array.from(it.value) : Array.isArray(it.value) ? [...it.value] : undefined;
      if (!items) return undefined;
      bind = strProp(decl, 'name') ?? '';
      env.set(bind, UNDEF);
    }
    for (let i = 0; ; i++) {
      if (items && bind !== undefined) {
        if (i >= items.length) break;
        env.set(bind, { value: items[i], decoded: false });
      } else if (test && (s.type !== 'DoWhileStatement' || i > 0)) {
        const t = this.eval(test, env, depth + 1);
        if (!t) return undefined;
        if (!t.value) break;
      }
      const c = this.stmt(body, env, depth + 1);
      if (!c) return undefined;
      if (c.type === 'return') return c;
      if (c.type === 'break') {
        if (c.label === undefined || c.label === label) break;
        return c;
      }
      if (c.type === 'continue' && c.label !== undefined && c.label !== label) return c;
      if (update && !this.eval(update, env, depth + 1)) return undefined;
    }
    return NORMAL;
  }

  private switchStatement(s: Node, env: Env, depth: number): Completion | undefined {
    const disc = child(s, 'discriminant');
    const d = disc ? this.eval(disc, env, depth + 1) : undefined;
    if (!d) return undefined;
    const cases = children(s, 'cases');
    let start = -1;
    for (let i = 0; i < cases.length && start === -1; i++) {
      const test = child(cases[i] as Node, 'test');
      if (!test) continue;
      const t = this.eval(test, env, depth + 1);
      if (!t) return undefined;
      if (t.value === d.value) start = i;
    }
    if (start === -1) start = cases.findIndex(c => !child(c, 'test'));
    if (start === -1) return NORMAL;
    for (let i = start; i < cases.length; i++) {
      const c = this.block(children(cases[i] as Node, 'consequent'), env, depth + 1);
      if (!c) return undefined;
      if (c.type === 'break' && c.label === undefined) return NORMAL;
      if (c.type !== 'normal') return c;
    }
    return NORMAL;
  }

  /** `x = v`, `x += v`, `a[i] = v`, `o.k = v` on the interpreted call's own values. */
  private assignment(n: Node, env: Env, depth: number): Evaluated | undefined {
    const left = child(n, 'left');
    const right = child(n, 'right');
    const op = strProp(n, 'operator') ?? '=';
    if (!left || !right) return undefined;
    const l = unwrap(left);
    const r = this.eval(right, env, depth + 1);
    if (!r) return undefined;
    const value = (old: Evaluated): Evaluated | undefined => (op === '=' ? r : this.combine(op.slice(0, -1), old, r));
    if (l.type === 'Identifier') {
      const name = strProp(l, 'name') ?? '';
      const old = env.get(name);
      if (!env.has(name) || (op !== '=' && !old)) return undefined;
      const v = value(old ?? UNDEF);
      if (!v || !env.assign(name, v)) return undefined;
      return v;
    }
    if (l.type !== 'MemberExpression') return undefined;
    const objNode = child(l, 'object');
    const o = objNode ? this.eval(objNode, env, depth + 1) : undefined;
    const key = this.key(l, env, depth);
    if (!o || key === undefined) return undefined;
    if (Array.isArray(o.value)) {
      const i = typeof key === 'number' ? key : Number(key);
      if (!Number.isInteger(i) || i < 0 || i > o.value.length) return undefined;
      if (i >= MAX_ARRAY) return this.overflow();
      const v = value({ value: o.value[i], decoded: o.decoded });
      if (!v) return undefined;
      o.value[i] = v.value;
      return v;
    }
    if (o.value instanceof ConstObject) {
      const k = String(key);
      if (!o.value.props.has(k) && o.value.props.size >= MAX_ARRAY) return undefined;
      const v = value({ value: o.value.props.get(k), decoded: o.decoded });
      if (!v) return undefined;
      o.value.props.set(k, v.value);
      return v;
    }
    return undefined;
  }

  /** `i++`, `--n` on a variable of the interpreted call. */
  private update(n: Node, env: Env): Evaluated | undefined {
    const arg = child(n, 'argument');
    const a = arg ? unwrap(arg) : undefined;
    if (a?.type !== 'Identifier' || !this.step()) return undefined;
    const name = strProp(a, 'name') ?? '';
    const old = env.get(name);
    if (!old || typeof old.value !== 'number') return undefined;
    const next = { value: old.value + (strProp(n, 'operator') === '++' ? 1 : -1), decoded: old.decoded };
    env.assign(name, next);
    return n['prefix'] === true ? next : old;
  }

  private template(n: Node, locals: Env | undefined, depth: number, raw = false): Evaluated | undefined {
    const quasis = children(n, 'quasis');
    const exprs = children(n, 'expressions');
    let out = '';
    let decoded = false;
    for (let i = 0; i < quasis.length; i++) {
      const q = quasis[i];
      const r0 = raw && q ? (q['value'] as { raw?: unknown } | undefined)?.raw : undefined;
      const cooked = raw ? (typeof r0 === 'string' ? r0 : undefined) : q ? cookedOf(q) : undefined;
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
      if (tooLong(out)) return this.overflow();
    }
    return this.built(out, decoded);
  }

  private unary(n: Node, locals: Env | undefined, depth: number): Evaluated | undefined {
    const arg = child(n, 'argument');
    const r = arg ? this.eval(arg, locals, depth + 1) : undefined;
    if (!r) return undefined;
    const op = strProp(n, 'operator');
    if (op === '-' && typeof r.value === 'number') return { value: -r.value, decoded: r.decoded };
    if (op === '+' && (typeof r.value === 'number' || typeof r.value === 'string')) return { value: Number(r.value), decoded: r.decoded };
    if (op === '~' && typeof r.value === 'number') return { value: ~r.value, decoded: r.decoded };
    if (op === '!') return { value: !r.value, decoded: r.decoded };
    if (op === 'void') return UNDEF;
    if (op === 'typeof') {
      const v = r.value;
      const t = v instanceof Closure ? 'function' : v === null || Array.isArray(v) || typeof v === 'object' ? 'object' : typeof v;
      return { value: t, decoded: false };
    }
    return undefined;
  }

  private identifier(n: Node, locals: Env | undefined, depth: number): Evaluated | undefined {
    const name = strProp(n, 'name') ?? '';
    const local = locals?.get(name);
    if (local) return local;
    if (name === 'undefined') return { value: undefined, decoded: false };
    const solved = this.host.solved?.(n);
    if (solved !== undefined) return { value: solved, decoded: true };
    const bound = this.host.binding(n);
    if (bound) return this.guarded(bound, () => this.eval(bound, undefined, depth + 1));
    const imp = this.host.imported(n);
    return imp === undefined ? undefined : { value: imp, decoded: false };
  }

  private array(n: Node, locals: Env | undefined, depth: number): Evaluated | undefined {
    const out: Const[] = [];
    let decoded = false;
    for (const el of n['elements'] as unknown[]) {
      if (el === null || typeof el !== 'object') return undefined;
      if ((el as Node).type === 'SpreadElement') {
        const inner = child(el as Node, 'argument');
        const r = inner ? this.eval(inner, locals, depth + 1) : undefined;
        const items = r ? spreadable(r.value) : undefined;
        if (!r || !items || out.length + items.length > MAX_ARRAY || !this.pay(items.length)) return undefined;
        pushAll(out, items);
        decoded ||= r.decoded;
        continue;
      }
      const r = this.eval(el as Node, locals, depth + 1);
      if (!r) return undefined;
      out.push(r.value);
      decoded ||= r.decoded;
    }
    return { value: out, decoded };
  }

  private object(n: Node, locals: Env | undefined, depth: number): Evaluated | undefined {
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
  private construct(n: Node, locals: Env | undefined, depth: number): Evaluated | undefined {
    const callee = child(n, 'callee');
    const name = callee ? dottedName(callee) : undefined;
    if (name === 'String') {
      const a = children(n, 'arguments')[0];
      return a ? this.eval(a, locals, depth + 1) : { value: '', decoded: false };
    }
    if (name === 'Buffer') return this.bufferFrom(children(n, 'arguments'), locals, depth);
    if (name === 'Array') return this.newArray(children(n, 'arguments'), locals, depth);
    return undefined;
  }

  /** `Array(n)` / `new Array(n)`: n empty slots; `Array(a, b)`: those elements. */
  private newArray(argNodes: Node[], locals: Env | undefined, depth: number): Evaluated | undefined {
    const args = this.args(argNodes, locals, depth);
    if (!args) return undefined;
    const only = args.length === 1 ? args[0]?.value : undefined;
    if (typeof only === 'number') {
      if (!Number.isInteger(only) || only < 0 || only > MAX_ARRAY || !this.step(only >> 6)) return undefined;
      return { value: new Array<Const>(only).fill(undefined), decoded: false };
    }
    return { value: args.map(a => a.value), decoded: args.some(a => a.decoded) };
  }

  /** Only `x || "default"` and `x ?? "default"` where the left side is known. */
  private logical(n: Node, locals: Env | undefined, depth: number): Evaluated | undefined {
    const left = child(n, 'left');
    const l = left ? this.eval(left, locals, depth + 1) : undefined;
    if (!l) return undefined;
    const op = strProp(n, 'operator');
    const right = child(n, 'right');
    if (op === '||') return l.value ? l : right ? this.eval(right, locals, depth + 1) : undefined;
    if (op === '&&') return !l.value ? l : right ? this.eval(right, locals, depth + 1) : undefined;
    if (op === '??') return l.value !== null && l.value !== undefined ? l : right ? this.eval(right, locals, depth + 1) : undefined;
    return undefined;
  }

  private guarded(node: Node, f: () => Evaluated | undefined, recursive = false): Evaluated | undefined {
    if (this.active.has(node)) {
      // A decoder may call itself (peeling layers); in a deep run the depth cap ends a recursion
      // without end as a spent budget. Elsewhere a cycle is only unknown.
      if (!recursive || !this.deep) return undefined;
      return f();
    }
    this.active.add(node);
    try {
      return f();
    } finally {
      this.active.delete(node);
    }
  }

  private binary(n: Node, locals: Env | undefined, depth: number): Evaluated | undefined {
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
        if (tooLong(acc)) return this.overflow();
      }
      return typeof acc === 'string' ? this.built(acc, decoded) : { value: acc, decoded };
    }
    const left = child(n, 'left');
    const right = child(n, 'right');
    const l = left ? this.eval(left, locals, depth + 1) : undefined;
    const r = l && right ? this.eval(right, locals, depth + 1) : undefined;
    if (!l || !r || op === undefined) return undefined;
    return this.combine(op, l, r);
  }

  /** One binary operator on two known values (also what `x op= v` computes). */
  private combine(op: string, l: Evaluated, r: Evaluated): Evaluated | undefined {
    const decoded = l.decoded || r.decoded;
    const a = l.value;
    const b = r.value;
    if (op === '===' || op === '==') return { value: a === b, decoded };
    if (op === '!==' || op === '!=') return { value: a !== b, decoded };
    if (op === '+') {
      if (typeof a === 'number' && typeof b === 'number') return { value: a + b, decoded };
      const x = asText(a);
      const y = asText(b);
      if (x === undefined || y === undefined) return undefined;
      const out = x + y;
      // Memory is paid in steps: a string of 64 characters costs one.
      if (tooLong(out)) return this.overflow();
      return this.step(out.length >> 6) ? { value: out, decoded } : undefined;
    }
    if (op === '<' || op === '>' || op === '<=' || op === '>=') {
      if (typeof a === 'number' && typeof b === 'number') return { value: compare(op, a, b), decoded };
      if (typeof a === 'string' && typeof b === 'string') return { value: compare(op, a, b), decoded };
      return undefined;
    }
    // Arithmetic converts its operands to numbers: `'0x1f' - 0` is 31 (obfuscator.io's index).
    const numeric = (v: Const): number | undefined =>
      typeof v === 'number' ? v : typeof v === 'string' || typeof v === 'boolean' || v === null ? Number(v) : undefined;
    const a1 = numeric(a);
    const b1 = numeric(b);
    return a1 === undefined || b1 === undefined ? undefined : this.arithmetic(op, a1, b1, decoded);
  }

  private arithmetic(op: string, a: number, b: number, decoded: boolean): Evaluated | undefined {
    switch (op) {
      case '-':
        return { value: a - b, decoded };
      case '*':
        return { value: a * b, decoded };
      case '/':
        return { value: a / b, decoded };
      case '%':
        return { value: a % b, decoded };
      case '**':
        return { value: a ** b, decoded };
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

  private member(n: Node, locals: Env | undefined, depth: number): Evaluated | undefined {
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

  private key(member: Node, locals: Env | undefined, depth: number): string | number | undefined {
    if (member['computed'] !== true) return propName(member);
    const p = child(member, 'property');
    const r = p ? this.eval(p, locals, depth + 1) : undefined;
    if (!r) return undefined;
    return typeof r.value === 'number' || typeof r.value === 'string' ? r.value : undefined;
  }

  private args(nodes: Node[], locals: Env | undefined, depth: number): Evaluated[] | undefined {
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

  private bufferFrom(argNodes: Node[], locals: Env | undefined, depth: number): Evaluated | undefined {
    const args = this.args(argNodes, locals, depth);
    const first = args?.[0];
    if (!args || !first) return undefined;
    const enc = args[1] ? asText(args[1].value) : undefined;
    if (Array.isArray(first.value)) {
      const nums = first.value.filter((x): x is number => typeof x === 'number');
      if (nums.length !== first.value.length || !this.pay(nums.length)) return undefined;
      return { value: new Bytes(Buffer.from(nums)), decoded: true };
    }
    const s = asText(first.value);
    if (s === undefined || !this.pay(s.length)) return undefined;
    if (enc === 'base64' || enc === 'base64url') return { value: new Bytes(Buffer.from(s, enc)), decoded: true };
    if (enc === 'hex') return { value: new Bytes(Buffer.from(s, 'hex')), decoded: true };
    if (enc === undefined || enc === 'utf8' || enc === 'utf-8' || enc === 'binary' || enc === 'latin1' || enc === 'ascii') {
      return { value: new Bytes(Buffer.from(s, enc === undefined ? 'utf8' : enc === 'utf-8' ? 'utf8' : enc)), decoded: first.decoded };
    }
    return undefined;
  }

  /**
   * A compressed layer (`zlib.inflateSync(Buffer.from(s, 'base64'))`): only data is decompressed,
   * with the output capped at the string limit and its size paid for in steps.
   */
  private inflate(name: string, argNodes: Node[], locals: Env | undefined, depth: number): Evaluated | undefined {
    const a = argNodes[0] ? this.eval(argNodes[0], locals, depth + 1) : undefined;
    const data = a?.value instanceof Bytes ? a.value.data : a && typeof a.value === 'string' ? Buffer.from(a.value, 'latin1') : undefined;
    if (!a || !data) return undefined;
    const opts = { maxOutputLength: MAX_STRING };
    let out: Buffer;
    try {
      out =
        name === 'zlib.inflateSync'
          ? inflateSync(data, opts)
          : name === 'zlib.inflateRawSync'
            ? inflateRawSync(data, opts)
            : name === 'zlib.gunzipSync'
              ? gunzipSync(data, opts)
              : name === 'zlib.unzipSync'
                ? unzipSync(data, opts)
                : brotliDecompressSync(data, opts);
    } catch (err) {
      // Past the output cap is a spent budget (a decompression bomb); corrupt data is just unknown.
      return err instanceof RangeError ? this.overflow() : undefined;
    }
    if (!this.step(1 + (out.length >> 6))) return undefined;
    return { value: new Bytes(out), decoded: true };
  }

  private call(n: Node, locals: Env | undefined, depth: number): Evaluated | undefined {
    const calleeNode = child(n, 'callee');
    if (!calleeNode) return undefined;
    const callee = unwrap(calleeNode);
    const argNodes = children(n, 'arguments');
    // A function value of the interpreted call: a parameter, a local closure, a hoisted declaration.
    if (callee.type === 'Identifier' && locals?.has(strProp(callee, 'name') ?? '')) {
      const f = locals.get(strProp(callee, 'name') ?? '');
      const args = f ? this.args(argNodes, locals, depth) : undefined;
      return f && args ? this.callValue(f.value, args, depth) : undefined;
    }
    const name = dottedName(callee);
    switch (name ?? '') {
      case 'String.fromCharCode.apply':
      case 'String.fromCodePoint.apply': {
        const arr = argNodes[1] ? this.eval(argNodes[1], locals, depth + 1) : undefined;
        const items = arr ? spreadable(arr.value) : undefined;
        const out = items ? fromCodes(items, name === 'String.fromCodePoint.apply') : undefined;
        return out === undefined ? undefined : this.built(out, true);
      }
      case 'Math.floor':
      case 'Math.ceil':
      case 'Math.round':
      case 'Math.trunc':
      case 'Math.abs':
      case 'Math.min':
      case 'Math.max': {
        const args = this.args(argNodes, locals, depth);
        const nums = args?.map(a => a.value);
        if (!nums?.every((x): x is number => typeof x === 'number')) return undefined;
        const f = MATH[(name ?? '').slice(5)];
        return f ? { value: f(nums), decoded: args?.some(a => a.decoded) ?? false } : undefined;
      }
      case 'Array.from': {
        const a = argNodes[0] ? this.eval(argNodes[0], locals, depth + 1) : undefined;
        const items = a ? spreadable(a.value) : undefined;
        if (!a || !items || !this.pay(items.length)) return undefined;
        const f = argNodes[1] ? this.eval(argNodes[1], locals, depth + 1) : undefined;
        if (!f) return { value: items, decoded: a.decoded };
        return this.iterate('map', items, f.value, a.decoded, depth);
      }
      case 'Array':
        return this.newArray(argNodes, locals, depth);
      case 'atob': {
        const a = argNodes[0] ? this.eval(argNodes[0], locals, depth + 1) : undefined;
        const s = a ? asText(a.value) : undefined;
        if (s === undefined) return undefined;
        return this.built(Buffer.from(s, 'base64').toString('latin1'), true);
      }
      case 'btoa': {
        const a = argNodes[0] ? this.eval(argNodes[0], locals, depth + 1) : undefined;
        const s = a ? asText(a.value) : undefined;
        return s === undefined ? undefined : this.built(Buffer.from(s, 'latin1').toString('base64'), a?.decoded ?? false);
      }
      case 'Buffer.from':
      case 'Buffer':
        return this.bufferFrom(argNodes, locals, depth);
      case 'zlib.inflateSync':
      case 'zlib.inflateRawSync':
      case 'zlib.gunzipSync':
      case 'zlib.unzipSync':
      case 'zlib.brotliDecompressSync':
        return this.inflate(name ?? '', argNodes, locals, depth);
      case 'String.fromCharCode':
      case 'String.fromCodePoint': {
        const args = this.args(argNodes, locals, depth);
        if (!args) return undefined;
        const out = fromCodes(
          args.map(a => a.value),
          name === 'String.fromCodePoint',
        );
        return out === undefined ? undefined : this.built(out, true);
      }
      case 'encodeURIComponent':
      case 'encodeURI': {
        const a = argNodes[0] ? this.eval(argNodes[0], locals, depth + 1) : undefined;
        const s = a ? asText(a.value) : undefined;
        if (s === undefined || !a) return undefined;
        try {
          return { value: name === 'encodeURI' ? encodeURI(s) : encodeURIComponent(s), decoded: a.decoded };
        } catch {
          return undefined;
        }
      }
      case 'decodeURIComponent':
      case 'decodeURI':
      case 'unescape': {
        const a = argNodes[0] ? this.eval(argNodes[0], locals, depth + 1) : undefined;
        const s = a ? asText(a.value) : undefined;
        if (s === undefined || !a) return undefined;
        try {
          const out = name === 'unescape' ? decodePercent(s) : name === 'decodeURI' ? decodeURI(s) : decodeURIComponent(s);
          return this.built(out, a.decoded || out !== s);
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
        const r = this.guarded(fn, () => this.invoke(fn, argNodes, locals, depth), true);
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

  /** Runs a function of the file with arguments evaluated here. */
  private invoke(fn: Node, argNodes: Node[], outer: Env | undefined, depth: number): Evaluated | undefined {
    const args = this.args(argNodes, outer, depth);
    return args ? this.apply(fn, args, fn.type === 'FunctionDeclaration' ? undefined : outer, depth + 1) : undefined;
  }

  private method(callee: Node, argNodes: Node[], locals: Env | undefined, depth: number): Evaluated | undefined {
    const method = propName(callee);
    const objNode = child(callee, 'object');
    if (!method || !objNode) return undefined;
    const o = this.eval(objNode, locals, depth + 1);
    if (!o) return undefined;
    const v = o.value;
    const decoded = o.decoded;
    if (method === 'map' && Array.isArray(v)) {
      // `map(String.fromCharCode)` and one-expression callbacks; a deep evaluation also runs the rest.
      const r = this.map(v, argNodes[0], decoded, locals, depth);
      if (r || !this.deep) return r;
    }
    const args = this.args(argNodes, locals, depth);
    if (!args) return undefined;
    const a0 = args[0]?.value;
    const a1 = args[1]?.value;
    const argDecoded = args.some(a => a.decoded);
    if (v instanceof Closure) {
      if (method === 'call') return this.callValue(v, args.slice(1), depth);
      if (method === 'apply') {
        const items = a1 === undefined ? [] : spreadable(a1);
        return items
          ? this.callValue(
              v,
              items.map(x => ({ value: x, decoded: args[1]?.decoded ?? false })),
              depth,
            )
          : undefined;
      }
      return undefined;
    }
    if (v instanceof Bytes) {
      if (method === 'slice' || method === 'subarray') {
        const data = v.data.subarray(typeof a0 === 'number' ? a0 : 0, typeof a1 === 'number' ? a1 : undefined);
        return { value: new Bytes(data), decoded };
      }
      if ((method === 'indexOf' || method === 'lastIndexOf') && (typeof a0 === 'number' || typeof a0 === 'string'))
        return this.pay(v.data.length) ? { value: v.data[method](a0), decoded } : undefined;
      if (method !== 'toString') return undefined;
      const enc = a0 === undefined ? 'utf8' : asText(a0);
      if (enc === 'utf8' || enc === 'utf-8' || enc === 'latin1' || enc === 'binary' || enc === 'ascii')
        return this.built(v.data.toString(enc === 'utf-8' ? 'utf8' : enc), decoded);
      if (enc === 'hex' || enc === 'base64') return this.built(v.data.toString(enc), decoded);
      return undefined;
    }
    if (Array.isArray(v)) {
      if (ITERATORS.has(method)) return a0 === undefined ? undefined : this.iterate(method, v, a0, decoded, depth, args[1]);
      switch (method) {
        case 'push':
        case 'unshift':
          if (v.length + args.length > MAX_ARRAY) return this.overflow();
          if (!this.step(args.length)) return undefined;
          if (method === 'push')
            pushAll(
              v,
              args.map(a => a.value),
            );
          else
            pushAll(
              v,
              pushAll(
                args.map(a => a.value),
                v.splice(0),
              ),
            );
          return { value: v.length, decoded };
        case 'pop':
        case 'shift':
          return { value: method === 'pop' ? v.pop() : v.shift(), decoded };
        case 'splice': {
          if (typeof a0 !== 'number' || (a1 !== undefined && typeof a1 !== 'number') || !this.step(v.length >> 6)) return undefined;
          const removed = v.splice(a0, a1 ?? v.length, ...args.slice(2).map(a => a.value));
          return v.length > MAX_ARRAY ? this.overflow() : { value: removed, decoded };
        }
        case 'indexOf':
        case 'includes':
          return this.pay(v.length) ? { value: method === 'indexOf' ? v.indexOf(a0) : v.includes(a0), decoded } : undefined;
        case 'fill':
          if (!this.pay(v.length)) return undefined;
          v.fill(a0);
          return { value: v, decoded };
        case 'join': {
          const sep = a0 === undefined ? ',' : asText(a0);
          const parts = v.map(x => (x === null || x === undefined ? '' : asText(x)));
          if (sep === undefined || parts.some(p => p === undefined)) return undefined;
          const out = parts.join(sep);
          return this.built(out, decoded || argDecoded);
        }
        case 'reverse':
          return this.pay(v.length) ? { value: v.reverse(), decoded: true } : undefined;
        case 'slice': {
          const out = v.slice(typeof a0 === 'number' ? a0 : 0, typeof a1 === 'number' ? a1 : undefined);
          return this.pay(out.length) ? { value: out, decoded } : undefined;
        }
        case 'concat': {
          const out = v.concat(...args.map(a => a.value));
          if (out.length > MAX_ARRAY) return this.overflow();
          return this.pay(out.length) ? { value: out, decoded: decoded || argDecoded } : undefined;
        }
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
        if (sep === undefined || !this.pay(v.length)) return undefined;
        return { value: sep === '' ? Array.from(v) : v.split(sep), decoded: d };
      }
      case 'toString':
      case 'valueOf':
        return { value: v, decoded };
      case 'concat': {
        const parts = args.map(a => asText(a.value));
        if (parts.some(p => p === undefined)) return undefined;
        return this.built(v + parts.join(''), d);
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
      case 'codePointAt':
        return { value: v.codePointAt(typeof a0 === 'number' ? a0 : 0), decoded: d };
      case 'indexOf':
      case 'lastIndexOf':
      case 'includes':
      case 'startsWith':
      case 'endsWith': {
        const x = asText(a0);
        return x === undefined || !this.pay(v.length)
          ? undefined
          : { value: v[method](x, typeof a1 === 'number' ? a1 : undefined), decoded: d };
      }
      case 'at':
        return typeof a0 === 'number' ? { value: v.at(a0), decoded: d } : undefined;
      case 'padStart':
      case 'padEnd': {
        const fill = a1 === undefined ? ' ' : asText(a1);
        if (typeof a0 !== 'number' || fill === undefined) return undefined;
        if (a0 > MAX_STRING) return this.overflow();
        return this.built(v[method](a0, fill), d);
      }
      case 'toLowerCase':
        return this.built(v.toLowerCase(), decoded);
      case 'toUpperCase':
        return this.built(v.toUpperCase(), decoded);
      case 'trim':
        return this.built(v.trim(), decoded);
      case 'replace':
      case 'replaceAll': {
        const from = asText(a0);
        const to = asText(a1);
        if (from === undefined || to === undefined || typeof a0 !== 'string') return undefined;
        if (method === 'replace') {
          return this.built(
            v.replace(from, () => to),
            d,
          );
        }
        // Sized before joining: a long replacement repeated at every match would allocate first.
        if (!this.pay(v.length)) return undefined;
        const parts = v.split(from);
        if (v.length + (parts.length - 1) * to.length > MAX_STRING) return this.overflow();
        return this.built(parts.join(to), d);
      }
      case 'repeat':
        if (typeof a0 !== 'number' || !(a0 >= 0) || !Number.isFinite(a0)) return undefined;
        return v.length * a0 <= MAX_STRING ? this.built(v.repeat(a0), decoded) : this.overflow();
      default:
        return undefined;
    }
  }

  /** `map`, `filter`, `forEach`, `reduce`, `some`, `every`, `find` with a function value. */
  private iterate(method: string, arr: Const[], f: Const, decoded: boolean, depth: number, init?: Evaluated): Evaluated | undefined {
    if (!(f instanceof Closure)) return undefined;
    const out: Const[] = [];
    let acc: Evaluated | undefined = init;
    let start = 0;
    if (method === 'reduce' && !acc) {
      if (arr.length === 0) return undefined;
      acc = { value: arr[0], decoded };
      start = 1;
    }
    let anyDecoded = decoded;
    for (let i = start; i < arr.length; i++) {
      const item: Evaluated = { value: arr[i], decoded };
      const args = method === 'reduce' ? [acc ?? UNDEF, item, { value: i, decoded: false }] : [item, { value: i, decoded: false }];
      const r = this.callValue(f, args, depth);
      if (!r) return undefined;
      anyDecoded ||= r.decoded;
      switch (method) {
        case 'map':
          out.push(r.value);
          break;
        case 'filter':
          if (r.value) out.push(arr[i]);
          break;
        case 'reduce':
          acc = r;
          break;
        case 'some':
          if (r.value) return { value: true, decoded };
          break;
        case 'every':
          if (!r.value) return { value: false, decoded };
          break;
        case 'find':
          if (r.value) return item;
          break;
        default:
          break;
      }
    }
    switch (method) {
      case 'map':
      case 'filter':
        return { value: out, decoded: anyDecoded };
      case 'reduce':
        return acc ? { value: acc.value, decoded: anyDecoded } : undefined;
      case 'some':
        return { value: false, decoded };
      case 'every':
        return { value: true, decoded };
      default:
        return UNDEF;
    }
  }

  private map(arr: Const[], fnNode: Node | undefined, decoded: boolean, locals: Env | undefined, depth: number): Evaluated | undefined {
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
      const scope = new Env(locals);
      scope.set(strProp(param, 'name') ?? '', { value: x, decoded: false });
      const r = this.eval(expr, scope, depth + 1);
      if (!r) return undefined;
      out.push(r.value);
      anyDecoded ||= r.decoded;
    }
    return { value: out, decoded: anyDecoded };
  }
}

function compare<T extends number | string>(op: string, a: T, b: T): boolean {
  return op === '<' ? a < b : op === '>' ? a > b : op === '<=' ? a <= b : a >= b;
}

const MATH: Record<string, (x: number[]) => number> = {
  floor: x => Math.floor(x[0] ?? NaN),
  ceil: x => Math.ceil(x[0] ?? NaN),
  round: x => Math.round(x[0] ?? NaN),
  trunc: x => Math.trunc(x[0] ?? NaN),
  abs: x => Math.abs(x[0] ?? NaN),
  min: x => minOf(x),
  max: x => maxOf(x),
};

/** The items `...x` spreads: an array's, a string's characters, a buffer's bytes. */
function spreadable(v: Const): Const[] | undefined {
  if (Array.isArray(v)) return v;
  if (typeof v === 'string') return v.length > MAX_ARRAY ? undefined : Array.from(v);
  if (v instanceof Bytes) return v.data.length > MAX_ARRAY ? undefined : [...v.data];
  return undefined;
}

/** `String.fromCharCode(...codes)` without spreading a large array into a call. */
function fromCodes(items: Const[], points: boolean): string | undefined {
  let out = '';
  for (const x of items) {
    const c = typeof x === 'number' ? x : typeof x === 'string' ? Number(x) : NaN;
    if (!Number.isInteger(c) || c < 0 || c > (points ? 0x10ffff : 0xffffffff)) return undefined;
    out += points ? String.fromCodePoint(c) : String.fromCharCode(c);
  }
  return out;
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
