/**
 * Detection knowledge shipped as data (data/knowledge/*.json at the package root): the lists that
 * the code facts, the shell and Python analysis, the rules, the pre-filter, the sandbox and the
 * workstation checks share, kept in one copy each with the public sources they come from. This
 * module is the only reader: every file is read and checked together, the first time any of them
 * is asked for (when the CLI starts, through the modules that build their tables from them). A
 * malformed file throws a KnowledgeError naming the file and the entry; docs/knowledge.md says how
 * to add an entry.
 */
import {
  type Doc,
  DEFAULT_DIR,
  escapeRe,
  flag,
  isRecord,
  KnowledgeError,
  list,
  names,
  onlyKeys,
  pathPatternSource,
  readDoc,
  regex,
  strings,
  text,
} from './read.ts';

import { type Places, parsePlaces } from './places.ts';
import {
  parseNotableStrings,
  parseSecretCommands,
  parseTemplateFiles,
  parseToolConfigs,
  type TemplateFiles,
  type ToolConfig,
} from './tables.ts';

export { KnowledgeError } from './read.ts';

/** A browser extension that holds a crypto wallet or authenticator secrets. */
export interface WalletExtension {
  /** The 32-letter extension id (`a`-`p`), the name of its folder under `Local Extension Settings`. */
  readonly id: string;
  readonly name: string;
  readonly store: 'chrome' | 'edge';
}

/** A file or folder that holds credentials, browser secrets or wallet keys. */
export interface CredentialStore {
  /** How a finding names it; entries may share a label. */
  readonly label: string;
  /** A store no ordinary project reads (browser data, wallets, keychains). */
  readonly store: boolean;
  /** In a shell script it counts only after `~/`, `$HOME/` or `${HOME}/`. */
  readonly underHome: boolean;
  /** A token file many projects name: alone, without a request, it is context only. */
  readonly lowWhenAlone: boolean;
  /** Matches a path or a string that names it (any path separator). */
  readonly test: RegExp;
  /** Literals of which every match holds one. */
  readonly atoms: readonly string[];
  /** Atoms that are also ordinary words of library code (`Cookies`, `Firefox`): see docs/knowledge.md. */
  readonly commonWords: readonly string[];
  readonly examples: readonly string[];
  /** The regular-expression sources as written in the file (`/`: a path separator). */
  readonly match: readonly string[];
}

export interface Knowledge {
  readonly walletExtensions: readonly WalletExtension[];
  readonly walletLabel: string;
  readonly credentialStores: readonly CredentialStore[];
  readonly networkApis: NetworkApis;
  readonly jsSinks: JsSinks;
  readonly shellTools: ShellTools;
  readonly places: Places;
  readonly toolConfigs: readonly ToolConfig[];
  readonly secretCommand: RegExp;
  readonly notableStrings: readonly string[];
  readonly templateFiles: TemplateFiles;
}

function parseWalletExtensions(doc: Doc): WalletExtension[] {
  const file = 'wallet-extensions.json';
  return list(file, doc, 'extensions').map((e, i) => {
    const id = text(file, `extensions[${i}]`, e, 'id');
    if (!/^[a-p]{32}$/.test(id)) throw new KnowledgeError(file, `extensions[${i}]: "${id}" is not a 32-letter extension id`);
    const store = e['store'] ?? 'chrome';
    if (store !== 'chrome' && store !== 'edge') throw new KnowledgeError(file, `extensions[${i}]: "store" must be "chrome" or "edge"`);
    return { id, name: text(file, `extensions[${i}]`, e, 'name'), store };
  });
}

function parseCredentialStores(doc: Doc): CredentialStore[] {
  const file = 'credential-stores.json';
  return list(file, doc, 'stores').map((e, i) => {
    const where = `stores[${i}]`;
    const match = strings(file, where, e, 'match');
    const test = regex(file, where, match.map(pathPatternSource).join('|'));
    const atoms = strings(file, where, e, 'atoms');
    const commonWords = e['commonWords'] === undefined ? [] : strings(file, where, e, 'commonWords');
    for (const w of commonWords)
      if (!atoms.includes(w)) throw new KnowledgeError(file, `${where}: common word "${w}" is not one of its atoms`);
    const examples = strings(file, where, e, 'examples');
    text(file, where, e, 'source');
    return {
      label: text(file, where, e, 'label'),
      store: flag(file, where, e, 'store'),
      underHome: flag(file, where, e, 'underHome'),
      lowWhenAlone: flag(file, where, e, 'lowWhenAlone'),
      test,
      atoms,
      commonWords,
      examples,
      match,
    };
  });
}

