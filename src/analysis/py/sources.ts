/**
 * Python sources of one scan: each `.py` file parsed at most once, shared by the import graph (the
 * engine's `reaches` for Python surfaces) and the code facts. A tree is kept only until the code
 * facts have taken it, and only for files the facts will analyse.
 *
 * The import graph follows what Python loads from the repository: `import a.b`, `from a import b`
 * (a package's `__init__.py`, then the module or submodule), relative imports, constant
 * `importlib.import_module('x')`/`__import__('x')`, a Django project's settings module
 * (`DJANGO_SETTINGS_MODULE`) and the dotted paths a settings module names (`INSTALLED_APPS`, with
 * each app's `apps.py`, `models.py` and `admin.py`, which Django imports at start,
 * `MIDDLEWARE`, `ROOT_URLCONF`, `WSGI_APPLICATION`...) and `include('app.urls')`. Absolute imports are looked up from the
 * importing script's folder (Python's `sys.path[0]`), the folder above its top package, the repository root and `src/`.
 */
import { defineFact } from '../../core/rule.ts';
import type { Inventory } from '../../fs/walk.ts';
import { dirName, joinRel } from '../../fs/path.ts';
import { isPythonPath, loadPythonParser, parsePython, textOf } from '../../lang/python/parse.ts';
import type { PyNode, PyParse } from '../../lang/python/parse.ts';
import { unescapePython } from './strings.ts';
import { pushAll } from '../../core/spread.ts';

/**
 * Names in the text of a file that the code facts look at; a file without any is not analysed
 * (unless a surface reaches it). Sinks, decoders, network clients, credential and persistence
 * places: the environment, files and host names matter only where one of these is present too.
 */
