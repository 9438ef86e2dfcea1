/**
 * POSIX/bash front end: parses with mvdan/sh (the `mvdan-sh` GopherJS build, synchronous) and
 * lowers its syntax tree to RawCommand lists. The parser is loaded on first use (about 80 ms).
 */
import { lazyRequire } from '../../core/lazy-require.ts';
import { IFS_MARK, joinDir, rawCommand } from './ir.ts';
import type { RawCommand, StdinSource, Substitution } from './ir.ts';

const mvdanSh = lazyRequire('mvdan-sh') as () => { syntax: Syntax };

/** A node of mvdan/sh's tree as GopherJS exposes it: Go struct fields as properties. */
interface ShNode {
  readonly [field: string]: unknown;
}

interface Syntax {
  NewParser(...options: unknown[]): { Parse(src: string, name: string): ShNode };
  KeepComments(keep: boolean): unknown;
  Variant(lang: unknown): unknown;
  LangBash: unknown;
  NodeType(node: ShNode): string;
  Walk(node: ShNode, visit: (node: ShNode | null) => boolean): void;
}

interface Ops {
  and: number;
  or: number;
  pipe: number;
  pipeAll: number;
  rdrIn: number;
  hdoc: number;
  dashHdoc: number;
  wordHdoc: number;
  rdrOut: number;
  appOut: number;
  rdrAll: number;
  appAll: number;
  clbOut: number;
  procIn: number;
  procOut: number;
}

interface Loaded {
  syntax: Syntax;
  parser: { Parse(src: string, name: string): ShNode };
  ops: Ops;
}

let loaded: Loaded | undefined;

function load(): Loaded {
  if (loaded) return loaded;
  const { syntax } = mvdanSh();
  const parser = syntax.NewParser(syntax.KeepComments(false), syntax.Variant(syntax.LangBash));
  // Operator token numbers differ between mvdan/sh releases: read them from probe parses.
  const stmt0 = (src: string): ShNode => {
    const stmts = parser.Parse(src, 'probe')['Stmts'] as ShNode[];
    return stmts[0] as ShNode;
  };
  const binOp = (src: string): number => (stmt0(src)['Cmd'] as ShNode)['Op'] as number;
  const redirOp = (src: string): number => ((stmt0(src)['Redirs'] as ShNode[])[0] as ShNode)['Op'] as number;
  const procOp = (src: string): number => {
    const args = (stmt0(src)['Cmd'] as ShNode)['Args'] as ShNode[];
    const parts = (args[1] as ShNode)['Parts'] as ShNode[];
    return (parts[0] as ShNode)['Op'] as number;
  };
  const ops: Ops = {
    and: binOp('a && b'),
    or: binOp('a || b'),
    pipe: binOp('a | b'),
    pipeAll: binOp('a |& b'),
    rdrIn: redirOp('a < f'),
    hdoc: redirOp('a <<E\nx\nE\n'),
    dashHdoc: redirOp('a <<-E\nx\nE\n'),
    wordHdoc: redirOp('a <<< w'),
    rdrOut: redirOp('a > f'),
    appOut: redirOp('a >> f'),
    rdrAll: redirOp('a &> f'),
    appAll: redirOp('a &>> f'),
    clbOut: redirOp('a >| f'),
    procIn: procOp('a <(b)'),
    procOut: procOp('a >(b)'),
  };
  loaded = { syntax, parser, ops };
  return loaded;
}

/** Parses bash syntax; undefined when the text is not valid POSIX/bash. */
export function parsePosix(src: string, limits: { maxCommands: number }): RawCommand[] | undefined {
  const { syntax, parser, ops } = load();
  let file: ShNode;
  try {
    file = parser.Parse(src, 'command');
  } catch {
    return undefined;
  }
  const lower = new Lowering(syntax, ops, limits.maxCommands);
  try {
    lower.stmts(asNodes(file['Stmts']), { vars: new Map(), dir: undefined });
  } catch (error) {
    if (error instanceof TooMany) return lower.out;
    throw error;
  }
  return lower.out;
}

interface Scope {
  vars: Map<string, string>;
  dir: string | undefined;
}

class TooMany extends Error {}