/** Reads and checks every knowledge file of `dir` (the shipped ones by default). */
export function loadKnowledge(dir: URL = DEFAULT_DIR): Knowledge {
  const wallets = readDoc(dir, 'wallet-extensions.json');
  return {
    walletExtensions: parseWalletExtensions(wallets),
    walletLabel: text('wallet-extensions.json', 'the file', wallets, 'label'),
    credentialStores: parseCredentialStores(readDoc(dir, 'credential-stores.json')),
    networkApis: parseNetworkApis(readDoc(dir, 'network-apis.json')),
    jsSinks: parseJsSinks(readDoc(dir, 'js-sinks.json')),
    shellTools: parseShellTools(readDoc(dir, 'shell-tools.json')),
    places: parsePlaces(readDoc(dir, 'places.json')),
    toolConfigs: parseToolConfigs(readDoc(dir, 'tool-configs.json')),
    secretCommand: parseSecretCommands(readDoc(dir, 'secret-commands.json')),
    notableStrings: parseNotableStrings(readDoc(dir, 'notable-strings.json')),
    templateFiles: parseTemplateFiles(readDoc(dir, 'template-files.json')),
  };
}

let loaded: Knowledge | undefined;

/** The shipped knowledge, read and checked once. */
export function knowledge(): Knowledge {
  loaded ??= loadKnowledge();
  return loaded;
}

/** The wallet and authenticator extensions the campaigns' stealers read (data/knowledge/wallet-extensions.json). */
export function walletExtensions(): readonly WalletExtension[] {
  return knowledge().walletExtensions;
}

/** A regular-expression source matching any wallet extension id as a whole word. */
export function walletIdPattern(): string {
  return String.raw`\b(?:${walletExtensions()
    .map(e => e.id)
    .join('|')})\b`;
}

/** The credential stores (data/knowledge/credential-stores.json). */
export function credentialStores(): readonly CredentialStore[] {
  return knowledge().credentialStores;
}

/** A path or string in code that names a credential store or a wallet extension. */
export function credentialPathPattern(): RegExp {
  return new RegExp([...credentialStores().map(s => s.test.source), walletIdPattern()].join('|'));
}

/**
 * A line of a shell script that names a credential store or a wallet extension: stores under the
 * home folder count only after `~/`, `$HOME/` or `${HOME}/` (a build writing its own `.npmrc` is
 * not reading the user's).
 */
export function shellCredentialPattern(): RegExp {
  const home = credentialStores().filter(s => s.underHome);
  const anywhere = credentialStores().filter(s => !s.underHome);
  return new RegExp(
    [
      String.raw`(?:~|\$HOME|\$\{HOME\})/(?:${home.map(s => s.test.source).join('|')})`,
      ...anywhere.map(s => s.test.source),
      walletIdPattern(),
    ].join('|'),
  );
}

/** Calls and constructors that reach the network (data/knowledge/network-apis.json). */
export interface NetworkApis {
  /** JavaScript functions that send a request or open a connection, qualified (`https.get`). */
  readonly calls: ReadonlySet<string>;
  /** Look-ups that answer an address, never content (`dns.lookup`). */
  readonly addressOnly: ReadonlySet<string>;
  /** `axios.post`, `got.get`...: a client package's request method. */
  readonly clientCall: RegExp;
  readonly sockets: ReadonlySet<string>;
  readonly rpc: ReadonlySet<string>;
  /** Methods that send their arguments on a connection or client made by one of the above (`socket.write`, `s3.send`). */
  readonly objectSends: ReadonlySet<string>;
  /** Names above used without an import (`fetch`, `WebSocket`). */
  readonly globals: readonly string[];
  /** Modules the other names come from (`axios`, `node:https`). */
  readonly modules: readonly string[];
  /** Python modules whose calls are requests (`requests`, `urllib.request`). */
  readonly pythonModules: readonly string[];
}

