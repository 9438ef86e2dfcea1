/**
 * Detection knowledge shipped as data (data/knowledge/*.json at the package root): the lists that
 * the code facts, the shell and Python analysis, the rules, the pre-filter, the sandbox and the
 * workstation checks share, kept in one copy each with the public sources they come from. This
 * module is the only reader: every file is read and checked together, the first time any of them
 * is asked for (when the CLI starts, through the modules that build their tables from them). A
 * malformed file throws a KnowledgeError naming the file and the entry; docs/knowledge.md says how
 * to add an entry.
 */
import { readFileSync } from 'node:fs';
import { AirlockError } from '../core/errors.ts';

/** A data file under data/knowledge is missing or malformed: a broken installation. */
export class KnowledgeError extends AirlockError {
  constructor(file: string, problem: string) {
    super('knowledge', `data/knowledge/${file}: ${problem} (the installation is damaged: reinstall airlock)`);
  }
}

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
}

type Doc = Record<string, unknown>;

function isRecord(v: unknown): v is Doc {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The folder the shipped files are read from (tests point it elsewhere). */
const DEFAULT_DIR = new URL('../../data/knowledge/', import.meta.url);

function readDoc(dir: URL, file: string): Doc {
  let text: string;
  try {
    text = readFileSync(new URL(file, dir), 'utf8');
  } catch (err) {
    throw new KnowledgeError(file, `cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new KnowledgeError(file, `is not valid JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  if (!isRecord(doc)) throw new KnowledgeError(file, 'expected a JSON object');
  const sources = doc['sources'];
  if (!Array.isArray(sources) || sources.length === 0 || !sources.every(s => typeof s === 'string' && s.length > 0))
    throw new KnowledgeError(file, 'expected a non-empty "sources" list of strings');
  return doc;
}

function list(file: string, doc: Doc, key: string): Doc[] {
  const v = doc[key];
  if (!Array.isArray(v) || v.length === 0) throw new KnowledgeError(file, `"${key}" is not a non-empty list`);
  return v.map((e: unknown, i) => {
    if (!isRecord(e)) throw new KnowledgeError(file, `${key}[${i}] is not an object`);
    return e;
  });
}

function text(file: string, where: string, e: Doc, key: string): string {
  const v = e[key];
  if (typeof v !== 'string' || v.length === 0) throw new KnowledgeError(file, `${where} needs a "${key}" string`);
  return v;
}

function strings(file: string, where: string, e: Doc, key: string): string[] {
  const v = e[key];
  if (!Array.isArray(v) || v.length === 0 || !v.every((s): s is string => typeof s === 'string' && s.length > 0))
    throw new KnowledgeError(file, `${where} needs a non-empty "${key}" list of strings`);
  return v;
}

function flag(file: string, where: string, e: Doc, key: string): boolean {
  const v = e[key] ?? false;
  if (typeof v !== 'boolean') throw new KnowledgeError(file, `${where}: "${key}" must be true or false`);
  return v;
}

function regex(file: string, where: string, source: string): RegExp {
  try {
    return new RegExp(source);
  } catch (err) {
    throw new KnowledgeError(file, `${where}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** `/` in a path pattern: any run of separators, as code on any platform writes them. */
const SEPARATOR = String.raw`(?:[\\/]+)`;

/** A path pattern of the data files (`/`: a separator) as a regular-expression source. */
export function pathPatternSource(pattern: string): string {
  return pattern.replaceAll('/', SEPARATOR);
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
  /** Names above used without an import (`fetch`, `WebSocket`). */
  readonly globals: readonly string[];
  /** Modules the other names come from (`axios`, `node:https`). */
  readonly modules: readonly string[];
  /** Python modules whose calls are requests (`requests`, `urllib.request`). */
  readonly pythonModules: readonly string[];
}

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

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
    globals,
    modules,
    pythonModules: strings(file, 'python', py, 'modules'),
  };
}

/** The network APIs the code facts know (data/knowledge/network-apis.json). */
export function networkApis(): NetworkApis {
  return knowledge().networkApis;
}