function asNodes(v: unknown): ShNode[] {
  return Array.isArray(v) ? (v as ShNode[]) : [];
}

function asNode(v: unknown): ShNode | undefined {
  return v !== null && typeof v === 'object' ? (v as ShNode) : undefined;
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

class Lowering {
  readonly out: RawCommand[] = [];
  private count = 0;

  constructor(
    private readonly syntax: Syntax,
    private readonly ops: Ops,
    private readonly maxCommands: number,
  ) {}

  private emit(cmd: RawCommand, into: RawCommand[]): void {
    this.count++;
    if (this.count > this.maxCommands) throw new TooMany();
    into.push(cmd);
  }

  /** Lowers a statement list into `into` (default: the top-level output). */
  stmts(list: ShNode[], scope: Scope, into: RawCommand[] = this.out): void {
    for (const s of list) this.stmt(s, scope, into);
  }

  private stmt(s: ShNode, scope: Scope, into: RawCommand[]): RawCommand[] {
    const start = into.length;
    const cmd = asNode(s['Cmd']);
    const redirs = asNodes(s['Redirs']);
    // Redirect words can hold substitutions too (`> $(cmd)`), and here-documents feed stdin.
    let stdin: StdinSource | undefined;
    const stdout: string[] = [];
    for (const r of redirs) {
      const op = r['Op'] as number;
      const word = asNode(r['Word']);
      if (op === this.ops.hdoc || op === this.ops.dashHdoc || op === this.ops.wordHdoc) {
        const subs: Substitution[] = [];
        const text = this.wordText(op === this.ops.wordHdoc ? word : asNode(r['Hdoc']), scope, into, subs).join(' ');
        const lists = subs.filter(x => x.kind === 'command').map(x => x.commands);
        stdin = lists.length > 0 ? { kind: 'text', text, subs: lists } : { kind: 'text', text };
      } else if (op === this.ops.rdrIn && word) {
        const proc = this.procSubst(word, scope);
        stdin = proc ? { kind: 'process', commands: proc } : { kind: 'file', path: this.wordText(word, scope, into).join(' ') };
      } else if (
        word &&
        (op === this.ops.rdrOut || op === this.ops.appOut || op === this.ops.rdrAll || op === this.ops.appAll || op === this.ops.clbOut)
      ) {
        stdout.push(this.wordText(word, scope, into).join(' '));
      }
    }
    if (cmd) this.command(cmd, scope, into);
    const made = into.slice(start);
    const own = made[made.length - 1];
    if (own && cmd && this.syntax.NodeType(cmd) === 'CallExpr') {
      if (stdin && !own.stdin) own.stdin = stdin;
      own.stdout.push(...stdout);
    }
    if (s['Background'] === true) for (const c of made) c.background = true;
    return made;
  }

  private command(cmd: ShNode, scope: Scope, into: RawCommand[]): void {
    const type = this.syntax.NodeType(cmd);
    switch (type) {
      case 'CallExpr':
        this.call(cmd, scope, into);
        return;
      case 'BinaryCmd': {
        const op = cmd['Op'] as number;
        const x = asNode(cmd['X']);
        const y = asNode(cmd['Y']);
        if (op === this.ops.pipe || op === this.ops.pipeAll) {
          // Each stage runs in a subshell and reads the output of the stages before it.
          const upstream: RawCommand[] = [];
          for (const stage of this.pipeStages(cmd)) {
            const made = this.stmt(stage, { vars: new Map(scope.vars), dir: scope.dir }, into);
            for (const c of made) c.pipedFrom.push(...upstream);
            upstream.push(...made);
          }
          return;
        }
        if (x) this.stmt(x, scope, into);
        if (y) this.stmt(y, scope, into);
        return;
      }
      case 'Subshell':
        this.stmts(asNodes(cmd['Stmts']), { vars: new Map(scope.vars), dir: scope.dir }, into);
        return;
      case 'Block':
        this.stmts(asNodes(cmd['Stmts']), scope, into);
        return;
      case 'IfClause': {
        let clause: ShNode | undefined = cmd;
        let guard = 0;
        while (clause && guard++ < 1000) {
          this.stmts(asNodes(clause['Cond']), scope, into);
          this.stmts(asNodes(clause['Then']), scope, into);
          clause = asNode(clause['Else']);
        }
        return;
      }
      case 'WhileClause':
        this.stmts(asNodes(cmd['Cond']), scope, into);
        this.stmts(asNodes(cmd['Do']), scope, into);
        return;
      case 'ForClause':
        this.nestedIn(asNode(cmd['Loop']), scope, into);
        this.stmts(asNodes(cmd['Do']), scope, into);
        return;
      case 'CaseClause':
        this.nestedIn(asNode(cmd['Word']), scope, into);
        for (const item of asNodes(cmd['Items'])) this.stmts(asNodes(item['Stmts']), scope, into);
        return;
      case 'FuncDecl': {
        const body = asNode(cmd['Body']);
        if (body) this.stmt(body, { vars: new Map(scope.vars), dir: scope.dir }, into);
        return;
      }
      case 'TimeClause':
      case 'CoprocClause': {
        const inner = asNode(cmd['Stmt']);
        if (inner) this.stmt(inner, scope, into);
        return;
      }
      case 'DeclClause': {
        const variant = str(asNode(cmd['Variant'])?.['Value']);
        const words: string[] = [variant];
        const subs: Substitution[] = [];
        for (const a of asNodes(cmd['Args'])) {
          const name = str(asNode(a['Name'])?.['Value']);
          const value = asNode(a['Value']);
          const text = value ? this.word(value, scope, subs, words.length).join(' ') : '';
          if (name && value) scope.vars.set(name, text);
          words.push(name ? (value ? `${name}=${text}` : name) : text);
        }
        this.emitCall(words, subs, scope, into);
        return;
      }
      default:
        // Tests, arithmetic and anything newer: only their substitutions run commands.
        this.nestedIn(cmd, scope, into);
    }
  }

  /** The stages of a pipeline in order (pipes nest as binary commands; walked without recursion). */
  private pipeStages(cmd: ShNode): ShNode[] {
    const stages: ShNode[] = [];
    const todo: (ShNode | undefined)[] = [asNode(cmd['Y']), asNode(cmd['X'])];
    while (todo.length > 0) {
      const s = todo.pop();
      if (!s) continue;
      const inner = asNode(s['Cmd']);
      const op = inner?.['Op'];
      const isPipe =
        inner !== undefined &&
        this.syntax.NodeType(inner) === 'BinaryCmd' &&
        (op === this.ops.pipe || op === this.ops.pipeAll) &&
        asNodes(s['Redirs']).length === 0 &&
        s['Background'] !== true;
      if (isPipe) todo.push(asNode(inner['Y']), asNode(inner['X']));
      else stages.push(s);
    }
    return stages;
  }

  private call(cmd: ShNode, scope: Scope, into: RawCommand[]): void {
    const subs: Substitution[] = [];
    const assigns = asNodes(cmd['Assigns']);
    const args = asNodes(cmd['Args']);
    const words: string[] = [];
    const assigned: [string, string][] = [];
    for (const a of assigns) {
      const name = str(asNode(a['Name'])?.['Value']);
      const value = asNode(a['Value']);
      const text = value ? this.word(value, scope, subs, -1).join(' ') : '';
      if (name) assigned.push([name, text]);
    }
    for (const w of args) words.push(...this.word(w, scope, subs, words.length));
    if (words.length === 0) {
      // `X=value` alone sets a shell variable for later commands.
      for (const [k, v] of assigned) scope.vars.set(k, v);
      if (subs.length > 0) this.emitCall(['='], subs, scope, into);
      return;
    }
    this.emitCall(words, subs, scope, into, assigned);
    if (words[0] === 'cd') {
      const target = words[1];
      scope.dir = target === undefined || target.startsWith('$') ? scope.dir : joinDir(scope.dir, target);
    }
  }

  private emitCall(words: string[], subs: Substitution[], scope: Scope, into: RawCommand[], env: [string, string][] = []): void {
    // Commands inside substitutions run before the command that uses their output.
    for (const s of subs) for (const c of s.commands) this.emit(c, into);
    const cmd = rawCommand(words);
    if (env.length > 0) cmd.env = env;
    cmd.substitutions = subs;
    if (scope.dir !== undefined) cmd.dir = scope.dir;
    this.emit(cmd, into);
  }

  /** Commands inside any substitution found under `node` (expressions, loop words, tests). */
  private nestedIn(node: ShNode | undefined, scope: Scope, into: RawCommand[]): void {
    if (!node) return;
    const subs: Substitution[] = [];
    this.syntax.Walk(node, n => {
      if (!n) return true;
      const t = this.syntax.NodeType(n);
      if (t === 'CmdSubst' || t === 'ProcSubst') {
        subs.push({ word: -1, kind: 'command', commands: this.sub(asNodes(n['Stmts']), scope) });
        return false;
      }
      return true;
    });
    for (const s of subs) for (const c of s.commands) this.emit(c, into);
  }

  private sub(list: ShNode[], scope: Scope): RawCommand[] {
    const into: RawCommand[] = [];
    this.stmts(list, { vars: new Map(scope.vars), dir: scope.dir }, into);
    return into;
  }

  private procSubst(word: ShNode, scope: Scope): RawCommand[] | undefined {
    const parts = asNodes(word['Parts']);
    const first = parts[0];
    if (parts.length !== 1 || !first || this.syntax.NodeType(first) !== 'ProcSubst') return undefined;
    return this.sub(asNodes(first['Stmts']), scope);
  }

  private wordText(word: ShNode | undefined, scope: Scope, into: RawCommand[], subs: Substitution[] = []): string[] {
    if (!word) return [];
    const text = this.word(word, scope, subs, -1);
    for (const s of subs) for (const c of s.commands) this.emit(c, into);
    return text;
  }

  /** Resolves a word to one or more fields (an `$IFS` expansion splits it). */
  private word(word: ShNode, scope: Scope, subs: Substitution[], index: number): string[] {
    const text = this.parts(asNodes(word['Parts']), scope, subs, index, false);
    if (!text.includes(IFS_MARK)) return [text];
    return text.split(IFS_MARK).filter(f => f !== '');
  }

  private parts(parts: ShNode[], scope: Scope, subs: Substitution[], index: number, quoted: boolean): string {
    let text = '';
    for (const p of parts) {
      const t = this.syntax.NodeType(p);
      switch (t) {
        case 'Lit':
          text += quoted ? unescapeDouble(str(p['Value'])) : unescapeBare(str(p['Value']));
          break;
        case 'SglQuoted':
          text += p['Dollar'] === true ? decodeAnsiC(str(p['Value'])) : str(p['Value']);
          break;
        case 'DblQuoted':
          text += this.parts(asNodes(p['Parts']), scope, subs, index, true);
          break;
        case 'ParamExp':
          text += this.param(p, scope, quoted);
          break;
        case 'CmdSubst':
          subs.push({ word: index, kind: 'command', commands: this.sub(asNodes(p['Stmts']), scope) });
          text += '$(…)';
          break;
        case 'ProcSubst': {
          const kind = p['Op'] === this.ops.procOut ? 'process-out' : 'process-in';
          subs.push({ word: index, kind, commands: this.sub(asNodes(p['Stmts']), scope) });
          text += kind === 'process-in' ? '<(…)' : '>(…)';
          break;
        }
        case 'ArithmExp': {
          const inner: ShNode[] = [];
          this.syntax.Walk(p, n => {
            if (n && this.syntax.NodeType(n) === 'CmdSubst') {
              inner.push(n);
              return false;
            }
            return true;
          });
          for (const n of inner) subs.push({ word: index, kind: 'command', commands: this.sub(asNodes(n['Stmts']), scope) });
          text += '$((…))';
          break;
        }
        case 'ExtGlob':
          text += `@(${str(asNode(p['Pattern'])?.['Value'])})`;
          break;
        default:
          break;
      }
    }
    return text;
  }

  private param(p: ShNode, scope: Scope, quoted: boolean): string {
    const name = str(asNode(p['Param'])?.['Value']);
    const repl = asNode(p['Repl']);
    const slice = asNode(p['Slice']);
    const simple = p['Exp'] == null && p['Index'] == null && p['Length'] !== true;
    if (name === 'IFS' && simple && repl === undefined && slice === undefined && p['Excl'] !== true) return quoted ? ' ' : IFS_MARK;
    let value = simple ? scope.vars.get(name) : undefined;
    // `${!ref}`: the variable whose name `ref` holds.
    if (p['Excl'] === true) value = value === undefined ? undefined : scope.vars.get(value);
    if (value !== undefined && repl) value = this.replace(value, repl, scope);
    if (value !== undefined && slice) value = this.slice(value, slice);
    if (value === undefined) return `$${name}`;
    // An unquoted expansion is split into fields at whitespace.
    return quoted ? value : value.replace(/[ \t\n]+/g, IFS_MARK);
  }

  /** `${x/pat/with}` and `${x//pat/with}` with a literal pattern; undefined for globs. */
  private replace(value: string, repl: ShNode, scope: Scope): string | undefined {
    const constant = (w: ShNode | undefined): string | undefined => {
      if (!w) return '';
      const subs: Substitution[] = [];
      const text = this.parts(asNodes(w['Parts']), scope, subs, -1, true);
      return subs.length > 0 || /[$*?[\\]/.test(text) ? undefined : text;
    };
    const orig = constant(asNode(repl['Orig']));
    const by = constant(asNode(repl['With']));
    if (orig === undefined || by === undefined || orig === '') return undefined;
    return repl['All'] === true ? value.split(orig).join(by) : value.replace(orig, () => by);
  }

  /** `${x:offset}` and `${x:offset:length}` with literal numbers. */
  private slice(value: string, slice: ShNode): string | undefined {
    const num = (w: unknown): number | undefined => {
      const node = asNode(w);
      if (!node) return undefined;
      const parts = asNodes(node['Parts']);
      const lit = parts.length === 1 && parts[0] ? str(parts[0]['Value']) : str(node['Value']);
      return /^-?\d{1,6}$/.test(lit.trim()) ? Number(lit.trim()) : undefined;
    };
    const offset = num(slice['Offset']);
    if (offset === undefined) return undefined;
    const start = offset < 0 ? Math.max(0, value.length + offset) : offset;
    if (slice['Length'] == null) return value.slice(start);
    const length = num(slice['Length']);
    if (length === undefined) return undefined;
    return length < 0 ? value.slice(start, value.length + length) : value.slice(start, start + length);
  }
}

/** Unquoted backslash: escapes the next character; backslash-newline is a line continuation. */
function unescapeBare(s: string): string {
  return s.replace(/\\(\n|[\s\S])?/g, (_m, c: string | undefined) => (c === '\n' || c === undefined ? '' : c));
}

/** Inside double quotes a backslash only escapes $ ` " \ and newline. */
function unescapeDouble(s: string): string {
  return s.replace(/\\([$`"\\\n])/g, (_m, c: string) => (c === '\n' ? '' : c));
}

const ANSI_SIMPLE: Record<string, string> = {
  a: '\x07',
  b: '\b',
  e: '\x1b',
  E: '\x1b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
  "'": "'",
  '"': '"',
  '?': '?',
};

/** bash `$'…'` quoting: \xHH, \NNN octal, \uHHHH, \UHHHHHHHH, \cX and the letter escapes. */
export function decodeAnsiC(s: string): string {
  return s.replace(/\\(x[0-9A-Fa-f]{1,2}|u[0-9A-Fa-f]{1,4}|U[0-9A-Fa-f]{1,8}|[0-7]{1,3}|c.|[\s\S])/g, (_m, e: string) => {
    const head = e[0] ?? '';
    if (head === 'x' || head === 'u' || head === 'U') {
      const code = Number.parseInt(e.slice(1), 16);
      return code <= 0x10ffff ? String.fromCodePoint(code) : '';
    }
    if (/^[0-7]/.test(e)) return String.fromCharCode(Number.parseInt(e, 8) & 0xff);
    if (head === 'c' && e.length === 2) return String.fromCharCode(e.charCodeAt(1) & 0x1f);
    return ANSI_SIMPLE[e] ?? `\\${e}`;
  });
}