function parseNetworkApis(doc: Doc): NetworkApis {
  const file = 'network-apis.json';
  const js = doc['javascript'];
  const py = doc['python'];
  if (!isRecord(js) || !isRecord(py)) throw new KnowledgeError(file, 'expected "javascript" and "python" objects');
  const names = (key: string): string[] => strings(file, 'javascript', js, key);
  const globals = names('globals');
  const modules = names('modules');
  const calls = names('calls');
  const sockets = names('sockets');
  const rpc = names('rpc');
  for (const q of [...calls, ...sockets, ...rpc]) {
    if (!globals.includes(q) && !modules.some(m => q === m || q.startsWith(`${m}.`)))
      throw new KnowledgeError(file, `"${q}" is neither a global nor a member of a listed module`);
  }
  const clientPackages = names('clientPackages');
  return {
    calls: new Set(calls),
    addressOnly: new Set(names('addressOnly')),
    clientCall: new RegExp(`^(?:${clientPackages.map(escapeRe).join('|')})\\.(?:${names('clientVerbs').map(escapeRe).join('|')})$`),
    sockets: new Set(sockets),
    rpc: new Set(rpc),
    objectSends: new Set(names('objectSends')),
    globals,
    modules,
    pythonModules: strings(file, 'python', py, 'modules'),
  };
}

/** The network APIs the code facts know (data/knowledge/network-apis.json). */
export function networkApis(): NetworkApis {
  return knowledge().networkApis;
}

/** Node.js APIs the JavaScript code facts treat as sinks and sources (data/knowledge/js-sinks.json). */
export interface JsSinks {
  /** Names under which code reaches the module loader (`require`, `module._load`). */
  readonly loaders: ReadonlySet<string>;
  /** Node's records of loaded modules (`require.cache`, `module.children`): each one's `exports` is a loaded module. */
  readonly moduleCaches: ReadonlySet<string>;
  /** Node's table of compilers by file extension (`require.extensions`). */
  readonly extensionTables: ReadonlySet<string>;
  /** Members of `vm` that compile or run a string. */
  readonly vmCompilers: ReadonlySet<string>;
  /** Calls whose result is decoded data (`atob`, `zlib.inflateSync`). */
  readonly decoders: ReadonlySet<string>;
  readonly fileWrites: ReadonlySet<string>;
  readonly fileReads: ReadonlySet<string>;
  /** `child_process` functions that run a command line in a shell (`exec`). */
  readonly processShell: ReadonlySet<string>;
  /** `child_process` functions that start a program with an argument list (`spawn`). */
  readonly processSpawn: ReadonlySet<string>;
  /** Host facts a stealer sends home (`os.hostname`). */
  readonly fingerprint: ReadonlySet<string>;
  /** Globals and modules whose calls return what their arguments hold (`JSON.stringify`). */
  readonly passThrough: ReadonlySet<string>;
  /** Names kept when an expression may be one of several things; each counts with its members. */
  readonly notable: ReadonlySet<string>;
  /** Calls that put a file at their second argument: links and moves (`fs.symlink(from, to)`). */
  readonly fileLinks: ReadonlySet<string>;
}

/** A qualified JavaScript name (`fs-extra.outputFile`, `__non_webpack_require__`). */
const QUALIFIED = /^[A-Za-z_$][\w$-]*(?:\.[A-Za-z_$][\w$]*)*$/;
/** A member name (`runInThisContext`). */
const MEMBER = /^[A-Za-z_$][\w$]*$/;

function parseJsSinks(doc: Doc): JsSinks {
  const file = 'js-sinks.json';
  const keys = [
    'loaders',
    'moduleCaches',
    'extensionTables',
    'vmCompilers',
    'decoders',
    'fileWrites',
    'fileReads',
    'processShell',
    'processSpawn',
    'fingerprint',
    'passThrough',
    'notable',
    'fileLinks',
  ];
  onlyKeys(file, '', doc, keys);
  const set = (key: string, shape = QUALIFIED): ReadonlySet<string> => new Set(names(file, '', doc, key, shape));
  return {
    loaders: set('loaders'),
    moduleCaches: set('moduleCaches'),
    extensionTables: set('extensionTables'),
    vmCompilers: set('vmCompilers', MEMBER),
    decoders: set('decoders'),
    fileWrites: set('fileWrites'),
    fileReads: set('fileReads'),
    processShell: set('processShell', MEMBER),
    processSpawn: set('processSpawn', MEMBER),
    fingerprint: set('fingerprint'),
    passThrough: set('passThrough'),
    notable: set('notable'),
    fileLinks: set('fileLinks'),
  };
}

