/**
 * The atoms of the code rules: named sets of patterns, one of which a file must contain for a code
 * rule to find anything in it. A rule names the sets it needs in `meta.atoms`; `npm run gen`
 * writes which rule needs which (atoms.generated.ts), and the pre-filter (prefilter.ts) is built
 * from the sets some rule names, so a pattern no rule asks for is not looked for, and a rule that
 * reads code facts without naming its atoms makes every file pass (see prefilter.ts).
 */
import { bytes, spacedPair } from '../literals.ts';
import { credentialStores, networkApis, walletExtensions } from '../../knowledge/index.ts';
import { persistencePlaces } from '../../knowledge/persistence.ts';

/**
 * How an atom counts in an installed dependency (`passesCodeGate`): a `string` alone; a `sink` or
 * `exfil` near a `source`; a `place` with a `writer`. In the project's own files any atom but a
 * writer counts alone.
 */
export type AtomGroup = 'sink' | 'source' | 'exfil' | 'string' | 'place' | 'writer';

export interface Atom {
  /** Regular-expression source (case-sensitive, no flags). */
  re: string;
  /** Every match of `re` contains one of these (matched on UTF-8 bytes, case-sensitively). */
  literals: readonly (string | Uint8Array)[];
}

export interface AtomSet {
  group: AtomGroup;
  /** What the set stands for, in the words of a rule's docs. */
  about: string;
  atoms: readonly Atom[];
}

const QUOTES = [`'`, `"`, '`'];
const quoted = (word: string): string[] => QUOTES.map(q => word + q);
const same = (...words: string[]): Atom[] => words.map(w => ({ re: w, literals: [w] }));
const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Literal words, matched as they are. */
const literally = (...words: string[]): Atom[] => [...new Set(words)].map(w => ({ re: escapeRe(w), literals: [w] }));

/** Every match of `word\s*\(`. */
const called = (word: string): (string | Uint8Array)[] => spacedPair(word, '(');

const NOT_AFTER_CALL = new Set([0x22, 0x27, 0x60, 0x29]); // " ' ` )
/**
 * Every match of `word\s*\(\s*[^"'`\s)]` (a call with something other than a string literal):
 * `word` and `(` as in `called`, then any byte but a quote or `)` (white space included: it may
 * lead to the argument).
 */
function calledWithExpression(word: string): (string | Uint8Array)[] {
  const out = called(word).filter(l => l !== word + '(');
  for (let b = 0; b <= 0xff; b++) if (!NOT_AFTER_CALL.has(b)) out.push(bytes(word + '(', b));
  return out;
}

/**
 * The credential stores (data/knowledge/credential-stores.json): code that names one is what
 * code/credential-access reports, so each atom counts alone, in dependencies too (they are rare
 * there), except an entry's `commonWords`, ordinary words of library code (`Cookies`, `Firefox`):
 * in a dependency, where the rule reports a store only as context unless what is read leaves, those
 * count next to a way out (a source), as the whole-environment reads do, or within the entry's
 * whole pattern (`Mozilla/Firefox/Profiles`). In the project's own files every atom counts alone.
 */
function credentialAtoms(): { stores: Atom[]; words: Atom[] } {
  const common = new Set(credentialStores().flatMap(s => s.commonWords));
  return {
    stores: [
      ...literally(...credentialStores().flatMap(s => s.atoms.filter(a => !common.has(a)))),
      ...credentialStores()
        .filter(s => s.commonWords.length > 0)
        .map(s => ({ re: s.test.source, literals: s.atoms })),
    ],
    words: literally(...common),
  };
}

/**
 * The network APIs (data/knowledge/network-apis.json): a global called (`fetch(`) or named
 * (`WebSocket`), a module imported by name (`'undici'`, `"node:https"`). Adding an API to the data
 * widens the pre-filter.
 */
function networkAtoms(): Atom[] {
  const net = networkApis();
  const globals = net.globals.map(g =>
    net.calls.has(g)
      ? { re: String.raw`\b${escapeRe(g)}\s*\(`, literals: called(g) }
      : { re: String.raw`\b${escapeRe(g)}\b`, literals: [g] },
  );
  const modules = net.modules.map(m => ({
    re: String.raw`["'\x60](?:node:)?${escapeRe(m)}(?:\/promises)?["'\x60]`,
    literals: [...QUOTES.map(q => q + m), `node:${m}`],
  }));
  return [...globals, ...modules];
}

