/**
 * Per-file dataflow: function scopes and bindings, then a bounded, memoised taint query from any
 * expression back to its sources (network responses, RPC results, decoded strings, process.env,
 * file contents, host fingerprints) through variables, destructuring, object properties, awaits,
 * `.then`/event callbacks, promise executors, function parameters and returns, and the exports of
 * local modules (module summaries). It produces the `CodeFacts` the code rules read.
 */
import type { Location } from '../../core/types.ts';
import { LineIndex, textLine } from '../../core/line-index.ts';
import type { LineShift } from '../../core/line-index.ts';
import { parseJs } from '../../lang/js/parse.ts';
import { FUNCTION_TYPES, child, children, propName, pushChildren, strProp, unwrap, walkAst } from './ast.ts';
import type { Node } from './ast.ts';
import { ConstObject, Env, Evaluator, asText, decodeInvisible, dottedName, isProcessEnv } from './evaluate.ts';
import type { Const, EvalHost } from './evaluate.ts';
import { emptyFacts, hasKind as hasTaintKind, STAGE_STEP, UNKNOWN_PART } from './types.ts';
import { isRiskyRequest, isRiskySink } from './gate-risk.ts';
import type { CodeFacts, ExportSummary, GateFact, ModuleSummary, SinkFact, SinkKind, Step, Taint, TaintKind } from './types.ts';
import { pushAll } from '../../core/spread.ts';
import {
  credentialPathPattern,
  interpreterPattern,
  jsSinks,
  networkApis,
  notableStringPattern,
  secretCommandPattern,
  templateFiles,
  wrapperPattern,
} from '../../knowledge/index.ts';

export interface AnalyzeInput {
  path: string;
  text: string;
  program: Node;
  inNodeModules: boolean;
  /** Added to every line (inline scripts keep their HTML line numbers through blanking instead). */
  env: ReadonlyMap<string, string>;
  /** The summary of a local module imported with this specifier, if it resolves. */
  importSummary(specifier: string): { summary: ModuleSummary; file: string } | undefined;
  /** When `text` is a parse window: how its lines map to the file's. */
  lineShift?: LineShift;
  /** How many layers of recovered code this text sits in (0 for a file). */
  nesting?: number;
}

type Def =
  | { kind: 'init'; node: Node; path: string[]; scope: Scope }
  | { kind: 'assign'; node: Node; scope: Scope }
  | { kind: 'prop'; node: Node; scope: Scope; member?: true }
  | { kind: 'param'; fn: Node; index: number; path: string[]; scope: Scope }
  | { kind: 'fn'; node: Node; scope: Scope }
  | { kind: 'import'; source: string; imported: string; scope: Scope }
  | { kind: 'iter'; node: Node; path: string[]; scope: Scope };

interface Scope {
  parent: Scope | undefined;
  /** The function this scope is in (for a block, the function around it; undefined at top level). */
  fn: Node | undefined;
  names: Map<string, Def[]>;
}

/** A function's or a block's scope: `node` is what it covers (the function, block, loop, switch or catch clause). */
interface NestedScope extends Scope {
  node: Node;
  /** A block's scope holds `let`/`const`/`class` only; `var` and parameters live in the function's. */
  block: boolean;
}

interface CallInfo {
  node: Node;
  scope: Scope;
  loopDepth: number;
}

/** Walk stack markers: popping one leaves the scope or loop entered before its children. */
const EXIT_SCOPE: Node = { type: 'ExitScope', start: 0, end: 0 };
const EXIT_LOOP: Node = { type: 'ExitLoop', start: 0, end: 0 };

const MAX_TAINT_DEPTH = 120;
/** Methods that hand a value to a callback: a compiler passed to one runs that value. */
const CALLBACK_METHODS = new Set(['then', 'forEach', 'map', 'flatMap', 'on', 'once', 'addListener', 'prependListener']);
const EMITTER_METHODS = new Set(['on', 'once', 'addListener', 'prependListener']);
/** Array methods that hand their callback each element first. */
const ELEMENT_CALLBACKS = new Set(['forEach', 'map', 'flatMap', 'filter', 'some', 'every', 'find', 'findLast', 'findIndex']);
/** Schedulers that call their first argument later, and where the arguments they pass it start. */
const SCHEDULERS = new Map([
  ['setTimeout', 2],
  ['setInterval', 2],
  ['setImmediate', 1],
  ['process.nextTick', 1],
  ['timers.setTimeout', 2],
  ['timers.setInterval', 2],
  ['timers.setImmediate', 1],
]);

