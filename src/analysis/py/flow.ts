/**
 * Python code facts: the same sources → decoders → sinks model as the JavaScript analysis
 * (../js/flow.ts), written as `CodeFacts`, so every `code/*` rule reads Python findings the way it
 * reads JavaScript ones and severity comes from the flow, not the language.
 *
 * One pass over the module in statement order, with a scope per function: names are bound to
 * abstract values (a constant string or bytes, a module or function they alias, the taint of the
 * data they hold). Calls are resolved through aliases (`e = exec`), `getattr(builtins, 'ex'+'ec')`,
 * `__builtins__.__dict__['exec']`, `__import__('os')` and `importlib.import_module(...)`. Hidden
 * strings are recovered by constant folding over the tree (base64, hex, rot13, zlib, reversal,
 * `chr` joins): nothing is ever executed.
 */
import type { Location } from '../../core/types.ts';
import { textOf } from '../../lang/python/parse.ts';
import type { PyNode, PyParse } from '../../lang/python/parse.ts';
import { CREDENTIAL_PATH, fillsArgumentSlots, INTERESTING_STRING, mergeTaint, withStep } from '../js/flow.ts';
import { interpreterPattern, networkApis, secretCommandPattern, templateFiles } from '../../knowledge/index.ts';
import { isEndpoint, isReadable } from '../js/evaluate.ts';
import { emptyFacts, hasKind } from '../js/types.ts';
import type { CodeFacts, SinkKind, Taint, TaintKind } from '../js/types.ts';
import { bytesToText, decode, MAX_DECODED, textToBytes, unescapePython } from './strings.ts';
import type { Decoder } from './strings.ts';
import { fromCharCodes } from '../../core/spread.ts';

/** An abstract value. */
interface Val {
  /** Constant text, or a skeleton with `${…}` for unknown parts. */
  str?: string;
  /** `str` holds bytes (latin-1, one char per byte). */
  bytes?: boolean;
  /** Every part of `str` is known. */
  constant?: boolean;
  /** The value came out of a decoder. */
  decoded?: boolean;
  /** The module, function or object this names: `os`, `builtins.exec`, `requests.get()`. */
  ref?: string;
  taint?: Taint | undefined;
  /** Elements of a constant list or tuple. */
  items?: Val[];
  /** The `compile(...)` call that made this code object (its sink is reported unless `exec` takes it). */
  compiledAt?: PyNode;
  /** An open file: its path and mode. */
  file?: { path?: string; write: boolean; taint?: Taint };
  /** The whole `os.environ`. */
  environ?: boolean;
  /** A constant integer (`str` holds its decimal text too). */
  num?: number;
  /**
   * A function of the repository: its definition, the analyzer of the file that holds it, and the
   * scopes of the functions it is nested in (a closure sees them when it is called later).
   */
  fn?: PyFunction;
  /** A class of the repository: its name, body namespace (methods and class attributes) and bases. */
  cls?: PyClass;
  /** An instance of a repository class. Its attributes are shared by every copy of the value, so `self.x = …` in one method is seen by the next. */
  obj?: { cls: PyClass; attrs: Map<string, Val> };
  /** Bytes `pickle.dumps` made of an object this program holds (still carrying the object's data taint). */
  serialised?: boolean;
  /** A method looked up on an instance: the instance it is called with as `self`. */
  self?: Val;
  /** What a loop over this value binds: the paths a directory listing yields (`~/${…}` for `os.walk('~')`). */
  each?: Val;
  /** The text of this repository file (`open(p).read()`, `Path(p).read_text()`), for loaders that judge the file. */
  readFrom?: string;
}

interface PyFunction {
  def: PyNode;
  owner: Analyzer;
  closure?: Map<string, Val>[];
}

interface PyClass {
  name: string;
  attrs: Map<string, Val>;
  bases: PyClass[];
}

/** Methods declared `@staticmethod`, by definition. */
const STATIC_DEFS = new WeakSet<PyNode>();
/** Functions decorated as nox sessions (`@nox.session`, `@nox.session(python=…)`, nox-poetry's). */
const NOX_SESSIONS = new WeakSet<PyNode>();
const NOX_SESSION = 'nox.Session()';
const NOX_DECORATOR = /^(?:nox|nox_poetry)\.session$/;
/** A nox session's methods that start a process with their arguments as its argv. */
const NOX_RUN = /^nox\.Session\(\)\.(?:run|run_always|run_install|run_in_venv)$/;

/** How many classes up the bases a method or attribute is looked for. */
const MAX_BASES_DEPTH = 8;

/** A name of a class or its bases (methods, class attributes), nearest first. */
function classAttr(cls: PyClass, name: string, depth = 0): Val | undefined {
  const own = cls.attrs.get(name);
  if (own !== undefined || depth >= MAX_BASES_DEPTH) return own;
  for (const b of cls.bases) {
    const v = classAttr(b, name, depth + 1);
    if (v !== undefined) return v;
  }
  return undefined;
}

const UNKNOWN: Val = {};
const SKELETON = '${…}';
const MAX_STR = 64 * 1024;
/** Paths whose written data is remembered per file. */
const MAX_WRITTEN = 200;
/** Nodes one file may evaluate; past it the file's facts are marked truncated. */
const NODE_BUDGET = 400_000;

const BUILTIN_NAMES = new Set([
  'exec',
  'eval',
  'compile',
  '__import__',
  'getattr',
  'open',
  'chr',
  'bytes',
  'bytearray',
  'str',
  'globals',
  'vars',
  'locals',
  'map',
  'print',
  'input',
]);
const BUILTINS_MODULES = new Set(['builtins', '__builtin__', '__builtins__']);

const DECODERS: Record<string, Decoder> = {
  'base64.b64decode': 'b64',
  'base64.standard_b64decode': 'b64',
  'base64.decodebytes': 'b64',
  'base64.decodestring': 'b64',
  'base64.urlsafe_b64decode': 'b64url',
  'base64.b32decode': 'b32',
  'base64.b16decode': 'b16',
  'base64.b85decode': 'b85',
  'base64.a85decode': 'a85',
  'binascii.a2b_base64': 'b64',
  'binascii.unhexlify': 'hex',
  'binascii.a2b_hex': 'hex',
  'bytes.fromhex': 'hex',
  'bytearray.fromhex': 'hex',
  // `bytes` and `bytearray` are builtins: a call through them is qualified as one.
  'builtins.bytes.fromhex': 'hex',
  'builtins.bytearray.fromhex': 'hex',
  'zlib.decompress': 'zlib',
  'gzip.decompress': 'gzip',
  'bz2.decompress': 'bz2',
  'lzma.decompress': 'lzma',
};
const DECODER_LABEL: Record<Decoder, string> = {
  b64: 'base64',
  b64url: 'base64',
  b32: 'base32',
  b16: 'hex',
  b85: 'base85',
  a85: 'ascii85',
  hex: 'hex',
  rot13: 'rot13',
  zlib: 'zlib',
  gzip: 'gzip',
  bz2: 'bz2',
  lzma: 'lzma',
  reverse: 'reversed text',
};

const EVAL_SINKS: Record<string, string> = {
  'builtins.exec': 'exec',
  'builtins.eval': 'eval',
  'builtins.compile': 'compile',
  'code.InteractiveInterpreter().runsource': 'code.InteractiveInterpreter.runsource',
  'code.InteractiveConsole().push': 'code.InteractiveConsole.push',
  'runpy.run_path': 'runpy.run_path',
};
const LOAD_SINKS = new Set([
  'builtins.__import__',
  'importlib.import_module',
  'importlib.__import__',
  'ctypes.CDLL',
  'ctypes.WinDLL',
  'ctypes.cdll.LoadLibrary',
  'ctypes.windll.LoadLibrary',
  'ctypes.CDLL()',
  'ctypes.PyDLL',
  'ctypes.OleDLL',
]);
const DESERIALISE_SINKS = new Set([
  'marshal.loads',
  'pickle.loads',
  'pickle.load',
  'cPickle.loads',
  'dill.loads',
  'cloudpickle.loads',
  'types.FunctionType',
  'types.CodeType',
  'ctypes.memmove',
  'ctypes.CFUNCTYPE',
]);
/**
 * Loaders that unpickle a file given by path or open file object: what they load is code (any
 * callable the pickle names runs). A constant repository path is named as a `file` source so the
 * rules can read what that pickle would call.
 */
export const PICKLE_LOADERS = new Set([
  'pickle.load',
  'pickle.loads',
  'dill.load',
  'dill.loads',
  'cloudpickle.load',
  'cloudpickle.loads',
  'joblib.load',
  'pandas.read_pickle',
  'torch.load',
]);
/**
 * PyYAML loads that build any Python object a tag names (`!!python/object/apply:os.system`): the
 * `unsafe_*` functions, and `load`/`load_all` given the full `Loader`/`UnsafeLoader` (positionally
 * or as `Loader=`). `safe_load` and `FullLoader` (PyYAML 5.4+) refuse those tags.
 */
export const YAML_CODE_LOADERS = new Set(['yaml.unsafe_load', 'yaml.unsafe_load_all', 'yaml.load', 'yaml.load_all']);
const YAML_UNSAFE_LOADER = /^yaml\.(?:Loader|UnsafeLoader|CLoader|CUnsafeLoader)$/;
const SHELL_CALLS = new Set([
  'os.system',
  'os.popen',
  'subprocess.getoutput',
  'subprocess.getstatusoutput',
  'commands.getoutput',
  'os.startfile',
  'pty.spawn',
]);
const PROCESS_CALLS = new Set([
  'subprocess.run',
  'subprocess.call',
  'subprocess.check_call',
  'subprocess.check_output',
  'subprocess.Popen',
  'asyncio.create_subprocess_exec',
  'asyncio.create_subprocess_shell',
]);
const OS_EXEC = /^os\.(?:exec[lv]p?e?|spawn[lv]p?e?|posix_spawnp?)$/;
const HTTP_VERBS = /^(?:get|post|put|patch|delete|head|options|request|stream|urlopen|send)$/;
const SENDING_VERBS = /^(?:post|put|patch)$/;
/** Modules whose calls are requests (data/knowledge/network-apis.json). */
const NETWORK_ROOTS = new RegExp(
  `^(?:${networkApis()
    .pythonModules.map(m => m.replaceAll('.', '\\.'))
    .join('|')})(?:\\.|$)`,
);
const SOCKET_FILENO = /^socket\.(?:socket|create_connection)\(\)\.fileno$/;
const SOCKET_METHOD = /^socket\.(?:socket|create_connection)\(\)\.(?:send|sendall|sendto|connect|recv)$/;
/** Site-packages folders (where `.pth` files run at every Python start-up). */
const SITE_DIR = /^(?:site\.getusersitepackages|sysconfig\.get_path|distutils\.sysconfig\.get_python_lib|site\.USER_SITE)$/;
const SITE_PACKAGES: Val = { str: '$SITE_PACKAGES', constant: true };
const DNS_LOOKUP =
  /^(?:socket\.(?:gethostbyname(?:_ex)?|getaddrinfo)|dns\.resolver\.(?:resolve|query)|dns\.resolver\.Resolver\(\)\.(?:resolve|query))$/;