const EDGES = [...QUOTES, '/', '\\'];
/** `…/Code/User/settings.json`, `path.join(…, 'User', 'tasks.json')`: an editor's user folder. */
const USER_FOLDER = EDGES.flatMap(a => EDGES.map(b => `${a}User${b}`));

const DIGITS = Array.from({ length: 10 }, (_, i) => String(i));
/** Every IP:port match holds a digit, a colon and two digits. */
const PORT_LITERALS = DIGITS.flatMap(a => DIGITS.flatMap(b => DIGITS.map(c => `${a}:${b}${c}`)));

/**
 * What a write needs: the code facts record one only for a call into the file-system modules or a
 * command run by a process module, and each is reached through its name (`require('fs')`,
 * `'node:fs/promises'`, `'fs-extra'`, `'child_process'`). Only a dependency's gate reads these.
 */
const WRITER_MODULES = ['fs', 'fs/promises', 'fs-extra', 'graceful-fs', 'child_process', 'execa', 'cross-spawn', 'shelljs'];

function buildSets() {
  const credentials = credentialAtoms();
  return {
    'code-loaders': {
      group: 'sink',
      about: 'code built or loaded at run time: eval, Function, vm, a computed require or import, a compiler hook',
      atoms: [
        { re: String.raw`\beval\b`, literals: ['eval'] },
        { re: String.raw`\bFunction\s*\(`, literals: called('Function') },
        { re: String.raw`new\s+Function\b`, literals: spacedPair('new', 'Function') },
        { re: String.raw`Function\s*\.\s*constructor`, literals: spacedPair('Function', '.') },
        { re: String.raw`\.constructor\s*\.\s*constructor`, literals: spacedPair('.constructor', '.') },
        { re: String.raw`\)\s*\.constructor\s*\(`, literals: spacedPair('.constructor', '(') },
        { re: String.raw`\[\s*["'\x60]constructor["'\x60]\s*\]`, literals: quoted('constructor') },
        { re: String.raw`["'\x60](?:node:)?vm["'\x60]`, literals: quoted('vm') },
        ...same('_compile', 'WebAssembly', 'Runtime.evaluate', 'Runtime.compileScript'),
        // A REPL started on a socket runs what the other end sends.
        { re: String.raw`["'\x60](?:node:)?repl["'\x60]`, literals: quoted('repl') },
        // A compiler registered for a file type: `require.extensions[…]`, `Module._extensions[…]`.
        ...same('_extensions', 'require.extensions'),
        {
          re: String.raw`set(?:Timeout|Interval)\s*\(\s*["'\x60]`,
          literals: [...called('setTimeout'), ...called('setInterval')],
        },
        { re: String.raw`\brequire\s*\(\s*[^"'\x60\s)]`, literals: calledWithExpression('require') },
        { re: String.raw`\bimport\s*\(\s*[^"'\x60\s)]`, literals: calledWithExpression('import') },
        { re: String.raw`globalThis\s*\[`, literals: spacedPair('globalThis', '[') },
        // Other routes to the loader and to processes.
        ...same('getBuiltinModule', 'mainModule', 'createRequire', '__non_webpack_require__', '_linkedBinding'),
        // Node's records of loaded modules (data/knowledge/js-sinks.json `moduleCaches`): a loaded module taken from them.
        ...same('require.cache', 'module.children', 'main.children', 'Module._cache', 'constructor._cache'),
        { re: String.raw`\._load\b`, literals: ['._load'] },
        { re: String.raw`\.binding\s*\(`, literals: spacedPair('.binding', '(') },
      ],
    },
    processes: {
      group: 'sink',
      about: 'process modules: child_process and the libraries the flow analysis knows as spawns',
      atoms: [
        ...same('child_process'),
        { re: String.raw`["'\x60](?:execa|cross-spawn|shelljs)["'\x60]`, literals: ['execa', 'cross-spawn', 'shelljs'].flatMap(quoted) },
        // Bun's process APIs: `Bun.spawn`, `Bun.$`, `import { $ } from 'bun'`.
        ...same('Bun.spawn', 'Bun.$'),
        { re: String.raw`["'\x60]bun["'\x60]`, literals: quoted('bun') },
      ],
    },
    publishing: {
      group: 'sink',
      about: 'self-propagation: publishing a package, pushing a repository',
      atoms: [
        { re: String.raw`npm\s+publish\b`, literals: spacedPair('npm', 'publish') },
        { re: String.raw`git\s+push\b`, literals: spacedPair('git', 'push') },
      ],
    },
    network: {
      group: 'source',
      about: 'the network APIs of data/knowledge/network-apis.json, HTTP clients, sockets and mail',
      atoms: [
        ...networkAtoms(),
        ...same('axios'),
        { re: String.raw`\brequest\s*\(`, literals: called('request') },
        { re: String.raw`https?\.(?:get|request)\b`, literals: ['http.get', 'https.get', 'http.request', 'https.request'] },
        // The dot is a wildcard here.
        { re: 'socket.io', literals: ['socket'] },
        { re: String.raw`\bnet\.`, literals: ['net.'] },
        // Mail is a way out: `nodemailer.createTransport(…).sendMail(…)`.
        ...same('sendMail'),
      ],
    },
    decoders: {
      group: 'source',
      about: 'decoding: atob, Buffer.from(…, base64|hex), fromCharCode, a reversed string',
      atoms: [
        { re: String.raw`\batob\b`, literals: ['atob'] },
        { re: String.raw`Buffer\.from\s*\([^)]*["'\x60](?:base64|hex)`, literals: ['Buffer.from'] },
        ...same('fromCharCode'),
        { re: String.raw`\.reverse\(\)`, literals: ['.reverse()'] },
      ],
    },
    'file-reads': { group: 'source', about: 'a file read whose text may be run', atoms: same('readFileSync') },
    'chain-reads': {
      group: 'source',
      about: 'data read from a blockchain: an RPC provider, a transaction memo',
      atoms: same('JsonRpcProvider', 'getMemo'),
    },
    'environment-reads': {
      group: 'exfil',
      about: 'the whole environment, host fingerprints and CI checks: they matter next to a network source',
      atoms: [
        { re: String.raw`\.\.\.process\.env\b`, literals: ['...process.env'] },
        { re: String.raw`stringify\s*\(\s*process\.env\s*\)`, literals: spacedPair('process.env', ')') },
        { re: String.raw`process\.env\s*[,)}]`, literals: [',', ')', '}'].flatMap(end => spacedPair('process.env', end)) },
        ...same('networkInterfaces'),
        { re: String.raw`hostname\s*\(`, literals: called('hostname') },
        { re: String.raw`process\.env\.(?:CI|GITHUB_ACTIONS)\b`, literals: ['process.env.CI', 'process.env.GITHUB_ACTIONS'] },
        { re: String.raw`gh\s+auth\s+token`, literals: spacedPair('auth', 'token') },
      ],
    },
    'credential-words': {
      group: 'exfil',
      about: 'credential-store names that are also ordinary words of library code (commonWords)',
      atoms: credentials.words,
    },
    'credential-stores': {
      group: 'string',
      about: 'the credential stores of data/knowledge/credential-stores.json',
      atoms: credentials.stores,
    },
    wallets: {
      group: 'string',
      about: 'wallet extension ids (data/knowledge/wallet-extensions.json)',
      atoms: same(...walletExtensions().map(e => e.id)),
    },
    'analysis-checks': {
      group: 'string',
      about: 'virtual-machine names and debugger statements',
      atoms: [
        ...same('VirtualBox', 'VMware'),
        { re: String.raw`\bdebugger\s*[;}]`, literals: [...spacedPair('debugger', ';'), ...spacedPair('debugger', '}')] },
      ],
    },
    'start-up-places': {
      group: 'string',
      about: 'start-up folders, shell profiles and schedulers',
      atoms: [
        ...same('LaunchAgents', 'crontab'),
        { re: String.raw`CurrentVersion\\\\+Run`, literals: ['CurrentVersion\\'] },
        { re: String.raw`\.bashrc`, literals: ['.bashrc'] },
        { re: String.raw`\.zshrc`, literals: ['.zshrc'] },
        ...same('Start Menu', 'schtasks', 'launchctl'),
      ],
    },
    endpoints: {
      group: 'string',
      about: 'an address with a port, paste and hosting services, IP look-ups, chat webhooks',
      atoms: [
        { re: String.raw`\b(?:\d{1,3}\.){3}\d{1,3}:\d{2,5}`, literals: PORT_LITERALS },
        { re: String.raw`api\.npoint\.io`, literals: ['api.npoint.io'] },
        ...same('jsonkeeper'),
        { re: String.raw`mocki\.io`, literals: ['mocki.io'] },
        { re: String.raw`tiiny\.site`, literals: ['tiiny.site'] },
        { re: String.raw`pastebin\.com`, literals: ['pastebin.com'] },
        { re: String.raw`vercel\.app`, literals: ['vercel.app'] },
        { re: String.raw`netlify\.app`, literals: ['netlify.app'] },
        ...same('ipapi', 'ipinfo', 'ip-api'),
        // The dot is a wildcard here.
        { re: 'api.telegram', literals: ['telegram'] },
        { re: String.raw`discord(?:app)?\.com\/api\/webhooks`, literals: ['.com/api/webhooks'] },
      ],
    },
    'chain-endpoints': {
      group: 'string',
      about: 'blockchain APIs a loader reads its next stage from',
      atoms: same('trongrid', 'aptoslabs', 'eth_getTransaction'),
    },
    'encoded-urls': { group: 'string', about: 'a URL in base64 or hex (aHR0c, 68747470)', atoms: same('aHR0c', '68747470') },
    'invisible-code': {
      group: 'string',
      about: 'four variation selectors or tag characters in a row: text hidden in invisible characters',
      // UTF-16: no `u` flag keeps the scan fast. In UTF-8 they start EF B8 (U+FE00-U+FE0F) or F3 A0
      // (U+E0000-U+E01EF).
      atoms: [
        { re: String.raw`(?:[\uFE00-\uFE0F]|\uDB40[\uDC00-\uDDEF]){4}`, literals: [Uint8Array.of(0xef, 0xb8), Uint8Array.of(0xf3, 0xa0)] },
      ],
    },
    /**
     * Places code/persistence reports a write to, beyond the start-up folders: systemd units, global
     * git config and the hooks of other repositories, editor user settings and tasks, npm user config
     * that runs a program, a key added to `~/.ssh/authorized_keys`. Words common in libraries (`'User'` is a model name, `systemd` a platform):
     * in a dependency, where the rule reports only a write to one of them, they count with a writer.
     */
    'config-places': {
      group: 'place',
      about:
        'systemd units, git config and hooks, editor user settings and MCP configs, npm config that runs a program, SSH authorized keys',
      atoms: [
        // Each persistence place's own atoms (data/knowledge/places.json): a place added there widens the gate.
        ...literally(...persistencePlaces().flatMap(p => p.atoms)),
        // Git settings and npm keys that run a program (git config --global, npm config set).
        ...same('hooksPath', 'fsmonitor', 'templateDir', 'askPass', 'textconv', 'node-options', 'script-shell', 'init-module'),
        { re: String.raw`\.git(?:["'\x60]\s*,\s*["'\x60]|[\\/])hooks`, literals: [...quoted('.git'), '.git/hooks', '.git\\hooks'] },
        { re: String.raw`["'\x60/\\]User["'\x60/\\]`, literals: USER_FOLDER },
      ],
    },
    writers: {
      group: 'writer',
      about: 'the file-system and process modules a write goes through',
      atoms: WRITER_MODULES.map(m => ({
        re: String.raw`["'\x60](?:node:)?${escapeRe(m)}["'\x60]`,
        literals: [...QUOTES.flatMap(q => [`${q}${m}${q}`, `${q}node:${m}${q}`])],
      })),
    },
  } satisfies Record<string, AtomSet>;
}

export type AtomSetName = keyof ReturnType<typeof buildSets>;

let sets: Readonly<Record<AtomSetName, AtomSet>> | undefined;

/** Every atom set, by name (built on first use from the knowledge files). */
export function atomSets(): Readonly<Record<AtomSetName, AtomSet>> {
  sets ??= buildSets();
  return sets;
}

export function isAtomSetName(name: string): name is AtomSetName {
  return Object.hasOwn(atomSets(), name);
}