/** The Node.js APIs the JavaScript code facts treat as sinks and sources. */
export function jsSinks(): JsSinks {
  return knowledge().jsSinks;
}

/** What the shell analysis knows about programs (data/knowledge/shell-tools.json). */
export interface ShellTools {
  readonly shells: ReadonlySet<string>;
  /** Node.js and the runners that run a file with it (`tsx`, `nodemon`). */
  readonly nodeLike: ReadonlySet<string>;
  readonly pythons: ReadonlySet<string>;
  /** Python servers and app runners that import a module or run a script (`uvicorn app.main:app`). */
  readonly pythonRunners: ReadonlySet<string>;
  readonly powershells: ReadonlySet<string>;
  /** Windows' command interpreter and script hosts, bun and deno. */
  readonly scriptHosts: ReadonlySet<string>;
  /** Programs that run the program their first argument names (`env`, `sudo`, `xargs`). */
  readonly wrappers: ReadonlySet<string>;
  /** Other interpreters, each with the flags whose argument is the program (`perl -e`). */
  readonly inlineFlags: ReadonlyMap<string, readonly string[]>;
  readonly downloaders: ReadonlySet<string>;
  /** Extensions (with the dot) of data and media files. */
  readonly notScript: ReadonlySet<string>;
  /** Shell builtins and core utilities. */
  readonly notTools: ReadonlySet<string>;
  /** Each package manager's or runner's own subcommands. */
  readonly builtins: {
    readonly yarn: ReadonlySet<string>;
    readonly pnpm: ReadonlySet<string>;
    readonly bun: ReadonlySet<string>;
    readonly turbo: ReadonlySet<string>;
  };
  /** Installer URL prefixes, each with its tool, in the file's order. */
  readonly officialInstallers: readonly (readonly [prefix: string, tool: string])[];
  /** URL prefixes of registries that serve published packages by name and version (deno.land/x, JSR, esm.sh), each with its registry. */
  readonly moduleRegistries: readonly (readonly [prefix: string, registry: string])[];
  /** Folders under home (`~/.cargo/bin`) where toolchains and version managers install programs, without a trailing slash. */
  readonly toolInstallDirs: readonly string[];
}

