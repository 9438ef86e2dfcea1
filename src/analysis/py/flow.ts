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
import { networkApis } from '../../knowledge/index.ts';
import { isEndpoint, isReadable } from '../js/evaluate.ts';
import { emptyFacts } from '../js/types.ts';
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
  file?: { path?: string; write: boolean };
  /** The whole `os.environ`. */
  environ?: boolean;
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
const SOCKET_METHOD = /^socket\.(?:socket|create_connection)\(\)\.(?:send|sendall|sendto|connect|recv)$/;
/** Site-packages folders (where `.pth` files run at every Python start-up). */
const SITE_DIR = /^(?:site\.getusersitepackages|sysconfig\.get_path|distutils\.sysconfig\.get_python_lib|site\.USER_SITE)$/;
const SITE_PACKAGES: Val = { str: '$SITE_PACKAGES', constant: true };
const DNS_LOOKUP =
  /^(?:socket\.(?:gethostbyname(?:_ex)?|getaddrinfo)|dns\.resolver\.(?:resolve|query)|dns\.resolver\.Resolver\(\)\.(?:resolve|query))$/;
const MAIL_SEND = /^(?:smtplib\.(?:SMTP|SMTP_SSL|LMTP)|ftplib\.(?:FTP|FTP_TLS))\(\)\.(?:sendmail|send_message|storbinary|storlines)$/;
const INTERPRETER = /^(?:sh|bash|zsh|dash|ksh|cmd|cmd\.exe|powershell|powershell\.exe|pwsh|python[\d.]*|node|perl|ruby|osascript)$/i;

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
const SECRET_COMMAND =
  /\bgh\s+auth\s+token\b|\bgit\s+config\b.*\b(?:token|password|credential)|\bsecurity\s+find-(?:generic|internet)-password\b|\baws\s+configure\s+(?:get|export-credentials)\b|\bgcloud\s+auth\s+print-access-token\b|\bcat\s+\S*(?:\.npmrc|\.git-credentials|\.ssh\/id_|\.aws\/credentials)/;
const CODE_FILE = /\.(?:py|pyw|pyc|[cm]?[jt]sx?|sh|json)$/i;
const TEMPLATE_FILE = /\.(?:html?|jinja2?|j2|txt|md|rst|ya?ml|toml|ini|cfg|csv|sql|css)$/i;
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
}

class Analyzer {
  readonly facts: CodeFacts;
  private readonly memo = new Map<PyNode, Val>();
  private scopes: Map<string, Val>[] = [new Map<string, Val>()];
  private steps = 0;
  /** `compile()` calls not (yet) run by `exec`/`eval`: reported at the end as sinks of their own. */
  private readonly compiles = new Map<PyNode, Val>();
  /** Tainted data written to a path (network responses, decoded text), by path: the last write. */
  private readonly written = new Map<string, { taint: Taint; line: number }>();