/** The compiler a name stands for, as a sink kind. */
function compilerKind(q: string | undefined): SinkKind | undefined {
  if (q === 'eval') return 'eval';
  if (q === 'Function' || q === 'AsyncFunction') return 'function';
  if (q !== undefined && /^vm\.(?:runInThisContext|runInNewContext|runInContext|compileFunction)$/.test(q)) return 'vm';
  return undefined;
}
/** Recovered code is analysed again up to this many layers deep, and up to this much text per file. */
const MAX_NESTING = 3;
const MAX_RECOVERED_CODE = 1 << 20;
/** Code a decoder would mostly be made of: a function with none of these is not run with loops. */
const DECODER_HINT =
  /charCodeAt|codePointAt|fromCharCode|fromCodePoint|\batob\b|Buffer|reverse\(|split\(|parseInt|decodeURI|unescape|\.shift\(|\.push\(|\^|>>|<</;
/** A recovered string that reads as code rather than data. */
const CODE_LIKE = /[;(){}=]/;
const MAX_TAINT_QUERIES = 300_000;
const MAX_STEPS = 10;

const GLOBAL_PREFIXES = new Set(['window', 'globalThis', 'global', 'self']);
/** A command line that runs a network client first or after a shell operator. */
const NETWORK_PROGRAM = /(?:^|[;&|(]\s*|\$\(\s*)(?:[\w./-]*\/)?(curl|wget|nc|ncat|scp|sftp|ftp|rsync|telnet)(?:\.exe)?\s/;

/** Extensions Node or a transpiler legitimately compiles as code. */
const CODE_EXTENSION = /^\.(?:[cm]?[jt]sx?|json|node|coffee|es6?|vue|svelte)$/i;

/** One of several candidate names: the notable one, or the only one. */
function pick(cands: (string | undefined)[]): string | undefined {
  let first: string | undefined;
  let same = true;
  for (const c of cands) {
    // `typeof globalThis !== 'undefined' ? globalThis : global`: one global object.
    const q = c !== undefined && GLOBAL_PREFIXES.has(c) ? 'globalThis' : c;
    if (q !== undefined && isNotable(q)) return q;
    if (first === undefined) first = q;
    else if (q !== first) same = false;
  }
  return same ? first : undefined;
}

/**
 * The sinks and sources by qualified name (data/knowledge/js-sinks.json): the loader's names,
 * Node's compiler table by extension, vm's compilers, decoders, file reads and writes, child_process
 * functions that run a shell or a program, host fingerprint reads.
 */
const {
  loaders: LOADERS,
  moduleCaches: MODULE_CACHES,
  extensionTables: EXTENSION_TABLES,
  vmCompilers: VM_COMPILERS,
  decoders: DECODERS,
  fileWrites: FS_WRITE,
  fileReads: FS_READ,
  processShell: CP_SHELL,
  processSpawn: CP_SPAWN,
  fingerprint: FINGERPRINT,
  passThrough: PASS_GLOBALS,
  notable: NOTABLE_NAMES,
  fileLinks: FS_PLACE,
} = jsSinks();
/**
 * Names worth keeping when an expression may be one of several things (`a ? x : y`, `x || y`, a
 * variable assigned twice): a loader, a compiler, a process or network module, or one of its members.
 */
const isNotable = (name: string): boolean => {
  for (let end = name.indexOf('.'); end !== -1; end = name.indexOf('.', end + 1)) if (NOTABLE_NAMES.has(name.slice(0, end))) return true;
  return NOTABLE_NAMES.has(name);
};
/**
 * A record of Node's module cache (`require.cache[file]`, an element of `module.children`) and the
 * module it holds (`record.exports`). A name ending in `[]` is a collection of what the name
 * before it is (`require.cache` is `module.cached[]`).
 */
const CACHED = 'module.cached';
const CACHED_EXPORTS = `${CACHED}.exports`;
const COLLECTION = '[]';
/** Array methods whose result is one element of the array, and those whose result is some of its elements. */
const PICK_ONE = /^(?:at|pop|shift|find|findLast)$/;
const PICK_SOME = /^(?:filter|slice|sort|reverse|concat|toSorted|toReversed|values)$/;

/**
 * A member of a module taken from the cache, named by the member: `execSync` is child_process's,
 * `runInThisContext` vm's, `request` https's (whichever of them was loaded, the call does that).
 */
function cachedMember(prop: string): string | undefined {
  if (CP_SHELL.has(prop) || CP_SPAWN.has(prop) || prop === 'fork') return `child_process.${prop}`;
  if (VM_COMPILERS.has(prop)) return `vm.${prop}`;
  if (NETWORK_CALLS.has(`https.${prop}`)) return `https.${prop}`;
  return undefined;
}

/** The network APIs (data/knowledge/network-apis.json). */
const {
  calls: NETWORK_CALLS,
  addressOnly: ADDRESS_ONLY,
  clientCall: CLIENT_CALL,
  sockets: NETWORK_NEW,
  rpc: RPC_NEW,
  objectSends: OBJECT_SENDS,
} = networkApis();
/** Network calls whose callback gets an error first and the answer second. */
const ERRBACK_NETWORK = /^(?:request(?:\.|$)|dns\.)/;
const SEND_METHODS = new Set(['post', 'put', 'patch']);
/** A file loaded as data, not code. */
const DATA_FILE = /\.(?:json|txt|dat|cfg|conf|csv|ya?ml)$/i;
/** A module specifier that names a data file: `require('./config.json')`. */
const DATA_MODULE = /^\.{1,2}\/.*\.(?:json|txt|dat|bin|cfg|conf|data)$/i;
/** Commands that print a credential (data/knowledge/secret-commands.json). */
const SECRET_COMMAND = secretCommandPattern();
/** Programs that run their arguments as code (data/knowledge/shell-tools.json). */
const INTERPRETER = interpreterPattern();
/** A package manager's or tool's subcommand (`add`, `install`, `run`): a word, not a flag or a path. */
const SUBCOMMAND = /^[a-z][a-z0-9:-]{0,30}$/;
/** Subcommands whose next argument is code or a package to run (`deno run URL`, `pnpm dlx PKG`, `npm create PKG`). */
const RUNS_ITS_ARGUMENT = /^(?:run|eval|exec|x|dlx|create|init|e)$/;
/** Node itself, as a running script names it. */
const SELF_NODE = new Set(['process.execPath', 'process.argv0']);
/** Interpreter flags whose argument is the program: `node -e`, `python -c`, `pwsh -Command`, `cmd /c`. */
const CODE_FLAG = /^(?:-e|-p|-pe|-c|--eval|--print|-command|-encodedcommand|-enc|\/c|\/k)$/i;
/** Interpreters that run the program their first argument names (`env node …`): no subcommand of their own. */
const WRAPPER = wrapperPattern();
/** Characters that end a shell word or start a substitution: data after one of them is a command. */
const SHELL_SYNTAX = /[;&|`$<>()\n]/;

/**
 * A shell command line (a skeleton, with `${…}` for the unknown parts) whose unknown parts only
 * complete arguments of a fixed program: `npm install --save-exact pkg@${…}`, `git checkout
 * --branch=${…}`. The data fills one argv slot of a program the repository chose, after a fixed
 * start, so it picks a value; it does not name the program, a whole argument (a package, a URL, a
 * script) or a new command. Interpreters and wrappers are never fixed programs: their arguments
 * are code or the program they run.
 */
export function fillsArgumentSlots(command: string): boolean {
  const words = command.trim().split(/\s+/);
  const program = words[0] ?? '';
  if (words.length < 2 || !/^[\w./-]+$/.test(program) || INTERPRETER.test(program) || WRAPPER.test(program)) return false;
  return words.slice(1).every(w => !w.includes(HOLE) || (!w.startsWith(HOLE) && !SHELL_SYNTAX.test(w.replaceAll(HOLE, ''))));
}
const HOLE = UNKNOWN_PART;
/** A plain (dotted) name: what `eval('require')` evaluates to. */
/** Interpreter flags that name the program to run: with one of them it does not read stdin. */
const STDIN_EXCLUDED = /^(?:-c|-e|-p|-m|--eval|--print|--command|-command|-file|-encodedcommand|\/c|\/k)$/i;
const NAME_EXPR = /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*$/;
/** npm lifecycle scripts that run on install. */
const LIFECYCLE_KEYS = new Set(['preinstall', 'install', 'postinstall', 'prepare']);
const MUTATORS = new Set(['append', 'set', 'push', 'unshift', 'add']);
const LITERAL_TYPES = new Set(['Literal', 'ArrayExpression', 'ObjectExpression', 'TemplateLiteral']);
const CODE_EXT = /\.(?:[cm]?[jt]sx?|json|node|wasm)$/i;
/** Template and markup files: compiling them into functions is what template engines do. */
const TEMPLATE_EXT = templateFiles().javascript;

/** The string literals the facts keep (data/knowledge/notable-strings.json and the stores and ids). */
export const INTERESTING_STRING = notableStringPattern();

function normModule(name: string): string {
  let m = name.startsWith('node:') ? name.slice(5) : name;
  if (m === 'fs/promises') m = 'fs';
  if (m === 'fs-extra' || m === 'graceful-fs') m = m === 'graceful-fs' ? 'fs' : m;
  return m;
}

function normQualified(q: string): string {
  let out = q;
  const dot = out.indexOf('.');
  if (dot !== -1 && GLOBAL_PREFIXES.has(out.slice(0, dot))) out = out.slice(dot + 1);
  if (out.startsWith('fs.promises.')) out = 'fs.' + out.slice('fs.promises.'.length);
  else if (out.startsWith('dns.promises.')) out = 'dns.' + out.slice('dns.promises.'.length);
  else if (out.startsWith('process.mainModule.constructor.')) out = 'module.' + out.slice('process.mainModule.constructor.'.length);
  else if (out.startsWith('module.constructor.')) out = 'module.' + out.slice('module.constructor.'.length);
  else if (out.startsWith('require.main.constructor.')) out = 'module.' + out.slice('require.main.constructor.'.length);
  return out;
}

/** The part of a qualified name before its first dot. */
function head(q: string): string {
  const dot = q.indexOf('.');
  return dot === -1 ? q : q.slice(0, dot);
}

/** The part of a qualified name after its last dot. */
function tail(q: string): string {
  return q.slice(q.lastIndexOf('.') + 1);
}

/** Appends the items of `from` missing from `to`, until `to` holds `max`. */
function addUnique<T>(to: T[], from: readonly T[], max: number): void {
  for (const x of from) {
    if (to.length >= max) return;
    if (!to.includes(x)) to.push(x);
  }
}

export function mergeTaint(a: Taint | undefined, b: Taint | undefined): Taint | undefined {
  if (!a) return b;
  if (!b) return a;
  const kinds: TaintKind[] = [];
  addUnique(kinds, a.kinds, Infinity);
  addUnique(kinds, b.kinds, Infinity);
  const steps = [...a.steps];
  for (const s of b.steps) {
    if (steps.length >= MAX_STEPS) break;
    if (!steps.some(x => x.label === s.label && x.loc.line === s.loc.line)) steps.push(s);
  }
  const values: string[] = [];
  addUnique(values, a.values, 6);
  addUnique(values, b.values, 6);
  const params: string[] = [];
  addUnique(params, a.params, 20);
  addUnique(params, b.params, 20);
  return { kinds, steps, values, params };
}

export function withStep(t: Taint | undefined, kind: TaintKind | undefined, step: Step, value?: string): Taint {
  const base: Taint = t
    ? { kinds: [...t.kinds], steps: [...t.steps], values: [...t.values], params: [...t.params] }
    : { kinds: [], steps: [], values: [], params: [] };
  if (kind && !base.kinds.includes(kind)) base.kinds.push(kind);
  if (base.steps.length < MAX_STEPS && !base.steps.some(s => s.label === step.label && s.loc.line === step.loc.line)) base.steps.push(step);
  if (value !== undefined && !base.values.includes(value) && base.values.length < 6) base.values.push(value.slice(0, 300));
  return base;
}

function short(s: string, n = 200): string {
  return s.length > n ? s.slice(0, n) + '…' : s;
}

/** A loop head that declares with `let`/`const`. */
function lexical(head: Node | undefined): boolean {
  return head?.type === 'VariableDeclaration' && head['kind'] !== 'var';
}

/** A statement that declares a block-scoped name. */
function declaresLexically(stmt: Node): boolean {
  return lexical(stmt) || stmt.type === 'ClassDeclaration';
}

export class FileAnalyzer implements EvalHost {
  private readonly lines: LineIndex;
  private readonly root: Scope = { parent: undefined, fn: undefined, names: new Map() };
  /** Function and block scopes in source order: an identifier's scope is the innermost one around it. */
  private readonly scopes: NestedScope[] = [];
  /** Function bodies: their declarations share the function's scope with its parameters. */
  private readonly fnBodies = new Set<Node>();
  /** Declarators of `var` statements, which belong to the function rather than the block. */
  private readonly varDeclarators = new Set<Node>();
  /** Identifiers whose scope is not the innermost function around them (function declaration names). */
  private readonly declaredIn = new Map<Node, Scope>();
  /** The walk's position: the scope and the number of loops around the node being entered. */
  private walkScope: Scope;
  private walkLoops = 0;
  /** Assignments, bound once the walk has seen every declaration. */
  private readonly pendingAssign: { scope: Scope; name: string; def: Def }[] = [];
  private readonly qualified = new Map<Node, Map<number, string | undefined>>();
  private readonly returns = new Map<Node, Node[]>();
  private readonly callbacks = new Map<Node, { call: Node; index: number }[]>();
  private readonly calls: CallInfo[] = [];
  /** Direct calls of each function by a name bound to it, grouped by binding. */
  private readonly callSites = new Map<Node, Node[]>();
  private readonly taintMemo = new Map<Node, Taint | null>();
  private readonly inProgress = new Set<Node>();
  private readonly evaluator: Evaluator;
  private readonly facts: CodeFacts;
  private readonly exportNodes = new Map<string, Node>();
  private readonly gateCandidates: { node: Node; scope: Scope; kind: 'if' | 'debugger' | 'delay'; loopDepth: number }[] = [];
  private queries = 0;
  /** Solved obfuscator string arrays: decoder function, index offset, strings in run-time order. */
  private readonly tables: { decoder: Node; offset: number; strings: string[] }[] = [];
  private readonly rotationCalls: Node[] = [];
  /** String arrays rotated in place before use, by the initialiser they are declared with. */
  private readonly rotated = new Map<Node, string[]>();
  private readonly computedKeys = new Map<string, Node>();
  private readonly decoderLike = new Map<Node, boolean>();
  /** The class each method belongs to, and whether it is static. */
  private readonly methodClass = new Map<Node, { cls: Node; isStatic: boolean }>();
  /** Modules whose exports this one passes on: all of them, or some under new names (exported → imported). */
  private readonly reexports: { source: string; names: Map<string, string> | undefined }[] = [];
  /** Calls of a function's own parameter, by `${fn.start}:${index}`: how a helper calls the callback it is given. */
  private readonly paramCalls = new Map<string, Node[]>();
  /** Requests that send a function's parameter: what a helper uploads for its caller. */
  /**
   * Loads of a path (`require('./x.node')`, `import('/tmp/m.mjs')`, `process.dlopen(m, file)`), matched
   * with the files this file writes once every call is seen; `computed`: a sink even when nothing here writes it.
   */
  private readonly pathLoads: {
    callee: string;
    call: Node;
    arg: Node;
    path: string | undefined;
    scope: Scope;
    computed?: Partial<SinkFact>;
  }[] = [];
  private readonly paramRequests: { fact: CodeFacts['requests'][number]; params: string[] }[] = [];
  /** Writes into `require.extensions` / `Module._extensions`, resolved after the walk. */
  private readonly extensionWrites: { left: Node; right: Node }[] = [];
  /** Functions registered as the compiler of a data-file extension, by the extension. */
  private readonly extensionHooks = new Map<Node, string>();
  /** Data-file extensions handed Node's own JavaScript compiler (`_extensions['.dat'] = _extensions['.js']`). */
  private readonly jsExtensions = new Set<string>();
  private recoveredBytes = 0;
  /** `this.x = v` written in a class's methods, by class: what its instances (or itself, when static) hold. */
  private readonly thisWrites: { thisNode: Node; prop: string; right: Node }[] = [];
  private readonly classFields = new Map<Node, Map<string, Node>>();
  /** `obj.x = v`: checked against setters once every class is known. */
  private readonly memberWrites: { left: Node; right: Node }[] = [];
  /** `try { … } catch`: each catch clause's try block. */
  private readonly tryBlocks = new Map<Node, Node>();
  /** `throw value`, with the function it is thrown in. */
  private readonly thrown: { value: Node; fn: Node | undefined }[] = [];
  /** Properties given by `Object.defineProperty` and kin, by the binding of the object. */
  private readonly definedProps = new Map<Def, Map<string, Node>>();
  /** Members written into a plain object after its literal (`obj.k = v`), by the binding of the object. */
  private readonly writtenMembers = new Map<Def, Map<string, Node>>();
  /** Methods and accessors of plain objects: `this` inside them is the object (a literal or a name). */
  private readonly methodObject = new Map<Node, Node>();
  /** Tagged templates, as the calls they are: the tag called with the strings and each value. */
  private readonly tagged = new Map<Node, Node>();
  /** `with (obj) { … }`: bare names inside may be members of obj. */
  private readonly withs: { object: Node; body: Node }[] = [];

  constructor(private readonly input: AnalyzeInput) {
    this.lines = new LineIndex(input.text, input.lineShift);
    this.walkScope = this.root;
    this.evaluator = new Evaluator(this);
    this.facts = emptyFacts(input.path, input.inNodeModules, 'ast');
  }

  loc(offset: number): Location {
    const p = this.lines.position(offset);
    return { file: this.input.path, line: p.line, column: p.column };
  }

  // ---- EvalHost ----
  binding(id: Node): Node | undefined {
    const defs = this.defsOf(id);
    if (defs?.length !== 1) return undefined;
    const d = defs[0];
    // A callback's element parameter, when the array it is handed holds one value: `[cmd].forEach(c => …)`.
    if (d?.kind === 'param' && d.path.length === 0 && (this.callSites.get(d.fn) ?? []).length === 0) {
      const els = this.callbackElements(d.fn, d.index);
      return els.length === 1 && els[0] !== undefined && !FUNCTION_TYPES.has(unwrap(els[0]).type) ? els[0] : undefined;
    }
    if (d?.kind !== 'init' || d.path.length > 0) return undefined;
    const init = unwrap(d.node);
    return FUNCTION_TYPES.has(init.type) ? undefined : d.node;
  }

  fn(id: Node, depth = 0): Node | undefined {
    const defs = this.defsOf(id);
    const d = defs?.find(x => x.kind === 'fn') ?? (defs?.length === 1 ? defs[0] : undefined);
    if (d?.kind === 'fn') return d.node;
    if (d?.kind === 'init' && d.path.length === 0) {
      const init = unwrap(d.node);
      if (FUNCTION_TYPES.has(init.type)) return init;
      // `const dec = _0x2c9b`: an alias of another function.
      if (init.type === 'Identifier' && depth < 8) return this.fn(init, depth + 1);
    }
    return undefined;
  }

  solved(id: Node): Const | undefined {
    if (this.rotated.size === 0) return undefined;
    const b = this.binding(id);
    // A copy: the code interpreted may rotate or splice what it reads.
    return b ? this.rotated.get(b)?.slice() : undefined;
  }

  stringTable(callee: Node): { offset: number; strings: string[] } | undefined {
    if (this.tables.length === 0) return undefined;
    const fn = this.fn(callee);
    return fn ? this.tables.find(t => t.decoder === fn) : undefined;
  }

  env(name: string): string | undefined {
    return this.input.env.get(name);
  }

  imported(id: Node, prop?: string): Const | undefined {
    const ex = this.importedExport(id, prop);
    return ex?.summary.value;
  }

  // ---- scopes ----
  private lookup(scope: Scope | undefined, name: string): Def[] | undefined {
    for (let s = scope; s; s = s.parent) {
      const d = s.names.get(name);
      if (d) return d;
    }
    return undefined;
  }

  private defsOf(id: Node): Def[] | undefined {
    const name = strProp(id, 'name');
    if (name === undefined) return undefined;
    return this.lookup(this.scopeAt(id), name);
  }

  private scopeAt(id: Node): Scope {
    const declared = this.declaredIn.get(id);
    if (declared) return declared;
    const list = this.scopes;
    let lo = 0;
    let hi = list.length - 1;
    let last = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if ((list[mid] as NestedScope).node.start <= id.start) {
        last = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    for (let s: Scope | undefined = list[last]; s && s !== this.root; s = s.parent) {
      const { node } = s as NestedScope;
      if (node.start <= id.start && id.end <= node.end) return s;
    }
    return this.root;
  }

  private declare(scope: Scope, name: string, def: Def): void {
    const list = scope.names.get(name);
    if (list) {
      if (list.length < 64) list.push(def);
    } else scope.names.set(name, [def]);
  }

  private declarePattern(scope: Scope, pattern: Node, make: (path: string[]) => Def, path: string[] = [], depth = 0): void {
    if (depth > 20) return;
    const p = unwrap(pattern);
    switch (p.type) {
      case 'Identifier':
        this.declare(scope, strProp(p, 'name') ?? '', make(path));
        return;
      case 'ObjectPattern':
        for (const prop of children(p, 'properties')) {
          if (prop.type === 'RestElement') {
            const arg = child(prop, 'argument');
            if (arg) this.declarePattern(scope, arg, make, path, depth + 1);
            continue;
          }
          const key = child(prop, 'key');
          const k = !key ? '?' : prop['computed'] === true ? this.computedKey(key) : (strProp(key, 'name') ?? String(key['value']));
          const value = child(prop, 'value');
          if (value) this.declarePattern(scope, value, make, [...path, k], depth + 1);
        }
        return;
      case 'ArrayPattern':
        (p['elements'] as unknown[]).forEach((el, i) => {
          if (el && typeof el === 'object') this.declarePattern(scope, el as Node, make, [...path, String(i)], depth + 1);
        });
        return;
      case 'AssignmentPattern': {
        const left = child(p, 'left');
        if (left) this.declarePattern(scope, left, make, path, depth + 1);
        return;
      }
      case 'RestElement': {
        const arg = child(p, 'argument');
        if (arg) this.declarePattern(scope, arg, make, path, depth + 1);
        return;
      }
      default:
        return;
    }
  }

  /** A computed destructuring key (`const { [name]: run } = m`), resolved when a name is asked for. */
  private computedKey(key: Node): string {
    const tag = `[${key.start}]`;
    this.computedKeys.set(tag, key);
    return tag;
  }

  /** The property names of a destructuring path, with computed keys evaluated; undefined if one is unknown. */
  private pathNames(path: readonly string[]): string[] | undefined {
    const out: string[] = [];
    for (const k of path) {
      const key = k.startsWith('[') ? this.computedKeys.get(k) : undefined;
      if (!key) {
        if (k === '?' || k.startsWith('[')) return undefined;
        out.push(k);
        continue;
      }
      const v = this.evaluator.string(key)?.value;
      if (v === undefined) return undefined;
      out.push(v);
    }
    return out;
  }

  /**
   * Builds scopes, bindings, call lists and export lists in one walk. The loop stays small and each
   * kind of node has its own method, so V8 optimises them quickly and separately on a cold start.
   */
  private collect(): void {
    const work: Node[] = [this.input.program];
    while (work.length > 0) {
      const node = work.pop() as Node;
      if (node === EXIT_SCOPE) this.walkScope = this.walkScope.parent ?? this.root;
      else if (node === EXIT_LOOP) this.walkLoops--;
      else {
        this.enter(node, work);
        pushChildren(node, work);
      }
    }
    this.link();
  }

  private enter(node: Node, work: Node[]): void {
    const scope = this.walkScope;
    switch (node.type) {
      case 'FunctionDeclaration':
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
        this.walkScope = this.enterFunction(node, scope);
        work.push(EXIT_SCOPE);
        break;
      case 'VariableDeclaration':
        if (node['kind'] === 'var') for (const d of children(node, 'declarations')) this.varDeclarators.add(d);
        break;
      case 'VariableDeclarator':
        this.enterDeclarator(node, this.varDeclarators.has(node) ? this.functionScope(scope) : scope);
        break;
      case 'ForOfStatement':
      case 'ForInStatement': {
        this.walkLoops++;
        work.push(EXIT_LOOP);
        const lex = lexical(child(node, 'left'));
        const own = this.enterBlock(node, scope, work, lex);
        this.enterForIn(node, lex ? own : this.functionScope(scope));
        break;
      }
      case 'ForStatement':
        this.walkLoops++;
        work.push(EXIT_LOOP);
        this.enterBlock(node, scope, work, lexical(child(node, 'init')));
        break;
      case 'WhileStatement':
      case 'DoWhileStatement':
        this.walkLoops++;
        work.push(EXIT_LOOP);
        break;
      case 'BlockStatement':
      case 'StaticBlock':
        if (!this.fnBodies.has(node)) this.enterBlock(node, scope, work, children(node, 'body').some(declaresLexically));
        break;
      case 'SwitchStatement':
        this.enterBlock(
          node,
          scope,
          work,
          children(node, 'cases').some(c => children(c, 'consequent').some(declaresLexically)),
        );
        break;
      case 'TryStatement': {
        const handler = child(node, 'handler');
        const block = child(node, 'block');
        if (handler && block) this.tryBlocks.set(handler, block);
        break;
      }
      case 'ThrowStatement': {
        const arg = child(node, 'argument');
        if (arg && this.thrown.length < 500) this.thrown.push({ value: arg, fn: scope.fn });
        break;
      }
      case 'CatchClause': {
        const own = this.enterBlock(node, scope, work, true);
        const p = child(node, 'param');
        // The caught value: what the try block throws, itself or through the functions it calls.
        const caught: Node = { type: 'CaughtValue', start: node.start, end: node.end, clause: node };
        if (p) this.declarePattern(own, p, path => ({ kind: 'init', node: caught, path, scope: own }));
        break;
      }
      case 'ClassDeclaration': {
        const id = child(node, 'id');
        if (id) this.declare(scope, strProp(id, 'name') ?? '', { kind: 'prop', node, scope });
        this.noteClass(node);
        break;
      }
      case 'ClassExpression':
        this.noteClass(node);
        break;
      case 'ImportDeclaration':
        this.enterImport(node);
        break;
      case 'AssignmentExpression':
        this.enterAssignment(node, scope);
        break;
      case 'ReturnStatement': {
        const fn = scope.fn;
        const arg = child(node, 'argument');
        if (fn && arg) this.returns.get(fn)?.push(arg);
        break;
      }
      case 'YieldExpression': {
        // What a generator yields is what its consumer gets: `for (const f of gen()) f(code)`,
        // `gen().next().value(code)`. (`yield*` hands on another iterable's values.)
        const fn = scope.fn;
        const arg = child(node, 'argument');
        if (fn && arg) this.returns.get(fn)?.push(arg);
        break;
      }
      case 'CallExpression':
      case 'NewExpression':
      case 'ImportExpression':
        this.enterCall(node, scope);
        break;
      case 'TaggedTemplateExpression': {
        const tag = child(node, 'tag');
        const quasi = child(node, 'quasi');
        if (!tag || !quasi) break;
        const call: Node = {
          type: 'CallExpression',
          start: node.start,
          end: node.end,
          callee: tag,
          arguments: [quasi, ...children(quasi, 'expressions')],
        };
        this.tagged.set(node, call);
        this.enterCall(call, scope);
        break;
      }
      case 'WithStatement': {
        const object = child(node, 'object');
        const body = child(node, 'body');
        if (object && body && this.withs.length < 20) this.withs.push({ object, body });
        break;
      }
      case 'IfStatement':
      case 'ConditionalExpression':
        this.gateCandidates.push({ node, scope, kind: 'if', loopDepth: this.walkLoops });
        break;
      case 'DebuggerStatement':
        this.gateCandidates.push({ node, scope, kind: 'debugger', loopDepth: this.walkLoops });
        break;
      case 'ExportNamedDeclaration':
        this.noteEsmExport(node);
        break;
      case 'ExportAllDeclaration': {
        const src = child(node, 'source');
        const exported = child(node, 'exported');
        // `export * as ns from` names one object, not the module's members.
        if (src && typeof src['value'] === 'string' && !exported && this.reexports.length < 50)
          this.reexports.push({ source: src['value'], names: undefined });
        break;
      }
      case 'ExportDefaultDeclaration': {
        const d = child(node, 'declaration');
        if (d) this.exportNodes.set('default', d);
        // `export default { run: vm.runInThisContext }`: its members, as `module.exports = {…}` gives them.
        if (d?.type === 'ObjectExpression') this.noteExportAssignment({ type: 'Ident', start: 0, end: 0 }, d, true);
        break;
      }
      case 'TSImportEqualsDeclaration': {
        // `import vm = require('vm')`.
        const id = child(node, 'id');
        const ref = child(node, 'moduleReference');
        const src = ref?.type === 'TSExternalModuleReference' ? child(ref, 'expression') : undefined;
        if (id && typeof src?.['value'] === 'string')
          this.declare(scope, strProp(id, 'name') ?? '', { kind: 'import', source: src['value'], imported: 'default', scope });
        break;
      }
      case 'Literal':
        if (typeof node['value'] === 'string') this.noteString(node['value'], node.start, false);
        break;
      case 'TemplateElement': {
        const v = node['value'] as { cooked?: unknown } | undefined;
        if (typeof v?.cooked === 'string') this.noteString(v.cooked, node.start, false);
        break;
      }
      case 'ObjectExpression':
        for (const p of children(node, 'properties')) {
          const v = p.type === 'Property' ? child(p, 'value') : undefined;
          if (v?.type === 'FunctionExpression') this.methodObject.set(v, node);
        }
        break;
      case 'Property': {
        const key = child(node, 'key');
        const k = key && node['computed'] !== true ? (strProp(key, 'name') ?? key['value']) : undefined;
        if (typeof k === 'string' && LIFECYCLE_KEYS.has(k) && this.facts.lifecycleEdits.length < 20)
          this.facts.lifecycleEdits.push(this.loc(node.start));
        break;
      }
      case 'MemberExpression': {
        const obj = child(node, 'object');
        if (obj && isProcessEnv(obj)) {
          const name = propName(node);
          if (name && this.facts.envReads.length < 200) this.facts.envReads.push({ name, loc: this.loc(node.start) });
        }
        break;
      }
      default:
        break;
    }
  }

  /** Each method of a class, so that `this` inside it names the class or its instances. */
  private noteClass(node: Node): void {
    for (const m of children(child(node, 'body') ?? node, 'body')) {
      const value = m.type === 'MethodDefinition' ? child(m, 'value') : undefined;
      if (value) this.methodClass.set(value, { cls: node, isStatic: m['static'] === true });
    }
  }

  /** The scope `var` declarations of code in `scope` belong to: the function's, or the top level. */
  private functionScope(scope: Scope): Scope {
    let s = scope;
    while ((s as Partial<NestedScope>).block === true && s.parent) s = s.parent;
    return s;
  }

  /**
   * Opens a block's scope when it declares something lexically (`let`, `const`, `class`, a loop
   * head, a catch parameter); blocks that declare nothing share the scope around them.
   */
  private enterBlock(node: Node, scope: Scope, work: Node[], declares: boolean): Scope {
    if (!declares) return scope;
    const own: NestedScope = { parent: scope, fn: scope.fn, names: new Map(), node, block: true };
    this.scopes.push(own);
    this.walkScope = own;
    work.push(EXIT_SCOPE);
    return own;
  }

  /** Declares a function (and its parameters); returns the function's own scope. */
  private enterFunction(node: Node, scope: Scope): Scope {
    const id = child(node, 'id');
    if (node.type === 'FunctionDeclaration' && id) {
      // Hoisted to the function around it, as sloppy-mode code sees a function declared in a block.
      const at = this.functionScope(scope);
      this.declare(at, strProp(id, 'name') ?? '', { kind: 'fn', node, scope: at });
      this.declaredIn.set(id, at);
    }
    const own: NestedScope = { parent: scope, fn: node, names: new Map(), node, block: false };
    if (node.type === 'FunctionExpression' && id) this.declare(own, strProp(id, 'name') ?? '', { kind: 'fn', node, scope: own });
    children(node, 'params').forEach((p, index) => {
      this.declarePattern(own, p, path => ({ kind: 'param', fn: node, index, path, scope: own }));
    });
    this.scopes.push(own);
    const body = child(node, 'body');
    if (body?.type === 'BlockStatement') this.fnBodies.add(body);
    this.returns.set(node, node.type === 'ArrowFunctionExpression' && body && body.type !== 'BlockStatement' ? [body] : []);
    return own;
  }

  private enterDeclarator(node: Node, scope: Scope): void {
    const id = child(node, 'id');
    const init = child(node, 'init');
    if (id && init) this.declarePattern(scope, id, path => ({ kind: 'init', node: init, path, scope }));
    else if (id) this.declarePattern(scope, id, path => ({ kind: 'prop', node: id, path, scope }) as Def);
  }

  private enterForIn(node: Node, scope: Scope): void {
    const left = child(node, 'left');
    const right = child(node, 'right');
    if (left?.type === 'VariableDeclaration' && right) {
      for (const d of children(left, 'declarations')) {
        const id = child(d, 'id');
        if (id) this.declarePattern(scope, id, path => ({ kind: 'iter', node: right, path, scope }));
      }
    }
  }

  private enterImport(node: Node): void {
    const src = child(node, 'source');
    const source = src && typeof src['value'] === 'string' ? src['value'] : '';
    for (const s of children(node, 'specifiers')) {
      const local = child(s, 'local');
      if (!local) continue;
      const importedNode = child(s, 'imported');
      const imported =
        s.type === 'ImportDefaultSpecifier'
          ? 'default'
          : s.type === 'ImportNamespaceSpecifier'
            ? '*'
            : importedNode
              ? (strProp(importedNode, 'name') ?? String(importedNode['value']))
              : 'default';
      this.declare(this.root, strProp(local, 'name') ?? '', { kind: 'import', source, imported, scope: this.root });
    }
  }

  private enterAssignment(node: Node, scope: Scope): void {
    const left = unwrap(child(node, 'left') ?? node);
    const right = child(node, 'right');
    if (!right) return;
    if (left.type === 'Identifier') {
      this.pendingAssign.push({ scope, name: strProp(left, 'name') ?? '', def: { kind: 'assign', node: right, scope } });
    } else if (left.type === 'MemberExpression') {
      this.noteExportAssignment(left, right);
      const lo = unwrap(child(left, 'object') ?? left);
      const lp = propName(left);
      if (lo.type === 'ThisExpression' && lp !== undefined && this.thisWrites.length < 500)
        this.thisWrites.push({ thisNode: lo, prop: lp, right });
      else if (lp !== undefined && this.memberWrites.length < 500) this.memberWrites.push({ left, right });
      if (
        left['computed'] === true &&
        /extensions/.test(dottedName(child(left, 'object') ?? left) ?? '') &&
        this.extensionWrites.length < 20
      )
        this.extensionWrites.push({ left, right });
      if (LIFECYCLE_KEYS.has(propName(left) ?? '') && this.facts.lifecycleEdits.length < 20)
        this.facts.lifecycleEdits.push(this.loc(node.start));
      // obj.prop = tainted → the object carries it.
      let base = unwrap(child(left, 'object') ?? left);
      for (let i = 0; i < 20 && base.type === 'MemberExpression'; i++) base = unwrap(child(base, 'object') ?? base);
      if (base.type === 'Identifier' && strProp(base, 'name') !== 'module' && strProp(base, 'name') !== 'exports') {
        this.pendingAssign.push({ scope, name: strProp(base, 'name') ?? '', def: { kind: 'prop', node: right, scope, member: true } });
      }
    } else if (left.type === 'ObjectPattern' || left.type === 'ArrayPattern') {
      this.declarePattern(scope, left, path => ({ kind: 'init', node: right, path, scope }));
    }
  }

  private enterCall(node: Node, scope: Scope): void {
    this.calls.push({ node, scope, loopDepth: this.walkLoops });
    // Filling a container keeps its identity and carries the data: `form.append('f', blob)`.
    const cal = child(node, 'callee');
    const cu = cal ? unwrap(cal) : undefined;
    if (cu?.type === 'MemberExpression' && MUTATORS.has(propName(cu) ?? '')) {
      const obj = unwrap(child(cu, 'object') ?? cu);
      const value = children(node, 'arguments').at(-1);
      if (obj.type === 'Identifier' && value)
        this.pendingAssign.push({ scope, name: strProp(obj, 'name') ?? '', def: { kind: 'prop', node: value, scope, member: true } });
    }
    // Functions written as arguments are callbacks of the call: `x.then(r => …)`.
    const args = node['arguments'];
    if (Array.isArray(args)) {
      for (let i = 0; i < args.length; i++) {
        const a = args[i] as Node;
        if (FUNCTION_TYPES.has(a.type)) this.addCallback(a, node, i);
      }
    }
    const callee = child(node, 'callee');
    if (
      node.type === 'CallExpression' &&
      callee &&
      FUNCTION_TYPES.has(unwrap(callee).type) &&
      children(node, 'arguments').length === 2 &&
      this.rotationCalls.length < 5
    ) {
      const body = this.input.text.slice(node.start, Math.min(node.end, node.start + 4000));
      if (/push/.test(body) && /shift/.test(body)) this.rotationCalls.push(node);
    }
  }

  /** The one definition a name has besides the members written into it. */
  private ownDef(id: Node): Def | undefined {
    const own = this.defsOf(id)?.filter(d => d.kind !== 'prop');
    return own?.length === 1 ? own[0] : undefined;
  }

  /**
   * Members written into plain objects after their literal (`obj.k = v`), so that reading `obj.k`
   * finds the value, and `this` in a function written there is `obj`.
   */
  private linkWrittenMembers(): void {
    for (const w of this.memberWrites) {
      const o = unwrap(child(w.left, 'object') ?? w.left);
      const key = propName(w.left);
      const d = o.type === 'Identifier' ? this.ownDef(o) : undefined;
      if (!d || key === undefined) continue;
      let members = this.writtenMembers.get(d);
      if (!members) this.writtenMembers.set(d, (members = new Map<string, Node>()));
      if (!members.has(key)) members.set(key, w.right);
      const fn = unwrap(w.right);
      if (fn.type === 'FunctionExpression') this.methodObject.set(fn, o);
    }
  }

  /** After the walk: assignments to their bindings, named callbacks, call sites by function. */
  private link(): void {
    // Stable: a loop or catch clause and the block it holds may start at the same offset.
    this.scopes.sort((a, b) => a.node.start - b.node.start);
    for (const a of this.pendingAssign) {
      let target: Scope = this.root;
      for (let s: Scope | undefined = a.scope; s; s = s.parent) {
        if (s.names.has(a.name)) {
          target = s;
          break;
        }
      }
      this.declare(target, a.name, a.def);
    }
    for (const w of this.thisWrites) {
      const m = this.methodOf(w.thisNode);
      if (!m) continue;
      const key = `${m.isStatic}:${w.prop}`;
      let fields = this.classFields.get(m.cls);
      if (!fields) this.classFields.set(m.cls, (fields = new Map<string, Node>()));
      if (!fields.has(key)) fields.set(key, w.right);
    }
    this.linkWrittenMembers();
    const addSite = (fn: Node, call: Node): void => {
      const sites = this.callSites.get(fn);
      if (!sites) this.callSites.set(fn, [call]);
      else if (sites.length < 200) sites.push(call);
    };
    // `obj.code = text` runs a setter `set code(c)` with c = text.
    for (const w of this.memberWrites) {
      const setter = this.accessorOf(child(w.left, 'object'), propName(w.left) ?? '', 'set');
      if (setter) addSite(setter, { type: 'CallExpression', start: w.left.start, end: w.right.end, callee: w.left, arguments: [w.right] });
    }
    for (const c of this.calls) if (c.node.type === 'CallExpression') this.noteDefinedProps(c.node);
    const callsByCallee = new Map<Def, Node[]>();
    for (const c of this.calls) {
      // `new C(x)` and `super(x)` call a constructor; `p(x)` of a Proxy calls its apply trap.
      const ce = unwrap(child(c.node, 'callee') ?? c.node);
      if (c.node.type === 'NewExpression') {
        const ctor = this.constructorOf(this.classOf(ce));
        if (ctor) addSite(ctor, c.node);
      } else if (ce.type === 'Super') {
        const m = this.methodOf(ce);
        const ctor = m ? this.constructorOf(this.classOf(child(m.cls, 'superClass'))) : undefined;
        if (ctor) addSite(ctor, c.node);
      } else if (ce.type === 'Identifier') {
        const trap = this.proxyTrap(ce, 'apply');
        const args = children(c.node, 'arguments');
        if (trap)
          addSite(trap, {
            type: 'CallExpression',
            start: c.node.start,
            end: c.node.end,
            callee: ce,
            arguments: [ce, ce, { type: 'ArrayExpression', start: c.node.start, end: c.node.end, elements: args }],
          });
      }
      // Named functions passed as callbacks: `load().then(run)`.
      const args = children(c.node, 'arguments');
      for (let index = 0; index < args.length; index++) {
        const a = unwrap(args[index] as Node);
        const fn = a.type === 'Identifier' ? this.fn(a) : undefined;
        if (fn) this.addCallback(fn, c.node, index);
      }
      const callee = child(c.node, 'callee');
      if (callee && unwrap(callee).type === 'Identifier') {
        const defs = this.defsOf(unwrap(callee));
        const d = defs?.length === 1 ? defs[0] : undefined;
        if (d?.kind === 'param' && d.path.length === 0) {
          const key = `${d.fn.start}:${d.index}`;
          const list = this.paramCalls.get(key);
          if (!list) this.paramCalls.set(key, [c.node]);
          else if (list.length < 50) list.push(c.node);
        }
        if (d) {
          const list = callsByCallee.get(d) ?? [];
          if (list.length < 200) list.push(c.node);
          callsByCallee.set(d, list);
        }
      } else if (callee && unwrap(callee).type === 'MemberExpression') {
        // A method: `const h = { run(c) { … } }; h.run(code)`, `new Runner().run(code)`, `exports.run(code)`.
        const fn = this.fnOfCallee(callee);
        if (fn) {
          const sites = this.callSites.get(fn);
          if (!sites) this.callSites.set(fn, [c.node]);
          else if (sites.length < 200) sites.push(c.node);
        }
      }
    }
    for (const [def, calls] of callsByCallee) {
      const fn = def.kind === 'fn' ? def.node : def.kind === 'init' && def.path.length === 0 ? unwrap(def.node) : undefined;
      if (!fn) continue;
      const sites = this.callSites.get(fn);
      if (sites) pushAll(sites, calls);
      else this.callSites.set(fn, [...calls]);
    }
  }

  /**
   * javascript-obfuscator's rotated string array: `(function (getArr, target) { ... while (true) {
   * try { if (checksum === target) break; else arr.push(arr.shift()); } ... } })(getArr, 0x…)`.
   * Instead of running the loop, try each rotation and keep the one whose checksum matches.
   */
  private solveRotation(call: Node): void {
    const [arrArg, targetArg] = children(call, 'arguments');
    const iife = unwrap(child(call, 'callee') ?? call);
    const targetParam = children(iife, 'params')[1];
    if (arrArg?.type !== 'Identifier' || !targetArg || targetParam?.type !== 'Identifier') return;
    if (!this.fn(arrArg)) {
      this.solveArrayRotation(call, arrArg);
      return;
    }
    const target = this.evaluator.evaluate(targetArg)?.value;
    const getArr = this.fn(arrArg);
    const base = getArr ? this.stringArrayIn(getArr) : undefined;
    if (!base || target === undefined || !getArr) return;
    // The checksum: the side of `x === target` that is not the target parameter.
    let checksum: Node | undefined;
    walkAst(iife, n => {
      if (n.type !== 'BinaryExpression' || !/^[!=]==?$/.test(strProp(n, 'operator') ?? '')) return false;
      const l = child(n, 'left');
      const r = child(n, 'right');
      if (r?.type === 'Identifier' && strProp(r, 'name') === strProp(targetParam, 'name')) checksum = l;
      else if (l?.type === 'Identifier' && strProp(l, 'name') === strProp(targetParam, 'name')) checksum = r;
      return checksum !== undefined;
    });
    if (!checksum) return;
    // The decoder: a function that calls getArr() and subtracts a constant offset from its index.
    const getName = strProp(child(getArr, 'id') ?? getArr, 'name');
    for (const c of this.calls) {
      const callee = child(c.node, 'callee');
      const fn = c.scope.fn;
      if (!fn || fn === getArr || !callee || unwrap(callee).type !== 'Identifier' || strProp(unwrap(callee), 'name') !== getName) continue;
      const decoder = this.outerFunction(c.scope);
      const offset = decoder ? this.indexOffset(decoder) : undefined;
      if (!decoder || offset === undefined || this.tables.some(t => t.decoder === decoder)) continue;
      const table = { decoder, offset, strings: base };
      this.tables.push(table);
      for (let k = 0; k < Math.min(base.length, 2000); k++) {
        table.strings = [...base.slice(k), ...base.slice(0, k)];
        const v = this.evaluator.evaluate(checksum)?.value;
        if (v === target) return;
        // A checksum that does not evaluate will not start to on the next rotation.
        if (v === undefined) break;
      }
      this.tables.pop();
    }
  }

  /**
   * The older obfuscator.io shape: a top-level array `var _0xabc = ['…', …]` rotated in place by
   * `(function (arr, n) { … while (--n) arr.push(arr.shift()); … })(_0xabc, 0x1a2b3)` before the
   * decoder reads it. The rotation is run in the budgeted interpreter on a copy of the array; the
   * decoder then reads the rotated copy wherever it names the array.
   */
  private solveArrayRotation(call: Node, arrArg: Node): void {
    const init = this.binding(arrArg);
    const arr = init ? unwrap(init) : undefined;
    if (!init || arr?.type !== 'ArrayExpression' || this.rotated.has(init)) return;
    const els = children(arr, 'elements');
    if (els.length < 2 || els.length > 20_000 || !els.every(e => e.type === 'Literal' && typeof e['value'] === 'string')) return;
    const strings = els.map(e => e['value'] as string);
    const locals = new Env();
    locals.set(strProp(arrArg, 'name') ?? '', { value: strings, decoded: false });
    this.evaluator.interpret(call, locals);
    if (this.evaluator.lastRunSpent) {
      this.budgetGap(call, 'a string-array rotation');
      return;
    }
    if (strings.length === els.length && strings.every(x => typeof x === 'string')) this.rotated.set(init, strings);
  }

  private stringArrayIn(fn: Node): string[] | undefined {
    let found: string[] | undefined;
    walkAst(fn, n => {
      if (n.type !== 'ArrayExpression') return false;
      const els = children(n, 'elements');
      if (els.length >= 2 && els.length <= 20_000 && els.every(e => e.type === 'Literal' && typeof e['value'] === 'string'))
        found = els.map(e => e['value'] as string);
      return found !== undefined;
    });
    return found;
  }

  private outerFunction(scope: Scope): Node | undefined {
    let s: Scope = scope;
    while (s.parent?.fn) s = s.parent;
    return s.fn?.type === 'FunctionDeclaration' ? s.fn : undefined;
  }

  private indexOffset(fn: Node): number | undefined {
    let offset: number | undefined;
    walkAst(fn, n => {
      if (n.type !== 'AssignmentExpression') return false;
      const r = unwrap(child(n, 'right') ?? n);
      const lit = r.type === 'BinaryExpression' && strProp(r, 'operator') === '-' ? child(r, 'right') : undefined;
      const v = lit ? this.evaluator.evaluate(lit)?.value : undefined;
      if (typeof v === 'number') offset = v;
      return offset !== undefined;
    });
    return offset;
  }

  private addCallback(fn: Node, call: Node, index: number): void {
    const list = this.callbacks.get(fn);
    if (!list) this.callbacks.set(fn, [{ call, index }]);
    else if (list.length < 20) list.push({ call, index });
  }

  private noteString(value: string, offset: number, decoded: boolean): void {
    if (this.facts.strings.length >= 500) return;
    if (!decoded && (value.length > 4000 || !INTERESTING_STRING.test(value))) return;
    this.facts.strings.push({ value: short(value, 2000), loc: this.loc(offset), decoded });
  }

  private noteEsmExport(node: Node): void {
    const src = child(node, 'source');
    if (src) {
      // `export { run } from './b'`: the other module's summary, under the names exported here.
      const source = typeof src['value'] === 'string' ? src['value'] : undefined;
      const names = new Map<string, string>();
      for (const s of children(node, 'specifiers')) {
        const local = child(s, 'local');
        const exported = child(s, 'exported');
        if (local && exported)
          names.set(strProp(exported, 'name') ?? String(exported['value']), strProp(local, 'name') ?? String(local['value']));
      }
      if (source !== undefined && this.reexports.length < 50) this.reexports.push({ source, names });
      return;
    }
    const d = child(node, 'declaration');
    if (d?.type === 'VariableDeclaration') {
      for (const decl of children(d, 'declarations')) {
        const id = child(decl, 'id');
        const init = child(decl, 'init');
        if (id?.type === 'Identifier' && init) this.exportNodes.set(strProp(id, 'name') ?? '', init);
      }
    } else if (d && (d.type === 'FunctionDeclaration' || d.type === 'ClassDeclaration')) {
      const id = child(d, 'id');
      if (id) this.exportNodes.set(strProp(id, 'name') ?? '', d);
    }
    for (const s of children(node, 'specifiers')) {
      const local = child(s, 'local');
      const exported = child(s, 'exported');
      if (local && exported) this.exportNodes.set(strProp(exported, 'name') ?? String(exported['value']), local);
    }
  }

  private noteExportAssignment(left: Node, right: Node, objectOnly = false): void {
    const name = objectOnly ? 'module.exports' : dottedName(left);
    if (name === 'module.exports') {
      const r = unwrap(right);
      if (r.type === 'ObjectExpression') {
        for (const p of children(r, 'properties')) {
          const key = child(p, 'key');
          const value = child(p, 'value');
          if (p.type === 'Property' && key && value && p['computed'] !== true)
            this.exportNodes.set(strProp(key, 'name') ?? String(key['value']), value);
        }
      }
      if (!objectOnly) this.exportNodes.set('default', right);
      return;
    }
    const m = name ? /^(?:module\.exports|exports)\.([\w$]+)$/.exec(name) : null;
    if (m?.[1]) this.exportNodes.set(m[1], right);
  }

  // ---- naming ----

  /** The qualified name of a callee/object: `child_process.exec`, `axios.get`, `eval`, `Function`. */
  /**
   * What a node names, remembered per node and depth: the answer depends on nothing else, and
   * without it a chain of re-definitions is named again on every path that reaches it (8 ways at
   * each of 12 levels), which made large first-party bundles take minutes.
   */
  qualify(input: Node, depth = 0): string | undefined {
    let byDepth = this.qualified.get(input);
    if (byDepth?.has(depth) === true) return byDepth.get(depth);
    const q = this.qualifyNode(input, depth);
    if (!byDepth) this.qualified.set(input, (byDepth = new Map<number, string | undefined>()));
    byDepth.set(depth, q);
    return q;
  }

  private qualifyNode(input: Node, depth: number): string | undefined {
    if (depth > 12) return undefined;
    let n = unwrap(input);
    if (n.type === 'SequenceExpression') {
      const exprs = children(n, 'expressions');
      n = unwrap(exprs[exprs.length - 1] ?? n);
    }
    if (n.type === 'AwaitExpression') n = unwrap(child(n, 'argument') ?? n);
    switch (n.type) {
      case 'Identifier': {
        const name = strProp(n, 'name') ?? '';
        const defs = this.defsOf(n);
        // Inside `with (vm) { runInThisContext(code) }` a free name may be the object's member.
        if (!defs && this.withs.length > 0) {
          for (const w of this.withs) {
            if (n.start < w.body.start || n.end > w.body.end) continue;
            const base = this.qualify(w.object, depth + 1);
            const q = base === undefined ? undefined : normQualified(`${base}.${name}`);
            if (q !== undefined && isNotable(q)) return q;
          }
        }
        // A global only written into (`require.extensions[x] = …`) is still that global.
        if (!defs || defs.every(d => d.kind === 'prop' && d.member === true)) return name;
        // Writing a member (`cp.foo = 1`) keeps the object's identity; several definitions are a set.
        const cands: (string | undefined)[] = [];
        for (const d of defs) {
          if (d.kind === 'prop') continue;
          if (cands.length >= 8) break;
          cands.push(this.qualifyDef(d, depth));
        }
        // A parameter named `require` that no caller here fills is the host's loader handed in:
        // a Yarn plugin's `factory: require => …`, AMD `define(function (require) …)`, a bundle's module wrapper.
        if (name === 'require' && cands.every(c => c === undefined) && defs.some(d => d.kind === 'param' && d.path.length === 0))
          return defs.every(d => d.kind !== 'param' || (this.callSites.get(d.fn) ?? []).length === 0) ? 'require' : undefined;
        return cands.length === 0 ? undefined : pick(cands);
      }
      case 'MemberExpression': {
        const obj = child(n, 'object');
        let prop = propName(n);
        if (prop === undefined && n['computed'] === true) {
          const p = child(n, 'property');
          const v = p ? this.evaluator.string(p) : undefined;
          prop = v?.value;
        }
        // `fns[fns.length - 1]`, `fns[i]`: any element of the array.
        if (obj && prop === undefined && n['computed'] === true) {
          const els = this.elementsOf(obj, undefined, undefined);
          if (els) return pick(els.map(e => this.qualify(e, depth + 1)));
          return this.elementOf(this.qualify(obj, depth + 1));
        }
        if (!obj || prop === undefined) return undefined;
        // `require.cache[file]`: a record of the cache, whatever the key.
        if (n['computed'] === true) {
          const el = this.elementOf(this.qualify(obj, depth + 1));
          if (el !== undefined) return el;
        }
        if (prop === 'constructor') {
          const o = unwrap(obj);
          if (o.type === 'MemberExpression' && propName(o) === 'constructor') return 'Function';
          // A method of a literal (`[].filter`, `''.big`) is a function: its constructor is Function.
          if (o.type === 'MemberExpression' && LITERAL_TYPES.has(unwrap(child(o, 'object') ?? o).type)) return 'Function';
          const q = this.qualify(obj, depth + 1);
          if (q === 'Function' || q === 'Function.prototype' || q?.includes('.prototype.')) return 'Function';
          if (FUNCTION_TYPES.has(o.type)) return 'Function';
          return q === undefined ? undefined : normQualified(`${q}.constructor`);
        }
        // Object.getOwnPropertyDescriptor(globalThis, 'eval').value
        if (prop === 'value' || prop === 'get') {
          const o = unwrap(obj);
          // `gen().next().value`, `it.next().value`: what the generator yields.
          const nc = o.type === 'CallExpression' && prop === 'value' ? unwrap(child(o, 'callee') ?? o) : undefined;
          if (nc?.type === 'MemberExpression' && propName(nc) === 'next') {
            const it = unwrap(child(nc, 'object') ?? nc);
            const over = it.type === 'Identifier' ? this.binding(it) : it;
            if (over) return pick(this.iterated(over).map(e => this.qualify(e, depth + 1)));
          }
          const oc = o.type === 'CallExpression' ? child(o, 'callee') : undefined;
          const oq = oc ? this.qualify(oc, depth + 1) : undefined;
          if (oq === 'Object.getOwnPropertyDescriptor' || oq === 'Reflect.getOwnPropertyDescriptor') {
            const [target, key] = children(o, 'arguments');
            const k = key ? this.evaluator.string(key)?.value : undefined;
            const base = target ? this.qualify(target, depth + 1) : undefined;
            return base === undefined || k === undefined ? undefined : normQualified(`${base}.${k}`);
          }
        }
        const held = this.memberValue(obj, prop);
        if (held) return this.qualify(held, depth + 1);
        // `new Proxy({}, { get: (_, k) => require(k) }).child_process`: the trap, given the name.
        const getTrap = this.proxyTrap(obj, 'get');
        if (getTrap) return this.qualifyReturn(getTrap, [obj, { type: 'Literal', start: n.start, end: n.end, value: prop }], depth + 1);
        const base = this.qualify(obj, depth + 1);
        if (base === undefined) return undefined;
        // `cached.exports.execSync`: the module the member belongs to.
        if (base === CACHED_EXPORTS) return cachedMember(prop) ?? `${base}.${prop}`;
        // `require('./lib').run`, `ns.run` of `import * as ns from './lib'`: the local export's alias.
        const q = this.localAlias(base, prop) ?? normQualified(`${base}.${prop}`);
        return MODULE_CACHES.has(q) ? CACHED + COLLECTION : q;
      }
      case 'CallExpression': {
        const callee = child(n, 'callee');
        const cq = callee ? this.qualify(callee, depth + 1) : undefined;
        if (cq !== undefined && LOADERS.has(cq)) {
          const a = children(n, 'arguments')[0];
          const m = a ? this.moduleOf(a, depth + 1) : undefined;
          // `module.exports = require('vm')` in a local module: what it passes on.
          return m === undefined ? undefined : (this.localAlias(m, 'default') ?? m);
        }
        // createRequire(import.meta.url) is a require function.
        if (cq === 'module.createRequire' || cq === 'module.createRequireFromPath') return 'require';
        // eval('req' + 'uire'): a name evaluated to what it names.
        if (cq === 'eval') {
          const a = children(n, 'arguments')[0];
          const v = a ? this.evaluator.string(a)?.value.trim() : undefined;
          return v !== undefined && NAME_EXPR.test(v) ? normQualified(v) : undefined;
        }
        // Function('return require')(): the body names what the call returns.
        const cu = callee ? unwrap(callee) : undefined;
        if (cu?.type === 'CallExpression' || cu?.type === 'NewExpression') {
          const inner = child(cu, 'callee');
          const iq = inner ? this.qualify(inner, depth + 1) : undefined;
          const body = iq === 'Function' ? children(cu, 'arguments').at(-1) : undefined;
          const v = body ? this.evaluator.string(body)?.value.trim() : undefined;
          const m = v !== undefined ? /^return\s+([\w$.]+)\s*;?$/.exec(v) : null;
          if (m?.[1]) return m[1] === 'this' ? 'globalThis' : normQualified(m[1]);
        }
        if (cq === 'process.binding' || cq === 'process._linkedBinding') {
          const a = children(n, 'arguments')[0];
          const v = a ? this.evaluator.string(a) : undefined;
          return v ? `process.binding.${v.value}` : undefined;
        }
        // eval.bind(null), fetch.bind(globalThis): the bound function.
        if (cq?.endsWith('.bind') && callee && unwrap(callee).type === 'MemberExpression') {
          const o = child(unwrap(callee), 'object');
          return o ? this.qualify(o, depth + 1) : undefined;
        }
        if (cq === 'Reflect.get') {
          const [target, key] = children(n, 'arguments');
          const k = key ? this.evaluator.string(key)?.value : undefined;
          const base = target ? this.qualify(target, depth + 1) : undefined;
          return base === undefined || k === undefined ? undefined : normQualified(`${base}.${k}`);
        }
        if (cq === 'Object.getPrototypeOf' || cq === 'Reflect.getPrototypeOf') {
          const a = children(n, 'arguments')[0];
          const u = a ? unwrap(a) : undefined;
          if (u && (FUNCTION_TYPES.has(u.type) || this.qualify(u, depth + 1) === 'Function')) return 'Function.prototype';
          if (u?.type === 'Identifier' && this.fn(u)) return 'Function.prototype';
          return undefined;
        }
        const args = children(n, 'arguments');
        // Copies of a module object: `Object.assign({}, cp)`, `Object.create(cp)`, `Object.fromEntries(Object.entries(cp))`.
        if (cq === 'Object.assign' || cq === 'Object.setPrototypeOf') return pick(args.map(a => this.qualify(a, depth + 1)));
        if (cq === 'Object.create') return args[0] ? this.qualify(args[0], depth + 1) : undefined;
        if (cq === 'Object.fromEntries' && args[0]) {
          let e = unwrap(args[0]);
          for (let i = 0; i < 8 && e.type === 'CallExpression'; i++) {
            const ec = unwrap(child(e, 'callee') ?? e);
            if (this.qualify(ec, depth + 1) === 'Object.entries') {
              const src = children(e, 'arguments')[0];
              return src ? this.qualify(src, depth + 1) : undefined;
            }
            if (ec.type !== 'MemberExpression' || !/^(?:map|filter|slice|concat|reverse|sort)$/.test(propName(ec) ?? '')) break;
            e = unwrap(child(ec, 'object') ?? e);
          }
          return undefined;
        }
        // A function taken out of a container: `fns.at(-1)`, `fns.pop()`, `handlers.get('run')`.
        const cm = callee ? unwrap(callee) : undefined;
        const method = cm?.type === 'MemberExpression' ? propName(cm) : undefined;
        if (cm && method !== undefined && /^(?:at|pop|shift|find|findLast|get)$/.test(method)) {
          const els = this.elementsOf(child(cm, 'object'), method, args[0]);
          if (els) return pick(els.map(e => this.qualify(e, depth + 1)));
        }
        // `Object.values(require.cache)`, `module.children.filter(…)`, `.find(…)`, `.map(m => m.exports)`.
        if (cm && method !== undefined) {
          const picked = this.collectionCall(cm, method, args, depth);
          if (picked !== undefined) return picked;
        }
        if ((cq === 'Object.values' || cq === 'Array.from') && args[0]) {
          const coll = this.qualify(args[0], depth + 1);
          if (coll?.endsWith(COLLECTION) === true) return coll;
        }
        // A local helper: what it returns (`const get = () => eval`, `function load(n) { return require(n) }`).
        const helper = callee ? this.fnOfCallee(callee) : undefined;
        if (helper) return this.qualifyReturn(helper, args, depth + 1);
        if (cq && /^(?:axios|got|ky)\.(?:create|extend)$/.test(cq)) return head(cq);
        if (cq === 'util.promisify' || cq === 'promisify') {
          const a = children(n, 'arguments')[0];
          return a ? this.qualify(a, depth + 1) : undefined;
        }
        return undefined;
      }
      case 'ImportExpression': {
        const src = child(n, 'source');
        const v = src ? this.evaluator.string(src) : undefined;
        return v ? normModule(v.value) : undefined;
      }
      case 'ThisExpression':
        return 'this';
      case 'TaggedTemplateExpression': {
        const call = this.tagged.get(n);
        return call ? this.qualify(call, depth + 1) : undefined;
      }
      case 'ConditionalExpression':
        return pick([child(n, 'consequent'), child(n, 'alternate')].map(x => (x ? this.qualify(x, depth + 1) : undefined)));
      case 'LogicalExpression': {
        // `process.mainModule && process.mainModule.require`: the left side only guards the right.
        const right = child(n, 'right');
        if (n['operator'] === '&&') return right ? this.qualify(right, depth + 1) : undefined;
        return pick([child(n, 'left'), right].map(x => (x ? this.qualify(x, depth + 1) : undefined)));
      }
      case 'ObjectExpression': {
        // `{ ...require('child_process') }`: a copy of what it spreads.
        const spread = children(n, 'properties').filter(p => p.type === 'SpreadElement');
        return spread.length === 0 ? undefined : pick(spread.map(p => this.qualify(child(p, 'argument') ?? p, depth + 1)));
      }
      default:
        return undefined;
    }
  }

  /**
   * The module a loader's argument names: its value, or the notable one of the values it may hold
   * (`cond ? 'child_process' : 'os'`, `a || b`, a variable assigned in each `switch` case).
   */
  private moduleOf(arg: Node, depth: number): string | undefined {
    const v = this.evaluator.string(arg);
    if (v) return normModule(v.value);
    const set: string[] = [];
    this.valueSet(arg, set, depth);
    return set.length === 0 ? undefined : pick(set.map(normModule));
  }

  /** The string values an expression may take, each branch and each definition of a variable. */
  private valueSet(input: Node, out: string[], depth: number): void {
    if (depth > 12 || out.length >= 16) return;
    const n = unwrap(input);
    if (n.type === 'ConditionalExpression' || n.type === 'LogicalExpression') {
      for (const k of n.type === 'ConditionalExpression' ? ['consequent', 'alternate'] : ['left', 'right']) {
        const b = child(n, k);
        if (b) this.valueSet(b, out, depth + 1);
      }
      return;
    }
    if (n.type === 'Identifier') {
      for (const d of this.defsOf(n) ?? []) {
        if ((d.kind === 'init' && d.path.length === 0) || d.kind === 'assign') this.valueSet(d.node, out, depth + 1);
        else if (d.kind === 'iter' && d.path.length === 0) for (const e of this.iterated(d.node)) this.valueSet(e, out, depth + 1);
      }
      return;
    }
    const v = this.evaluator.string(n);
    if (v) out.push(v.value);
  }

  /**
   * What a call of a local function returns, as a name: the loader it wraps, applied to the
   * caller's argument (`load('child_process')`), a parameter handed back, or a name it returns.
   */
  private qualifyReturn(fn: Node, args: Node[], depth: number): string | undefined {
    if (depth > 12) return undefined;
    const paramIndex = (x: Node): number => {
      const u = unwrap(x);
      if (u.type !== 'Identifier') return -1;
      const d = this.defsOf(u);
      const p = d?.length === 1 ? d[0] : undefined;
      return p?.kind === 'param' && p.fn === fn && p.path.length === 0 ? p.index : -1;
    };
    const cands: (string | undefined)[] = [];
    for (const r of (this.returns.get(fn) ?? []).slice(0, 8)) {
      const u = unwrap(r);
      const callee = u.type === 'CallExpression' ? child(u, 'callee') : undefined;
      const inner = callee ? this.qualify(callee, depth + 1) : undefined;
      const a0 = u.type === 'CallExpression' ? children(u, 'arguments')[0] : undefined;
      const pi = a0 ? paramIndex(a0) : -1;
      const given = pi >= 0 ? args[pi] : undefined;
      if (inner !== undefined && LOADERS.has(inner) && given) cands.push(this.moduleOf(given, depth + 1));
      else if (paramIndex(u) >= 0) {
        const g = args[paramIndex(u)];
        cands.push(g ? this.qualify(g, depth + 1) : undefined);
      } else cands.push(this.qualify(u, depth + 1));
    }
    return cands.length === 0 ? undefined : pick(cands);
  }

  /**
   * The expression an object holds under `prop`: a literal object or array (`{ go: eval }.go`,
   * `[log, eval][1]`, also through spreads), a class's static member, an instance's method, field
   * or getter (for a getter, what it returns), `this` inside a method, and this module's own
   * exports (`exports.run`, `module.exports.run`).
   */
  private memberValue(obj: Node, prop: string, depth = 0): Node | undefined {
    if (depth > 8) return undefined;
    let o = unwrap(obj);
    if (o.type === 'ThisExpression') {
      const m = this.methodOf(o);
      if (m) return this.classMember(m.cls, prop, m.isStatic, depth);
      // `this` in a plain object's method or accessor is the object.
      const owner = this.thisObject(o);
      return owner ? this.memberValue(owner, prop, depth + 1) : undefined;
    }
    if (o.type === 'Super') {
      // `super.run(code)`: the parent class's member.
      const m = this.methodOf(o);
      const parent = m ? this.classOf(child(m.cls, 'superClass')) : undefined;
      return parent ? this.classMember(parent, prop, m?.isStatic === true, depth + 1) : undefined;
    }
    if (o.type === 'Identifier') {
      const defs = this.defsOf(o);
      if (!defs && strProp(o, 'name') === 'exports') return this.exportNodes.get(prop);
      const cls = this.classOf(o);
      if (cls?.type === 'ClassDeclaration') return this.classMember(cls, prop, true, depth);
      const own = defs?.filter(d => d.kind !== 'prop');
      const d = own?.length === 1 ? own[0] : undefined;
      // `Object.defineProperty(o, 'run', { get: () => eval })`: the defined value or getter.
      const defined = d ? this.definedProps.get(d)?.get(prop) : undefined;
      if (defined) return defined;
      const written = d ? this.writtenMembers.get(d)?.get(prop) : undefined;
      if (written) return written;
      if (d?.kind !== 'init' || d.path.length > 0) return undefined;
      o = unwrap(d.node);
    }
    if (o.type === 'MemberExpression' && dottedName(o) === 'module.exports') {
      const m = child(o, 'object');
      return m && !this.defsOf(m) ? this.exportNodes.get(prop) : undefined;
    }
    if (o.type === 'ClassExpression') return this.classMember(o, prop, true, depth);
    if (o.type === 'NewExpression') {
      const cls = this.classOf(child(o, 'callee'));
      return cls ? this.classMember(cls, prop, false, depth) : undefined;
    }
    if (o.type === 'ObjectExpression') {
      const props = children(o, 'properties');
      for (const p of props) {
        if (p.type !== 'Property') continue;
        const key = child(p, 'key');
        const k = !key
          ? undefined
          : p['computed'] === true
            ? this.evaluator.string(key)?.value
            : (strProp(key, 'name') ?? String(key['value']));
        if (k !== prop) continue;
        // `{ get run() { return eval; } }.run`: what the getter returns.
        return p['kind'] === 'get' ? this.getterValue(child(p, 'value')) : child(p, 'value');
      }
      // `{ ...require('child_process') }.exec`: a copy holds what it spreads.
      for (let i = props.length - 1; i >= 0; i--) {
        const arg = props[i]?.type === 'SpreadElement' ? child(props[i] as Node, 'argument') : undefined;
        const v = arg ? this.memberValue(arg, prop, depth + 1) : undefined;
        if (v) return v;
      }
      return undefined;
    }
    if (o.type === 'ArrayExpression' && /^\d+$/.test(prop)) {
      const el = children(o, 'elements')[Number(prop)];
      return el && el.type !== 'SpreadElement' ? el : undefined;
    }
    return undefined;
  }

  /**
   * What iterating over `over` gives: the elements of an array (literal or held), or what a
   * generator called there yields (yielded values are kept with its returns).
   */
  private iterated(over: Node): Node[] {
    const o = unwrap(over);
    const els = this.elementsOf(o, undefined, undefined);
    if (els) return els;
    const callee = o.type === 'CallExpression' ? child(o, 'callee') : undefined;
    const fn = callee ? this.fnOfCallee(callee) : this.iteratorMethod(o);
    return fn?.['generator'] === true ? (this.returns.get(fn) ?? []).slice(0, 8) : [];
  }

  /**
   * The `[Symbol.iterator]` (or `[Symbol.asyncIterator]`) method of what `obj` is: an object literal
   * or an instance of a class here (`new Bag()`, a binding to one); for-of runs it implicitly.
   */
  private iteratorMethod(obj: Node): Node | undefined {
    let o = unwrap(obj);
    if (o.type === 'Identifier') o = unwrap(this.binding(o) ?? o);
    const cls = o.type === 'NewExpression' ? this.classOf(child(o, 'callee')) : undefined;
    const members = cls ? children(child(cls, 'body') ?? cls, 'body') : o.type === 'ObjectExpression' ? children(o, 'properties') : [];
    for (const m of members) {
      const key = m['computed'] === true && m['static'] !== true ? child(m, 'key') : undefined;
      const k = key ? dottedName(unwrap(key)) : undefined;
      if (k === 'Symbol.iterator' || k === 'Symbol.asyncIterator') return child(m, 'value');
    }
    return undefined;
  }

  /**
   * What a callback's parameter `index` receives from the array it is handed over: the element
   * parameter of `arr.reduce(cb, init)` (second) and of `forEach`/`map`/`filter`/… (first).
   */
  private callbackElements(fn: Node, index: number): Node[] {
    const out: Node[] = [];
    for (const cb of this.callbacks.get(fn) ?? []) {
      const callee = unwrap(child(cb.call, 'callee') ?? cb.call);
      let method = callee.type === 'MemberExpression' ? propName(callee) : undefined;
      let over = child(callee, 'object');
      let cbIndex = cb.index;
      // `Array.prototype.map.call(list, cb)`: the array method run on the call's first argument.
      const viaCall = method === 'call' && over ? unwrap(over) : undefined;
      if (viaCall?.type === 'MemberExpression') {
        method = propName(viaCall);
        over = children(cb.call, 'arguments')[0];
        cbIndex -= 1;
      }
      if (cbIndex !== 0 || method === undefined) continue;
      const element = method === 'reduce' || method === 'reduceRight' ? 1 : ELEMENT_CALLBACKS.has(method) ? 0 : -1;
      if (element !== index) continue;
      pushAll(out, this.elementsOf(over, undefined, undefined) ?? []);
      if (out.length >= 16) break;
    }
    return out.slice(0, 16);
  }

  /**
   * What a try block may throw: its own `throw`s and those of the local functions called in it,
   * followed two calls deep (`try { check(data) } catch (e) { run(e) }` with `throw data` in check).
   */
  private thrownIn(block: Node): Node[] {
    const out: Node[] = [];
    const seen = new Set<Node>();
    const within = (range: Node, fn: Node | undefined, level: number): void => {
      for (const t of this.thrown)
        if (t.value.start >= range.start && t.value.end <= range.end && (level === 0 || t.fn === fn)) out.push(t.value);
      if (level >= 2) return;
      for (const c of this.calls) {
        if (c.node.start < range.start || c.node.end > range.end) continue;
        const callee = child(c.node, 'callee');
        const f = callee ? this.fnOfCallee(callee) : undefined;
        if (!f || seen.has(f) || seen.size >= 32) continue;
        seen.add(f);
        within(f, f, level + 1);
      }
    };
    within(block, undefined, 0);
    return out.slice(0, 16);
  }

  /** The class a node names: a class expression or declaration, directly or through a binding. */
  private classOf(node: Node | undefined): Node | undefined {
    if (!node) return undefined;
    const n = unwrap(node);
    if (n.type === 'ClassExpression' || n.type === 'ClassDeclaration') return n;
    if (n.type !== 'Identifier') return undefined;
    const defs = this.defsOf(n);
    for (const d of defs ?? []) if (d.kind === 'prop' && d.node.type === 'ClassDeclaration') return d.node;
    const d = defs?.length === 1 ? defs[0] : undefined;
    const init = d?.kind === 'init' && d.path.length === 0 ? unwrap(d.node) : undefined;
    return init?.type === 'ClassExpression' ? init : undefined;
  }

  /** The plain object `this` is in a method or accessor of (arrow functions keep the `this` around them). */
  private thisObject(thisNode: Node): Node | undefined {
    for (let s: Scope | undefined = this.scopeAt(thisNode); s?.fn; s = s.parent) {
      if (s.fn.type !== 'ArrowFunctionExpression') return this.methodObject.get(s.fn);
    }
    return undefined;
  }

  /** The method `this` is used in (arrow functions keep the `this` around them). */
  private methodOf(thisNode: Node): { cls: Node; isStatic: boolean } | undefined {
    for (let s: Scope | undefined = this.scopeAt(thisNode); s?.fn; s = s.parent) {
      if (s.fn.type !== 'ArrowFunctionExpression') return this.methodClass.get(s.fn);
    }
    return undefined;
  }

  /**
   * What a class (static) or its instances hold under `prop`: a method, a field's value, or what a
   * getter returns; inherited members through `extends`.
   */
  private classMember(cls: Node, prop: string, isStatic: boolean, depth: number): Node | undefined {
    if (depth > 8) return undefined;
    for (const m of children(child(cls, 'body') ?? cls, 'body')) {
      if (m.type !== 'MethodDefinition' && m.type !== 'PropertyDefinition') continue;
      if ((m['static'] === true) !== isStatic) continue;
      const key = child(m, 'key');
      const k = !key
        ? undefined
        : m['computed'] === true
          ? this.evaluator.string(key)?.value
          : (strProp(key, 'name') ?? String(key['value']));
      if (k !== prop) continue;
      const value = child(m, 'value');
      if (m.type === 'PropertyDefinition' || m['kind'] === 'method') return value;
      if (m['kind'] === 'get') return this.getterValue(value);
    }
    const written = this.classFields.get(cls)?.get(`${isStatic}:${prop}`);
    if (written) return written;
    const parent = this.classOf(child(cls, 'superClass'));
    return parent && parent !== cls ? this.classMember(parent, prop, isStatic, depth + 1) : undefined;
  }

  /** What a getter returns, when it returns one thing. */
  private getterValue(getter: Node | undefined): Node | undefined {
    const returned = getter ? (this.returns.get(unwrap(getter)) ?? []).slice(0, 8) : [];
    if (returned.length <= 1) return returned[0];
    // Several returns: one of them, as `?:` with an unknown test is (each branch counts).
    let out = returned[returned.length - 1] as Node;
    for (let i = returned.length - 2; i >= 0; i--) {
      const r = returned[i] as Node;
      out = {
        type: 'ConditionalExpression',
        start: r.start,
        end: out.end,
        test: { type: 'Identifier', name: '', start: r.start, end: r.start },
        consequent: r,
        alternate: out,
      };
    }
    return out;
  }

  /**
   * `Object.defineProperty(o, 'k', { value | get })`, `Object.defineProperties(o, { k: { … } })`,
   * `Reflect.defineProperty`: what `o.k` reads, by the binding of `o`.
   */
  private noteDefinedProps(call: Node): void {
    const callee = child(call, 'callee');
    const q = callee ? dottedName(unwrap(callee)) : undefined;
    const [target, key, desc] = children(call, 'arguments');
    const t = target ? unwrap(target) : undefined;
    if (t?.type !== 'Identifier') return;
    const own = this.defsOf(t)?.filter(d => d.kind !== 'prop');
    const def = own?.length === 1 ? own[0] : undefined;
    if (!def) return;
    const descriptors: [string | undefined, Node | undefined][] = [];
    if ((q === 'Object.defineProperty' || q === 'Reflect.defineProperty') && key)
      descriptors.push([this.evaluator.string(key)?.value, desc]);
    else if (q === 'Object.defineProperties' && key && unwrap(key).type === 'ObjectExpression') {
      for (const p of children(unwrap(key), 'properties')) {
        const k = p.type === 'Property' ? child(p, 'key') : undefined;
        if (k)
          descriptors.push([
            p['computed'] === true ? this.evaluator.string(k)?.value : (strProp(k, 'name') ?? String(k['value'])),
            child(p, 'value'),
          ]);
      }
    } else return;
    for (const [name, d] of descriptors) {
      const dn = d ? unwrap(d) : undefined;
      if (name === undefined || dn?.type !== 'ObjectExpression') continue;
      const getter = this.propValue(dn, 'get');
      const getterFn = getter ? this.fnOfCallee(getter) : undefined;
      // `this` in the getter is the object it is defined on.
      if (getterFn?.type === 'FunctionExpression') this.methodObject.set(getterFn, t);
      const value = getterFn ? this.getterValue(getterFn) : this.propValue(dn, 'value');
      if (!value) continue;
      let props = this.definedProps.get(def);
      if (!props) this.definedProps.set(def, (props = new Map<string, Node>()));
      if (!props.has(name)) props.set(name, value);
    }
  }

  /** A class's constructor (its own or inherited). */
  private constructorOf(cls: Node | undefined, depth = 0): Node | undefined {
    if (!cls || depth > 8) return undefined;
    for (const m of children(child(cls, 'body') ?? cls, 'body'))
      if (m.type === 'MethodDefinition' && m['kind'] === 'constructor') return child(m, 'value');
    const parent = this.classOf(child(cls, 'superClass'));
    return parent && parent !== cls ? this.constructorOf(parent, depth + 1) : undefined;
  }

  /** The getter or setter `prop` of what `obj` is: an instance (`new C()`, a binding to one), `this`, or a class. */
  private accessorOf(obj: Node | undefined, prop: string, kind: 'get' | 'set'): Node | undefined {
    if (!obj) return undefined;
    let o = unwrap(obj);
    let cls: Node | undefined;
    let isStatic = false;
    if (o.type === 'ThisExpression') {
      const m = this.methodOf(o);
      cls = m?.cls;
      isStatic = m?.isStatic === true;
    } else {
      if (o.type === 'Identifier') {
        const c = this.classOf(o);
        if (c) {
          cls = c;
          isStatic = true;
        } else {
          const b = this.binding(o);
          if (b) o = unwrap(b);
        }
      }
      if (!cls && o.type === 'NewExpression') cls = this.classOf(child(o, 'callee'));
    }
    for (let i = 0; cls && i < 8; i++) {
      for (const m of children(child(cls, 'body') ?? cls, 'body')) {
        if (m.type !== 'MethodDefinition' || m['kind'] !== kind || (m['static'] === true) !== isStatic) continue;
        const key = child(m, 'key');
        if (key && m['computed'] !== true && (strProp(key, 'name') ?? String(key['value'])) === prop) return child(m, 'value');
      }
      const parent = this.classOf(child(cls, 'superClass'));
      cls = parent === cls ? undefined : parent;
    }
    return undefined;
  }

  /** A Proxy's trap: `new Proxy(target, { get(_, k) { … } })`, directly or through a binding. */
  private proxyTrap(obj: Node, trap: 'get' | 'apply'): Node | undefined {
    let o = unwrap(obj);
    if (o.type === 'Identifier') {
      const b = this.binding(o);
      if (!b) return undefined;
      o = unwrap(b);
    }
    if (o.type !== 'NewExpression' || strProp(unwrap(child(o, 'callee') ?? o), 'name') !== 'Proxy') return undefined;
    const handler = children(o, 'arguments')[1];
    const h = handler ? unwrap(handler) : undefined;
    const value = h?.type === 'ObjectExpression' ? this.propValue(h, trap) : undefined;
    return value ? this.fnOfCallee(value) : undefined;
  }

  /**
   * What a container may hold: the elements of a literal array, the values of a `new Map([[k, v]])`,
   * and what was pushed or set into it; with `key`, only the matching one when it is known
   * (`fns.at(-1)`, `handlers.get('run')`, `fns.pop()`).
   */
  private elementsOf(obj: Node | undefined, method: string | undefined, key: Node | undefined): Node[] | undefined {
    if (!obj) return undefined;
    let o = unwrap(obj);
    const added: Node[] = [];
    if (o.type === 'Identifier') {
      const defs = this.defsOf(o);
      const inits = defs?.filter(d => d.kind !== 'prop');
      const d = inits?.length === 1 ? inits[0] : undefined;
      // `(...fns) => …`: a rest parameter holds the arguments its callers give from there on.
      if (d?.kind === 'param' && d.path.length === 0 && children(d.fn, 'params')[d.index]?.type === 'RestElement') {
        const given: Node[] = [];
        for (const call of this.callSites.get(d.fn) ?? []) pushAll(given, children(call, 'arguments').slice(d.index));
        return given.filter(e => e.type !== 'SpreadElement').slice(0, 16);
      }
      if (d?.kind !== 'init' || d.path.length > 0) return undefined;
      for (const x of defs ?? []) if (x.kind === 'prop') added.push(x.node);
      o = unwrap(d.node);
    }
    let list: Node[];
    let keys: (string | undefined)[] | undefined;
    if (o.type === 'ArrayExpression') {
      list = children(o, 'elements').filter(e => e.type !== 'SpreadElement');
    } else if (o.type === 'NewExpression' && strProp(unwrap(child(o, 'callee') ?? o), 'name') === 'Map') {
      const pairs = children(o, 'arguments')[0];
      const entries = pairs && unwrap(pairs).type === 'ArrayExpression' ? children(unwrap(pairs), 'elements') : [];
      list = [];
      keys = [];
      for (const e of entries) {
        const [k, v] = unwrap(e).type === 'ArrayExpression' ? children(unwrap(e), 'elements') : [];
        if (!v) continue;
        list.push(v);
        keys.push(k ? this.evaluator.string(k)?.value : undefined);
      }
    } else return undefined;
    if (added.length === 0 && list.length > 0) {
      if (method === 'pop') return list.slice(-1);
      if (method === 'shift') return list.slice(0, 1);
      const k = key ? this.evaluator.evaluate(key)?.value : undefined;
      if (method === 'at' && typeof k === 'number' && Number.isInteger(k)) {
        const el = list.at(k);
        return el ? [el] : [];
      }
      if (method === 'get' && keys && typeof k === 'string') {
        const i = keys.indexOf(k);
        if (i >= 0 && list[i]) return [list[i]];
      }
    }
    return [...list, ...added].slice(0, 16);
  }

  /** One element of a collection name (`module.cached[]` → `module.cached`). */
  private elementOf(q: string | undefined): string | undefined {
    return q?.endsWith(COLLECTION) === true ? q.slice(0, -COLLECTION.length) : undefined;
  }

  /** A method called on a named collection: one element, some of them, or what a `map` callback makes of each. */
  private collectionCall(callee: Node, method: string, args: Node[], depth: number): string | undefined {
    const obj = child(callee, 'object');
    const coll = obj ? this.qualify(obj, depth + 1) : undefined;
    const el = this.elementOf(coll);
    if (el === undefined) return undefined;
    if (PICK_ONE.test(method)) return el;
    if (PICK_SOME.test(method)) return coll;
    const fn = (method === 'map' || method === 'flatMap') && args[0] ? this.fnOfCallee(args[0]) : undefined;
    const made = fn ? this.qualifyReturn(fn, [], depth + 1) : undefined;
    return made === undefined ? undefined : made + COLLECTION;
  }

  /** The element a callback's parameter gets from a named collection it is handed over (`cache.find(m => …)`). */
  private callbackCollectionElement(fn: Node, index: number, depth: number): string | undefined {
    for (const cb of this.callbacks.get(fn) ?? []) {
      const callee = unwrap(child(cb.call, 'callee') ?? cb.call);
      const method = callee.type === 'MemberExpression' ? propName(callee) : undefined;
      if (cb.index !== 0 || index !== 0 || method === undefined || !(ELEMENT_CALLBACKS.has(method) || PICK_ONE.test(method))) continue;
      const el = this.elementOf(this.qualify(child(callee, 'object') ?? callee, depth + 1));
      if (el !== undefined) return el;
    }
    return undefined;
  }

  private qualifyDef(d: Def, depth: number): string | undefined {
    if (d.kind === 'import') {
      if (d.imported !== '*') {
        const alias = this.localAlias(d.source, d.imported);
        if (alias !== undefined) return alias;
      }
      return normModule(d.source) + (d.imported === 'default' || d.imported === '*' ? '' : '.' + d.imported);
    }
    if (d.kind === 'assign') return this.qualifyInit(d.node, depth);
    if (d.kind === 'iter') {
      if (d.path.length > 0) return undefined;
      const els = this.iterated(d.node);
      return els.length > 0 ? pick(els.map(e => this.qualify(e, depth + 1))) : this.elementOf(this.qualify(d.node, depth + 1));
    }
    // `fns.reduce((acc, f) => f(acc), x)`, `fns.forEach(f => f(x))`: any function of the array.
    if (d.kind === 'param') {
      if (d.path.length > 0) return undefined;
      const els = this.callbackElements(d.fn, d.index);
      if (els.length > 0) return pick(els.map(e => this.qualify(e, depth + 1)));
      const el = this.callbackCollectionElement(d.fn, d.index, depth);
      if (el !== undefined) return el;
      // `function load(r) { return r('child_process') } load(require)`: what the callers pass.
      const given = (this.callSites.get(d.fn) ?? []).slice(0, 8).map(call => children(call, 'arguments')[d.index]);
      return given.length > 0 && given.every(g => g !== undefined && g.type !== 'SpreadElement')
        ? pick(given.map(g => (g ? this.qualify(g, depth + 1) : undefined)))
        : undefined;
    }
    if (d.kind !== 'init') return undefined;
    const base = this.qualifyInit(d.node, depth);
    if (d.path.length === 0) return base;
    const names = this.pathNames(d.path);
    if (!names) return undefined;
    if (base === undefined) {
      // `const { k } = obj` where obj.k is a member given to a plain object or a getter.
      const held = names.length === 1 && names[0] !== undefined ? this.memberValue(d.node, names[0]) : undefined;
      return held ? this.qualify(held, depth + 1) : undefined;
    }
    // `const { run } = require('./lib')`: the local export's alias.
    const alias = names[0] === undefined ? undefined : this.localAlias(base, names[0]);
    return alias !== undefined ? normQualified([alias, ...names.slice(1)].join('.')) : normQualified(`${base}.${names.join('.')}`);
  }

  private qualifyInit(init: Node, depth: number): string | undefined {
    const n = unwrap(init);
    if (n.type === 'NewExpression') {
      const callee = child(n, 'callee');
      const q = callee ? this.qualify(callee, depth + 1) : undefined;
      return q === undefined ? undefined : `new ${q}`;
    }
    return this.qualify(n, depth + 1);
  }

  /** What a local module's export is when it stands for an API (its summary's alias). */
  private localAlias(specifier: string, name: string): string | undefined {
    if (!specifier.startsWith('.') && !specifier.startsWith('/')) return undefined;
    return this.input.importSummary(specifier)?.summary.exports[name]?.alias;
  }

  /** The module summary entry for an imported identifier (or `id.prop`). */
  private importedExport(id: Node, prop?: string): { summary: ExportSummary; file: string } | undefined {
    const defs = this.defsOf(id);
    if (defs?.length !== 1) return undefined;
    const d = defs[0] as Def;
    let source: string | undefined;
    let name: string | undefined;
    if (d.kind === 'import') {
      source = d.source;
      name = d.imported === '*' || d.imported === 'default' ? (prop ?? 'default') : d.imported;
      if (d.imported === 'default' && prop !== undefined) name = prop;
    } else if (d.kind === 'init') {
      const init = unwrap(d.node);
      const callee = init.type === 'CallExpression' ? child(init, 'callee') : undefined;
      if (!callee || unwrap(callee).type !== 'Identifier' || strProp(unwrap(callee), 'name') !== 'require') return undefined;
      const a = children(init, 'arguments')[0];
      source = a && typeof a['value'] === 'string' ? a['value'] : undefined;
      name = d.path[0] ?? prop ?? 'default';
    }
    if (source === undefined || name === undefined) return undefined;
    const mod = this.input.importSummary(source);
    const ex = mod?.summary.exports[name];
    return mod && ex ? { summary: ex, file: mod.file } : undefined;
  }

  // ---- taint ----

  taintOf(input: Node | undefined, depth = 0): Taint | undefined {
    if (!input) return undefined;
    const node = unwrap(input);
    if (this.taintMemo.has(node)) return this.taintMemo.get(node) ?? undefined;
    if (this.inProgress.has(node) || depth > MAX_TAINT_DEPTH || ++this.queries > MAX_TAINT_QUERIES) return undefined;
    this.inProgress.add(node);
    let t: Taint | undefined;
    try {
      t = this.computeTaint(node, depth + 1);
    } finally {
      this.inProgress.delete(node);
    }
    this.taintMemo.set(node, t ?? null);
    return t;
  }

  private unionOf(nodes: Node[], depth: number): Taint | undefined {
    let t: Taint | undefined;
    for (const n of nodes) t = mergeTaint(t, this.taintOf(n, depth));
    return t;
  }

  private computeTaint(n: Node, depth: number): Taint | undefined {
    switch (n.type) {
      case 'CaughtValue': {
        const clause = child(n, 'clause');
        const block = clause ? this.tryBlocks.get(clause) : undefined;
        return block ? this.unionOf(this.thrownIn(block), depth) : undefined;
      }
      case 'Identifier':
        return this.identTaint(n, depth);
      case 'MemberExpression': {
        const obj = child(n, 'object');
        if (!obj) return undefined;
        if (isProcessEnv(obj)) {
          const name = propName(n) ?? '…';
          const value = this.input.env.get(name);
          return withStep(undefined, 'env', { label: `reads process.env.${name}`, loc: this.loc(n.start) }, value);
        }
        if (isProcessEnv(n)) return withStep(undefined, 'envdump', { label: 'takes the whole process.env', loc: this.loc(n.start) });
        const o = unwrap(obj);
        // `const env = process.env; env.API_URL`: one named variable through an alias.
        const named = n['computed'] !== true ? propName(n) : undefined;
        if (named !== undefined && o.type === 'Identifier' && this.isEnvAlias(o)) {
          return withStep(undefined, 'env', { label: `reads process.env.${named}`, loc: this.loc(n.start) }, this.input.env.get(named));
        }
        if (o.type === 'Identifier') {
          const ex = this.importedExport(o, propName(n));
          if (ex?.summary.taint) return ex.summary.taint;
        }
        return this.taintOf(obj, depth);
      }
      case 'CallExpression':
        return this.callTaint(n, depth);
      case 'NewExpression':
        return this.newTaint(n, depth);
      case 'AwaitExpression': {
        // `await { then(resolve) { … resolve(code) } }`: a thenable settles with what it resolves.
        const arg = child(n, 'argument');
        let o = arg ? unwrap(arg) : undefined;
        if (o?.type === 'Identifier') o = unwrap(this.binding(o) ?? o);
        const then = o?.type === 'ObjectExpression' ? this.propValue(o, 'then') : undefined;
        const exec = then ? this.fnOfCallee(then) : undefined;
        return exec ? mergeTaint(this.settledWith(exec, depth), this.taintOf(arg, depth)) : this.taintOf(arg, depth);
      }
      case 'SpreadElement':
      case 'YieldExpression':
      case 'UnaryExpression':
      case 'UpdateExpression':
        return this.taintOf(child(n, 'argument'), depth);
      case 'TemplateLiteral':
        return this.unionOf(children(n, 'expressions'), depth);
      case 'BinaryExpression':
      case 'LogicalExpression': {
        const operands: Node[] = [];
        let cur: Node = n;
        while ((cur.type === 'BinaryExpression' || cur.type === 'LogicalExpression') && operands.length < 5000) {
          const r = child(cur, 'right');
          if (r) operands.push(r);
          cur = unwrap(child(cur, 'left') ?? cur);
        }
        operands.push(cur);
        return this.unionOf(
          operands.filter(o => o !== n),
          depth,
        );
      }
      case 'ConditionalExpression':
        return this.unionOf(
          [child(n, 'consequent'), child(n, 'alternate')].filter((x): x is Node => x !== undefined),
          depth,
        );
      case 'SequenceExpression': {
        const exprs = children(n, 'expressions');
        return this.taintOf(exprs[exprs.length - 1], depth);
      }
      case 'AssignmentExpression':
        return this.taintOf(child(n, 'right'), depth);
      case 'ArrayExpression':
        return this.unionOf(children(n, 'elements'), depth);
      case 'ObjectExpression': {
        let t: Taint | undefined;
        for (const p of children(n, 'properties')) {
          if (p.type === 'SpreadElement') {
            const arg = child(p, 'argument');
            if (arg && isProcessEnv(arg))
              t = mergeTaint(t, withStep(undefined, 'envdump', { label: 'copies the whole process.env', loc: this.loc(p.start) }));
            else t = mergeTaint(t, this.taintOf(arg, depth));
          } else {
            const value = child(p, 'value');
            // `{ toString() { return hidden } }`: what a conversion to text or a number gives.
            const conversion = value && FUNCTION_TYPES.has(unwrap(value).type) ? this.conversionMethod(p) : false;
            t = mergeTaint(t, conversion && value ? this.returnsTaint(unwrap(value), depth) : this.taintOf(value, depth));
          }
        }
        return t;
      }
      case 'TaggedTemplateExpression': {
        const call = this.tagged.get(n);
        return mergeTaint(this.taintOf(child(n, 'quasi'), depth), call ? this.taintOf(call, depth) : undefined);
      }
      default:
        return undefined;
    }
  }

  private identTaint(id: Node, depth: number): Taint | undefined {
    const defs = this.defsOf(id);
    if (!defs) return undefined;
    let t: Taint | undefined = this.importedExport(id)?.summary.taint;
    for (const d of defs) {
      switch (d.kind) {
        case 'init':
          // `const { API_URL } = process.env`: one named variable, not the whole environment.
          if (d.path.length > 0 && isProcessEnv(d.node)) {
            const name = this.pathNames(d.path)?.[0] ?? '…';
            t = mergeTaint(
              t,
              withStep(undefined, 'env', { label: `reads process.env.${name}`, loc: this.loc(d.node.start) }, this.input.env.get(name)),
            );
          } else t = mergeTaint(t, this.taintOf(d.node, depth));
          break;
        case 'assign':
        case 'prop':
        case 'iter':
          t = mergeTaint(t, this.taintOf(d.node, depth));
          break;
        case 'param':
          t = mergeTaint(t, this.paramTaint(d.fn, d.index, depth));
          break;
        case 'import':
          if (DATA_MODULE.test(d.source))
            t = mergeTaint(
              t,
              withStep(undefined, 'file', { label: `imports the data file ${short(d.source, 100)}`, loc: this.loc(id.start) }, d.source),
            );
          break;
        case 'fn':
          break;
      }
    }
    return t;
  }

  /** An identifier bound only to `process.env` (directly or through another alias). */
  private isEnvAlias(id: Node, depth = 0): boolean {
    const defs = this.defsOf(id);
    if (!defs || depth > 8) return false;
    let any = false;
    for (const d of defs) {
      if (d.kind === 'prop') continue;
      if (d.kind !== 'init' && d.kind !== 'assign') return false;
      if (d.kind === 'init' && d.path.length > 0) return false;
      const v = unwrap(d.node);
      if (!isProcessEnv(v) && !(v.type === 'Identifier' && this.isEnvAlias(v, depth + 1))) return false;
      any = true;
    }
    return any;
  }

  private paramTaint(fn: Node, index: number, depth: number): Taint | undefined {
    let t: Taint | undefined = { kinds: [], steps: [], values: [], params: [`${fn.start}:${index}`] };
    // Direct calls of the function (by its name).
    for (const call of this.callSites.get(fn) ?? []) t = mergeTaint(t, this.taintOf(children(call, 'arguments')[index], depth));
    // Callbacks: `x.then(cb)`, `res.on("data", cb)`, `https.get(url, cb)`, `new Promise(cb)`.
    for (const cb of this.callbacks.get(fn) ?? []) {
      const callee = child(cb.call, 'callee');
      const q = callee ? this.qualify(callee) : undefined;
      if (q && NETWORK_CALLS.has(q) && !ADDRESS_ONLY.has(q)) {
        const net = this.networkTaint(cb.call, q, depth);
        if (ERRBACK_NETWORK.test(q)) {
          if (index >= 1) t = mergeTaint(t, net);
        } else if (index === 0) t = mergeTaint(t, net);
      } else if (q && FS_READ.has(q) && index >= 1) {
        t = mergeTaint(t, this.readTaint(cb.call, q));
      } else if (q && index >= 1 && this.secretCommandTaint(cb.call, q)) {
        // `exec('gh auth token', (err, stdout) => …)`: the callback's output parameters.
        t = mergeTaint(t, this.secretCommandTaint(cb.call, q));
      } else if (callee && unwrap(callee).type === 'MemberExpression') {
        const obj = child(unwrap(callee), 'object');
        t = mergeTaint(t, this.taintOf(obj, depth));
        // `Array.prototype.forEach.call(list, cb)`: the elements of the list it is run on.
        const o = obj ? unwrap(obj) : undefined;
        if (propName(unwrap(callee)) === 'call' && o?.type === 'MemberExpression' && ELEMENT_CALLBACKS.has(propName(o) ?? ''))
          t = mergeTaint(t, this.taintOf(children(cb.call, 'arguments')[0], depth));
        // `fns.reduce((acc, f) => f(acc), data)`: the accumulator starts as the initial value.
        const method = propName(unwrap(callee));
        if (index === 0 && cb.index === 0 && (method === 'reduce' || method === 'reduceRight'))
          t = mergeTaint(t, this.taintOf(children(cb.call, 'arguments')[1], depth));
      }
      // A local helper that calls the function it is given: `get(url, d => run(d))` with `done(d)` inside `get`.
      const helper = callee ? this.fnOfCallee(callee) : undefined;
      for (const call of helper ? (this.paramCalls.get(`${helper.start}:${cb.index}`) ?? []) : [])
        t = mergeTaint(t, this.taintOf(children(call, 'arguments')[index], depth));
    }
    return t;
  }

  /** The local function a callee names: by its name, or as a member (`h.run`, `new R().run`, `exports.run`). */
  private fnOfCallee(callee: Node, depth = 0): Node | undefined {
    const c = unwrap(callee);
    if (FUNCTION_TYPES.has(c.type)) return c;
    if (c.type === 'Identifier') return this.fn(c);
    if (c.type === 'MemberExpression' && depth < 8) {
      const obj = child(c, 'object');
      const prop = propName(c);
      const held = obj && prop !== undefined ? this.memberValue(obj, prop) : undefined;
      return held ? this.fnOfCallee(held, depth + 1) : undefined;
    }
    return undefined;
  }

  private returnsTaint(fn: Node, depth: number): Taint | undefined {
    return this.unionOf(this.returns.get(fn) ?? [], depth);
  }

  /**
   * A module's own asset by relative URL: `fetch(new URL('./x.wasm', import.meta.url))`,
   * `fetch('./data.json')`. Not remote code.
   */
  private isLocalAsset(urlNode: Node | undefined): boolean {
    if (!urlNode) return false;
    const u = unwrap(urlNode);
    const relative = (n: Node | undefined): boolean => {
      const v = n ? this.evaluator.string(n)?.value : undefined;
      return v !== undefined && /^(?:\.{1,2}\/|\/(?!\/))/.test(v);
    };
    if (u.type === 'NewExpression') {
      const callee = child(u, 'callee');
      const [rel, base] = children(u, 'arguments');
      if (!callee || dottedName(callee) !== 'URL' || !base || !relative(rel)) return false;
      const b = unwrap(base);
      const text = this.input.text.slice(b.start, Math.min(b.end, b.start + 60));
      return /^(?:import\.meta\.url|(?:window\.|self\.|globalThis\.)?location(?:\.href)?|document\.baseURI)$/.test(text);
    }
    return relative(u);
  }

  private networkTaint(call: Node, q: string, depth: number): Taint | undefined {
    const urlNode = this.urlArg(call);
    if (this.isLocalAsset(urlNode)) return undefined;
    const urlTaint = urlNode ? this.taintOf(urlNode, depth) : undefined;
    const url = urlNode ? this.describe(urlNode) : undefined;
    const label = `fetches ${url?.value ? short(url.value, 120) : 'data'} with ${q}`;
    return withStep(urlTaint, 'network', { label, loc: this.loc(call.start) }, url?.value);
  }

  private urlArg(call: Node): Node | undefined {
    const args = children(call, 'arguments');
    const a0 = args[0];
    if (!a0) return undefined;
    const u = unwrap(a0);
    if (u.type === 'ObjectExpression') {
      for (const p of children(u, 'properties')) {
        const key = child(p, 'key');
        const k = key ? strProp(key, 'name') : undefined;
        if (k === 'url' || k === 'uri' || k === 'baseURL' || k === 'host' || k === 'hostname') return child(p, 'value');
      }
      return undefined;
    }
    return a0;
  }

  /** The evaluated value of an expression, or a skeleton with `${…}` holes. */
  describe(node: Node, depth = 0, evaluated = false): { value: string; decoded: boolean; constant: boolean } | undefined {
    // `evaluated`: the caller already tried to evaluate this node (with a larger budget).
    const v = evaluated ? undefined : this.evaluator.string(node);
    if (v) return { value: v.value, decoded: v.decoded, constant: true };
    const n = unwrap(node);
    if (depth > 6) return undefined;
    if (n.type === 'Identifier') {
      const known = PLACEHOLDERS[strProp(n, 'name') ?? ''];
      if (known !== undefined && !this.defsOf(n)) return { value: known, decoded: false, constant: false };
      const b = this.binding(n);
      return b ? this.describe(b, depth + 1) : undefined;
    }
    if (n.type === 'TemplateLiteral') {
      const quasis = children(n, 'quasis');
      const exprs = children(n, 'expressions');
      let out = '';
      let decoded = false;
      quasis.forEach((q, i) => {
        const c = (q['value'] as { cooked?: unknown } | undefined)?.cooked;
        out += typeof c === 'string' ? c : '';
        const e = exprs[i];
        if (e) {
          const r = this.describe(e, depth + 1);
          out += r ? r.value : '${…}';
          decoded ||= r?.decoded ?? false;
        }
      });
      return { value: out, decoded, constant: false };
    }
    if (n.type === 'BinaryExpression' && strProp(n, 'operator') === '+') {
      const l = child(n, 'left');
      const r = child(n, 'right');
      const a = l ? this.describe(l, depth + 1) : undefined;
      const b = r ? this.describe(r, depth + 1) : undefined;
      return {
        value: (a?.value ?? '${…}') + (b?.value ?? '${…}'),
        decoded: (a?.decoded ?? false) || (b?.decoded ?? false),
        constant: false,
      };
    }
    if (n.type === 'ArrayExpression') {
      const parts = children(n, 'elements').map(e => this.describe(e, depth + 1)?.value ?? '${…}');
      return { value: parts.join(' '), decoded: false, constant: false };
    }
    if (n.type === 'NewExpression' && this.isLocalAsset(n)) {
      const rel = children(n, 'arguments')[0];
      const v = rel ? this.evaluator.string(rel)?.value : undefined;
      if (v !== undefined) return { value: v.startsWith('/') ? v : v.startsWith('.') ? v : `./${v}`, decoded: false, constant: false };
    }
    // `[os.homedir(), '.config', 'autostart'].join('/')`: a path built as an array of parts.
    const callee = n.type === 'CallExpression' ? child(n, 'callee') : undefined;
    const arr =
      callee?.type === 'MemberExpression' && strProp(child(callee, 'property') ?? callee, 'name') === 'join'
        ? child(callee, 'object')
        : undefined;
    const parts = arr ? unwrap(arr.type === 'Identifier' ? (this.binding(arr) ?? arr) : arr) : undefined;
    if (parts?.type === 'ArrayExpression') {
      const sep = children(n, 'arguments')[0];
      const s = sep ? this.evaluator.string(sep)?.value : ',';
      if (s !== undefined) {
        const values = children(parts, 'elements').map(e => this.describe(e, depth + 1));
        return { value: values.map(v => v?.value ?? '${…}').join(s), decoded: values.some(v => v?.decoded === true), constant: false };
      }
    }
    if (n.type === 'CallExpression' || n.type === 'MemberExpression') {
      const q = n.type === 'CallExpression' ? this.qualify(child(n, 'callee') ?? n) : dottedName(n);
      const place = q === undefined ? undefined : PLACEHOLDERS[q];
      if (place !== undefined) return { value: place, decoded: false, constant: false };
      if (q === 'url.fileURLToPath' || q === 'fileURLToPath') {
        const a = children(n, 'arguments')[0];
        return a ? this.describe(a, depth + 1) : undefined;
      }
      if (q && /^path\.(?:posix\.|win32\.)?(?:join|resolve)$/.test(q)) {
        const parts = children(n, 'arguments').map(a => this.describe(a, depth + 1)?.value ?? '${…}');
        return { value: parts.join('/'), decoded: false, constant: false };
      }
    }
    return undefined;
  }

  private readTaint(call: Node, q: string): Taint | undefined {
    const a0 = children(call, 'arguments')[0];
    const hooked = a0 ? this.hookParam(a0, 1) : undefined;
    if (hooked !== undefined) {
      const file = this.loadedWithExtension(hooked) ?? `the repository's ${hooked} files`;
      return withStep(
        undefined,
        'file',
        { label: `reads ${short(file, 100)}, registered to be compiled as ${hooked}`, loc: this.loc(call.start) },
        file,
      );
    }
    const d = a0 ? this.describe(a0) : undefined;
    if (!d) return undefined;
    if (CREDENTIAL_PATH.test(d.value))
      return withStep(undefined, 'credential', { label: `reads ${short(d.value, 100)}`, loc: this.loc(call.start) }, d.value);
    // A data file, whatever builds its path (`path.join(__dirname, 'x.bin')`, `process.cwd()`), as long as every part is known.
    const known = d.constant || !d.value.includes('${…}');
    if (
      known &&
      (!CODE_EXT.test(d.value) || /\.json$/i.test(d.value)) &&
      !TEMPLATE_EXT.test(d.value) &&
      /\.[A-Za-z0-9]{1,6}$/.test(d.value)
    ) {
      return withStep(undefined, 'file', { label: `reads ${short(d.value, 100)} with ${q}`, loc: this.loc(call.start) }, d.value);
    }
    return undefined;
  }

  /**
   * The output of a command that prints a secret (`gh auth token`, `git credential fill`,
   * `npm config get …authToken`), whether the command is one string (`exec`) or a program and its
   * arguments (`spawnSync('gh', ['auth', 'token'])`, `execFile`, execa).
   */
  private secretCommandTaint(call: Node, q: string): Taint | undefined {
    const m =
      /^(?:child_process\.(exec|execSync|spawn|spawnSync|execFile|execFileSync)|(execa)(?:\.sync)?|(execa)\.(?:command|commandSync))$/.exec(
        q,
      );
    if (!m) return undefined;
    const [a0, a1] = children(call, 'arguments');
    let cmd = a0 ? this.describe(a0)?.value : undefined;
    if (cmd === undefined) return undefined;
    const list = a1 ? unwrap(a1) : undefined;
    if ((m[1] === undefined || CP_SPAWN.has(m[1])) && m[3] === undefined && list?.type === 'ArrayExpression')
      cmd +=
        ' ' +
        children(list, 'elements')
          .map(e => this.describe(e)?.value ?? '${…}')
          .join(' ');
    if (!SECRET_COMMAND.test(cmd)) return undefined;
    return withStep(undefined, 'credential', { label: `reads a secret with \`${short(cmd, 80)}\``, loc: this.loc(call.start) }, cmd);
  }

  private callTaint(n: Node, depth: number): Taint | undefined {
    const callee = child(n, 'callee');
    if (!callee) return undefined;
    const args = children(n, 'arguments');
    const q = this.qualify(callee);
    if (q !== undefined) {
      if (ADDRESS_ONLY.has(q)) return undefined;
      if (NETWORK_CALLS.has(q) || CLIENT_CALL.test(q)) return this.networkTaint(n, q, depth);
      if (DECODERS.has(q)) {
        const inner = this.unionOf(args, depth);
        const v = this.evaluator.string(n);
        const enc = q === 'Buffer.from' || q === 'Buffer' ? (args[1] ? this.evaluator.string(args[1])?.value : undefined) : q;
        if (q.startsWith('Buffer') && enc !== 'base64' && enc !== 'hex' && enc !== 'base64url') return inner;
        // base64/hex decoding is a step even when the input is unknown: a decoder feeding a compiler is hiding.
        const binary = q === 'atob' || enc === 'base64' || enc === 'base64url' || enc === 'hex';
        if (!inner && !v?.decoded && !binary) return undefined;
        // One character code is one character (a lookup table being filled), not hidden text.
        if (!inner && q.startsWith('String.') && args.length === 1 && (v?.value.length ?? 0) <= 1) return undefined;
        const what =
          q === 'atob' || enc === 'base64' || enc === 'base64url'
            ? 'base64'
            : enc === 'hex'
              ? 'hex'
              : q.startsWith('String.')
                ? 'character codes'
                : q.startsWith('zlib.')
                  ? 'compressed data'
                  : 'escaped text';
        return withStep(inner, 'decoded', { label: `decodes ${what} with ${q}`, loc: this.loc(n.start) }, v?.value);
      }
      if (FINGERPRINT.has(q)) return withStep(undefined, 'fingerprint', { label: `reads ${q}()`, loc: this.loc(n.start) });
      if (/^WebAssembly\.(?:instantiate|instantiateStreaming)$/.test(q)) return this.wasmTaint(n, args[0], depth);
      if (LOADERS.has(q)) {
        const spec = args[0] ? this.evaluator.string(args[0])?.value : undefined;
        if (spec !== undefined && DATA_MODULE.test(spec))
          return withStep(undefined, 'file', { label: `loads the data file ${short(spec, 100)}`, loc: this.loc(n.start) }, spec);
      }
      const secret = this.secretCommandTaint(n, q);
      if (secret) return secret;
      if (FS_READ.has(q)) return this.readTaint(n, q);
      if (q.startsWith('fs-extra.') && /read/i.test(q)) return this.readTaint(n, q);
    }
    const c = unwrap(callee);
    const fn = this.fnOfCallee(c);
    if (fn) {
      let t = this.returnsTaint(fn, depth);
      // A decoder of invisible characters we cannot run: its input is enough.
      const v = this.evaluator.string(n);
      if (v?.decoded) t = withStep(t, 'decoded', { label: 'decodes a hidden string', loc: this.loc(n.start) }, v.value);
      if (t) t = { ...t, params: t.params.filter(p => !p.startsWith(`${fn.start}:`)) };
      return t;
    }
    if (c.type === 'Identifier') {
      const ex = this.importedExport(c);
      if (ex) {
        let t = ex.summary.taint;
        for (const i of ex.summary.returnsParams ?? []) t = mergeTaint(t, this.taintOf(args[i], depth));
        return t;
      }
      const s = this.evaluator.string(n);
      if (s?.decoded)
        return withStep(this.unionOf(args, depth), 'decoded', { label: 'decodes a hidden string', loc: this.loc(n.start) }, s.value);
      return this.unionOf(args, depth);
    }
    if (c.type === 'MemberExpression') {
      const obj = child(c, 'object');
      const method = propName(c);
      const objName = obj ? dottedName(obj) : undefined;
      if (obj && unwrap(obj).type === 'Identifier') {
        const ex = this.importedExport(unwrap(obj), method);
        if (ex) {
          let t = ex.summary.taint;
          for (const i of ex.summary.returnsParams ?? []) t = mergeTaint(t, this.taintOf(args[i], depth));
          return t;
        }
      }
      let t = this.taintOf(obj, depth);
      if (objName && PASS_GLOBALS.has(head(objName))) t = mergeTaint(t, this.unionOf(args, depth));
      // `decipher.update(blob)`: text decrypted with a key the code holds is hidden text.
      const cipher = (method === 'update' || method === 'final') && obj ? this.decipherOf(obj) : undefined;
      if (cipher)
        return withStep(mergeTaint(t, this.unionOf(args, depth)), 'decoded', {
          label: `decrypts data with ${cipher}`,
          loc: this.loc(n.start),
        });
      if (
        method === 'then' ||
        method === 'catch' ||
        method === 'finally' ||
        method === 'map' ||
        method === 'flatMap' ||
        method === 'reduce'
      ) {
        // What the callback returns: `files.map(f => readFileSync(dir + f))` holds what it reads.
        for (const a of args) {
          const f = this.fnOfCallee(a);
          if (f) t = mergeTaint(t, this.returnsTaint(f, depth));
        }
      } else if (
        method &&
        /^(?:concat|replace|replaceAll|join|push|call|apply|bind|from|assign|parse|stringify|decode|toString)$/.test(method)
      ) {
        t = mergeTaint(t, this.unionOf(args, depth));
      }
      const s = (method === 'join' || method === 'toString') && !t?.kinds.includes('decoded') ? this.evaluator.string(n) : undefined;
      if (s?.decoded) t = withStep(t, 'decoded', { label: `decodes a hidden string (.${method})`, loc: this.loc(n.start) }, s.value);
      return t;
    }
    return this.unionOf(args, depth);
  }

  /**
   * What an executor (`new Promise((resolve, reject) => …)`, a thenable's `then(resolve)`) settles
   * with: the arguments of its calls of its first two parameters (a `.catch` handler gets the second).
   */
  private settledWith(exec: Node, depth: number): Taint | undefined {
    const settle = new Set(
      children(exec, 'params')
        .slice(0, 2)
        .filter(p => p.type === 'Identifier')
        .map(p => strProp(p, 'name')),
    );
    if (settle.size === 0) return undefined;
    let t: Taint | undefined;
    for (const c of this.calls) {
      const cal = child(c.node, 'callee');
      if (
        cal &&
        unwrap(cal).type === 'Identifier' &&
        settle.has(strProp(unwrap(cal), 'name')) &&
        c.node.start >= exec.start &&
        c.node.end <= exec.end
      )
        t = mergeTaint(t, this.taintOf(children(c.node, 'arguments')[0], depth));
    }
    return t;
  }

  /** A property that converts its object to a primitive: `toString`, `valueOf`, `[Symbol.toPrimitive]`. */
  private conversionMethod(p: Node): boolean {
    const key = child(p, 'key');
    if (!key) return false;
    const name =
      p['computed'] === true
        ? dottedName(unwrap(key))
        : (strProp(key, 'name') ?? (typeof key['value'] === 'string' ? key['value'] : undefined));
    return name === 'toString' || name === 'valueOf' || name === 'Symbol.toPrimitive' || name === 'toJSON';
  }

  /** The decrypting API an object was made by: `crypto.createDecipheriv(…)`, directly or through a binding. */
  private decipherOf(obj: Node): string | undefined {
    let o = unwrap(obj);
    if (o.type === 'Identifier') {
      const b = this.binding(o);
      if (!b) return undefined;
      o = unwrap(b);
    }
    const callee = o.type === 'CallExpression' ? child(o, 'callee') : undefined;
    const q = callee ? this.qualify(callee) : undefined;
    return q === 'crypto.createDecipheriv' || q === 'crypto.createDecipher' ? q : undefined;
  }

  /**
   * A WebAssembly instance made from repository bytes: its memory and data segments are that
   * file's data, so text read back out of them is data from a file (it taints only what it
   * reaches: ordinary glue that prints or returns it stays quiet). `bytes` may be the module.
   */
  private wasmTaint(call: Node, bytes: Node | undefined, depth: number): Taint | undefined {
    if (!bytes || this.input.inNodeModules) return undefined;
    let src = unwrap(bytes);
    for (let i = 0; i < 8; i++) {
      if (src.type === 'AwaitExpression') src = unwrap(child(src, 'argument') ?? src);
      else if (src.type === 'Identifier' && this.binding(src)) src = unwrap(this.binding(src) as Node);
      else if (src.type === 'NewExpression' && /^WebAssembly\.Module$/.test(this.qualify(child(src, 'callee') ?? src) ?? ''))
        src = unwrap(children(src, 'arguments')[0] ?? src);
      else break;
    }
    const t = this.taintOf(bytes, depth);
    const rc = src.type === 'CallExpression' ? child(src, 'callee') : undefined;
    const rq = rc ? this.qualify(rc) : undefined;
    const path = rq !== undefined && FS_READ.has(rq) ? this.describe(children(src, 'arguments')[0] ?? src) : undefined;
    const known = path !== undefined && (path.constant || !path.value.includes('${…}'));
    if (!known && !hasTaintKind(t, 'file', 'decoded', 'network')) return undefined;
    const what = known ? short(path.value, 100) : 'data it decoded or downloaded';
    return withStep(
      t,
      'file',
      { label: `reads the memory of a WebAssembly module built from ${what}`, loc: this.loc(call.start) },
      known ? path.value : undefined,
    );
  }

  private newTaint(n: Node, depth: number): Taint | undefined {
    const callee = child(n, 'callee');
    if (!callee) return undefined;
    const q = this.qualify(callee);
    const args = children(n, 'arguments');
    if (q && NETWORK_NEW.has(q)) {
      const url = args[0] ? this.describe(args[0]) : undefined;
      return withStep(
        this.taintOf(args[0], depth),
        'network',
        { label: `connects to ${url?.value ? short(url.value, 120) : 'a socket'} with ${q}`, loc: this.loc(n.start) },
        url?.value,
      );
    }
    if (q && (RPC_NEW.has(q) || /JsonRpcProvider$|\.Contract$/.test(q))) {
      const url = args[0] ? this.describe(args[0]) : undefined;
      return withStep(this.unionOf(args, depth), 'rpc', { label: `queries a blockchain with ${q}`, loc: this.loc(n.start) }, url?.value);
    }
    if (q === 'WebAssembly.Instance') return this.wasmTaint(n, args[0], depth);
    if (q === 'Promise') {
      const exec = args[0] ? this.fnOfCallee(args[0]) : undefined;
      return exec ? this.settledWith(exec, depth) : undefined;
    }
    return this.unionOf(args, depth);
  }

  // ---- facts ----

  analyze(): CodeFacts {
    this.collect();
    this.resolveExtensionHooks();
    for (const r of this.rotationCalls) this.solveRotation(r);
    for (const c of this.calls) this.visitCall(c);
    this.loaderHookSource();
    this.loadsOfWrittenFiles();
    this.markUnref();
    this.collectGates();
    this.summarise();
    if (this.queries > MAX_TAINT_QUERIES || this.evaluator.exhausted) this.facts.truncated = true;
    return this.facts;
  }

  /**
   * `require.extensions['.dat'] = (m, file) => m._compile(read(file))` registers a compiler for a
   * file type, and `Module._extensions['.cfg'] = Module._extensions['.js']` hands a data type to
   * Node's own: either way the repository files of that type are run as code.
   */
  private resolveExtensionHooks(): void {
    for (const { left, right } of this.extensionWrites) {
      const table = this.qualify(child(left, 'object') ?? left);
      if (table === undefined || !EXTENSION_TABLES.has(table)) continue;
      const p = child(left, 'property');
      const ext = p ? this.evaluator.string(p)?.value : undefined;
      if (ext === undefined || CODE_EXTENSION.test(ext)) continue;
      const r = unwrap(right);
      const fn = this.fnOfCallee(r);
      if (fn) {
        this.extensionHooks.set(fn, ext);
        continue;
      }
      const rp = r.type === 'MemberExpression' && r['computed'] === true ? child(r, 'property') : undefined;
      const from = rp ? this.evaluator.string(rp)?.value : undefined;
      if (from !== undefined && /^\.[cm]?js$/.test(from) && EXTENSION_TABLES.has(this.qualify(child(r, 'object') ?? r) ?? ''))
        this.jsExtensions.add(ext);
    }
  }

  /**
   * A module customization hook (`export async function load(url, context, nextLoad)`, registered
   * with `module.register` or `--import`/`--loader`): the `source` it returns is compiled as the
   * module. Source fetched or decoded is foreign code; a transpiler's source read from the file
   * it is given is the project's own.
   */
  private loaderHookSource(): void {
    let fn = this.exportNodes.get('load');
    if (fn && unwrap(fn).type === 'Identifier') fn = this.fn(unwrap(fn)) ?? this.binding(unwrap(fn));
    if (!fn || !FUNCTION_TYPES.has(unwrap(fn).type) || children(unwrap(fn), 'params').length < 2) return;
    for (const r of (this.returns.get(unwrap(fn)) ?? []).slice(0, 8)) {
      const o = unwrap(r);
      const source = o.type === 'ObjectExpression' ? this.propValue(o, 'source') : undefined;
      if (!source || !hasTaintKind(this.taintOf(source), 'network', 'rpc', 'decoded')) continue;
      this.sink('module-compile', 'module loader hook load() → source', o, source, this.scopeAt(o));
    }
  }

  /** The code a `data:` URL holds (`data:text/javascript,…`, `…;base64,…`), or undefined for another URL. */
  private dataUrlCode(url: string): string | undefined {
    const m = /^data:([^,]*),/.exec(url);
    if (!m) return undefined;
    const body = url.slice(m[0].length);
    try {
      return (m[1] ?? '').endsWith(';base64') ? Buffer.from(body, 'base64').toString('utf8') : decodeURIComponent(body);
    } catch {
      return undefined;
    }
  }

  /**
   * A constant path loaded as code that this file writes (`writeFileSync(dir + '/x.node', bytes);
   * require('./x.node')`): the load runs what was written, so it is a sink carrying what the write held.
   */
  private loadsOfWrittenFiles(): void {
    const base = (p: string): string => p.replace(/^.*[\\/]/, '');
    for (const l of this.pathLoads) {
      const name = l.path === undefined ? '' : base(l.path);
      const named = name.length > 2 && !name.includes(HOLE);
      // `require('./cache.json')` of a file it saved reads data, it runs nothing.
      if (l.path !== undefined && DATA_FILE.test(l.path)) {
        if (l.computed) this.sink('module-load', l.callee, l.call, l.arg, l.scope, l.computed);
        continue;
      }
      const known = l.path !== undefined && l.path.replaceAll(HOLE, '').replace(/[\\/.$]/g, '').length > 2;
      const w = this.facts.writes.find(x => x.path !== undefined && ((known && x.path === l.path) || (named && base(x.path) === name)));
      if (!w) {
        if (l.computed) this.sink('module-load', l.callee, l.call, l.arg, l.scope, { refs: this.refsOf(l.arg), ...l.computed });
        continue;
      }
      const taint = w.taint
        ? withStep(w.taint, undefined, { label: `loads ${short(w.path ?? '', 100)}, the file it wrote`, loc: this.loc(l.call.start) })
        : undefined;
      this.sink('module-load', l.callee, l.call, l.arg, l.scope, {
        refs: [...this.refsOf(l.arg), ...w.refs.filter(r => r.startsWith('path:'))],
        loadsWritten: true,
        ...(taint ? { taint } : {}),
      });
    }
  }

  /** The hook and its extension when `id` is the file name parameter (or the module parameter) of a registered hook. */
  private hookParam(id: Node, index: number): string | undefined {
    if (this.extensionHooks.size === 0 || unwrap(id).type !== 'Identifier') return undefined;
    const defs = this.defsOf(unwrap(id));
    const d = defs?.length === 1 ? defs[0] : undefined;
    return d?.kind === 'param' && d.index === index && d.path.length === 0 ? this.extensionHooks.get(d.fn) : undefined;
  }

  /** The files of an extension this file loads (`require('./assets/theme.dat')`), for the evidence. */
  private loadedWithExtension(ext: string): string | undefined {
    for (const c of this.calls) {
      const callee = child(c.node, 'callee');
      const a0 = children(c.node, 'arguments')[0];
      if (!callee || !a0 || !LOADERS.has(this.qualify(callee) ?? '')) continue;
      const spec = this.evaluator.string(a0)?.value;
      if (spec?.toLowerCase().endsWith(ext.toLowerCase()) === true) return spec;
    }
    return undefined;
  }

  private sink(kind: SinkKind, callee: string, call: Node, input: Node | undefined, scope: Scope, extra: Partial<SinkFact> = {}): void {
    if (this.facts.sinks.length >= 300) return;
    // A sink's input is worth the decoder budget: run the custom decoders that build it.
    const recovered = input ? this.evaluator.recover(input) : undefined;
    if (input && !recovered && this.evaluator.lastRunSpent) this.budgetGap(call, `the input of \`${callee}\``);
    const d = recovered ? { ...recovered, constant: true } : input ? this.describe(input, 0, true) : undefined;
    if (recovered && (kind === 'eval' || kind === 'function' || kind === 'vm' || kind === 'timer' || kind === 'module-compile'))
      this.analyseRecovered(recovered.value, call);
    const taint = input ? this.taintOf(input) : undefined;
    const fact: SinkFact = {
      kind,
      callee,
      loc: this.loc(call.start),
      constant: d?.constant ?? input === undefined,
      decoded: d?.decoded ?? false,
      ...extra,
    };
    if (d?.value !== undefined) fact.value = short(d.value, 300);
    const merged = mergeTaint(extra.taint, taint);
    if (merged && (merged.kinds.length > 0 || merged.params.length > 0)) fact.taint = merged;
    else delete fact.taint;
    if (scope.fn) fact.fnStart = scope.fn.start;
    this.facts.sinks.push(fact);
  }

  /**
   * A compiler passed by reference as a callback: `fetch(u).then(r => r.text()).then(eval)`,
   * `[code].forEach(eval)`. What it runs is the value the method hands on: its receiver.
   */
  private sinkAsCallback(c: CallInfo, callee: Node, args: Node[]): void {
    const cu = unwrap(callee);
    if (cu.type !== 'MemberExpression') return;
    const method = propName(cu);
    if (!method || !CALLBACK_METHODS.has(method)) return;
    for (const a of args) {
      const u = unwrap(a);
      if (u.type !== 'Identifier' && u.type !== 'MemberExpression') continue;
      const q = this.qualify(u);
      const kind = compilerKind(q);
      if (!kind) continue;
      // An event handler compiles what is emitted: `em.on('code', eval); em.emit('code', text)`.
      const input = EMITTER_METHODS.has(method) ? this.emitted(child(cu, 'object'), args[0]) : child(cu, 'object');
      this.sink(kind, `.${method}(${q ?? ''})`, c.node, input, c.scope);
    }
  }

  /** What is emitted to an emitter's event: the first argument after the name of a matching `emit`. */
  private emitted(emitter: Node | undefined, event: Node | undefined): Node | undefined {
    const who = emitter ? dottedName(unwrap(emitter)) : undefined;
    const name = event ? this.evaluator.string(event)?.value : undefined;
    if (who === undefined || name === undefined) return undefined;
    let found: Node | undefined;
    for (const c of this.calls) {
      const ce = unwrap(child(c.node, 'callee') ?? c.node);
      if (ce.type !== 'MemberExpression' || propName(ce) !== 'emit' || dottedName(unwrap(child(ce, 'object') ?? ce)) !== who) continue;
      const [e, value] = children(c.node, 'arguments');
      if (!e || !value || this.evaluator.string(e)?.value !== name) continue;
      if (this.taintOf(value)?.kinds.length) return value;
      found ??= value;
    }
    return found;
  }

  /**
   * A scheduler handed a compiler as its callback compiles the arguments it passes on:
   * `setImmediate(eval, code)`, `setTimeout(vm.runInThisContext, 0, code)`, `process.nextTick(Function, code)`.
   */
  private scheduledSink(c: CallInfo, q: string, args: Node[]): boolean {
    const at = SCHEDULERS.get(q);
    const f = args[0] ? unwrap(args[0]) : undefined;
    if (at === undefined || (f?.type !== 'Identifier' && f?.type !== 'MemberExpression')) return false;
    const fq = this.qualify(f);
    const kind = compilerKind(fq);
    if (!kind) return false;
    this.sink(kind, `${q}(${fq ?? ''})`, c.node, args[at], c.scope);
    return true;
  }

  private budgetGap(at: Node, what: string): void {
    const gaps = (this.facts.budgetGaps ??= []);
    const loc = this.loc(at.start);
    if (gaps.length < 20 && !gaps.some(g => g.loc.line === loc.line)) gaps.push({ loc, what });
  }

  /** A function that looks like a decoder (char codes, XOR, shifts, shuffles, base64). */
  private isDecoderLike(fn: Node): boolean {
    let v = this.decoderLike.get(fn);
    if (v === undefined) {
      v = DECODER_HINT.test(this.input.text.slice(fn.start, Math.min(fn.end, fn.start + 20_000)));
      this.decoderLike.set(fn, v);
    }
    return v;
  }

  /**
   * Code recovered from a decoder and run by a sink is analysed like the file's own code; what it
   * does is reported at the sink, the line that runs it.
   */
  private analyseRecovered(code: string, at: Node): void {
    const nesting = this.input.nesting ?? 0;
    if (code.length < 8 || !CODE_LIKE.test(code) || nesting >= MAX_NESTING) return;
    if (this.recoveredBytes + code.length > MAX_RECOVERED_CODE) return;
    this.recoveredBytes += code.length;
    let program: Node;
    try {
      const parsed = parseJs(this.input.path, code, 'js');
      program = parsed.result.program as unknown as Node;
      if (parsed.broken && children(program, 'body').length === 0) return;
    } catch {
      return;
    }
    const { lineShift: _shift, ...input } = this.input;
    const inner = new FileAnalyzer({ ...input, text: code, program, nesting: nesting + 1 }).analyze();
    const here = this.loc(at.start);
    const step: Step = { label: STAGE_STEP, loc: here };
    const move = <T extends { loc: Location }>(x: T): T => ({ ...x, loc: here });
    const moveTaint = (t: Taint | undefined): Taint | undefined =>
      t ? { ...t, steps: [step, ...t.steps.map(st => ({ ...st, loc: here }))].slice(0, MAX_STEPS) } : undefined;
    for (const x of inner.sinks) {
      if (this.facts.sinks.length >= 300) break;
      const t = moveTaint(x.taint);
      const { fnStart: _drop, ...rest } = x;
      this.facts.sinks.push({ ...move(rest), decoded: true, ...(t ? { taint: t } : {}) });
    }
    for (const x of inner.requests) {
      if (this.facts.requests.length >= 200) break;
      const ut = moveTaint(x.urlTaint);
      const pt = moveTaint(x.payloadTaint);
      this.facts.requests.push({ ...move(x), urlDecoded: true, ...(ut ? { urlTaint: ut } : {}), ...(pt ? { payloadTaint: pt } : {}) });
    }
    for (const x of inner.spawns) if (this.facts.spawns.length < 100) this.facts.spawns.push(move(x));
    for (const x of inner.writes) if (this.facts.writes.length < 100) this.facts.writes.push(move(x));
    for (const x of inner.reads) if (this.facts.reads.length < 100) this.facts.reads.push(move(x));
    for (const x of inner.strings) if (this.facts.strings.length < 500) this.facts.strings.push({ ...move(x), decoded: true });
    for (const x of inner.gates) if (this.facts.gates.length < 50) this.facts.gates.push(move(x));
    for (const x of inner.envReads) if (this.facts.envReads.length < 200) this.facts.envReads.push(move(x));
    for (const g of inner.budgetGaps ?? []) this.budgetGap(at, g.what);
    if (inner.truncated === true) this.facts.truncated = true;
  }

  private visitCall(c: CallInfo): void {
    const n = c.node;
    const registered = n.type === 'CallExpression' ? this.registeredHook(n) : undefined;
    if (n.type === 'ImportExpression' || registered) {
      const src = registered ?? child(n, 'source');
      const d = src ? this.describe(src) : undefined;
      // A `data:` URL holding its code: the code is analysed as a stage of this file.
      const code = d?.constant === true ? this.dataUrlCode(d.value) : undefined;
      if (code !== undefined) this.analyseRecovered(code, n);
      if (src && d?.constant === true && !d.value.startsWith('data:'))
        this.pathLoads.push({
          callee: registered ? 'module.register' : 'import()',
          call: n,
          arg: src,
          path: d.value.replace(/^file:\/\//, ''),
          scope: c.scope,
        });
      if (src && (!d?.constant || d.value.startsWith('data:'))) {
        const file = this.fileUrlTarget(src);
        const refs = this.refsOf(file ?? src);
        this.sink('module-load', registered ? 'module.register' : 'import()', n, src, c.scope, {
          ...(refs.length > 0 ? { refs } : {}),
          ...(file !== undefined || this.isPathSpecifier(src) ? { pathSpecifier: true } : {}),
        });
      }
      return;
    }
    const resolved = this.resolveCall(n);
    if (!resolved) return;
    const { callee, args } = resolved;
    this.sinkAsCallback(c, callee, args);
    const q = this.qualify(callee);
    const isNew = n.type === 'NewExpression' || resolved.construct;
    this.noteDecoded(n, q);
    // Compilers reached through the debugger protocol and the REPL: an inspector session's
    // `Runtime.evaluate` runs its `expression`, and a REPL reading a socket runs what it sends.
    if (q === 'new inspector.Session.post' || q === 'new inspector/promises.Session.post') {
      const method = args[0] ? this.evaluator.string(args[0])?.value : undefined;
      if (method === 'Runtime.evaluate' || method === 'Runtime.compileScript') {
        const params = args[1] ? unwrap(args[1]) : undefined;
        const expr = params?.type === 'ObjectExpression' ? this.propValue(params, 'expression') : undefined;
        this.sink('eval', `inspector ${method}`, n, expr, c.scope);
        return;
      }
    }
    if (q === 'repl.start' && args[0]) {
      const opts = unwrap(args[0]);
      const input = opts.type === 'ObjectExpression' ? this.propValue(opts, 'input') : undefined;
      if (input && this.taintOf(input)?.kinds.includes('network')) {
        this.sink('stdin-code', 'repl.start (input from the network)', n, input, c.scope);
        return;
      }
    }
    // Mail is a way out too: `nodemailer.createTransport(…).sendMail(message)`.
    if (this.isMailSend(callee)) {
      this.request(n, 'nodemailer.sendMail', 'sendMail', args, 'socket', true);
      return;
    }
    if (q === undefined) {
      this.visitUnknownCall(c, callee, args);
      return;
    }
    const last = tail(q);
    const mod = head(q);
    if (q === 'eval') {
      this.sink('eval', unwrap(callee).type === 'SequenceExpression' ? '(0, eval)' : 'eval', n, args[0], c.scope);
      return;
    }
    if (q === 'Function' || q === 'AsyncFunction') {
      const label =
        unwrap(callee).type === 'Identifier'
          ? isNew
            ? 'new Function'
            : 'Function'
          : isNew
            ? 'new (Function.constructor)'
            : 'Function.constructor';
      this.sink('function', label, n, args[args.length - 1], c.scope);
      return;
    }
    if (mod === 'vm' && VM_COMPILERS.has(last)) {
      this.sink('vm', q, n, args[0], c.scope);
      return;
    }
    if (LOADERS.has(q)) {
      const d = args[0] ? this.describe(args[0]) : undefined;
      const ext = d?.constant === true ? /\.[\w-]{1,10}$/.exec(d.value)?.[0] : undefined;
      if (ext !== undefined && /^\.{0,2}\//.test(d?.value ?? '') && this.jsExtensions.has(ext)) {
        const taint = withStep(
          undefined,
          'file',
          {
            label: `loads ${short(d?.value ?? '', 100)} as JavaScript (${ext} is given Node's JavaScript compiler)`,
            loc: this.loc(n.start),
          },
          d?.value,
        );
        this.sink('module-compile', `require (${ext} as JavaScript)`, n, undefined, c.scope, {
          taint,
          constant: false,
          value: short(d?.value ?? '', 300),
        });
        return;
      }
      if (args[0] && d?.value.startsWith('data:') === true)
        this.sink('module-load', 'require', n, args[0], c.scope, { refs: this.refsOf(args[0]) });
      else if (args[0])
        this.pathLoads.push({
          callee: 'require',
          call: n,
          arg: args[0],
          path: d?.value,
          scope: c.scope,
          ...(d?.constant === true ? {} : { computed: {} }),
        });
      return;
    }
    // Native code: `process.dlopen(module, file)`, and Node's loader for a type called by hand
    // (`Module._extensions['.node'](m, file)`) load the file their second argument names.
    if (q === 'process.dlopen' || (EXTENSION_TABLES.has(q.replace(/\.\.[\w-]+$/, '')) && /\.\.[\w-]+$/.test(q))) {
      const file = args[1];
      const d = file ? this.describe(file) : undefined;
      const label = q === 'process.dlopen' ? q : q.replace(/\.(\.[\w-]+)$/, "['$1']");
      if (file)
        this.pathLoads.push({
          callee: label,
          call: n,
          arg: file,
          path: d?.value,
          scope: c.scope,
          // Node's own loaders called by hand wrap ordinary loads (a transpiler's hook): a sink only for a file written here.
          ...(d?.constant === true || q !== 'process.dlopen' ? {} : { computed: { pathSpecifier: true } }),
        });
      return;
    }
    if (last === '_compile') {
      this.sink('module-compile', q, n, args[0], c.scope);
      return;
    }
    if (this.scheduledSink(c, q, args)) return;
    if ((q === 'setTimeout' || q === 'setInterval' || q === 'setImmediate') && args[0]) {
      const a = unwrap(args[0]);
      const isFunction =
        FUNCTION_TYPES.has(a.type) ||
        (a.type === 'Identifier' && (this.fn(a) !== undefined || this.namesEnclosingFunction(a, c.scope))) ||
        this.isFunctionMember(a);
      if (!isFunction) {
        const d = this.describe(a);
        const t = this.taintOf(a);
        const stringy =
          d !== undefined && (d.constant || (a.type !== 'Identifier' && a.type !== 'MemberExpression' && a.type !== 'CallExpression'));
        if (stringy || (t && t.kinds.length > 0)) this.sink('timer', q, n, a, c.scope);
      }
      const delay = args[1] ? this.evaluator.evaluate(args[1]) : undefined;
      if (typeof delay?.value === 'number' && delay.value >= 60_000 && FUNCTION_TYPES.has(a.type))
        this.gateCandidates.push({ node: n, scope: c.scope, kind: 'delay', loopDepth: c.loopDepth });
      return;
    }
    if (isNew && (q === 'worker_threads.Worker' || q === 'Worker') && args[0]) {
      const opts = args[1] ? this.evaluator.evaluate(args[1]) : undefined;
      const props = opts?.value instanceof ConstObject ? opts.value.props : undefined;
      if (props?.get('eval') === true) {
        this.sink('eval', 'new Worker(…, { eval: true })', n, args[0], c.scope);
        return;
      }
    }
    if (q.startsWith('WebAssembly.') && /^(?:instantiate|compile|Module|instantiateStreaming|compileStreaming)$/.test(last)) {
      const src = args[0] ? unwrap(args[0]) : undefined;
      const fetched = src?.type === 'AwaitExpression' ? unwrap(child(src, 'argument') ?? src) : src;
      const fetchCallee = fetched?.type === 'CallExpression' ? child(fetched, 'callee') : undefined;
      const own = fetchCallee !== undefined && this.qualify(fetchCallee) === 'fetch' && this.isLocalAsset(this.urlArg(fetched as Node));
      this.sink('wasm', q, n, args[0], c.scope, own ? { constant: true } : {});
      return;
    }
    // process.binding('spawn_sync').spawn({ file, args }): child_process without child_process.
    if (/^process\.binding\.(?:spawn_sync|process_wrap)\./.test(q) && /^(?:spawn|spawnSync)$/.test(last) && args[0]) {
      const o = this.evaluator.evaluate(args[0])?.value;
      const argv = o instanceof ConstObject ? o.props.get('args') : undefined;
      const command = Array.isArray(argv) ? argv.map(x => asText(x) ?? '${…}').join(' ') : undefined;
      if (this.facts.sinks.length < 300) {
        const fact: SinkFact = { kind: 'shell', callee: q, loc: this.loc(n.start), constant: command !== undefined, decoded: false };
        if (command !== undefined) fact.value = short(command, 300);
        const t = this.taintOf(args[0]);
        if (t && t.kinds.length + t.params.length > 0) fact.taint = t;
        if (c.scope.fn) fact.fnStart = c.scope.fn.start;
        this.facts.sinks.push(fact);
      }
      return;
    }
    // Bun's shell (`` $`…` `` from 'bun', `Bun.$`) runs its template as a command line; `Bun.spawn`
    // takes the program and its arguments as one array (or `{ cmd: [...] }`).
    if (q === 'bun.$' || q === 'Bun.$') {
      this.visitProcess(c, q, 'exec', args);
      return;
    }
    if ((q === 'Bun.spawn' || q === 'Bun.spawnSync' || q === 'bun.spawn' || q === 'bun.spawnSync') && args[0]) {
      const a0 = unwrap(args[0]);
      const argv = a0.type === 'ObjectExpression' ? this.propValue(a0, 'cmd') : a0;
      const list = argv ? unwrap(argv) : undefined;
      if (list?.type === 'ArrayExpression') {
        const [program, ...rest] = children(list, 'elements');
        const tailArgs: Node = { type: 'ArrayExpression', start: list.start, end: list.end, elements: rest };
        if (program) this.visitProcess(c, q, 'spawn', [program, tailArgs, ...args.slice(1)]);
      }
      return;
    }
    if (mod === 'child_process' || mod === 'execa' || mod === 'cross-spawn' || mod === 'shelljs') {
      this.visitProcess(c, q, last, args);
      return;
    }
    if (FS_WRITE.has(q)) {
      const d = args[0] ? this.describe(args[0]) : undefined;
      const fact = { callee: q, loc: this.loc(n.start), refs: this.refsOf(args[0]) } as CodeFacts['writes'][number];
      if (d) fact.path = short(d.value, 300);
      const t = last === 'createWriteStream' ? undefined : this.taintOf(args[1]);
      if (t) fact.taint = t;
      if (this.facts.writes.length < 100) this.facts.writes.push(fact);
      return;
    }
    if (FS_PLACE.has(q) && args[1]) {
      const to = this.describe(args[1]);
      const from = args[0] ? this.describe(args[0]) : undefined;
      const fact: CodeFacts['writes'][number] = { callee: q, loc: this.loc(n.start), refs: this.refsOf(args[1]) };
      if (to) fact.path = short(to.value, 300);
      if (from) fact.from = short(from.value, 300);
      if (this.facts.writes.length < 100) this.facts.writes.push(fact);
      return;
    }
    if (FS_READ.has(q) || (q.startsWith('fs-extra.') && /read|copy/i.test(q))) {
      const d = args[0] ? this.describe(args[0]) : undefined;
      if (d && this.facts.reads.length < 100) this.facts.reads.push({ callee: q, loc: this.loc(n.start), path: short(d.value, 300) });
      // A copy also writes: its destination, with where the bytes come from.
      if (/^(?:copyFile|copyFileSync|cp|cpSync|copy|copySync)$/.test(last) && args[1] && this.facts.writes.length < 100) {
        const to = this.describe(args[1]);
        const fact: CodeFacts['writes'][number] = { callee: q, loc: this.loc(n.start), refs: this.refsOf(args[1]) };
        if (to) fact.path = short(to.value, 300);
        if (d) fact.from = short(d.value, 300);
        this.facts.writes.push(fact);
      }
      return;
    }
    if (NETWORK_CALLS.has(q.replace(/^new dns\.Resolver\./, 'dns.')) || CLIENT_CALL.test(q)) {
      this.request(n, q, last, args, 'http');
      return;
    }
    if (isNew && (NETWORK_NEW.has(q) || RPC_NEW.has(q) || /JsonRpcProvider$/.test(q))) {
      this.request(n, q, last, args, RPC_NEW.has(q) || /JsonRpcProvider$/.test(q) ? 'rpc' : 'socket');
      return;
    }
    // Sends on network objects: req.write(x), ws.send(x), socket.emit("e", x), session.request(headers), s3.send(command).
    if (OBJECT_SENDS.has(last) && unwrap(callee).type === 'MemberExpression') {
      const obj = child(unwrap(callee), 'object');
      const ot = obj ? this.taintOf(obj) : undefined;
      if (ot?.kinds.includes('network')) this.request(n, q, last, args, 'socket', true);
      this.stdinWrite(c, callee, args);
      return;
    }
    // Imported helpers whose parameters reach a sink (cross-file).
    const cu = unwrap(callee);
    const id =
      cu.type === 'Identifier'
        ? cu
        : cu.type === 'MemberExpression' && unwrap(child(cu, 'object') ?? cu).type === 'Identifier'
          ? unwrap(child(cu, 'object') ?? cu)
          : undefined;
    if (id) this.importedSinkCall(c, id, cu.type === 'MemberExpression' ? propName(cu) : undefined, args);
  }

  /**
   * The function a call really invokes and the arguments it gets, through `.call`/`.apply` at any
   * depth (`Function.prototype.call.call(Function, null, code)`), `Reflect.apply` and
   * `Reflect.construct`. The state is "invoke `fn` with `this` = `self` and `args`".
   */
  private resolveCall(n: Node): { callee: Node; args: Node[]; construct: boolean } | undefined {
    const first = child(n, 'callee');
    if (!first) return undefined;
    let fn = first;
    let args = children(n, 'arguments');
    let u = unwrap(fn);
    let self: Node | undefined = u.type === 'MemberExpression' ? child(u, 'object') : undefined;
    let construct = false;
    for (let i = 0; i < 8; i++) {
      u = unwrap(fn);
      const method = u.type === 'MemberExpression' ? propName(u) : undefined;
      const q = u.type === 'MemberExpression' ? dottedName(u) : undefined;
      if ((method === 'call' || method === 'apply') && self && q !== 'Reflect.apply') {
        // Invoking some function's `.call` with `this` = self: self runs with this = args[0].
        const next = self;
        self = args[0];
        args = method === 'call' ? args.slice(1) : this.spreadOf(args[1]);
        fn = next;
        continue;
      }
      // `const run = Function.prototype.call.bind(eval); run(null, code)`: the bound function is
      // invoked with the first argument as `this` and the rest as its arguments.
      const bound = this.boundInvoker(fn);
      if (bound) {
        fn = bound.target;
        self = args[0];
        args = bound.method === 'call' ? args.slice(1) : this.spreadOf(args[1]);
        continue;
      }
      if ((q === 'Reflect.apply' || q === 'Reflect.construct') && args[0]) {
        construct ||= q === 'Reflect.construct';
        fn = args[0];
        self = q === 'Reflect.apply' ? args[1] : undefined;
        args = this.spreadOf(args[q === 'Reflect.apply' ? 2 : 1]);
        continue;
      }
      break;
    }
    return { callee: fn, args, construct };
  }

  /** The specifier of a module customization hook registered by this call (`module.register(specifier, parentURL)`). */
  private registeredHook(call: Node): Node | undefined {
    const callee = child(call, 'callee');
    const a0 = children(call, 'arguments')[0];
    return a0 && callee && this.qualify(callee) === 'module.register' ? a0 : undefined;
  }

  /** `X.call.bind(target)` (or `.apply`), directly or through a binding: a function that invokes `target`. */
  private boundInvoker(fn: Node): { target: Node; method: 'call' | 'apply' } | undefined {
    let u = unwrap(fn);
    if (u.type === 'Identifier') {
      const b = this.binding(u);
      if (!b) return undefined;
      u = unwrap(b);
    }
    const callee = u.type === 'CallExpression' ? unwrap(child(u, 'callee') ?? u) : undefined;
    if (callee?.type !== 'MemberExpression' || propName(callee) !== 'bind') return undefined;
    const inner = unwrap(child(callee, 'object') ?? callee);
    const method = inner.type === 'MemberExpression' ? propName(inner) : undefined;
    const target = children(u, 'arguments')[0];
    return target && (method === 'call' || method === 'apply') ? { target, method } : undefined;
  }

  /** The arguments an `.apply`/`Reflect.apply` array stands for: its elements, or the array itself. */
  private spreadOf(node: Node | undefined): Node[] {
    if (!node) return [];
    const u = unwrap(node);
    if (u.type === 'ArrayExpression')
      return children(u, 'elements').map(e => (e.type === 'SpreadElement' ? (child(e, 'argument') ?? e) : e));
    return [node];
  }

  private visitUnknownCall(c: CallInfo, callee: Node, args: Node[]): void {
    const cu = unwrap(callee);
    // `m._compile(source, file)` on the module a registered extension hook is given.
    if (cu.type === 'MemberExpression' && propName(cu) === '_compile') {
      const obj = child(cu, 'object');
      const ext = obj ? this.hookParam(obj, 0) : undefined;
      if (ext !== undefined) {
        this.sink('module-compile', `module._compile (${ext} hook)`, c.node, args[0], c.scope);
        return;
      }
    }
    // Computed access that evaluates to a sink name: globalThis["ev" + "al"](x)
    if (cu.type === 'MemberExpression' && cu['computed'] === true) {
      const p = child(cu, 'property');
      const v = p ? this.evaluator.string(p) : undefined;
      if (v?.value === 'eval') {
        this.sink('eval', `[${JSON.stringify(v.value)}]`, c.node, args[0], c.scope);
        return;
      }
      if (v?.value === 'Function' || v?.value === 'constructor') {
        this.sink('function', `[${JSON.stringify(v.value)}]`, c.node, args[args.length - 1], c.scope);
        return;
      }
    }
    if (cu.type === 'MemberExpression' && OBJECT_SENDS.has(propName(cu) ?? '')) {
      const obj = child(cu, 'object');
      const ot = obj ? this.taintOf(obj) : undefined;
      if (ot?.kinds.includes('network')) this.request(c.node, propName(cu) ?? 'send', propName(cu) ?? 'send', args, 'socket', true);
      this.stdinWrite(c, callee, args);
    }
    if (cu.type === 'MemberExpression' && propName(cu) === 'pipe') {
      const target = args[0] ? unwrap(args[0]) : undefined;
      const obj = child(cu, 'object');
      const ot = obj ? this.taintOf(obj) : undefined;
      // `socket.pipe(sh.stdin)`: a shell reading commands from the network (a reverse shell).
      const proc = target?.type === 'MemberExpression' && propName(target) === 'stdin' ? this.spawnOf(child(target, 'object')) : undefined;
      if (proc?.stdinNode && obj && ot?.kinds.includes('network'))
        this.sink('stdin-code', `${proc.callee} ${proc.command ?? ''} (stdin)`.trim(), c.node, obj, c.scope);
      if (target && ot?.kinds.includes('network')) {
        const ws = target.type === 'Identifier' ? this.binding(target) : target;
        if (ws) {
          const wcallee = ws.type === 'CallExpression' ? child(ws, 'callee') : undefined;
          const wq = wcallee ? this.qualify(wcallee) : undefined;
          if (wq === 'fs.createWriteStream') {
            const pathArg = children(ws, 'arguments')[0];
            const d = pathArg ? this.describe(pathArg) : undefined;
            const fact: CodeFacts['writes'][number] = {
              callee: 'pipe → fs.createWriteStream',
              loc: this.loc(c.node.start),
              refs: this.refsOf(pathArg),
              taint: ot,
            };
            if (d) fact.path = short(d.value, 300);
            this.facts.writes.push(fact);
          }
        }
      }
    }
  }

  private importedSinkCall(c: CallInfo, id: Node, prop: string | undefined, args: Node[]): void {
    const ex = this.importedExport(id, prop);
    // A helper in another file that uploads its parameter: the upload of this call's argument.
    for (const s of ex?.summary.sendParams ?? []) {
      const t = this.taintOf(args[s.index]);
      if (!t || t.kinds.length === 0 || this.facts.requests.length >= 200) continue;
      const fact: CodeFacts['requests'][number] = {
        callee: `${s.callee.replace(/ \(in [^)]*\)$/, '')} (in ${s.loc.file})`,
        loc: this.loc(c.node.start),
        urlDecoded: false,
        sends: true,
        kind: s.kind,
        payloadTaint: withStep(t, undefined, { label: `sends it with ${s.callee} (in ${s.loc.file})`, loc: s.loc }),
      };
      if (s.url !== undefined) fact.url = s.url;
      this.facts.requests.push(fact);
    }
    for (const s of ex?.summary.sinkParams ?? []) {
      const arg = args[s.index];
      let through: Taint | undefined;
      if (s.through && arg) {
        const url = this.describe(arg)?.value;
        const label = url !== undefined ? `fetches ${short(url, 120)} (in ${s.through.loc.file})` : s.through.label;
        through = withStep(this.taintOf(arg), s.through.kind, { label, loc: s.through.loc }, url);
      }
      this.sink(s.kind, `${s.callee.replace(/ \(in [^)]*\)$/, '')} (in ${s.loc.file})`, c.node, arg, c.scope, {
        via: s.loc,
        ...(s.argvOnly === true ? { argvOnly: true } : {}),
        ...(through ? { taint: through } : {}),
      });
    }
  }

  /** `store.check` after `store.check = function () { … }`: a function is passed, not a string. */
  private isFunctionMember(n: Node): boolean {
    if (n.type !== 'MemberExpression') return false;
    const obj = unwrap(child(n, 'object') ?? n);
    const prop = propName(n);
    if (obj.type !== 'Identifier' || prop === undefined) return false;
    const assigned = this.defsOf(obj)?.filter(
      d =>
        d.kind === 'prop' &&
        new RegExp(`\\.${prop.replaceAll('$', '\\$')}\\s*=\\s*$`).test(this.input.text.slice(Math.max(0, d.node.start - 80), d.node.start)),
    );
    return assigned !== undefined && assigned.length > 0 && assigned.every(d => 'node' in d && FUNCTION_TYPES.has(unwrap(d.node).type));
  }

  /** `check` inside `function check() { … setTimeout(check, ms) }`: a function expression's own name. */
  private namesEnclosingFunction(id: Node, scope: Scope): boolean {
    const name = strProp(id, 'name');
    for (let sc: Scope | undefined = scope; sc; sc = sc.parent) {
      const own = sc.fn ? child(sc.fn, 'id') : undefined;
      if (own && strProp(own, 'name') === name) return true;
    }
    return false;
  }

  /** `x` in `pathToFileURL(x)`, `pathToFileURL(x).href` or `.toString()`: the file an `import()` loads. */
  private fileUrlTarget(node: Node): Node | undefined {
    let n = unwrap(node);
    if (n.type === 'CallExpression' && !children(n, 'arguments').length) {
      const c = child(n, 'callee');
      if (c && unwrap(c).type === 'MemberExpression' && propName(unwrap(c)) === 'toString') n = unwrap(child(unwrap(c), 'object') ?? n);
    }
    if (n.type === 'MemberExpression' && propName(n) === 'href') n = unwrap(child(n, 'object') ?? n);
    if (n.type !== 'CallExpression') return undefined;
    const callee = child(n, 'callee');
    const q = callee ? this.qualify(callee) : undefined;
    return q !== undefined && tail(q) === 'pathToFileURL' ? children(n, 'arguments')[0] : undefined;
  }

  /**
   * A module specifier that names a file or a path on the page's own server, so what loads is code
   * on disk (which the rules read) or served by the app, never the data the specifier was built
   * from: `pathToFileURL(p).href + '?t=' + now`, `path.join(dir, name)`, a URL's `.pathname`, and
   * these passed through a local helper that appends a suffix.
   */
  private isPathSpecifier(node: Node, depth = 0): boolean {
    if (depth > 4) return false;
    const n = unwrap(node);
    if (this.fileUrlTarget(n)) return true;
    switch (n.type) {
      case 'MemberExpression':
        return propName(n) === 'pathname';
      case 'BinaryExpression': {
        const left = child(n, 'left');
        return strProp(n, 'operator') === '+' && left !== undefined && this.isPathSpecifier(left, depth + 1);
      }
      case 'TemplateLiteral': {
        const first = children(n, 'quasis')[0];
        const cooked = first ? (first['value'] as { cooked?: unknown } | undefined)?.cooked : undefined;
        const raw = typeof cooked === 'string' ? cooked : '';
        const e0 = children(n, 'expressions')[0];
        return /^(?:\.{1,2}\/|\/(?!\/))/.test(raw) || (raw === '' && e0 !== undefined && this.isPathSpecifier(e0, depth + 1));
      }
      case 'Identifier': {
        const b = this.binding(n);
        return b !== undefined && this.isPathSpecifier(b, depth + 1);
      }
      case 'CallExpression': {
        const callee = child(n, 'callee');
        const q = callee ? this.qualify(callee) : undefined;
        if (q !== undefined && /^path\.(?:posix\.|win32\.)?(?:join|resolve|relative)$/.test(q)) return true;
        const cu = callee ? unwrap(callee) : undefined;
        // A path's own string methods keep it a path: `url.pathname.replace(/\/$/, '')`.
        if (cu?.type === 'MemberExpression' && /^(?:replace|replaceAll|slice|substring|toLowerCase|concat)$/.test(propName(cu) ?? ''))
          return this.isPathSpecifier(child(cu, 'object') ?? cu, depth + 1);
        // An imported helper that returns what it is given, given a path.
        if (cu?.type === 'Identifier') {
          const ex = this.importedExport(cu);
          const k = ex?.summary.returnsParams;
          if (k && k.length > 0) {
            const given = children(n, 'arguments');
            return k.every(i => {
              const g = given[i];
              return g !== undefined && this.isPathSpecifier(g, depth + 1);
            });
          }
        }
        const fn = callee ? this.fnOfCallee(callee) : undefined;
        if (!fn) return false;
        // A local helper: every value it returns is a path, or a path it was given plus a suffix.
        const params = children(fn, 'params');
        const args = children(n, 'arguments');
        const returned = this.returns.get(fn) ?? [];
        const body = child(fn, 'body');
        const values = body && body.type !== 'BlockStatement' ? [body] : returned;
        if (values.length === 0) return false;
        return values.every(v => {
          let r = unwrap(v);
          while (r.type === 'BinaryExpression' && strProp(r, 'operator') === '+') r = unwrap(child(r, 'left') ?? r);
          const k =
            r.type === 'Identifier' ? params.findIndex(p => p.type === 'Identifier' && strProp(p, 'name') === strProp(r, 'name')) : -1;
          const arg = k >= 0 ? args[k] : undefined;
          return arg !== undefined ? this.isPathSpecifier(arg, depth + 1) : this.isPathSpecifier(v, depth + 1);
        });
      }
      default:
        return false;
    }
  }

  private refsOf(node: Node | undefined): string[] {
    if (!node) return [];
    const out: string[] = [];
    const d = this.describe(node);
    if (d) out.push(`path:${d.value}`);
    const n = unwrap(node);
    if (n.type === 'Identifier') {
      const defs = this.defsOf(n);
      if (defs?.[0]) out.push(`def:${defs[0].kind}:${'node' in defs[0] ? defs[0].node.start : strProp(n, 'name')}`);
    }
    return out;
  }

  private visitProcess(c: CallInfo, q: string, last: string, args: Node[]): void {
    const n = c.node;
    const mod = head(q);
    // shelljs runs a shell only in `exec` (in CP_SHELL); its `echo`, `mkdir`, `test`, `cp`, `exit` are JavaScript.
    const shell = CP_SHELL.has(last) || (mod === 'execa' && last === 'execaCommand');
    const spawnLike = CP_SPAWN.has(last) || mod === 'cross-spawn' || (mod === 'execa' && !shell);
    const fork = last === 'fork';
    if (!shell && !spawnLike && !fork) return;
    const cmdNode = args[0];
    const argList = args[1] && unwrap(args[1]).type === 'ArrayExpression' ? args[1] : undefined;
    const optsNode = args.find(a => unwrap(a).type === 'ObjectExpression');
    const cmd = cmdNode ? this.describe(cmdNode) : undefined;
    const argv = argList ? this.describe(argList) : undefined;
    const self = cmdNode !== undefined && SELF_NODE.has(dottedName(cmdNode) ?? '');
    const command = [cmd?.value ?? (self ? 'node' : '${…}'), argv?.value].filter(Boolean).join(' ');
    const taint = mergeTaint(this.taintOf(cmdNode), this.taintOf(argList));
    const refs = [...this.refsOf(cmdNode), ...children(argList ?? n, 'elements').flatMap(e => this.refsOf(e))];
    const kind: SinkKind = shell ? 'shell' : fork ? 'fork' : 'spawn';
    if (this.facts.sinks.length < 300) {
      const fact: SinkFact = {
        kind,
        callee: q,
        loc: this.loc(n.start),
        constant: (cmd?.constant ?? false) && (argList ? argv?.constant === true : true),
        decoded: cmd?.decoded ?? false,
        value: short(command, 300),
        refs,
      };
      if (shell ? fillsArgumentSlots(command) : this.argvOnly(cmdNode, cmd, argList, optsNode)) fact.argvOnly = true;
      if (!shell && argList && (self || INTERPRETER.test(cmd?.value ?? '')) && this.inlineCode(argList)) fact.inlineCode = true;
      if (taint && taint.kinds.length + taint.params.length > 0) fact.taint = taint;
      if (c.scope.fn) fact.fnStart = c.scope.fn.start;
      if (c.loopDepth > 0 || this.inIteration(c.scope)) fact.inLoop = true;
      this.facts.sinks.push(fact);
    }
    const opts = optsNode ? this.evaluator.evaluate(optsNode) : undefined;
    const props = opts?.value && typeof opts.value === 'object' && 'props' in opts.value ? opts.value.props : new Map<string, Const>();
    const stdio = props.get('stdio');
    const isNode = /^(?:node|nodejs)(?:\.exe)?$/.test(cmd?.value ?? '') || self;
    const argvValues = argList ? children(argList, 'elements').map(e => this.evaluator.string(e)?.value) : [];
    // A shell or interpreter given no program (only flags such as `-i`, `-s`): it runs what arrives on stdin.
    const readsStdin =
      INTERPRETER.test(cmd?.value ?? '') &&
      !WRAPPER.test(cmd?.value ?? '') &&
      argvValues.every(a => a !== undefined && /^(?:-|--?[a-z][\w-]*|\/[a-z])$/i.test(a) && !STDIN_EXCLUDED.test(a));
    const spawn: CodeFacts['spawns'][number] = {
      callee: q,
      loc: this.loc(n.start),
      command: short(command, 300),
      detached: props.get('detached') === true,
      stdioIgnore: stdio === 'ignore' || (Array.isArray(stdio) && stdio[1] === 'ignore' && stdio[2] === 'ignore'),
      windowsHide: props.get('windowsHide') === true,
      unref: false,
      stdinNode: (isNode && (argvValues.length === 0 || argvValues.includes('-'))) || readsStdin,
    };
    if (taint) spawn.taint = taint;
    if (this.facts.spawns.length < 100) this.facts.spawns.push(spawn);
    this.spawnNodes.set(n, spawn);
    this.commandRequest(n, q, command, taint);
  }

  /**
   * A network program run as a command (`curl -d "${data}" https://…`, `wget --post-data`, `nc`,
   * `scp`) is a request: what the command line carries is sent.
   */
  private commandRequest(n: Node, q: string, command: string, taint: Taint | undefined): void {
    const m = NETWORK_PROGRAM.exec(command);
    if (!m || this.facts.requests.length >= 200) return;
    const fact: CodeFacts['requests'][number] = {
      callee: `${q} (${m[1] ?? 'curl'})`,
      loc: this.loc(n.start),
      urlDecoded: false,
      sends: true,
      kind: 'http',
    };
    const url = /\b(?:https?|ftp|wss?):\/\/[^\s'"`]+/.exec(command)?.[0];
    if (url !== undefined) fact.url = short(url, 300);
    if (taint && taint.kinds.length > 0) fact.payloadTaint = taint;
    if (taint && taint.params.length > 0) this.paramRequests.push({ fact, params: taint.params });
    this.facts.requests.push(fact);
  }

  /**
   * Whether data reaching a spawn without a shell can only be arguments of a fixed program, not
   * the command: `spawn('npm', ['install', 'pkg@' + version])`, and a create-app CLI's
   * `execa(packageManager, ['add', ...packages])`, whose program is the caller's choice but whose
   * first argument is a fixed subcommand, so no interpreter flag (`-e`, `-c`, `/c`) can follow.
   */
  private argvOnly(
    cmdNode: Node | undefined,
    cmd: { value: string; constant: boolean } | undefined,
    argList: Node | undefined,
    optsNode: Node | undefined,
  ): boolean {
    const opts = optsNode ? this.evaluator.evaluate(optsNode) : undefined;
    const props = opts?.value && typeof opts.value === 'object' && 'props' in opts.value ? opts.value.props : undefined;
    if (props?.get('shell') !== undefined && props.get('shell') !== false) return false;
    const cmdTaint = this.taintOf(cmdNode);
    if (cmd?.constant === true) {
      if (cmdTaint) return false;
      if (!INTERPRETER.test(cmd.value)) return true;
      // `deno add -- …deps`, `bun add …`: an interpreter held to a subcommand that installs or
      // builds takes data as arguments, as a package manager does.
      return !WRAPPER.test(cmd.value) && this.fixedSubcommand(argList);
    }
    // A program named by the caller (a parameter), never by fetched or decoded data in this file.
    if (cmdTaint && cmdTaint.kinds.length > 0) return false;
    return this.fixedSubcommand(argList);
  }

  /** An interpreter flag that takes the program as its argument, followed by that argument. */
  private inlineCode(argList: Node): boolean {
    const items = children(unwrap(argList), 'elements');
    return items.some((e, i) => {
      const flag = this.evaluator.string(e);
      return flag?.value !== undefined && CODE_FLAG.test(flag.value) && items[i + 1] !== undefined;
    });
  }

  /** The argument list starts with a constant subcommand word that does not run its next argument. */
  private fixedSubcommand(argList: Node | undefined): boolean {
    const first = argList ? children(unwrap(argList), 'elements')[0] : undefined;
    if (!first || unwrap(first).type === 'SpreadElement') return false;
    const word = this.describe(first);
    return word?.constant === true && SUBCOMMAND.test(word.value) && !RUNS_ITS_ARGUMENT.test(word.value);
  }

  private readonly spawnNodes = new Map<Node, CodeFacts['spawns'][number]>();

  private spawnOf(objNode: Node | undefined): CodeFacts['spawns'][number] | undefined {
    if (!objNode) return undefined;
    const o = unwrap(objNode);
    const direct = this.spawnNodes.get(o);
    if (direct) return direct;
    if (o.type === 'Identifier') {
      const b = this.binding(o);
      return b ? this.spawnNodes.get(unwrap(b)) : undefined;
    }
    return undefined;
  }

  /** The value of a plain `key: value` property of an object literal. */
  private propValue(obj: Node, key: string): Node | undefined {
    for (const p of children(obj, 'properties')) {
      if (p.type !== 'Property' || p['computed'] === true) continue;
      const k = child(p, 'key');
      const name = k?.type === 'Identifier' ? strProp(k, 'name') : k?.type === 'Literal' ? String(k['value']) : undefined;
      if (name === key) return child(p, 'value');
    }
    return undefined;
  }

  /** `t.sendMail(…)` on a transport from `nodemailer.createTransport(…)` (directly or through a binding). */
  private isMailSend(callee: Node): boolean {
    const cu = unwrap(callee);
    if (cu.type !== 'MemberExpression' || propName(cu) !== 'sendMail') return false;
    let obj = child(cu, 'object');
    if (obj && unwrap(obj).type === 'Identifier') obj = this.binding(unwrap(obj));
    const o = obj ? unwrap(obj) : undefined;
    const made = o?.type === 'CallExpression' ? child(o, 'callee') : undefined;
    return made !== undefined && this.qualify(made) === 'nodemailer.createTransport';
  }

  private stdinWrite(c: CallInfo, callee: Node, args: Node[]): void {
    const cu = unwrap(callee);
    const stdin = child(cu, 'object');
    if (!stdin || unwrap(stdin).type !== 'MemberExpression' || propName(unwrap(stdin)) !== 'stdin') return;
    const proc = this.spawnOf(child(unwrap(stdin), 'object'));
    if (proc?.stdinNode && args[0]) this.sink('stdin-code', `${proc.callee} ${proc.command ?? 'node -'} (stdin)`, c.node, args[0], c.scope);
  }

  private markUnref(): void {
    for (const c of this.calls) {
      const callee = child(c.node, 'callee');
      const cu = callee ? unwrap(callee) : undefined;
      if (cu?.type !== 'MemberExpression' || propName(cu) !== 'unref') continue;
      const s = this.spawnOf(child(cu, 'object'));
      if (s) s.unref = true;
    }
  }

  private request(n: Node, q: string, method: string, args: Node[], kind: 'http' | 'socket' | 'rpc', isSend = false): void {
    if (this.facts.requests.length >= 200) return;
    const urlNode = isSend ? undefined : this.urlArg(n);
    const url = urlNode ? this.describe(urlNode) : undefined;
    const payloadNodes = isSend ? args : args.filter(a => a !== urlNode);
    let payload = this.unionOf(payloadNodes, 0);
    const urlTaint = urlNode ? this.taintOf(urlNode) : undefined;
    // Data in the query string counts as sent.
    if (urlTaint && urlTaint.kinds.some(k => k === 'envdump' || k === 'fingerprint' || k === 'credential'))
      payload = mergeTaint(payload, urlTaint);
    const methodProp = args.map(a => unwrap(a)).find(a => a.type === 'ObjectExpression');
    const m = methodProp ? this.evaluator.evaluate(methodProp) : undefined;
    const methodValue = m?.value && typeof m.value === 'object' && 'props' in m.value ? asText(m.value.props.get('method')) : undefined;
    const fact: CodeFacts['requests'][number] = {
      callee: q,
      loc: this.loc(n.start),
      urlDecoded: url?.decoded ?? false,
      sends: isSend || SEND_METHODS.has(method) || /^(?:post|put|patch)$/i.test(methodValue ?? ''),
      kind,
    };
    if (url) fact.url = short(url.value, 300);
    if (urlTaint) fact.urlTaint = urlTaint;
    if (payload && payload.kinds.length > 0) fact.payloadTaint = payload;
    if (payload && payload.params.length > 0 && fact.sends) this.paramRequests.push({ fact, params: payload.params });
    this.facts.requests.push(fact);
  }

  private noteDecoded(n: Node, q: string | undefined): void {
    const callee = child(n, 'callee');
    if (!callee) return;
    const cu = unwrap(callee);
    const method = cu.type === 'MemberExpression' ? propName(cu) : undefined;
    const isDecoder =
      (q !== undefined && DECODERS.has(q)) ||
      method === 'join' ||
      method === 'toString' ||
      (cu.type === 'Identifier' && this.fn(cu) !== undefined) ||
      (cu.type === 'Identifier' &&
        children(n, 'arguments').some(
          a => a.type === 'Literal' && typeof a['value'] === 'string' && decodeInvisible(a['value']) !== undefined,
        ));
    if (!isDecoder) return;
    const fn = cu.type === 'Identifier' ? this.fn(cu) : undefined;
    const deep = fn !== undefined && this.isDecoderLike(fn) && this.constantArgs(n);
    const v = deep ? this.evaluator.recover(n) : this.evaluator.string(n);
    if (deep && !v && this.evaluator.lastRunSpent) this.budgetGap(n, 'a decoder called with constant arguments');
    if (v?.decoded && v.value.length >= 4) this.noteString(v.value, n.start, true);
  }

  /** Every argument is a literal, an array of literals or a name bound to one: a decoder's constant input. */
  private constantArgs(call: Node): boolean {
    const args = children(call, 'arguments');
    return (
      args.length > 0 &&
      args.every(a => {
        const u = unwrap(a);
        if (u.type === 'Identifier') {
          const b = this.binding(u);
          return b !== undefined && LITERAL_TYPES.has(unwrap(b).type);
        }
        return LITERAL_TYPES.has(u.type) || (u.type === 'UnaryExpression' && unwrap(child(u, 'argument') ?? u).type === 'Literal');
      })
    );
  }

  private collectGates(): void {
    const actions: number[] = [];
    const risky: number[] = [];
    for (const s of this.facts.sinks) {
      if (!(!s.constant || s.taint)) continue;
      actions.push(this.offsetOf(s.loc));
      if (isRiskySink(s)) risky.push(this.offsetOf(s.loc));
    }
    for (const r of this.facts.requests) {
      actions.push(this.offsetOf(r.loc));
      if (isRiskyRequest(r)) risky.push(this.offsetOf(r.loc));
    }
    const inRange = (a: Node): boolean => actions.some(o => o >= a.start && o <= a.end);
    for (const g of this.gateCandidates) {
      if (this.facts.gates.length >= 50) break;
      const n = g.node;
      if (g.kind === 'debugger') {
        const trap = g.loopDepth > 0 || this.inTimerCallback(g.scope);
        if (trap)
          this.facts.gates.push({
            kind: 'debugger-trap',
            loc: this.loc(n.start),
            detail: 'a `debugger` statement in a loop or timer stops anyone stepping through the code',
            gatesAction: false,
            risky: true,
          });
        continue;
      }
      if (g.kind === 'delay') {
        const fnArg = children(n, 'arguments')[0];
        if (fnArg && inRange(fnArg)) {
          const delay = this.evaluator.evaluate(children(n, 'arguments')[1] ?? n);
          this.facts.gates.push({
            kind: 'delay',
            loc: this.loc(n.start),
            detail: `waits ${typeof delay?.value === 'number' ? Math.round(delay.value / 1000) : '?'} s before it acts`,
            gatesAction: true,
            risky: risky.some(o => o >= fnArg.start && o <= fnArg.end),
          });
        }
        continue;
      }
      const test = child(n, 'test');
      if (!test) continue;
      const text = this.input.text.slice(test.start, Math.min(test.end, test.start + 400));
      let kind: GateFact['kind'] | undefined;
      if (/process\.env\.(?:CI|GITHUB_ACTIONS|GITLAB_CI|TRAVIS|JENKINS_URL|BUILDKITE|CIRCLECI)\b/.test(text)) kind = 'ci-check';
      else if (/virtualbox|vbox|vmware|qemu|sandbox|hyper-?v|malware|analysis|wireshark|procmon|fiddler/i.test(text)) kind = 'vm-check';
      else if (/\bhostname\s*\(\)|userInfo\s*\(\)\.username|os\.cpus\s*\(\)\.length|totalmem\s*\(\)/.test(text)) kind = 'host-check';
      if (!kind) continue;
      const body = [child(n, 'consequent'), child(n, 'alternate')].filter((x): x is Node => x !== undefined);
      const exits = body.some(b => /^\s*\{?\s*(?:return|process\.exit)/.test(this.input.text.slice(b.start, b.start + 40)));
      // The code the check guards: inside either branch, or after it when a branch leaves early.
      const guarded = (o: number): boolean =>
        body.some(b => o >= b.start && o <= b.end) || (exits && o > n.end && (!g.scope.fn || o <= g.scope.fn.end));
      const gatesAction = actions.some(guarded);
      this.facts.gates.push({
        kind,
        loc: this.loc(n.start),
        detail: short(text.replace(/\s+/g, ' '), 160),
        gatesAction,
        risky: risky.some(guarded),
      });
    }
  }

  /** Inside a callback of `forEach`/`map`/`for…` iteration helpers. */
  private inIteration(scope: Scope): boolean {
    for (let s: Scope | undefined = scope; s?.fn; s = s.parent) {
      for (const cb of this.callbacks.get(s.fn) ?? []) {
        const callee = child(cb.call, 'callee');
        const cu = callee ? unwrap(callee) : undefined;
        if (cu?.type === 'MemberExpression' && /^(?:forEach|map|flatMap|filter|reduce|some|every)$/.test(propName(cu) ?? '')) return true;
      }
    }
    return false;
  }

  private inTimerCallback(scope: Scope): boolean {
    for (let s: Scope | undefined = scope; s?.fn; s = s.parent) {
      for (const cb of this.callbacks.get(s.fn) ?? []) {
        const callee = child(cb.call, 'callee');
        if (callee && /^(?:setInterval|setTimeout)$/.test(dottedName(callee) ?? '')) return true;
      }
    }
    return false;
  }

  private offsetOf(loc: Location): number {
    // Lines/columns back to an offset (only used for range checks inside this file); the lines
    // are the file's, so a parse window's shift is undone first.
    const line = textLine(this.input.lineShift, loc.line ?? 1) ?? 1;
    return (this.lines.lineStart(line) ?? 0) + (loc.column ?? 1) - 1;
  }

  private summarise(): void {
    const exports: Record<string, ExportSummary> = {};
    let count = 0;
    for (const [name, node] of this.exportNodes) {
      if (++count > 200) break;
      const target = unwrap(node);
      const fn = FUNCTION_TYPES.has(target.type) ? target : target.type === 'Identifier' ? this.fn(target) : undefined;
      const ex: ExportSummary = {};
      const alias = fn ? undefined : this.qualify(target);
      if (alias !== undefined && isNotable(alias)) ex.alias = alias;
      if (fn) {
        const t = this.returnsTaint(fn, 0);
        const own = `${fn.start}:`;
        const returnsParams = [...new Set((t?.params ?? []).filter(p => p.startsWith(own)).map(p => Number(p.slice(own.length))))];
        if (returnsParams.length > 0) ex.returnsParams = returnsParams;
        if (t && t.kinds.length > 0) ex.taint = { ...t, params: [] };
        const sinkParams: NonNullable<ExportSummary['sinkParams']> = [];
        for (const s of this.facts.sinks) {
          for (const p of s.taint?.params ?? []) {
            if (!p.startsWith(own)) continue;
            const entry: NonNullable<ExportSummary['sinkParams']>[number] = {
              index: Number(p.slice(own.length)),
              kind: s.kind,
              callee: s.callee,
              loc: s.loc,
            };
            if (s.argvOnly === true) entry.argvOnly = true;
            // The parameter is the URL of a fetch whose response reaches the sink.
            const net = s.taint?.steps.find(st => /^fetches |^connects to /.test(st.label));
            if (net && hasTaintKind(s.taint, 'network')) entry.through = { kind: 'network', label: net.label, loc: net.loc };
            sinkParams.push(entry);
          }
        }
        if (sinkParams.length > 0) ex.sinkParams = sinkParams.slice(0, 10);
        const sendParams: NonNullable<ExportSummary['sendParams']> = [];
        for (const { fact, params } of this.paramRequests) {
          for (const p of params) {
            if (!p.startsWith(own) || sendParams.length >= 10) continue;
            const entry: NonNullable<ExportSummary['sendParams']>[number] = {
              index: Number(p.slice(own.length)),
              callee: fact.callee,
              loc: fact.loc,
              kind: fact.kind,
            };
            if (fact.url !== undefined) entry.url = fact.url;
            sendParams.push(entry);
          }
        }
        if (sendParams.length > 0) ex.sendParams = sendParams;
      } else if (target.type !== 'ClassDeclaration' && target.type !== 'ClassExpression') {
        const v = this.evaluator.string(target);
        if (v) ex.value = short(v.value, 2000);
        const t = this.taintOf(target);
        if (t && t.kinds.length > 0) ex.taint = { ...t, params: [] };
      }
      if (Object.keys(ex).length > 0) exports[name] = ex;
    }
    // `module.exports = require('./b')`: b's exports are this module's.
    const whole = this.exportNodes.get('default');
    const w = whole ? unwrap(whole) : undefined;
    const wc = w?.type === 'CallExpression' ? child(w, 'callee') : undefined;
    const spec = w && wc && LOADERS.has(this.qualify(wc) ?? '') ? children(w, 'arguments')[0] : undefined;
    if (spec && typeof spec['value'] === 'string') this.reexports.push({ source: spec['value'], names: undefined });
    // `module.exports = { ...require('./a'), ...b }`: each spread module's exports are this one's.
    for (const p of w?.type === 'ObjectExpression' ? children(w, 'properties') : []) {
      const arg = p.type === 'SpreadElement' ? child(p, 'argument') : undefined;
      const q = arg ? this.qualify(arg) : undefined;
      if (q !== undefined && (q.startsWith('.') || q.startsWith('/')) && this.reexports.length < 50)
        this.reexports.push({ source: q, names: undefined });
    }
    for (const r of this.reexports) {
      const mod = this.input.importSummary(r.source);
      if (!mod) {
        // `export { runInThisContext as run } from 'node:vm'`: the export is the API itself.
        for (const [to, from] of r.names ?? []) {
          const alias = normQualified(from === 'default' ? normModule(r.source) : `${normModule(r.source)}.${from}`);
          if (exports[to] === undefined && isNotable(alias)) exports[to] = { alias };
        }
        continue;
      }
      // `export *` passes on every name but the default.
      const passed = r.names
        ? [...r.names].map(([to, from]) => [to, mod.summary.exports[from]] as const)
        : Object.entries(mod.summary.exports).filter(([name]) => name !== 'default');
      for (const [name, ex] of passed) if (ex && exports[name] === undefined) exports[name] = ex;
    }
    this.facts.summary = { exports };
  }
}

/** How well-known directories read in a skeleton path. */
const PLACEHOLDERS: Record<string, string> = {
  'os.homedir': '~',
  'os.tmpdir': '$TMPDIR',
  'process.env.HOME': '~',
  'process.env.USERPROFILE': '~',
  'process.env.APPDATA': '~/AppData/Roaming',
  'process.env.LOCALAPPDATA': '~/AppData/Local',
  __dirname: '.',
  'process.cwd': '.',
};

/** Credential stores by path and wallet extension ids (data/knowledge/credential-stores.json, wallet-extensions.json). */
export const CREDENTIAL_PATH = credentialPathPattern();