const MAIL_SEND = /^(?:smtplib\.(?:SMTP|SMTP_SSL|LMTP)|ftplib\.(?:FTP|FTP_TLS))\(\)\.(?:sendmail|send_message|storbinary|storlines)$/;
/** Programs that run their arguments as code (data/knowledge/shell-tools.json). */
const INTERPRETER = interpreterPattern();

const FINGERPRINT: Record<string, string> = {
  'socket.gethostname': 'reads os.hostname() (socket.gethostname)',
  'platform.node': 'reads os.hostname() (platform.node)',
  'getpass.getuser': 'reads os.userInfo() (getpass.getuser)',
  'os.getlogin': 'reads os.userInfo() (os.getlogin)',
  'uuid.getnode': 'reads os.networkInterfaces() (uuid.getnode)',
  'platform.platform': 'reads os.platform() (platform.platform)',
  'platform.system': 'reads os.platform() (platform.system)',
  'platform.uname': 'reads os.platform() (platform.uname)',
};
/** Commands that print a credential (data/knowledge/secret-commands.json). */
const SECRET_COMMAND = secretCommandPattern();
const CODE_FILE = /\.(?:py|pyw|pyc|[cm]?[jt]sx?|sh|json)$/i;
/** Templates, text and config files read as data (data/knowledge/template-files.json). */
const TEMPLATE_FILE = templateFiles().python;
const HOME_PLACEHOLDER: Record<string, string> = {
  HOME: '~',
  USERPROFILE: '~',
  APPDATA: '~/AppData/Roaming',
  LOCALAPPDATA: '~/AppData/Local',
};

export interface PyFlowInput {
  path: string;
  parse: PyParse;
  /** `.env` values by name, to resolve `os.environ['X']`. */
  env: ReadonlyMap<string, string>;
  /**
   * The repository module a dotted name imported from `from` resolves to, with its parse; helper
   * functions of other modules are summarised through it (`from utils import load; exec(load())`).
   */
  modules?: PyModules;
}

export interface PyModules {
  module(from: string, dotted: string): { path: string; parse: PyParse } | undefined;
}

/** How deep calls of repository functions are followed, and how many one file may follow. */
const MAX_CALL_DEPTH = 4;
const MAX_CALLS = 300;
/** Items a comprehension over a constant sequence is evaluated for, one by one. */
const MAX_UNROLL = 4096;

/** State shared by the analyzers of one file and the modules its calls reach. */
interface CallState {
  depth: number;
  calls: number;
  active: Set<PyNode>;
  /** Analyzers of other modules, by path (null: not resolvable or not analysable). */
  modules: Map<string, Analyzer | null>;
  /** Resolved callees of qualified names (`utils.load`), by name. */
  callees: Map<string, Val | null>;
}

/** Calls that run a function later (a thread, an exit or signal handler, an executor): name → where the function and its arguments are. */
const CALLBACK_RUNNERS: Record<string, { fn: number | 'target'; args: number | 'args' }> = {
  'threading.Thread': { fn: 'target', args: 'args' },
  'multiprocessing.Process': { fn: 'target', args: 'args' },
  'threading.Timer': { fn: 1, args: 'args' },
  'atexit.register': { fn: 0, args: 1 },
  'signal.signal': { fn: 1, args: 99 },
  '_thread.start_new_thread': { fn: 0, args: 1 },
  'asyncio.to_thread': { fn: 0, args: 1 },
};
/** Files loaded and run by path: the index of the path argument. */
const PATH_LOADERS: Record<string, number> = {
  'runpy.run_path': 0,
  'importlib.util.spec_from_file_location': 1,
  'importlib.machinery.SourceFileLoader': 1,
  'importlib.machinery.SourcelessFileLoader': 1,
  'imp.load_source': 1,
  'imp.load_compiled': 1,
};
/** Listings of a folder: what they return names the folder's files. */
const FILE_DUMPERS = new Set([
  'json.dump',
  'pickle.dump',
  'marshal.dump',
  'plistlib.dump',
  'yaml.dump',
  'yaml.safe_dump',
  'toml.dump',
  'tomli_w.dump',
]);
/**
 * What a loop over a directory listing binds: full paths under the folder for globs, `Path.iterdir`
 * and `rglob` (any depth), `(root, dirs, files)` for `os.walk`; `os.listdir` yields bare names.
 */
function listed(q: string, dir: string, pattern: string | undefined): Val | undefined {
  const wild = (p: string): string => p.replace(/[^/\\]*[*?][^/\\]*/g, SKELETON);
  const under = (p: string): Val => ({ str: p, constant: false });
  if (q === 'os.walk') return { items: [under(`${dir}/${SKELETON}`), UNKNOWN, UNKNOWN] };
  if (q === 'glob.glob' || q === 'glob.iglob') return under(dir);
  if (q === 'pathlib.Path().iterdir') return { ...under(`${dir}/${SKELETON}`), ref: 'pathlib.Path()' };
  if (q === 'pathlib.Path().glob' && pattern !== undefined) return { ...under(`${dir}/${wild(pattern)}`), ref: 'pathlib.Path()' };
  if (q === 'pathlib.Path().rglob' && pattern !== undefined)
    return { ...under(`${dir}/${SKELETON}/${wild(pattern)}`), ref: 'pathlib.Path()' };
  return undefined;
}

const LISTINGS = new Set(['glob.glob', 'glob.iglob', 'os.listdir', 'os.scandir', 'os.walk']);
const PATH_LISTINGS = new Set(['pathlib.Path().glob', 'pathlib.Path().rglob', 'pathlib.Path().iterdir']);
/** Methods that put a value into the container they are called on. */
const CONTAINER_ADD = new Set(['append', 'extend', 'update', 'add', 'insert', 'setdefault', 'write', 'writelines']);

class Analyzer {
  readonly facts: CodeFacts;
  private memo = new Map<PyNode, Val>();
  /** Namespaces of class bodies, which functions defined in them do not close over. */
  private readonly classScopes = new WeakSet<Map<string, Val>>();
  private scopes: Map<string, Val>[] = [new Map<string, Val>()];
  private steps = 0;
  /** `compile()` calls not (yet) run by `exec`/`eval`: reported at the end as sinks of their own. */
  private readonly compiles = new Map<PyNode, Val>();
  /** Tainted data written to a path (network responses, decoded text), by path: the last write. */
  private readonly written = new Map<string, { taint: Taint; line: number }>();

  /** The address of the last socket connected (`s.connect((host, port))`). */
  private lastSocket: string | undefined;
  /** A socket made the standard input and output of the processes this module starts (`os.dup2`). */
  private stdioSocket: Taint | undefined;

  /** Values of the `return` statements of the function being called, while it runs. */
  private returns: Val[] | undefined;
  private readonly calls: CallState;

  constructor(
    private readonly input: PyFlowInput,
    calls?: CallState,
  ) {
    this.facts = { ...emptyFacts(input.path, false, 'ast'), language: 'python' };
    this.calls = calls ?? { depth: 0, calls: 0, active: new Set(), modules: new Map(), callees: new Map() };
  }

  private loc(n: PyNode): Location {
    const text = this.input.parse.text;
    const lineStart = text.lastIndexOf('\n', n.start - 1) + 1;
    return { file: this.input.path, line: n.line, column: n.start - lineStart + 1 };
  }

  private src(n: PyNode): string {
    return textOf(this.input.parse, n);
  }

  run(): CodeFacts {
    this.block(this.input.parse.root);
    for (const [n, v] of this.compiles) this.sink('eval', 'compile', n, v);
    dedupe(this.facts);
    return this.facts;
  }

  /** The module's top level, run once so its functions and imports are bound (another module's helper). */
  private loadModule(): void {
    this.block(this.input.parse.root);
  }

  /**
   * A call of a repository function: its body runs again with the arguments bound to the
   * parameters (a fresh memo, the module scope around it), and the call's value is what its
   * `return` statements give. Sinks it reaches record what the arguments carry.
   */
  invoke(def: PyNode, argv: Val[], kwv: ReadonlyMap<string, Val>, closure: readonly Map<string, Val>[] = []): Val | undefined {
    const st = this.calls;
    if (st.depth >= MAX_CALL_DEPTH || st.calls >= MAX_CALLS || st.active.has(def)) return undefined;
    const body = field(def, 'body');
    if (!body) return undefined;
    st.depth++;
    st.calls++;
    st.active.add(def);
    const scope = new Map<string, Val>();
    let i = 0;
    for (const p of field(def, 'parameters')?.children ?? []) {
      if (p.type === 'list_splat_pattern' || p.type === 'dictionary_splat_pattern') {
        const id = p.children.find(c => c.type === 'identifier');
        const rest = p.type === 'list_splat_pattern' ? argv.slice(i) : [...kwv.values()];
        let taint: Taint | undefined;
        for (const r of rest) taint = mergeTaint(taint, r.taint);
        if (id) scope.set(this.src(id), { items: rest, ...(taint ? { taint } : {}) });
        i = argv.length;
        continue;
      }
      const id = p.type === 'identifier' ? p : (field(p, 'name') ?? p.children.find(c => c.type === 'identifier'));
      if (!id) continue;
      const name = this.src(id);
      const given = kwv.get(name) ?? argv[i++];
      const d = field(p, 'value');
      scope.set(name, given ?? (d ? this.value(d) : UNKNOWN));
    }
    const saved = { memo: this.memo, scopes: this.scopes, returns: this.returns };
    this.memo = new Map();
    this.scopes = [this.scopes[0] ?? new Map<string, Val>(), ...closure, scope];
    this.returns = [];
    try {
      this.block(body);
      return joinValues(this.returns);
    } finally {
      this.memo = saved.memo;
      this.scopes = saved.scopes;
      this.returns = saved.returns;
      st.depth--;
      st.active.delete(def);
    }
  }

  /** A function of another repository module named by a qualified name (`utils.load`), loaded once. */
  private external(q: string): Val | undefined {
    const modules = this.input.modules;
    if (!modules || q.includes('(') || !q.includes('.')) return undefined;
    const cached = this.calls.callees.get(q);
    if (cached !== undefined) return cached ?? undefined;
    this.calls.callees.set(q, null);
    const dot = q.lastIndexOf('.');
    const found = modules.module(this.input.path, q.slice(0, dot));
    if (!found || found.path === this.input.path) return undefined;
    let owner = this.calls.modules.get(found.path);
    if (owner === undefined) {
      owner = new Analyzer({ path: found.path, parse: found.parse, env: this.input.env, modules }, this.calls);
      this.calls.modules.set(found.path, owner);
      owner.loadModule();
    }
    const v = owner?.scopes[0]?.get(q.slice(dot + 1));
    if (!v?.fn) return undefined;
    this.calls.callees.set(q, v);
    return v;
  }

  /** Calls a repository function; what another module's body reaches with this caller's data is recorded here. */
  private callFunction(fn: PyFunction, argv: Val[], kwv: ReadonlyMap<string, Val>): Val | undefined {
    if (fn.owner === this) return this.invoke(fn.def, argv, kwv, fn.closure);
    const before = counts(fn.owner.facts);
    const v = fn.owner.invoke(fn.def, argv, kwv, fn.closure);
    forward(fn.owner.facts, before, this.facts, this.input.path);
    return v;
  }