/** A program or subcommand as a command line names it (lower case, as the analysis compares them). */
const PROGRAM = /^[a-z0-9_.:[=-][a-z0-9_.:[\]=-]*$/;

function parseShellTools(doc: Doc): ShellTools {
  const file = 'shell-tools.json';
  onlyKeys(file, '', doc, [
    'shells',
    'nodeLike',
    'pythons',
    'pythonRunners',
    'powershells',
    'scriptHosts',
    'wrappers',
    'inlineFlags',
    'downloaders',
    'notScript',
    'notTools',
    'builtins',
    'officialInstallers',
    'moduleRegistries',
    'toolInstallDirs',
  ]);
  const set = (key: string, shape = PROGRAM): ReadonlySet<string> => new Set(names(file, '', doc, key, shape));
  const inline = doc['inlineFlags'];
  if (!isRecord(inline) || !isRecord(inline['programs'])) throw new KnowledgeError(file, '"inlineFlags" needs a "programs" object');
  text(file, '"inlineFlags"', inline, 'source');
  const inlineFlags = new Map<string, string[]>();
  for (const [prog, flags] of Object.entries(inline['programs'])) {
    if (!PROGRAM.test(prog)) throw new KnowledgeError(file, `"inlineFlags": "${prog}" is not a program name`);
    if (!Array.isArray(flags) || flags.length === 0 || !flags.every((f): f is string => typeof f === 'string' && /^-\w+$/.test(f)))
      throw new KnowledgeError(file, `"inlineFlags": "${prog}" needs a non-empty list of flags`);
    inlineFlags.set(prog, flags);
  }
  const builtinsDoc = doc['builtins'];
  if (!isRecord(builtinsDoc)) throw new KnowledgeError(file, '"builtins" is not an object');
  onlyKeys(file, '"builtins": ', builtinsDoc, ['yarn', 'pnpm', 'bun', 'turbo']);
  const builtin = (tool: string): ReadonlySet<string> => new Set(names(file, '"builtins".', builtinsDoc, tool, PROGRAM));
  const prefixed = (key: string, name: string): (readonly [string, string])[] =>
    list(file, doc, key).flatMap((e, i) => {
      const where = `${key}[${i}]`;
      const tool = text(file, where, e, name);
      text(file, where, e, 'source');
      return strings(file, where, e, 'prefixes').map((prefix): readonly [string, string] => {
        if (!/^https:\/\/[a-z0-9.-]+(?:\/[\w./:@-]*)?$/.test(prefix))
          throw new KnowledgeError(file, `${where}: "${prefix}" is not an https URL prefix`);
        return [prefix, tool];
      });
    });
  const officialInstallers = prefixed('officialInstallers', 'tool');
  const moduleRegistries = prefixed('moduleRegistries', 'registry');
  const toolInstallDirs = list(file, doc, 'toolInstallDirs').flatMap((e, i) => {
    const where = `toolInstallDirs[${i}]`;
    text(file, where, e, 'tool');
    text(file, where, e, 'source');
    return strings(file, where, e, 'dirs').map(dir => {
      if (!/^~\/\.[\w.-]+(?:\/[\w.-]+)*$/.test(dir))
        throw new KnowledgeError(file, `${where}: "${dir}" is not a folder under ~/ without a trailing slash`);
      return dir;
    });
  });
  return {
    shells: set('shells'),
    nodeLike: set('nodeLike'),
    pythons: set('pythons'),
    pythonRunners: set('pythonRunners'),
    powershells: set('powershells'),
    scriptHosts: set('scriptHosts'),
    wrappers: set('wrappers'),
    inlineFlags,
    downloaders: set('downloaders'),
    notScript: set('notScript', /^\.[a-z0-9]+$/),
    notTools: set('notTools'),
    builtins: { yarn: builtin('yarn'), pnpm: builtin('pnpm'), bun: builtin('bun'), turbo: builtin('turbo') },
    officialInstallers,
    moduleRegistries,
    toolInstallDirs,
  };
}

/** What the shell analysis knows about programs. */
export function shellTools(): ShellTools {
  return knowledge().shellTools;
}

/** Persistence places, synced folders and the settings that run a program (data/knowledge/places.json). */
export function places(): Places {
  return knowledge().places;
}

/** The tools that load a config file of the repository and run it as code (data/knowledge/tool-configs.json). */
export function toolConfigs(): readonly ToolConfig[] {
  return knowledge().toolConfigs;
}

/** A command line that prints a credential (data/knowledge/secret-commands.json). */
export function secretCommandPattern(): RegExp {
  return knowledge().secretCommand;
}

/** The template files each language's code compiles or reads as data (data/knowledge/template-files.json). */
export function templateFiles(): TemplateFiles {
  return knowledge().templateFiles;
}

/**
 * A string literal the code facts keep: one of notable-strings.json, an npm setting that runs a
 * program (places.json), a credential store or a wallet extension id.
 */
export function notableStringPattern(): RegExp {
  return new RegExp([...knowledge().notableStrings, places().npmRunnerKeys, credentialPathPattern().source].join('|'));
}

/**
 * A program whose arguments are code or the program it runs (its path's last part, any case, with
 * a version after the name, `python3.12`, and `.exe` allowed): the shells, Node.js and its runners,
 * Pythons, PowerShells, the interpreters with inline-code flags, script hosts and wrappers of
 * data/knowledge/shell-tools.json.
 */
export function interpreterPattern(): RegExp {
  const t = shellTools();
  const all = [...t.shells, ...t.nodeLike, ...t.pythons, ...t.powershells, ...t.inlineFlags.keys(), ...t.scriptHosts, ...t.wrappers];
  return new RegExp(`(?:^|[\\\\/])(?:${[...new Set(all)].map(escapeRe).join('|')})[\\d.]*(?:\\.exe)?$`, 'i');
}

/** A program that runs the program its first argument names (`env`, `sudo`, `xargs`). */
export function wrapperPattern(): RegExp {
  return new RegExp(`(?:^|[\\\\/])(?:${[...shellTools().wrappers].map(escapeRe).join('|')})$`, 'i');
}