  constructor(private readonly input: PyFlowInput) {
    this.facts = { ...emptyFacts(input.path, false, 'ast'), language: 'python' };
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
    return this.facts;
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
        // `os.environ['X'] = ...` and friends: evaluate the parts, bind nothing.
        for (const c of target.children) this.value(c);
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
        if (name) this.scopes[this.scopes.length - 1]?.set(this.src(name), { ref: `local.${this.src(name)}` });
        const params = field(n, 'parameters');
        const scope = new Map<string, Val>();
        for (const p of params?.children ?? []) {
          const d = field(p, 'value');
          if (d) this.value(d);
          const id = p.type === 'identifier' ? p : (field(p, 'name') ?? p.children.find(c => c.type === 'identifier'));
          if (id) scope.set(this.src(id), UNKNOWN);
        }
        this.scopes.push(scope);
        const body = field(n, 'body');
        if (body) this.block(body);
        this.scopes.pop();
        return;
      }
      case 'class_definition': {
        const body = field(n, 'body');
        if (body) this.block(body);
        return;
      }
      case 'decorated_definition':
        for (const c of n.children) {
          if (c.type === 'decorator') this.value(c);
          else this.statement(c);
        }
        return;
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
        if (left) this.bind(left, v.taint ? { taint: v.taint } : UNKNOWN);
        for (const c of n.children) if (c.type === 'block' || c.type === 'else_clause') this.statement(c);
        return;
      }
      case 'exec_statement': {
        const code = field(n, 'code') ?? n.children[0];
        const v = code ? this.value(code) : UNKNOWN;
        this.sink('eval', 'exec', n, v);
        return;
      }
      case 'return_statement':
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
        return Number.isFinite(num) ? { str: String(num), constant: true } : UNKNOWN;
      }
      case 'identifier': {
        const name = this.src(n);
        const bound = this.lookup(name);
        if (bound) return bound;
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
        if (o === '+') return concat(lv, rv);
        if (o === '/' && lv.str !== undefined && (lv.ref === 'pathlib.Path()' || lv.ref === 'path'))
          return { ...concat(concat(lv, { str: '/', constant: true }), rv), ref: 'pathlib.Path()' };
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
    if (ov.ref === 'os' && name === 'environ') return { ref: 'os.environ', environ: true };
    if (ov.ref !== undefined) {
      const ref = normQ(`${ov.ref}.${name}`);
      return { ref, ...(ov.taint ? { taint: ov.taint } : {}), ...(ov.str !== undefined ? { str: ov.str } : {}) };
    }
    // Data read off a response (`r.text`, `r.content`) keeps the response's taint.
    return ov.taint ? { taint: ov.taint } : UNKNOWN;
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
    const argv = positional.map(a => this.value(a));
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
      const m = this.method(obj, method, argv, n);
      if (m) return m;
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
            ? { str: String.fromCodePoint(Math.min(Number(i.str), 0x10ffff)), constant: true }
            : UNKNOWN,
        ),
      };
    }
    if (q === 'builtins.dict' && a0?.environ) return { environ: true, taint: this.envdump(n, a0.taint) };

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
    if (q === 'os.path.join' || q === 'posixpath.join' || q === 'ntpath.join') {
      const s = argv.map(a => a.str ?? SKELETON).join('/');
      return { str: s, constant: argv.every(a => a.constant === true), taint: argTaint };
    }
    if (q === 'pathlib.Path' || q === 'pathlib.PurePath' || q === 'pathlib.PosixPath' || q === 'pathlib.WindowsPath') {
      const s = argv.map(a => a.str ?? SKELETON).join('/');
      return { str: s, constant: argv.every(a => a.constant === true), ref: 'pathlib.Path()', ...(argTaint ? { taint: argTaint } : {}) };
    }
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
    if (SHELL_CALLS.has(q) || PROCESS_CALLS.has(q) || OS_EXEC.test(q)) return this.process(q, n, argv, kwv);

    // Mail and FTP uploads send what they are given out of the machine.
    if (MAIL_SEND.test(q)) {
      let payload: Taint | undefined;
      for (const a of [...argv, ...kwv.values()]) payload = mergeTaint(payload, this.leak(a, n));
      this.request(q.replace(/\(\)/g, ''), n, undefined, undefined, payload, true, 'socket');
      return UNKNOWN;
    }
    // Network.
    if (NETWORK_ROOTS.test(q) || SOCKET_METHOD.test(q)) {
      const r = this.network(q, n, argv, kwv);
      if (r) return r;
    }

    // Files.
    if (q === 'builtins.open' || q === 'io.open' || q === 'codecs.open') {
      const mode = argv[1]?.str ?? kwv.get('mode')?.str ?? 'r';
      const path = a0?.str;
      return { file: { ...(path !== undefined ? { path } : {}), write: /[wax+]/.test(mode) }, ref: 'file()' };
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
    if (
      q === 'json.dumps' ||
      q === 'json.dump' ||
      q === 'pickle.dumps' ||
      q === 'base64.b64encode' ||
      q === 'urllib.parse.urlencode' ||
      q === 'zlib.compress'
    )
      return { taint: argTaint, ...(a0?.environ ? { environ: true } : {}) };
    if (q === 'socket.socket') return { ref: 'socket.socket()' };
    if (q.startsWith('local.')) return argTaint ? { taint: argTaint } : UNKNOWN;
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
      if (method.startsWith('read')) return this.read(obj.file.path, n, 'open');
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
    } else if (q === 'asyncio.create_subprocess_exec') {
      command = argv.map(a => a.str ?? SKELETON).join(' ');
      program = argv[0]?.str;
      constant = argv.every(a => a.constant === true);
    } else if (a0.str !== undefined) {
      command = a0.str;
      program = shell ? undefined : a0.str.split(/\s+/)[0];
    }
    let taint: Taint | undefined;
    for (const a of [...argv, ...kwv.values()]) taint = mergeTaint(taint, a.taint);
    if (command !== undefined && SECRET_COMMAND.test(command)) {
      return {
        taint: withStep(undefined, 'credential', { label: `reads a secret with \`${command.slice(0, 80)}\``, loc: this.loc(n) }, command),
      };
    }
    const argvOnly = shell
      ? command !== undefined && fillsArgumentSlots(command)
      : program !== undefined && !program.includes(SKELETON) && !INTERPRETER.test(program.replace(/^.*[\\/]/, ''));
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
      if (verb === 'connect') {
        const addr = argv[0]?.items ? argv[0].items.map(i => i.str ?? SKELETON).join(':') : argv[0]?.str;
        this.request(q, n, addr, argv[0], undefined, false, 'socket');
        return UNKNOWN;
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
    if (!kind) return UNKNOWN;
    return { taint: withStep(undefined, kind, { label: `reads ${path.slice(0, 100)}`, loc: this.loc(n) }, path) };
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