  // ---- scopes ----

  private lookup(name: string): Val | undefined {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const v = this.scopes[i]?.get(name);
      if (v) return v;
    }
    return undefined;
  }

  private bind(target: PyNode, v: Val): void {
    switch (target.type) {
      case 'identifier':
        this.scopes[this.scopes.length - 1]?.set(this.src(target), v);
        return;
      case 'pattern_list':
      case 'tuple_pattern':
      case 'list_pattern':
      case 'tuple':
      case 'list':
      case 'expression_list': {
        const parts = target.children.filter(c => c.type !== 'comment');
        parts.forEach((p, i) => {
          this.bind(p, v.items?.[i] ?? (v.taint ? { taint: v.taint } : UNKNOWN));
        });
        return;
      }
      case 'attribute':
      case 'subscript': {
        if (target.type === 'attribute') {
          // `self.x = v`, `Cls.x = v`: the instance's (or class's) attribute.
          const o = field(target, 'object');
          const a = field(target, 'attribute');
          const ov = o ? this.value(o) : UNKNOWN;
          const attrs = ov.obj?.attrs ?? ov.cls?.attrs;
          if (attrs && a) {
            attrs.set(this.src(a), v);
            return;
          }
        }
        // `os.environ['X'] = ...` and friends: evaluate the parts; `out[k] = data` taints `out`.
        for (const c of target.children) this.value(c);
        const obj = field(target, target.type === 'subscript' ? 'value' : 'object');
        if (target.type === 'subscript' && obj?.type === 'identifier' && v.taint) {
          const prev = this.value(obj);
          if (prev.ref === undefined)
            this.scopes[this.scopes.length - 1]?.set(this.src(obj), { ...prev, taint: mergeTaint(prev.taint, this.leak(v, target)) });
        }
        return;
      }
      default:
        return;
    }
  }

  // ---- statements ----

  private block(n: PyNode): void {
    for (const c of n.children) this.statement(c);
  }

  private statement(n: PyNode): void {
    if (++this.steps > NODE_BUDGET) {
      this.facts.truncated = true;
      return;
    }
    switch (n.type) {
      case 'import_statement':
        for (const c of n.children) {
          if (c.type === 'dotted_name') {
            const full = this.src(c);
            const head = full.split('.')[0] as string;
            this.scopes[this.scopes.length - 1]?.set(head, { ref: head });
          } else if (c.type === 'aliased_import') {
            const name = field(c, 'name');
            const alias = field(c, 'alias');
            if (name && alias) this.scopes[this.scopes.length - 1]?.set(this.src(alias), { ref: this.src(name) });
          }
        }
        return;
      case 'import_from_statement': {
        const mod = field(n, 'module_name');
        const modName = mod ? this.src(mod).replace(/^\.+/, '') : '';
        for (const c of n.children) {
          if (c === mod) continue;
          if (c.type === 'dotted_name') this.scopes[this.scopes.length - 1]?.set(this.src(c), { ref: normQ(`${modName}.${this.src(c)}`) });
          else if (c.type === 'aliased_import') {
            const name = field(c, 'name');
            const alias = field(c, 'alias');
            if (name && alias) this.scopes[this.scopes.length - 1]?.set(this.src(alias), { ref: normQ(`${modName}.${this.src(name)}`) });
          }
        }
        return;
      }
      case 'expression_statement':
        for (const c of n.children) {
          if (c.type === 'assignment' || c.type === 'augmented_assignment') this.assignment(c);
          else this.value(c);
        }
        return;
      case 'function_definition': {
        const name = field(n, 'name');
        // The scopes of enclosing functions (not of a class body, which methods do not see).
        const closure = this.scopes.slice(1).filter(s => !this.classScopes.has(s));
        if (name)
          this.scopes[this.scopes.length - 1]?.set(this.src(name), {
            ref: `local.${this.src(name)}`,
            fn: { def: n, owner: this, ...(closure.length > 0 ? { closure } : {}) },
          });
        const params = field(n, 'parameters');
        const scope = new Map<string, Val>();
        let first = true;
        for (const p of params?.children ?? []) {
          const d = field(p, 'value');
          if (d) this.value(d);
          const id = p.type === 'identifier' ? p : (field(p, 'name') ?? p.children.find(c => c.type === 'identifier'));
          // A nox session's first parameter is the session, whose `run` starts processes.
          if (id) scope.set(this.src(id), first && NOX_SESSIONS.has(n) ? { ref: NOX_SESSION } : UNKNOWN);
          if (id) first = false;
        }
        this.scopes.push(scope);
        const body = field(n, 'body');
        if (body) this.block(body);
        this.scopes.pop();
        return;
      }
      case 'class_definition': {
        // The class body runs in a namespace of its own, which becomes the class's attributes
        // (its methods among them); methods do not see it as a scope.
        const name = field(n, 'name');
        const bases: PyClass[] = [];
        for (const c of field(n, 'superclasses')?.children ?? []) {
          const b = c.type === 'identifier' || c.type === 'attribute' ? this.value(c).cls : undefined;
          if (b) bases.push(b);
        }
        const attrs = new Map<string, Val>();
        const cls: PyClass = { name: name ? this.src(name) : '<class>', attrs, bases };
        const body = field(n, 'body');
        this.classScopes.add(attrs);
        this.scopes.push(attrs);
        if (body) this.block(body);
        this.scopes.pop();
        if (name) this.scopes[this.scopes.length - 1]?.set(cls.name, { ref: `local.${cls.name}`, cls });
        return;
      }
      case 'decorated_definition': {
        const def = n.children.find(c => c.type === 'function_definition');
        if (def && n.children.some(c => c.type === 'decorator' && /^@\s*staticmethod\b/.test(this.src(c)))) STATIC_DEFS.add(def);
        for (const c of n.children) {
          if (c.type === 'decorator') {
            if (def && this.isNoxSession(c)) NOX_SESSIONS.add(def);
            this.value(c);
          } else this.statement(c);
        }
        return;
      }
      case 'with_statement':
        for (const c of n.children) {
          if (c.type === 'with_clause') {
            for (const item of c.children) {
              const v = field(item, 'value') ?? item.children[0];
              if (!v) continue;
              if (v.type === 'as_pattern') {
                const expr = v.children[0];
                const alias = v.children.find(x => x.field === 'alias') ?? v.children[1];
                const val = expr ? this.value(expr) : UNKNOWN;
                const target = alias?.type === 'as_pattern_target' ? alias.children[0] : alias;
                if (target) this.bind(target, val);
              } else this.value(v);
            }
          } else if (c.type === 'block') this.block(c);
        }
        return;
      case 'for_statement': {
        const right = field(n, 'right');
        const left = field(n, 'left');
        const v = right ? this.value(right) : UNKNOWN;
        if (left) this.bind(left, v.each ?? (v.taint ? { taint: v.taint } : UNKNOWN));
        for (const c of n.children) if (c.type === 'block' || c.type === 'else_clause') this.statement(c);
        return;
      }
      case 'exec_statement': {
        const code = field(n, 'code') ?? n.children[0];
        const v = code ? this.value(code) : UNKNOWN;
        this.sink('eval', 'exec', n, v);
        return;
      }
      case 'return_statement': {
        const e = n.children.find(c => c.type !== 'return' && c.type !== 'comment');
        const v = e ? this.value(e) : UNKNOWN;
        this.returns?.push(v);
        return;
      }
      case 'print_statement':
      case 'delete_statement':
      case 'raise_statement':
      case 'assert_statement':
        for (const c of n.children) this.value(c);
        return;
      case 'comment':
      case 'pass_statement':
      case 'break_statement':
      case 'continue_statement':
      case 'global_statement':
      case 'nonlocal_statement':
      case 'future_import_statement':
        return;
      default:
        // if/while/try/match and their clauses, blocks: conditions are expressions, bodies statements.
        for (const c of n.children) {
          if (isStatementLike(c)) this.statement(c);
          else this.value(c);
        }
    }
  }

  private assignment(n: PyNode): void {
    const left = field(n, 'left');
    const right = field(n, 'right');
    if (!left || !right) {
      for (const c of n.children) this.value(c);
      return;
    }
    if (n.type === 'augmented_assignment') {
      const prev = this.value(left);
      const add = this.value(right);
      const op = field(n, 'operator');
      const joined = op && this.src(op) === '+=' ? concat(prev, add) : { taint: mergeTaint(prev.taint, add.taint) };
      this.bind(left, joined);
      return;
    }
    const v = right.type === 'assignment' ? (this.assignment(right), this.value(field(right, 'right') ?? right)) : this.value(right);
    this.bind(left, v);
  }

  // ---- expressions ----

  private value(n: PyNode): Val {
    const hit = this.memo.get(n);
    if (hit) return hit;
    if (++this.steps > NODE_BUDGET) {
      this.facts.truncated = true;
      return UNKNOWN;
    }
    const v = this.compute(n);
    this.memo.set(n, v);
    if (v.str !== undefined && v.decoded && v.str.length >= 6 && !v.bytes) this.string(v.str, n, true);
    return v;
  }

  private compute(n: PyNode): Val {
    switch (n.type) {
      case 'string':
        return this.stringLiteral(n);
      case 'concatenated_string': {
        let out: Val = { str: '', constant: true };
        for (const c of n.children) if (c.type === 'string') out = concat(out, this.value(c));
        return out;
      }
      case 'integer': {
        const t = this.src(n).replace(/_/g, '');
        const num = /^0[xX]/.test(t)
          ? parseInt(t.slice(2), 16)
          : /^0[oO]/.test(t)
            ? parseInt(t.slice(2), 8)
            : /^0[bB]/.test(t)
              ? parseInt(t.slice(2), 2)
              : parseInt(t, 10);
        return Number.isFinite(num) ? { str: String(num), num, constant: true } : UNKNOWN;
      }
      case 'identifier': {
        const name = this.src(n);
        const bound = this.lookup(name);
        if (bound) return bound;
        // The module's own path, relative to the repository root (Python's is absolute; the
        // folder above the root is not the repository's concern).
        if (name === '__file__') return { str: this.input.path, constant: true };
        if (BUILTINS_MODULES.has(name)) return { ref: 'builtins' };
        if (BUILTIN_NAMES.has(name)) return { ref: `builtins.${name}` };
        return UNKNOWN;
      }
      case 'parenthesized_expression':
        return n.children[0] ? this.value(n.children[0]) : UNKNOWN;
      case 'attribute':
        return this.attribute(n);
      case 'subscript':
        return this.subscript(n);
      case 'call':
        return this.call(n);
      case 'binary_operator': {
        const l = field(n, 'left');
        const r = field(n, 'right');
        const op = field(n, 'operator');
        const lv = l ? this.value(l) : UNKNOWN;
        const rv = r ? this.value(r) : UNKNOWN;
        const o = op ? this.src(op) : '';
        if (lv.num !== undefined && rv.num !== undefined) {
          const r = arithmetic(o, lv.num, rv.num);
          if (r !== undefined) return { str: String(r), num: r, constant: true };
        }
        if (o === '+') return concat(lv, rv);
        if (o === '/' && lv.str !== undefined && (lv.ref === 'pathlib.Path()' || lv.ref === 'path'))
          return { ...joinPaths([lv, rv]), ref: 'pathlib.Path()' };
        if (o === '%' && lv.str !== undefined) {
          const args = rv.items ?? [rv];
          let i = 0;
          const s = lv.str.replace(/%[-#0 +]*\d*(?:\.\d+)?[sdrxi]/g, () => args[i++]?.str ?? SKELETON);
          return { str: s, constant: lv.constant === true && args.every(a => a.constant === true), taint: mergeTaint(lv.taint, rv.taint) };
        }
        return { taint: mergeTaint(lv.taint, rv.taint) };
      }
      case 'list':
      case 'tuple':
      case 'expression_list': {
        const items = n.children.filter(c => c.type !== 'comment').map(c => this.value(c));
        let taint: Taint | undefined;
        for (const it of items) taint = mergeTaint(taint, it.taint);
        return { items, ...(taint ? { taint } : {}), ...(items.some(i => i.environ) ? { environ: true } : {}) };
      }
      case 'dictionary': {
        let taint: Taint | undefined;
        let environ = false;
        for (const c of n.children) {
          const v = this.value(c);
          taint = mergeTaint(taint, v.taint);
          environ ||= v.environ === true;
        }
        return { ...(taint ? { taint } : {}), ...(environ ? { environ: true, taint: this.envdump(n, taint) } : {}) };
      }
      case 'dictionary_splat':
      case 'list_splat': {
        const v = n.children[0] ? this.value(n.children[0]) : UNKNOWN;
        return v.environ ? { environ: true, taint: this.envdump(n, v.taint) } : v;
      }
      case 'pair': {
        const k = field(n, 'key');
        const val = field(n, 'value');
        const kv = k ? this.value(k) : UNKNOWN;
        const vv = val ? this.value(val) : UNKNOWN;
        return { taint: mergeTaint(kv.taint, this.leak(vv, n)) };
      }
      case 'conditional_expression': {
        const parts = n.children.map(c => this.value(c));
        const first = parts[0] ?? UNKNOWN;
        let taint: Taint | undefined;
        for (const p of parts) taint = mergeTaint(taint, p.taint);
        return { ...first, ...(taint ? { taint } : {}) };
      }
      case 'await':
        return n.children[0] ? this.value(n.children[0]) : UNKNOWN;
      case 'keyword_argument': {
        const val = field(n, 'value');
        return val ? this.value(val) : UNKNOWN;
      }
      case 'generator_expression':
      case 'list_comprehension':
      case 'set_comprehension':
      case 'dictionary_comprehension': {
        const unrolled = n.type === 'dictionary_comprehension' ? undefined : this.unroll(n);
        if (unrolled) return unrolled;
        let taint: Taint | undefined;
        for (const c of n.children) taint = mergeTaint(taint, this.value(c).taint);
        return taint ? { taint } : UNKNOWN;
      }
      case 'lambda': {
        const body = field(n, 'body');
        if (body) this.value(body);
        return UNKNOWN;
      }
      case 'true':
      case 'false':
      case 'none':
      case 'float':
      case 'comment':
        return UNKNOWN;
      default: {
        let taint: Taint | undefined;
        for (const c of n.children) taint = mergeTaint(taint, this.value(c).taint);
        return taint ? { taint } : UNKNOWN;
      }
    }
  }

  /**
   * `bytes(b ^ k for b in data)`, `[chr(c - 3) for c in codes]`: a comprehension with one `for`
   * over a constant sequence is evaluated item by item (a fresh memo each), so decoders written
   * as comprehensions are recovered like `map(chr, …)`.
   */
  private unroll(n: PyNode): Val | undefined {
    const body = field(n, 'body');
    const clauses = n.children.filter(c => c.type === 'for_in_clause' || c.type === 'if_clause');
    const clause = clauses[0];
    if (!body || clauses.length !== 1 || clause?.type !== 'for_in_clause') return undefined;
    const left = field(clause, 'left');
    const right = field(clause, 'right');
    if (left?.type !== 'identifier' || !right) return undefined;
    const seq = this.value(right);
    let items: Val[] | undefined = seq.items;
    if (!items && seq.str !== undefined && seq.constant === true && !seq.str.includes(SKELETON)) {
      const chars = Array.from(seq.str);
      items = seq.bytes
        ? chars.map(c => ({ str: String(c.charCodeAt(0)), num: c.charCodeAt(0), constant: true }))
        : chars.map(c => ({ str: c, constant: true }));
    }
    if (!items || items.length === 0 || items.length > MAX_UNROLL || !items.every(i => i.constant === true)) return undefined;
    const saved = this.memo;
    const scope = new Map<string, Val>();
    this.scopes.push(scope);
    const out: Val[] = [];
    try {
      for (const item of items) {
        this.memo = new Map();
        scope.set(this.src(left), item);
        const v = this.value(body);
        if (v.str === undefined || v.constant !== true) return undefined;
        out.push(v);
      }
    } finally {
      this.memo = saved;
      this.scopes.pop();
    }
    return { items: out, constant: true };
  }

  /** `os.environ` used whole in a value that leaves: a dump of the environment. */
  private leak(v: Val, at: PyNode): Taint | undefined {
    return v.environ ? this.envdump(at, v.taint) : v.taint;
  }

  private envdump(at: PyNode, t: Taint | undefined): Taint {
    return withStep(t, 'envdump', { label: 'takes the whole os.environ', loc: this.loc(at) });
  }

  private stringLiteral(n: PyNode): Val {
    const start = n.children.find(c => c.type === 'string_start');
    const prefix = start
      ? this.src(start)
          .replace(/['"]+$/, '')
          .toLowerCase()
      : '';
    const raw = prefix.includes('r');
    const bytes = prefix.includes('b');
    let out = '';
    let constant = true;
    let taint: Taint | undefined;
    for (const c of n.children) {
      if (c.type === 'string_content') {
        // Escape sequences are children of string_content in this grammar: the text is the span.
        const t = this.src(c);
        out += raw ? t : unescapePython(t, bytes);
      } else if (c.type === 'interpolation') {
        const e = c.children.find(x => x.field === 'expression') ?? c.children[0];
        const v = e ? this.value(e) : UNKNOWN;
        taint = mergeTaint(taint, this.leak(v, c));
        if (v.str !== undefined) out += v.bytes ? bytesToText(v.str) : v.str;
        else {
          out += SKELETON;
          constant = false;
        }
      }
      if (out.length > MAX_STR) break;
    }
    if (out.length >= 6) this.string(bytes ? bytesToText(out) : out, n, false);
    return { str: out, bytes, constant, ...(taint ? { taint } : {}) };
  }

  private string(value: string, n: PyNode, decoded: boolean): void {
    if (this.facts.strings.length > 2000) return;
    if (!decoded && !INTERESTING_STRING.test(value)) return;
    const loc = this.loc(n);
    const kept = value.slice(0, 4000);
    // `u + "/payload/" + a + "/" + b` builds one string in steps: the line keeps the whole one,
    // not each part of it on the way.
    const grown = this.facts.strings.findIndex(s => s.loc.line === loc.line && s.decoded === decoded && kept.startsWith(s.value));
    if (grown >= 0) {
      this.facts.strings[grown] = { value: kept, loc: this.facts.strings[grown]?.loc ?? loc, decoded };
      return;
    }
    if (this.facts.strings.some(s => s.loc.line === loc.line && s.value.startsWith(kept))) return;
    this.facts.strings.push({ value: kept, loc, decoded });
  }

  private attribute(n: PyNode): Val {
    const obj = field(n, 'object');
    const attr = field(n, 'attribute');
    if (!obj || !attr) return UNKNOWN;
    const ov = this.value(obj);
    const name = this.src(attr);
    const member = this.member(ov, name);
    if (member) return member;
    if (ov.ref === 'os' && name === 'environ') return { ref: 'os.environ', environ: true };
    // The running interpreter: `[sys.executable, path]` runs `path` as Python.
    if (ov.ref === 'sys' && name === 'executable') return { ref: 'sys.executable', str: 'python', constant: true };
    // `Path(__file__).parent`: the folder, still a path.
    if (ov.ref === 'pathlib.Path()' && name === 'parent' && ov.str !== undefined)
      return { str: dirnameOf(ov.str), constant: ov.constant === true, ref: 'pathlib.Path()' };
    if (ov.ref !== undefined) {
      const ref = normQ(`${ov.ref}.${name}`);
      return {
        ref,
        ...(ov.taint ? { taint: ov.taint } : {}),
        ...(ov.str !== undefined ? { str: ov.str, ...(ov.constant === true ? { constant: true } : {}) } : {}),
      };
    }
    // Data read off a response (`r.text`, `r.content`) keeps the response's taint.
    return ov.taint ? { taint: ov.taint } : UNKNOWN;
  }

  /**
   * An attribute of a repository instance or class: the instance's own value, else the class's
   * (a method looked up on an instance is bound to it as `self`); undefined when `ov` is neither.
   */
  private member(ov: Val, name: string): Val | undefined {
    if (ov.obj) {
      const own = ov.obj.attrs.get(name);
      if (own) return own;
      const v = classAttr(ov.obj.cls, name);
      if (v?.fn) return this.isStatic(v.fn) ? v : { ...v, self: ov };
      return v ?? (ov.taint ? { taint: ov.taint } : UNKNOWN);
    }
    if (ov.cls) return classAttr(ov.cls, name) ?? UNKNOWN;
    return undefined;
  }

  /** A decorator that makes the function a nox session. */
  private isNoxSession(decorator: PyNode): boolean {
    const expr = decorator.children.find(c => c.type !== 'comment');
    const callee = expr?.type === 'call' ? field(expr, 'function') : expr;
    const ref = callee ? this.value(callee).ref : undefined;
    return ref !== undefined && NOX_DECORATOR.test(ref);
  }

  /** A `@staticmethod`: called without the instance. */
  private isStatic(fn: PyFunction): boolean {
    return STATIC_DEFS.has(fn.def);
  }

  /** Creates an instance of a repository class and runs its `__init__` with the call's arguments. */
  private instantiate(cls: PyClass, argv: Val[], kwv: ReadonlyMap<string, Val>, argTaint: Taint | undefined): Val {
    const instance: Val = { obj: { cls, attrs: new Map<string, Val>() } };
    const init = classAttr(cls, '__init__');
    if (init?.fn) {
      this.callFunction(init.fn, [instance, ...argv], kwv);
      return instance;
    }
    return argTaint ? { ...instance, taint: argTaint } : instance;
  }

  private subscript(n: PyNode): Val {
    const target = field(n, 'value');
    const index = n.children.filter(c => c.field === 'subscript');
    if (!target) return UNKNOWN;
    const tv = this.value(target);
    const first = index[0];
    if (!first) return tv;
    if (first.type === 'slice') {
      const parts = this.src(first).replace(/\s+/g, '');
      if (parts === '::-1' && tv.str !== undefined) {
        const r = decode('reverse', tv.str);
        return this.decoded(tv, r, 'reverse', n);
      }
      return tv.taint ? { taint: tv.taint } : UNKNOWN;
    }
    const iv = this.value(first);
    // os.environ['X']
    if (tv.environ && iv.str !== undefined) return this.envRead(iv.str, n);
    // __builtins__['exec'], __builtins__.__dict__['exec'], vars(builtins)['exec'], globals()['__builtins__'], sys.modules['os']
    if (iv.str !== undefined && iv.constant) {
      if (tv.ref === 'builtins' || tv.ref === 'builtins.__dict__' || tv.ref === 'builtins.vars()')
        return { ref: normQ(`builtins.${iv.str}`) };
      if (tv.ref === 'builtins.globals()' || tv.ref === 'builtins.locals()' || tv.ref === 'builtins.vars()-globals') {
        const bound = this.lookup(iv.str);
        return (
          bound ??
          (BUILTINS_MODULES.has(iv.str) ? { ref: 'builtins' } : BUILTIN_NAMES.has(iv.str) ? { ref: `builtins.${iv.str}` } : UNKNOWN)
        );
      }
      if (tv.ref === 'sys.modules') return { ref: normQ(iv.str) };
      if (tv.ref?.endsWith('.__dict__')) return { ref: normQ(`${tv.ref.slice(0, -'.__dict__'.length)}.${iv.str}`) };
    }
    if (tv.items && iv.str !== undefined && /^-?\d+$/.test(iv.str)) {
      const i = Number(iv.str);
      const item = tv.items[i < 0 ? tv.items.length + i : i];
      if (item) return item;
    }
    return { taint: mergeTaint(tv.taint, iv.taint) };
  }

  private envRead(name: string, at: PyNode): Val {
    this.facts.envReads.push({ name, loc: this.loc(at) });
    const home = HOME_PLACEHOLDER[name];
    if (home) return { str: home, constant: true };
    const fromFile = this.input.env.get(name);
    const taint = withStep(undefined, 'env', { label: `reads os.environ['${name}']`, loc: this.loc(at) }, fromFile);
    return fromFile !== undefined ? { str: fromFile, constant: false, taint } : { str: SKELETON, constant: false, taint };
  }

  private decoded(input: Val, out: { value: string; bytes: boolean } | undefined, how: Decoder, at: PyNode): Val {
    const label = `decodes ${DECODER_LABEL[how]}`;
    const value = out && out.value.length <= MAX_DECODED ? out : undefined;
    const shown = value ? (value.bytes ? bytesToText(value.value) : value.value) : undefined;
    const readable = shown !== undefined && isReadable(shown);
    const taint = withStep(input.taint, 'decoded', { label, loc: this.loc(at) }, readable ? shown : undefined);
    if (!value) return { taint, decoded: true };
    return { str: value.value, bytes: value.bytes, constant: input.constant === true, decoded: true, taint };
  }

  private args(n: PyNode): { positional: PyNode[]; keywords: Map<string, PyNode> } {
    const list = field(n, 'arguments');
    const positional: PyNode[] = [];
    const keywords = new Map<string, PyNode>();
    if (!list) return { positional, keywords };
    if (list.type === 'generator_expression') return { positional: [list], keywords };
    for (const c of list.children) {
      if (c.type === 'keyword_argument') {
        const name = field(c, 'name');
        const value = field(c, 'value');
        if (name && value) keywords.set(this.src(name), value);
      } else if (c.type !== 'comment') positional.push(c);
    }
    return { positional, keywords };
  }

  private call(n: PyNode): Val {
    const fn = field(n, 'function');
    if (!fn) return UNKNOWN;
    const fv = this.value(fn);
    const { positional, keywords } = this.args(n);
    // `f(*args)` with a known list passes its items one by one.
    const argv = positional.flatMap(a => {
      const v = this.value(a);
      return a.type === 'list_splat' && v.items && !v.environ ? v.items : [v];
    });
    const kwv = new Map([...keywords].map(([k, v]) => [k, this.value(v)] as const));
    let argTaint: Taint | undefined;
    for (const a of [...argv, ...kwv.values()]) argTaint = mergeTaint(argTaint, this.leak(a, n));
    const q = fv.ref;
    const a0 = argv[0];

    // Methods on constants: 'x'.join(...), s.decode(), s.encode(), codecs.decode.
    if (fn.type === 'attribute') {
      const method = this.src(field(fn, 'attribute') ?? fn);
      const objNode = field(fn, 'object');
      const obj = objNode ? this.value(objNode) : UNKNOWN;
      const m = obj.obj || obj.cls ? undefined : this.method(obj, method, argv, n);
      if (m) return m;
      // `files.append(data)`, `out[k] = v` (see bind), `d.update(x)`: the container holds the data.
      if (CONTAINER_ADD.has(method) && objNode?.type === 'identifier' && argTaint && !obj.file && obj.ref === undefined)
        this.bind(objNode, { ...obj, taint: mergeTaint(obj.taint, argTaint) });
    }

    if (fv.cls) return this.instantiate(fv.cls, argv, kwv, argTaint);
    if (fv.fn) {
      const r = this.callFunction(fv.fn, fv.self ? [fv.self, ...argv] : argv, kwv);
      if (r) return r.taint || !argTaint ? r : { ...r, taint: mergeTaint(r.taint, argTaint) };
      return argTaint ? { taint: argTaint } : UNKNOWN;
    }

    if (q === undefined) {
      // A call on data (a response's `.json()`, a local helper) carries the data's taint.
      return { taint: mergeTaint(fv.taint, argTaint) };
    }

    // Resolution of what is called.
    if (q === 'builtins.getattr' && a0 && argv[1]?.str !== undefined && argv[1].constant) {
      if (a0.ref !== undefined) return { ref: normQ(`${a0.ref}.${argv[1].str}`) };
      if (a0.environ) return { ref: `os.environ.${argv[1].str}`, environ: true };
      return a0.taint ? { taint: a0.taint } : UNKNOWN;
    }
    if (q === 'builtins.globals' || q === 'builtins.locals')
      return { ref: `builtins.${q === 'builtins.globals' ? 'globals' : 'locals'}()` };
    if (q === 'builtins.vars' && a0?.ref !== undefined) return { ref: a0.ref === 'builtins' ? 'builtins.vars()' : `${a0.ref}.__dict__` };
    if ((q === 'builtins.__import__' || q === 'importlib.import_module') && a0?.str !== undefined && a0.constant) {
      const mod = normQ(a0.str);
      this.sink('module-load', q === 'builtins.__import__' ? '__import__' : 'importlib.import_module', n, a0);
      return { ref: mod };
    }
    if (q === 'builtins.chr' && a0?.str !== undefined && a0.constant && /^\d+$/.test(a0.str)) {
      const cp = Number(a0.str);
      return cp <= 0x10ffff ? { str: String.fromCodePoint(cp), constant: true, decoded: true } : UNKNOWN;
    }
    if (
      (q === 'builtins.bytes' || q === 'builtins.bytearray') &&
      a0?.items &&
      a0.items.every(i => i.str !== undefined && /^\d+$/.test(i.str))
    ) {
      const s = fromCharCodes(a0.items.map(i => Number(i.str) & 0xff));
      return { str: s, bytes: true, constant: true, decoded: true };
    }
    if (q === 'builtins.str' || q === 'builtins.bytes') return a0 ?? UNKNOWN;
    if (q === 'builtins.map' && argv[0]?.ref === 'builtins.chr' && argv[1]?.items) {
      return {
        items: argv[1].items.map(i =>
          i.str !== undefined && /^\d+$/.test(i.str)
            ? { str: String.fromCodePoint(Math.min(Number(i.str), 0x10ffff)), constant: true, decoded: true }
            : UNKNOWN,
        ),
      };
    }
    if (q === 'builtins.dict' && a0?.environ) return { environ: true, taint: this.envdump(n, a0.taint) };
    if (q === 'builtins.ord' && a0?.str !== undefined && a0.constant && Array.from(a0.str).length === 1) {
      const code = a0.str.codePointAt(0) ?? 0;
      return { str: String(code), num: code, constant: true };
    }

    // A function run later by a thread, an exit or signal handler: it runs with these arguments.
    const runner =
      CALLBACK_RUNNERS[q] ??
      (/\.(?:submit|run_in_executor)$/.test(q) ? { fn: q.endsWith('submit') ? 0 : 1, args: q.endsWith('submit') ? 1 : 2 } : undefined);
    if (runner) {
      const target = runner.fn === 'target' ? kwv.get('target') : argv[runner.fn];
      const args = runner.args === 'args' ? (kwv.get('args')?.items ?? []) : argv.slice(runner.args);
      if (target?.fn) this.callFunction(target.fn, args, new Map<string, Val>());
    }

    // A file loaded and run by its path: what this module wrote there is what runs.
    const pathArg = PATH_LOADERS[q];
    if (pathArg !== undefined) {
      const pv = argv[pathArg] ?? kwv.get('location') ?? kwv.get('path') ?? kwv.get('path_name') ?? UNKNOWN;
      this.sink(q === 'runpy.run_path' ? 'eval' : 'module-load', q, n, this.writtenBack(pv, n));
      return { ref: `${q}()` };
    }
    // A listing of a credential folder names the secrets in it.
    if (LISTINGS.has(q) || PATH_LISTINGS.has(q)) {
      // A glob's pattern part names any file there: `~/.ssh/*` reads as `~/.ssh/${…}`.
      const dir = (PATH_LISTINGS.has(q) ? fv.str : a0?.str)?.replace(/[^/\\]*[*?][^/\\]*$/, SKELETON);
      const each = dir === undefined ? undefined : listed(q, dir, PATH_LISTINGS.has(q) ? a0?.str : undefined);
      if (dir !== undefined && CREDENTIAL_PATH.test(dir)) {
        this.facts.reads.push({ callee: q, loc: this.loc(n), path: dir.slice(0, 1000) });
        const taint = withStep(undefined, 'credential', { label: `lists ${dir.slice(0, 100)}`, loc: this.loc(n) }, dir);
        return {
          str: `${dir}/${SKELETON}`,
          constant: false,
          taint,
          ...(each ? { each: { ...each, taint } } : {}),
          ...(PATH_LISTINGS.has(q) ? { ref: 'pathlib.Path()' } : {}),
        };
      }
      if (each) return { each, ref: PATH_LISTINGS.has(q) ? 'pathlib.Path()' : `${q}()` };
    }

    // Decoders.
    const dec = DECODERS[q] ?? (q === 'codecs.decode' ? codecsDecoder(argv[1]?.str) : undefined);
    if (dec && a0) {
      const input =
        a0.str !== undefined && a0.constant
          ? a0.bytes || dec === 'rot13'
            ? a0.str
            : dec === 'zlib' || dec === 'gzip'
              ? a0.str
              : a0.str
          : undefined;
      return this.decoded(a0, input !== undefined ? decode(dec, input) : undefined, dec, n);
    }
    if (dec) return this.decoded(UNKNOWN, undefined, dec, n);

    // Environment.
    if ((q === 'os.getenv' || q === 'os.environ.get' || q === 'os.environ.__getitem__') && a0?.str !== undefined) {
      const v = this.envRead(a0.str, n);
      if (v.str === SKELETON && argv[1]?.str !== undefined) return { ...v, str: argv[1].str };
      return v;
    }
    if (q === 'os.environ.copy' || q === 'os.environ.items' || q === 'os.environ.keys' || q === 'os.environ.values')
      return { environ: true, taint: this.envdump(n, undefined) };
    if (q === 'os.path.expanduser' || q === 'os.path.expandvars') {
      if (a0?.str !== undefined) return { str: a0.str, constant: a0.constant === true, ...(a0.taint ? { taint: a0.taint } : {}) };
      return a0 ?? UNKNOWN;
    }
    if (q === 'os.path.join' || q === 'posixpath.join' || q === 'ntpath.join') return { ...joinPaths(argv), taint: argTaint };
    if (PATH_SAME.test(q) && a0?.str !== undefined)
      return { str: a0.str, constant: a0.constant === true, ...(a0.taint ? { taint: a0.taint } : {}) };
    if (q === 'os.path.dirname' && a0?.str !== undefined) return { ...a0, str: dirnameOf(a0.str) };
    if (PATH_METHOD_SAME.test(q) && fv.str !== undefined) return { str: fv.str, constant: fv.constant === true, ref: 'pathlib.Path()' };
    if (q === 'pathlib.Path' || q === 'pathlib.PurePath' || q === 'pathlib.PosixPath' || q === 'pathlib.WindowsPath')
      return { ...joinPaths(argv), ref: 'pathlib.Path()', ...(argTaint ? { taint: argTaint } : {}) };
    if (q === 'pathlib.Path.home' || q === 'os.path.expanduser()') return { str: '~', constant: true, ref: 'pathlib.Path()' };
    // Where Python looks for start-up hooks (`.pth` files, sitecustomize): a placeholder path.
    if (q === 'site.getsitepackages') return { items: [SITE_PACKAGES], str: '$SITE_PACKAGES', constant: true };
    if (SITE_DIR.test(q)) return SITE_PACKAGES;
    // A name looked up in DNS carries what it is built from to whoever answers for the domain.
    if (DNS_LOOKUP.test(q) && a0) {
      this.request(q.replace(/\(\)/g, ''), n, a0.str, a0, this.leak(a0, n), true, 'socket');
      return UNKNOWN;
    }
    const fp = FINGERPRINT[q];
    if (fp) return { taint: withStep(undefined, 'fingerprint', { label: fp, loc: this.loc(n) }) };

    // Sinks.
    const evalName = EVAL_SINKS[q];
    if (evalName) {
      // `exec(compile(src, ...))` and `code = compile(src); exec(code)`: one sink, the exec.
      if (q === 'builtins.compile') {
        const code: Val = { ...(a0 ?? UNKNOWN), compiledAt: n };
        delete code.ref;
        this.compiles.set(n, a0 ?? UNKNOWN);
        return code;
      }
      if (a0?.compiledAt) this.compiles.delete(a0.compiledAt);
      this.sink('eval', evalName, n, a0 ?? UNKNOWN);
      return UNKNOWN;
    }
    if (LOAD_SINKS.has(q) || q.startsWith('ctypes.cdll.') || q.startsWith('ctypes.windll.')) {
      if (q.startsWith('ctypes.cdll.') || q.startsWith('ctypes.windll.')) {
        if (!/\.LoadLibrary$/.test(q)) return { ref: `${q}()` };
      }
      this.sink('module-load', q.replace(/^builtins\./, ''), n, a0 ?? UNKNOWN);
      return { ref: `${q}()` };
    }
    if (DESERIALISE_SINKS.has(q) || PICKLE_LOADERS.has(q)) {
      // Unpickling the program's own data (caches, tests) is ordinary; unpickling what came from
      // the network, a decoder or a data file is running foreign code.
      const path = a0?.file?.path ?? (a0?.constant === true && a0.bytes !== true ? a0.str : undefined);
      // What this program pickled itself (`pickle.loads(pickle.dumps(obj))`) holds no opcodes
      // anyone else chose, whatever data the object carries.
      if (a0?.serialised === true) return UNKNOWN;
      if (a0?.taint !== undefined || a0?.decoded === true) this.sink('module-compile', q, n, a0);
      else if (
        PICKLE_LOADERS.has(q) &&
        path !== undefined &&
        !path.includes(SKELETON) &&
        !(q === 'torch.load' && this.kwTrue(n, 'weights_only'))
      )
        this.sink('module-compile', q, n, {
          taint: withStep(undefined, 'file', { label: `reads ${path.slice(0, 100)}`, loc: this.loc(n) }, path),
        });
      return { taint: argTaint };
    }
    if (YAML_CODE_LOADERS.has(q)) {
      const loader = kwv.get('Loader') ?? argv[1];
      if (!q.startsWith('yaml.unsafe_') && !YAML_UNSAFE_LOADER.test(loader?.ref ?? '')) return { taint: argTaint };
      // Network or decoded text loaded this way is code; a repository file is what its tags name.
      const path = a0?.file?.path ?? a0?.readFrom;
      if (a0?.file === undefined && (hasKind(a0?.taint, 'network', 'rpc') || a0?.decoded === true))
        this.sink('module-compile', q, n, a0 ?? UNKNOWN);
      else if (path !== undefined && !path.includes(SKELETON))
        this.sink('module-compile', q, n, {
          taint: withStep(undefined, 'file', { label: `reads ${path.slice(0, 100)}`, loc: this.loc(n) }, path),
        });
      return { taint: argTaint };
    }
    if (SHELL_CALLS.has(q) || PROCESS_CALLS.has(q) || OS_EXEC.test(q)) return this.process(q, n, argv, kwv);
    if (NOX_RUN.test(q)) return this.process('nox.session.run', n, argv, kwv);
    // A connected socket's descriptor made the standard input and output (`os.dup2(s.fileno(), 0)`):
    // every process started after it reads its commands from the remote host.
    if (SOCKET_FILENO.test(q))
      return {
        ref: 'socket-fd',
        taint: withStep(
          undefined,
          'network',
          { label: `hands the socket${this.lastSocket ? ` to ${this.lastSocket}` : ''} to the processes it starts`, loc: this.loc(n) },
          this.lastSocket,
        ),
      };
    if (q === 'os.dup2' && a0?.ref === 'socket-fd') {
      this.stdioSocket = mergeTaint(this.stdioSocket, a0.taint);
      return UNKNOWN;
    }

    // Mail and FTP uploads send what they are given out of the machine.
    if (MAIL_SEND.test(q)) {
      let payload: Taint | undefined;
      for (const a of [...argv, ...kwv.values()]) payload = mergeTaint(payload, this.leak(a, n));
      this.request(q.replace(/\(\)/g, ''), n, undefined, undefined, payload, true, 'socket');
      return UNKNOWN;
    }
    // Network.
    if (NETWORK_ROOTS.test(q) || SOCKET_METHOD.test(q) || q === 'socket.create_connection') {
      const r = this.network(q, n, argv, kwv);
      if (r) return r;
    }

    // Files.
    if (q === 'builtins.open' || q === 'io.open' || q === 'codecs.open') {
      const mode = argv[1]?.str ?? kwv.get('mode')?.str ?? 'r';
      const path = a0?.str;
      // A path from a listing of a credential folder: reading it reads a secret.
      const secret = a0?.taint?.kinds.includes('credential') === true ? a0.taint : undefined;
      return {
        file: { ...(path !== undefined ? { path } : {}), write: /[wax+]/.test(mode), ...(secret ? { taint: secret } : {}) },
        ref: 'file()',
      };
    }
    if (q === 'pathlib.Path().write_text' || q === 'pathlib.Path().write_bytes') {
      this.write(fv.str, n, a0);
      return UNKNOWN;
    }
    if (q === 'pathlib.Path().read_text' || q === 'pathlib.Path().read_bytes') return this.read(fv.str, n, q);
    if (q === 'shutil.copy' || q === 'shutil.copyfile' || q === 'shutil.copy2' || q === 'shutil.move' || q === 'shutil.copytree') {
      this.write(argv[1]?.str ?? kwv.get('dst')?.str, n, a0, a0?.str ?? kwv.get('src')?.str);
      return UNKNOWN;
    }
    if (q === 'file().write' || q === 'file().writelines') {
      this.write(fv.str, n, a0);
      return UNKNOWN;
    }
    if (q.startsWith('file().read')) return this.read(fv.str, n, 'open');
    // A serialiser or print that writes into an open file: json.dump(obj, fp), plistlib.dump(job, fp), print(…, file=fp).
    if (FILE_DUMPERS.has(q) || q === 'builtins.print') {
      const fp = q === 'builtins.print' ? kwv.get('file') : (argv[1] ?? kwv.get('fp') ?? kwv.get('stream') ?? kwv.get('file'));
      if (fp?.file?.write) this.write(fp.file.path, n, a0 ?? UNKNOWN);
    }
    if (
      q === 'json.dumps' ||
      q === 'json.dump' ||
      q === 'pickle.dumps' ||
      q === 'base64.b64encode' ||
      q === 'urllib.parse.urlencode' ||
      q === 'zlib.compress'
    )
      return { taint: argTaint, ...(a0?.environ ? { environ: true } : {}), ...(q === 'pickle.dumps' ? { serialised: true } : {}) };
    if (q === 'socket.socket') return { ref: 'socket.socket()' };
    if (q.startsWith('local.')) return argTaint ? { taint: argTaint } : UNKNOWN;
    const ext = this.external(q);
    if (ext?.fn) {
      const r = this.callFunction(ext.fn, argv, kwv);
      if (r) return r.taint || !argTaint ? r : { ...r, taint: mergeTaint(r.taint, argTaint) };
    }
    // An object built by a constructor keeps its name for method calls (`requests.Session()`), and
    // a method of data keeps the data's taint (`response.json()`).
    const taint = mergeTaint(fv.taint, argTaint);
    return { ref: `${q}()`, ...(taint ? { taint } : {}) };
  }

  /** Methods of values: text joins, encodings, file objects, responses. */
  private method(obj: Val, method: string, argv: Val[], n: PyNode): Val | undefined {
    const a0 = argv[0];
    if (obj.file) {
      if (method === 'write' || method === 'writelines') {
        if (obj.file.write) this.write(obj.file.path, n, a0 ?? UNKNOWN);
        return UNKNOWN;
      }
      if (method.startsWith('read')) {
        const r = this.read(obj.file.path, n, 'open');
        return obj.file.taint ? { ...r, taint: mergeTaint(r.taint, obj.file.taint) } : r;
      }
    }
    if (obj.str !== undefined && !obj.ref?.startsWith('pathlib')) {
      switch (method) {
        case 'join': {
          const items = a0?.items;
          if (items && items.every(i => i.str !== undefined)) {
            const sep = obj.bytes ? obj.str : obj.str;
            const s = items.map(i => i.str as string).join(sep);
            const decodedChars = items.some(i => i.decoded === true);
            const v: Val = { str: s, constant: items.every(i => i.constant === true), ...(decodedChars ? { decoded: true } : {}) };
            if (decodedChars && s.length >= 6) {
              return {
                ...v,
                taint: withStep(
                  undefined,
                  'decoded',
                  { label: 'decodes character codes', loc: this.loc(n) },
                  isReadable(s) ? s : undefined,
                ),
              };
            }
            return v;
          }
          return { taint: a0?.taint };
        }
        case 'decode': {
          const enc = (a0?.str ?? 'utf-8').toLowerCase();
          if (obj.bytes) return { ...obj, str: bytesToText(obj.str), bytes: false };
          if (enc === 'rot13' || enc === 'rot_13') return this.decoded(obj, decode('rot13', obj.str), 'rot13', n);
          return obj;
        }
        case 'encode': {
          const enc = (a0?.str ?? 'utf-8').toLowerCase();
          if (enc === 'rot13' || enc === 'rot_13') return this.decoded(obj, decode('rot13', obj.str), 'rot13', n);
          return obj.bytes ? obj : { ...obj, str: textToBytes(obj.str), bytes: true };
        }
        case 'replace': {
          if (a0?.str !== undefined && argv[1]?.str !== undefined && a0.str.length > 0)
            return { ...obj, str: obj.str.split(a0.str).join(argv[1].str) };
          return { taint: obj.taint };
        }
        case 'strip':
        case 'lower':
        case 'upper':
        case 'format':
          return method === 'format'
            ? { ...obj, str: obj.str.replace(/\{[^{}]*\}/g, () => argv.shift()?.str ?? SKELETON), taint: mergeTaint(obj.taint, a0?.taint) }
            : { ...obj, str: method === 'strip' ? obj.str.trim() : method === 'lower' ? obj.str.toLowerCase() : obj.str.toUpperCase() };
        default:
          return undefined;
      }
    }
    if (obj.taint && !obj.ref) return { taint: obj.taint };
    return undefined;
  }

  private process(q: string, n: PyNode, argv: Val[], kwv: Map<string, Val>): Val {
    const a0 = argv[0] ?? kwv.get('args') ?? UNKNOWN;
    const shell = SHELL_CALLS.has(q) || q === 'asyncio.create_subprocess_shell' || this.kwTrue(n, 'shell');
    let command: string | undefined;
    let program: string | undefined;
    let constant = a0.constant === true;
    if (a0.items) {
      const parts = a0.items.map(i => i.str ?? SKELETON);
      command = parts.join(' ');
      program = a0.items[0]?.str;
      constant = a0.items.every(i => i.constant === true);
    } else if (OS_EXEC.test(q)) {
      const parts = argv.slice(q.includes('spawn') ? 1 : 0).map(a => a.str ?? SKELETON);
      command = parts.slice(1).join(' ') || parts[0];
      program = argv[q.includes('spawn') ? 1 : 0]?.str;
      constant = argv.every(a => a.constant === true || a.ref !== undefined);
    } else if (q === 'asyncio.create_subprocess_exec' || q === 'nox.session.run') {
      command = argv.map(a => a.str ?? SKELETON).join(' ');
      program = argv[0]?.str;
      constant = argv.every(a => a.constant === true);
    } else if (a0.str !== undefined) {
      command = a0.str;
      program = shell ? undefined : a0.str.split(/\s+/)[0];
    }
    let taint: Taint | undefined = this.stdioSocket;
    for (const a of [...argv, ...kwv.values()]) taint = mergeTaint(taint, a.taint);
    // A program this module wrote with downloaded or decoded data: running it runs that data.
    const words = new Set<string>();
    for (const a of [...argv, ...(a0.items ?? [])]) if (a.str !== undefined) words.add(a.str);
    for (const w of command?.split(/\s+/) ?? []) words.add(w);
    for (const w of words) taint = mergeTaint(taint, this.writtenBack({ str: w }, n).taint);
    if (command !== undefined && SECRET_COMMAND.test(command)) {
      return {
        taint: withStep(undefined, 'credential', { label: `reads a secret with \`${command.slice(0, 80)}\``, loc: this.loc(n) }, command),
      };
    }
    // A process whose input is a socket runs what the remote host sends, whatever its arguments.
    const argvOnly = this.stdioSocket
      ? false
      : shell
        ? command !== undefined && fillsArgumentSlots(command)
        : program !== undefined &&
          !program.includes(SKELETON) &&
          (!INTERPRETER.test(program.replace(/^.*[\\/]/, '')) || (a0.items !== undefined && argumentsOnly(a0.items, this.written)));
    const callee = q;
    const refs = command !== undefined ? pathRefs(command) : [];
    this.facts.sinks.push({
      kind: shell ? 'shell' : 'spawn',
      callee,
      loc: this.loc(n),
      constant,
      ...(command !== undefined ? { value: command.slice(0, 2000) } : {}),
      decoded: a0.decoded === true || (a0.items?.some(i => i.decoded === true) ?? false),
      ...(taint ? { taint } : {}),
      ...(refs.length > 0 ? { refs } : {}),
      ...(argvOnly ? { argvOnly: true } : {}),
    });
    const detached =
      this.kwTrue(n, 'start_new_session') || /DETACHED_PROCESS|CREATE_NEW_PROCESS_GROUP/.test(this.kwText(n, 'creationflags'));
    const stdioIgnore = /DEVNULL/.test(this.kwText(n, 'stdout')) && /DEVNULL/.test(this.kwText(n, 'stderr'));
    const windowsHide = /CREATE_NO_WINDOW|SW_HIDE/.test(this.kwText(n, 'creationflags') + this.kwText(n, 'startupinfo'));
    if (q === 'subprocess.Popen' || detached) {
      this.facts.spawns.push({
        callee,
        loc: this.loc(n),
        ...(command !== undefined ? { command: command.slice(0, 2000) } : {}),
        detached,
        stdioIgnore,
        windowsHide,
        unref: detached,
        stdinNode: false,
        ...(taint ? { taint } : {}),
      });
    }
    return { ref: `${q}()`, taint: withStep(taint, undefined, { label: `runs \`${(command ?? q).slice(0, 80)}\``, loc: this.loc(n) }) };
  }

  private kwText(n: PyNode, name: string): string {
    const list = field(n, 'arguments');
    for (const c of list?.children ?? []) {
      if (c.type !== 'keyword_argument') continue;
      const k = field(c, 'name');
      const v = field(c, 'value');
      if (k && v && this.src(k) === name) return this.src(v);
    }
    return '';
  }

  private kwTrue(n: PyNode, name: string): boolean {
    return this.kwText(n, name) === 'True';
  }

  private network(q: string, n: PyNode, argv: Val[], kwv: Map<string, Val>): Val | undefined {
    const verb = q.replace(/\(\)$/, '').slice(q.replace(/\(\)$/, '').lastIndexOf('.') + 1);
    const isSocket = q.startsWith('socket.');
    if (isSocket) {
      if (verb === 'recv') return { taint: withStep(undefined, 'network', { label: 'receives data on a socket', loc: this.loc(n) }) };
      if (verb === 'connect' || verb === 'create_connection') {
        const addr = argv[0]?.items ? argv[0].items.map(i => i.str ?? SKELETON).join(':') : argv[0]?.str;
        if (addr !== undefined) this.lastSocket = addr;
        this.request(q, n, addr, argv[0], undefined, false, 'socket');
        return verb === 'create_connection' ? { ref: 'socket.create_connection()' } : UNKNOWN;
      }
      let payload: Taint | undefined;
      for (const a of argv) payload = mergeTaint(payload, this.leak(a, n));
      this.request(q, n, undefined, undefined, payload, true, 'socket');
      return UNKNOWN;
    }
    if (!HTTP_VERBS.test(verb) && verb !== 'urlretrieve' && verb !== 'Request' && verb !== 'getresponse' && verb !== 'read')
      return undefined;
    if (verb === 'getresponse' || verb === 'read')
      return { taint: withStep(undefined, 'network', { label: `reads the response with ${q}`, loc: this.loc(n) }) };
    let urlArg = kwv.get('url') ?? argv[0];
    // requests.request('POST', url) / conn.request('POST', path)
    if (verb === 'request' && argv[1] !== undefined) urlArg = argv[1];
    if (verb === 'Request') {
      const url = urlArg?.str;
      return {
        ref: 'urllib.request.Request()',
        ...(url !== undefined ? { str: url } : {}),
        ...(urlArg?.taint ? { taint: urlArg.taint } : {}),
      };
    }
    if (urlArg?.ref === 'urllib.request.Request()' && urlArg.str === undefined) urlArg = { ...urlArg };
    let payload: Taint | undefined;
    for (const k of ['data', 'json', 'params', 'files', 'headers', 'body', 'content']) {
      const v = kwv.get(k);
      if (v) payload = mergeTaint(payload, this.leak(v, n));
    }
    if (verb === 'urlopen' && argv[1]) payload = mergeTaint(payload, this.leak(argv[1], n));
    if (verb === 'request' && argv[2]) payload = mergeTaint(payload, this.leak(argv[2], n));
    const method = verb === 'request' ? (argv[0]?.str ?? '').toLowerCase() : verb;
    const sends = SENDING_VERBS.test(method) || payload !== undefined;
    const url = urlArg?.str;
    this.request(q.replace(/\(\)/g, ''), n, url, urlArg, payload, sends, 'http');
    const label = `downloads ${url !== undefined && url !== SKELETON ? url.slice(0, 120) : 'data'} with ${q.replace(/\(\)/g, '')}`;
    const taint = withStep(urlArg?.taint, 'network', { label, loc: this.loc(n) }, url !== undefined && isEndpoint(url) ? url : undefined);
    if (verb === 'urlretrieve') {
      this.write(argv[1]?.str, n, { taint });
      return { taint };
    }
    return { ref: 'response', taint };
  }

  private request(
    callee: string,
    n: PyNode,
    url: string | undefined,
    urlVal: Val | undefined,
    payload: Taint | undefined,
    sends: boolean,
    kind: 'http' | 'socket',
  ): void {
    this.facts.requests.push({
      callee,
      loc: this.loc(n),
      ...(url !== undefined ? { url: url.slice(0, 2000) } : {}),
      urlDecoded: urlVal?.decoded === true || (urlVal?.taint?.kinds.includes('decoded') ?? false),
      ...(urlVal?.taint ? { urlTaint: urlVal.taint } : {}),
      ...(payload ? { payloadTaint: payload } : {}),
      sends,
      kind,
    });
  }

  /** `from`: for copies, the path the bytes come from. */
  private write(path: string | undefined, n: PyNode, data: Val | undefined, from?: string): void {
    const refs = path !== undefined ? [`path:${path}`] : [];
    // What was written to a path is what a later read of that path in this file returns.
    if (path !== undefined && data?.taint && this.written.size < MAX_WRITTEN) this.written.set(path, { taint: data.taint, line: n.line });
    this.facts.writes.push({
      callee: 'open',
      loc: this.loc(n),
      ...(path !== undefined ? { path: path.slice(0, 1000) } : {}),
      refs,
      ...(data?.taint ? { taint: data.taint } : {}),
      ...(from !== undefined ? { from: from.slice(0, 1000) } : {}),
    });
  }

  /** A path this module wrote downloaded or decoded data to carries that data into what runs it. */
  private writtenBack(pv: Val, n: PyNode): Val {
    const path = pv.str;
    const back = path !== undefined ? this.written.get(path) : undefined;
    if (!back || path === undefined) return pv;
    const label = `runs ${path.slice(0, 100)}, written at line ${String(back.line)}`;
    return { ...pv, taint: withStep(mergeTaint(pv.taint, back.taint), undefined, { label, loc: this.loc(n) }) };
  }

  private read(path: string | undefined, n: PyNode, how: string): Val {
    if (path === undefined) return UNKNOWN;
    this.facts.reads.push({ callee: how, loc: this.loc(n), path: path.slice(0, 1000) });
    const back = this.written.get(path);
    if (back) {
      const label = `reads back ${path.slice(0, 100)}, written at line ${String(back.line)}`;
      return { taint: withStep(back.taint, undefined, { label, loc: this.loc(n) }) };
    }
    let kind: TaintKind | undefined;
    if (CREDENTIAL_PATH.test(path)) kind = 'credential';
    else if (!path.includes(SKELETON) && !CODE_FILE.test(path) && !TEMPLATE_FILE.test(path) && /\.[A-Za-z0-9]{1,6}$/.test(path))
      kind = 'file';
    const readFrom = path.includes(SKELETON) ? {} : { readFrom: path };
    if (!kind) return readFrom;
    return { taint: withStep(undefined, kind, { label: `reads ${path.slice(0, 100)}`, loc: this.loc(n) }, path), ...readFrom };
  }

  sink(kind: SinkKind, callee: string, n: PyNode, v: Val): void {
    const decoded = v.decoded === true || (v.taint?.kinds.includes('decoded') ?? false);
    const value = v.str !== undefined ? (v.bytes ? bytesToText(v.str) : v.str) : undefined;
    const refs = kind === 'module-load' && value !== undefined ? [`path:${value}`] : [];
    this.facts.sinks.push({
      kind,
      callee,
      loc: this.loc(n),
      constant: v.constant === true && !decoded,
      ...(value !== undefined ? { value: value.slice(0, 2000) } : {}),
      decoded,
      ...(v.taint ? { taint: v.taint } : {}),
      ...(refs.length > 0 ? { refs } : {}),
    });
  }
}

/**
 * `[sys.executable, '-m', 'pip', 'install', name]`: an interpreter's argv whose program, flags and
 * script or module (the item after `-c`/`-m`, or the first item that is not a flag) are constant
 * and not written by this module; what follows are the script's arguments, not code.
 */
function argumentsOnly(items: Val[], written: ReadonlyMap<string, unknown>): boolean {
  let k = 1;
  while (k < items.length) {
    const word = items[k]?.str ?? '';
    if (/^-[cemx]$/.test(word)) {
      k++;
      break;
    }
    if (!word.startsWith('-')) break;
    k++;
  }
  return items.slice(0, k + 1).every(i => i.constant === true && i.taint === undefined && !written.has(i.str ?? ''));
}

function arithmetic(op: string, a: number, b: number): number | undefined {
  switch (op) {
    case '^':
      return a ^ b;
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '&':
      return a & b;
    case '|':
      return a | b;
    case '%':
      return b === 0 ? undefined : ((a % b) + b) % b;
    case '//':
      return b === 0 ? undefined : Math.floor(a / b);
    case '<<':
      return b < 0 || b > 31 ? undefined : a << b;
    case '>>':
      return b < 0 || b > 31 ? undefined : a >> b;
    default:
      return undefined;
  }
}

/** What a call returns: one `return`'s value, or the taint of all of them. */
function joinValues(vals: Val[]): Val {
  if (vals.length === 0) return UNKNOWN;
  if (vals.length === 1) return vals[0] ?? UNKNOWN;
  let taint: Taint | undefined;
  for (const v of vals) taint = mergeTaint(taint, v.taint);
  const best =
    vals.find(v => v.decoded === true) ?? vals.find(v => v.taint !== undefined) ?? vals.find(v => v.str !== undefined) ?? UNKNOWN;
  return { ...best, ...(taint ? { taint } : {}) };
}

type FactLists = Pick<CodeFacts, 'sinks' | 'requests' | 'writes' | 'spawns' | 'strings'>;

function counts(f: CodeFacts): Record<keyof FactLists, number> {
  return {
    sinks: f.sinks.length,
    requests: f.requests.length,
    writes: f.writes.length,
    spawns: f.spawns.length,
    strings: f.strings.length,
  };
}

/** A step of the taint comes from `file`: the data was the caller's. */
function fromFile(t: Taint | undefined, file: string): boolean {
  return t !== undefined && t.steps.some(s => s.loc.file === file);
}

/**
 * Facts another module's function recorded while called from `caller` with the caller's data: they
 * belong to the caller's analysis too (their locations stay in the helper's file).
 */
function forward(from: CodeFacts, before: Record<keyof FactLists, number>, to: CodeFacts, caller: string): void {
  for (const s of from.sinks.slice(before.sinks)) if (fromFile(s.taint, caller)) to.sinks.push(s);
  for (const r of from.requests.slice(before.requests))
    if (fromFile(r.payloadTaint, caller) || fromFile(r.urlTaint, caller)) to.requests.push(r);
  for (const w of from.writes.slice(before.writes)) if (fromFile(w.taint, caller)) to.writes.push(w);
  for (const s of from.spawns.slice(before.spawns)) if (fromFile(s.taint, caller)) to.spawns.push(s);
}

/**
 * A function's body is analysed where it is defined and again for each call: one place, one fact,
 * the one that knows most (a sink with taint or a value over the same sink without).
 */
function dedupe(f: CodeFacts): void {
  const key = (l: Location, callee: string): string => `${l.file}:${String(l.line)}:${String(l.column ?? 0)}:${callee}`;
  const weight = (t: Taint | undefined, extra: number): number => (t ? 10 + t.kinds.length * 2 + t.steps.length : 0) + extra;
  const keep = <T>(list: T[], k: (x: T) => string, w: (x: T) => number): T[] => {
    const best = new Map<string, T>();
    for (const x of list) {
      const id = k(x);
      const prev = best.get(id);
      if (!prev || w(x) >= w(prev)) best.set(id, x);
    }
    const chosen = new Set(best.values());
    return list.filter(x => chosen.has(x));
  };
  f.sinks = keep(
    f.sinks,
    s => key(s.loc, s.callee),
    s => weight(s.taint, (s.decoded ? 5 : 0) + (s.value !== undefined ? 1 : 0)),
  );
  f.requests = keep(
    f.requests,
    r => key(r.loc, r.callee),
    r => weight(r.payloadTaint, 0) + weight(r.urlTaint, r.url !== undefined ? 1 : 0),
  );
  f.writes = keep(
    f.writes,
    w => key(w.loc, w.callee),
    w => weight(w.taint, w.path !== undefined ? 1 : 0),
  );
  f.spawns = keep(
    f.spawns,
    s => key(s.loc, s.callee),
    s => weight(s.taint, 0),
  );
}

function codecsDecoder(enc: string | undefined): Decoder | undefined {
  switch ((enc ?? '').toLowerCase().replace(/[-_]/g, '')) {
    case 'rot13':
      return 'rot13';
    case 'hex':
    case 'hexcodec':
      return 'hex';
    case 'base64':
    case 'base64codec':
      return 'b64';
    case 'zlib':
    case 'zlibcodec':
      return 'zlib';
    case 'bz2':
      return 'bz2';
    default:
      return undefined;
  }
}

/** Calls that give back the path they are given, as far as the repository is concerned. */
const PATH_SAME = /^(?:os\.path|posixpath|ntpath)\.(?:abspath|realpath|normpath)$/;
const PATH_METHOD_SAME = /^pathlib\.Path\(\)\.(?:resolve|absolute|expanduser)$/;

/** `os.path.dirname`: '' for a bare name, as Python gives. */
function dirnameOf(p: string): string {
  const at = p.replace(/\/+$/, '').lastIndexOf('/');
  return at < 0 ? '' : at === 0 ? '/' : p.slice(0, at);
}

/** `os.path.join` and `Path(a, b)`/`a / b`: empty parts add nothing, an absolute part starts again. */
function joinPaths(parts: readonly Val[]): Val {
  let out = '';
  for (const p of parts) {
    const s = p.str ?? SKELETON;
    if (s.startsWith('/') || s.startsWith('~') || out === '') out = s;
    else if (s !== '') out = `${out.replace(/\/+$/, '')}/${s}`;
  }
  return { str: out, constant: parts.every(a => a.constant === true) };
}

function concat(a: Val, b: Val): Val {
  const taint = mergeTaint(a.taint, b.taint);
  if (a.str === undefined && b.str === undefined) return taint ? { taint } : UNKNOWN;
  const s = (a.str ?? SKELETON) + (b.str ?? SKELETON);
  return {
    str: s.length > MAX_STR ? s.slice(0, MAX_STR) : s,
    constant: a.constant === true && b.constant === true,
    ...(a.bytes && b.bytes ? { bytes: true } : {}),
    ...(a.decoded || b.decoded ? { decoded: true } : {}),
    ...(taint ? { taint } : {}),
    ...(a.ref === 'pathlib.Path()' ? { ref: a.ref } : {}),
  };
}

function normQ(q: string): string {
  let out = q;
  for (const b of BUILTINS_MODULES) if (out === b || out.startsWith(`${b}.`)) out = 'builtins' + out.slice(b.length);
  out = out
    .replace(/^builtins\.__dict__\./, 'builtins.')
    .replace(/^urllib2\./, 'urllib.request.')
    .replace(/^urllib\.(urlopen|urlretrieve)$/, 'urllib.request.$1')
    .replace(/^cPickle\./, 'pickle.')
    .replace(/^_pickle\./, 'pickle.')
    .replace(/^posix\.(system|popen)$/, 'os.$1')
    .replace(/^nt\.(system|popen)$/, 'os.$1')
    .replace(/^ctypes\.(?:cdll|windll)\.(\w+)$/, (m, name: string) => (name === 'LoadLibrary' ? m : `ctypes.cdll.${name}`));
  // Client objects: `requests.Session().get`, `httpx.Client().post`, `aiohttp.ClientSession().get`.
  out = out.replace(/^(requests|httpx|aiohttp|urllib3)\.(?:Session|Client|AsyncClient|ClientSession|PoolManager)\(\)\./, '$1.');
  out = out.replace(/^http\.client\.HTTPS?Connection\(\)\./, 'http.client.');
  return out;
}

function pathRefs(command: string): string[] {
  const out: string[] = [];
  for (const m of command.matchAll(/(?:^|\s)([~.\w/\\-]+\.(?:py|sh|exe|bin|js|bat|ps1|so|dll))\b/g)) if (m[1]) out.push(`path:${m[1]}`);
  return out;
}

function field(n: PyNode, name: string): PyNode | undefined {
  return n.children.find(c => c.field === name);
}

const STATEMENTS = /(?:_statement|_definition|_clause|^block$|^module$)/;

function isStatementLike(n: PyNode): boolean {
  return STATEMENTS.test(n.type) && n.type !== 'with_clause';
}

/** The code facts of one parsed Python file. */
export function analysePython(input: PyFlowInput): CodeFacts {
  return new Analyzer(input).run();
}