export const PY_PREFILTER =
  /\b(?:exec|eval|__import__|import_module|marshal|pickle|dill|joblib|read_pickle|subprocess|popen|spawn[lv]p?e?|startfile|ctypes|b64decode|b32decode|b85decode|a85decode|decodebytes|unhexlify|fromhex|decompress|urlopen|urlretrieve|requests|httpx|aiohttp|urllib3|http\.client|httplib|__builtins__|builtins|run_path|spec_from_file_location|SourceFileLoader|load_source|FunctionType|gethostbyname|getaddrinfo)\b|\bdns\.resolver|\bsystem\s*\(|\bimport\b[^\n]*\bsystem\b|\[::-1\]|socket\.socket|torch\.load|create_connection|smtplib|ftplib|\.ssh|\.aws|Login Data|Local State|Keychains|keyrings|solana|LaunchAgents|crontab|CurrentVersion|\.bashrc|\.zshrc|\.profile\b|Startup/;

export interface ImportRef {
  /** Dotted module, without the leading dots of a relative import. */
  module: string;
  /** Leading dots (0 for absolute). */
  level: number;
  /** Names imported from it (`from m import a, b`), which may be submodules. */
  names: string[];
  /**
   * A file run as Python whatever its extension, by a path relative to the module's folder (Flask's
   * `app.config.from_pyfile('settings.cfg')` executes it when the app is created); `module` is empty.
   */
  file?: string;
}

export interface PyFile {
  parse: PyParse;
}

export class PythonSources {
  private readonly trees = new Map<string, PyParse | undefined>();
  private readonly importCache = new Map<string, string[]>();
  /** Files that run as Python though their name does not say so (a Flask config file). */
  private readonly runAsPython = new Set<string>();

  constructor(
    private readonly inventory: Inventory,
    private readonly text: (path: string) => string | undefined,
  ) {}

  /** Loads the parser when the tree holds Python; call before the map phase. */
  async prepare(): Promise<void> {
    if (this.inventory.files.some(f => !f.inNodeModules && isPythonPath(f.path))) await loadPythonParser();
  }

  /** The parse of a file, cached until `take` (undefined when the file is not readable text). */
  parse(path: string): PyParse | undefined {
    if (this.trees.has(path)) return this.trees.get(path);
    const body = this.text(path);
    const parsed = body === undefined ? undefined : parsePython(body);
    this.trees.set(path, parsed);
    return parsed;
  }

  /** The parse of a file for its one analysis; the tree is not kept after. */
  take(path: string): PyParse | undefined {
    const p = this.parse(path);
    this.trees.set(path, undefined);
    return p;
  }

  /** A file an imported module runs as Python whatever its extension (see `ImportRef.file`). */
  runsAsPython(path: string): boolean {
    return this.runAsPython.has(path);
  }

  /** Local files a Python file imports (root-relative). */
  imports(path: string): string[] {
    const cached = this.importCache.get(path);
    if (cached) return cached;
    const body = this.text(path);
    let out: string[] = [];
    if (body !== undefined) {
      const parse = this.parse(path);
      // Keep the tree only for files the code facts will analyse; the rest are read for imports alone.
      if (!PY_PREFILTER.test(body)) this.trees.delete(path);
      if (parse) out = this.resolveAll(path, importRefs(parse));
    }
    this.importCache.set(path, out);
    return out;
  }

  /** The file of a dotted module looked up from `dirs` in order (`backend-path`, a config's folder). */
  resolveModule(dirs: readonly string[], dotted: string): string | undefined {
    for (const base of dirs) {
      const stem = (base === '' ? '' : `${base}/`) + dotted.split('.').join('/');
      const last = this.moduleFiles(base, dotted).pop();
      if (last === `${stem}.py` || last === `${stem}/__init__.py`) return last;
    }
    return undefined;
  }

  /** The file of a dotted module imported from `from`, looked up as Python would (see `resolveAll`). */
  resolveFrom(from: string, dotted: string): string | undefined {
    const here = dirName(from);
    return this.resolveModule([...new Set([here, this.packageRoot(here), '', 'src'])], dotted);
  }

  private isFile(rel: string): boolean {
    const e = this.inventory.byPath.get(rel);
    return e !== undefined && (e.type === 'file' || (e.type === 'symlink' && e.linkInside === true));
  }

  /** `a.b` as a module (`a/b.py`) or a package (`a/b/__init__.py`), with the packages above it. */
  private moduleFiles(base: string, dotted: string): string[] {
    const parts = dotted.split('.').filter(p => p.length > 0);
    const out: string[] = [];
    let dir = base;
    for (let i = 0; i < parts.length; i++) {
      const stem = dir === '' ? (parts[i] as string) : `${dir}/${parts[i] as string}`;
      if (this.isFile(`${stem}/__init__.py`)) out.push(`${stem}/__init__.py`);
      else if (i === parts.length - 1 && this.isFile(`${stem}.py`)) out.push(`${stem}.py`);
      else if (!this.inventory.dirs.has(stem)) return [];
      dir = stem;
    }
    return out;
  }

  /** The folder that holds the top package of `dir` (where `python -m` or a server imports it from). */
  private packageRoot(dir: string): string {
    let d = dir;
    while (d !== '' && this.isFile(`${d}/__init__.py`)) d = dirName(d);
    return d;
  }

  private resolveAll(from: string, refs: ImportRef[]): string[] {
    const found = new Set<string>();
    const here = dirName(from);
    const roots = [...new Set([here, this.packageRoot(here), '', 'src'])];
    for (const ref of refs) {
      if (ref.file !== undefined) {
        // Flask reads a config file from the app's root folder, or from its instance folder
        // (`instance/` beside the package) when `instance_relative_config` is set.
        const top = this.packageRoot(here);
        for (const dir of [...new Set([here, top === '' ? 'instance' : `${top}/instance`, 'instance', ''])]) {
          const p = joinRel(dir, ref.file);
          if (p !== undefined && p !== from && this.isFile(p)) {
            found.add(p);
            this.runAsPython.add(p);
            break;
          }
        }
        continue;
      }
      let bases: string[];
      if (ref.level > 0) {
        let dir = here;
        for (let i = 1; i < ref.level && dir !== ''; i++) dir = dirName(dir);
        bases = [dir];
      } else bases = roots;
      for (const base of bases) {
        const mod = ref.module === '' ? [] : this.moduleFiles(base, ref.module);
        const names: string[] = [];
        for (const name of ref.names) {
          const dotted = ref.module === '' ? name : `${ref.module}.${name}`;
          const sub = this.moduleFiles(base, dotted);
          if (sub.length > 0) names.push(sub[sub.length - 1] as string);
        }
        if (mod.length === 0 && names.length === 0) continue;
        for (const f of [...mod, ...names]) if (f !== from) found.add(f);
        break;
      }
    }
    return [...found].sort();
  }
}

const DJANGO_APP_MODULES = ['apps', 'models', 'admin'];

const SETTINGS_NAMES = new Set([
  'INSTALLED_APPS',
  'MIDDLEWARE',
  'MIDDLEWARE_CLASSES',
  'ROOT_URLCONF',
  'WSGI_APPLICATION',
  'ASGI_APPLICATION',
  'AUTHENTICATION_BACKENDS',
  'TEST_RUNNER',
  'DEFAULT_AUTO_FIELD_MODULE',
  // Settings whose dicts and lists name classes and callables Django imports and calls at start:
  // logging handlers, filters and formatters (`'()': 'pkg.mod.factory'`), cache, template,
  // storage and database backends, context processors, validators, hashers.
  'LOGGING',
  'LOGGING_CONFIG',
  'CACHES',
  'TEMPLATES',
  'DATABASES',
  'STORAGES',
  'EMAIL_BACKEND',
  'SESSION_ENGINE',
  'PASSWORD_HASHERS',
  'AUTH_PASSWORD_VALIDATORS',
  'FILE_UPLOAD_HANDLERS',
  'DEFAULT_EXCEPTION_REPORTER',
  'SERIALIZATION_MODULES',
  'REST_FRAMEWORK',
]);
/** Keys of a `logging.config.dictConfig` dict whose value is a dotted name it imports and calls. */
const FACTORY_KEYS = new Set(['()', 'class']);

/** Every import of a module, at any depth (imports inside functions and `try` run too). */
export function importRefs(parse: PyParse): ImportRef[] {
  const out: ImportRef[] = [];
  const src = (n: PyNode): string => textOf(parse, n);
  const stack: PyNode[] = [parse.root];
  while (stack.length > 0) {
    const n = stack.pop() as PyNode;
    switch (n.type) {
      case 'import_statement':
        for (const c of n.children) {
          const name = c.type === 'aliased_import' ? c.children.find(x => x.field === 'name') : c.type === 'dotted_name' ? c : undefined;
          if (name) out.push({ module: src(name), level: 0, names: [] });
        }
        continue;
      case 'import_from_statement': {
        const mod = n.children.find(c => c.field === 'module_name');
        if (!mod) continue;
        const text = src(mod);
        const level = /^\.*/.exec(text)?.[0].length ?? 0;
        const names = n.children
          .filter(c => c !== mod && (c.type === 'dotted_name' || c.type === 'aliased_import'))
          .map(c => src(c.type === 'aliased_import' ? (c.children.find(x => x.field === 'name') ?? c) : c));
        out.push({ module: text.slice(level).trim(), level, names });
        continue;
      }
      case 'call': {
        const fn = n.children.find(c => c.field === 'function');
        const name = fn ? src(fn) : '';
        const args = n.children.find(c => c.field === 'arguments')?.children.filter(c => c.type === 'string') ?? [];
        // Django's `include('app.urls')` imports the URL module when the URL configuration loads.
        if (/^(?:importlib\.import_module|import_module|__import__|include)$/.test(name) && args[0]) {
          const m = stringValue(parse, args[0]);
          if (m) out.push({ module: m, level: 0, names: [] });
        } else if (/(?:^|\.)from_pyfile$/.test(name) && args[0]) {
          // Flask runs the named file as Python (`exec(compile(...))`) when the app is created.
          const f = stringValue(parse, args[0]);
          if (f && !f.includes('\0')) out.push({ module: '', level: 0, names: [], file: f });
        } else if (/(?:^|\.)config\.from_object$/.test(name) && args[0]) {
          // `app.config.from_object('pkg.settings.Prod')` imports the module that holds the object.
          const m = stringValue(parse, args[0]);
          if (m && /^[A-Za-z_][\w.]*$/.test(m)) {
            const parts = m.split('.');
            for (let i = parts.length; i >= 1; i--) out.push({ module: parts.slice(0, i).join('.'), level: 0, names: [] });
          }
        } else if (
          /(?:^|\.)(?:setdefault|__setitem__)$/.test(name) &&
          args.length >= 2 &&
          args[0] &&
          stringValue(parse, args[0]) === 'DJANGO_SETTINGS_MODULE'
        ) {
          const m = args[1] ? stringValue(parse, args[1]) : undefined;
          if (m) out.push({ module: m, level: 0, names: [] });
        }
        break;
      }
      case 'pair': {
        // `{'()': 'pkg.logsetup.make_handler'}` anywhere (a dictConfig dict): the module is imported.
        const key = n.children.find(c => c.field === 'key');
        const value = n.children.find(c => c.field === 'value');
        const k = key?.type === 'string' ? stringValue(parse, key) : undefined;
        const m = value?.type === 'string' && k !== undefined && FACTORY_KEYS.has(k) ? stringValue(parse, value) : undefined;
        if (m && /^[A-Za-z_][\w.]*\.[A-Za-z_]\w*$/.test(m)) {
          const parts = m.split('.');
          for (let i = parts.length - 1; i >= 1; i--) out.push({ module: parts.slice(0, i).join('.'), level: 0, names: [] });
        }
        break;
      }
      case 'assignment': {
        const left = n.children.find(c => c.field === 'left');
        const right = n.children.find(c => c.field === 'right');
        if (left?.type === 'identifier' && right && (SETTINGS_NAMES.has(src(left)) || src(left) === 'pytest_plugins')) {
          for (const s of collectStrings(right)) {
            const m = stringValue(parse, s);
            if (m && /^[A-Za-z_][\w.]*$/.test(m)) {
              // `app.middleware.Thing`: the module is the longest prefix that is a file.
              const parts = m.split('.');
              for (let i = parts.length; i >= 1; i--) {
                const module = parts.slice(0, i).join('.');
                out.push({ module, level: 0, names: [] });
                // Django imports each installed app's apps.py (its AppConfig, whose ready() runs at
                // start), models.py, and admin.py when the admin is installed.
                if (src(left) === 'INSTALLED_APPS')
                  for (const sub of DJANGO_APP_MODULES) out.push({ module: `${module}.${sub}`, level: 0, names: [] });
              }
            }
          }
        }
        break;
      }
      default:
        break;
    }
    for (const c of n.children) stack.push(c);
  }
  return out;
}

function collectStrings(n: PyNode): PyNode[] {
  const out: PyNode[] = [];
  const stack = [n];
  while (stack.length > 0 && out.length < 500) {
    const x = stack.pop() as PyNode;
    if (x.type === 'string') out.push(x);
    else pushAll(stack, x.children);
  }
  return out;
}

/** The value of a plain string literal (no f-string fields). */
function stringValue(parse: PyParse, n: PyNode): string | undefined {
  if (n.children.some(c => c.type === 'interpolation')) return undefined;
  const start = n.children.find(c => c.type === 'string_start');
  const raw = start ? /r/i.test(textOf(parse, start)) : false;
  return n.children
    .filter(c => c.type === 'string_content')
    .map(c => (raw ? textOf(parse, c) : unescapePython(textOf(parse, c), false)))
    .join('');
}

/** The scan's Python sources (the engine loads their parser before the map phase). */
export const pythonSourceFiles = defineFact('python-sources', ctx => new PythonSources(ctx.inventory, p => ctx.text(p)));
