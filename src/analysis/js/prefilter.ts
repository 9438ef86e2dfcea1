/**
 * The code rules' pre-filter: a file whose text contains none of these patterns cannot match a
 * code rule. Each pattern comes with literals, one of which every match contains: installed
 * dependency files are first gated on those literals in the byte-level pass of the installed-files
 * pass (../installed/), so most of a node_modules tree is never decoded.
 */
import { AtomScanner } from '../aho.ts';
import type { ExactAtom } from '../aho.ts';
import { bytes, spacedPair } from '../literals.ts';
import { credentialStores, networkApis, walletExtensions } from '../../knowledge/index.ts';

type Group = 'sink' | 'source' | 'exfil' | 'string' | 'place' | 'writer';

interface Atom {
  /** Regular-expression source (case-sensitive, no flags). */
  re: string;
  /** Every match of `re` contains one of these (matched on UTF-8 bytes, case-sensitively). */
  literals: readonly (string | Uint8Array)[];
}

const QUOTES = [`'`, `"`, '`'];
const quoted = (word: string): string[] => QUOTES.map(q => word + q);
const same = (...words: string[]): Atom[] => words.map(w => ({ re: w, literals: [w] }));
const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Literal words, matched as they are. */
const literally = (...words: string[]): Atom[] => [...new Set(words)].map(w => ({ re: escapeRe(w), literals: [w] }));

/**
 * The credential stores (data/knowledge/credential-stores.json): code that names one is what
 * code/credential-access reports, so each atom counts alone, in dependencies too (they are rare
 * there), except an entry's `commonWords`, ordinary words of library code (`Cookies`, `Firefox`):
 * in a dependency, where the rule reports a store only as context unless what is read leaves, those
 * count next to a way out (a source), as the whole-environment reads do, or within the entry's
 * whole pattern (`Mozilla/Firefox/Profiles`). In the project's own files every atom counts alone.
 */
const COMMON_WORDS = new Set(credentialStores().flatMap(s => s.commonWords));
const CREDENTIAL_ATOMS: readonly Atom[] = [
  ...literally(...credentialStores().flatMap(s => s.atoms.filter(a => !COMMON_WORDS.has(a)))),
  ...credentialStores()
    .filter(s => s.commonWords.length > 0)
    .map(s => ({ re: s.test.source, literals: s.atoms })),
];
const CREDENTIAL_WORDS: readonly Atom[] = literally(...COMMON_WORDS);

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

/** Sinks: code built or loaded at run time. */
const SINK_ATOMS: readonly Atom[] = [
  { re: String.raw`\beval\b`, literals: ['eval'] },
  { re: String.raw`\bFunction\s*\(`, literals: called('Function') },
  { re: String.raw`new\s+Function\b`, literals: spacedPair('new', 'Function') },
  { re: String.raw`Function\s*\.\s*constructor`, literals: spacedPair('Function', '.') },
  { re: String.raw`\.constructor\s*\.\s*constructor`, literals: spacedPair('.constructor', '.') },
  { re: String.raw`\)\s*\.constructor\s*\(`, literals: spacedPair('.constructor', '(') },
  { re: String.raw`\[\s*["'\x60]constructor["'\x60]\s*\]`, literals: quoted('constructor') },
  { re: String.raw`["'\x60](?:node:)?vm["'\x60]`, literals: quoted('vm') },
  ...same('child_process', '_compile', 'WebAssembly', 'Runtime.evaluate', 'Runtime.compileScript'),
  // A REPL started on a socket runs what the other end sends.
  { re: String.raw`["'\x60](?:node:)?repl["'\x60]`, literals: quoted('repl') },
  // A compiler registered for a file type: `require.extensions[…]`, `Module._extensions[…]`.
  ...same('_extensions', 'require.extensions'),
  // Process libraries the flow analysis knows as spawns, imported by name.
  { re: String.raw`["'\x60](?:execa|cross-spawn|shelljs)["'\x60]`, literals: ['execa', 'cross-spawn', 'shelljs'].flatMap(quoted) },
  {
    re: String.raw`set(?:Timeout|Interval)\s*\(\s*["'\x60]`,
    literals: [...called('setTimeout'), ...called('setInterval')],
  },
  { re: String.raw`\brequire\s*\(\s*[^"'\x60\s)]`, literals: calledWithExpression('require') },
  { re: String.raw`\bimport\s*\(\s*[^"'\x60\s)]`, literals: calledWithExpression('import') },
  { re: String.raw`globalThis\s*\[`, literals: spacedPair('globalThis', '[') },
  // Other routes to the loader and to processes.
  ...same('getBuiltinModule', 'mainModule', 'createRequire', '__non_webpack_require__', '_linkedBinding'),
  { re: String.raw`\._load\b`, literals: ['._load'] },
  { re: String.raw`\.binding\s*\(`, literals: spacedPair('.binding', '(') },
  // Self-propagation: publishing a package, pushing a repository.
  { re: String.raw`npm\s+publish\b`, literals: spacedPair('npm', 'publish') },
  { re: String.raw`git\s+push\b`, literals: spacedPair('git', 'push') },
];

/**
 * The network APIs (data/knowledge/network-apis.json): a global called (`fetch(`) or named
 * (`WebSocket`), a module imported by name (`'undici'`, `"node:https"`). Adding an API to the data
 * widens the pre-filter.
 */
const NETWORK_ATOMS: readonly Atom[] = (() => {
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
})();

/** Sources: network, decoding and file reads. */
const SOURCE_ATOMS: readonly Atom[] = [
  ...NETWORK_ATOMS,
  ...same('axios'),
  { re: String.raw`\brequest\s*\(`, literals: called('request') },
  { re: String.raw`https?\.(?:get|request)\b`, literals: ['http.get', 'https.get', 'http.request', 'https.request'] },
  // The dot is a wildcard here.
  { re: 'socket.io', literals: ['socket'] },
  { re: String.raw`\bnet\.`, literals: ['net.'] },
  { re: String.raw`\batob\b`, literals: ['atob'] },
  { re: String.raw`Buffer\.from\s*\([^)]*["'\x60](?:base64|hex)`, literals: ['Buffer.from'] },
  ...same('fromCharCode', 'readFileSync', 'JsonRpcProvider', 'getMemo'),
  { re: String.raw`\.reverse\(\)`, literals: ['.reverse()'] },
  // Mail is a way out: `nodemailer.createTransport(…).sendMail(…)`.
  ...same('sendMail'),
];

/** Whole-environment and host-fingerprint reads, CI checks: they matter next to a network source. */
const EXFIL_ATOMS: readonly Atom[] = [
  { re: String.raw`\.\.\.process\.env\b`, literals: ['...process.env'] },
  { re: String.raw`stringify\s*\(\s*process\.env\s*\)`, literals: spacedPair('process.env', ')') },
  { re: String.raw`process\.env\s*[,)}]`, literals: [',', ')', '}'].flatMap(end => spacedPair('process.env', end)) },
  ...same('networkInterfaces'),
  { re: String.raw`hostname\s*\(`, literals: called('hostname') },
  { re: String.raw`process\.env\.(?:CI|GITHUB_ACTIONS)\b`, literals: ['process.env.CI', 'process.env.GITHUB_ACTIONS'] },
  { re: String.raw`gh\s+auth\s+token`, literals: spacedPair('auth', 'token') },
  ...CREDENTIAL_WORDS,
];

const EDGES = [...QUOTES, '/', '\\'];
/** `…/Code/User/settings.json`, `path.join(…, 'User', 'tasks.json')`: an editor's user folder. */
const USER_FOLDER = EDGES.flatMap(a => EDGES.map(b => `${a}User${b}`));

const DIGITS = Array.from({ length: 10 }, (_, i) => String(i));
/** Every IP:port match holds a digit, a colon and two digits. */
const PORT_LITERALS = DIGITS.flatMap(a => DIGITS.flatMap(b => DIGITS.map(c => `${a}:${b}${c}`)));

/** Strings the endpoint, credential, persistence and anti-analysis rules look for. */
const STRING_ATOMS: readonly Atom[] = [
  ...same('VirtualBox', 'VMware'),
  { re: String.raw`\bdebugger\s*[;}]`, literals: [...spacedPair('debugger', ';'), ...spacedPair('debugger', '}')] },
  // Credential stores, and wallet extension ids (code may name one alone).
  ...CREDENTIAL_ATOMS,
  ...same(...walletExtensions().map(e => e.id)),
  ...same('LaunchAgents', 'crontab'),
  { re: String.raw`CurrentVersion\\\\+Run`, literals: ['CurrentVersion\\'] },
  { re: String.raw`\.bashrc`, literals: ['.bashrc'] },
  { re: String.raw`\.zshrc`, literals: ['.zshrc'] },
  ...same('Start Menu', 'schtasks', 'launchctl'),
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
  ...same('trongrid', 'aptoslabs', 'eth_getTransaction', 'aHR0c', '68747470'),
  // Four variation selectors or tag characters in a row (UTF-16: no `u` flag keeps the scan fast).
  // In UTF-8 they start EF B8 (U+FE00-U+FE0F) or F3 A0 (U+E0000-U+E01EF).
  { re: String.raw`(?:[\uFE00-\uFE0F]|\uDB40[\uDC00-\uDDEF]){4}`, literals: [Uint8Array.of(0xef, 0xb8), Uint8Array.of(0xf3, 0xa0)] },
];

/**
 * Places code/persistence reports a write to, beyond the start-up folders: systemd units, global
 * git config and the hooks of other repositories, editor user settings and tasks, npm user config
 * that runs a program. Words common in libraries (`'User'` is a model name, `systemd` a platform):
 * in a dependency, where the rule reports only a write to one of them, they count with a writer.
 */
const PLACE_ATOMS: readonly Atom[] = [
  ...same('systemd', 'autostart', '.gitconfig', 'hooksPath', 'fsmonitor', 'node-options', 'script-shell'),
  { re: String.raw`\.git(?:["'\x60]\s*,\s*["'\x60]|[\\/])hooks`, literals: [...quoted('.git'), '.git/hooks', '.git\\hooks'] },
  { re: String.raw`["'\x60/\\]User["'\x60/\\]`, literals: USER_FOLDER },
];

/**
 * What a write needs: the code facts record one only for a call into the file-system modules or a
 * command run by a process module, and each is reached through its name (`require('fs')`,
 * `'node:fs/promises'`, `'fs-extra'`, `'child_process'`). Only a dependency's gate reads these.
 */
const WRITER_MODULES = ['fs', 'fs/promises', 'fs-extra', 'graceful-fs', 'child_process', 'execa', 'cross-spawn', 'shelljs'];
const WRITER_ATOMS: readonly Atom[] = WRITER_MODULES.map(m => ({
  re: String.raw`["'\x60](?:node:)?${escapeRe(m)}["'\x60]`,
  literals: [...QUOTES.flatMap(q => [`${q}${m}${q}`, `${q}node:${m}${q}`])],
}));

const GROUPS: readonly [Group, readonly Atom[]][] = [
  ['sink', SINK_ATOMS],
  ['source', SOURCE_ATOMS],
  ['exfil', EXFIL_ATOMS],
  ['string', STRING_ATOMS],
  ['place', PLACE_ATOMS],
  ['writer', WRITER_ATOMS],
];

const regexOf = (atoms: readonly Atom[]): RegExp => new RegExp(atoms.map(a => a.re).join('|'));

/** Project files: any atom but the writers (which only qualify a place in a dependency). */
const PREFILTER = regexOf([...SINK_ATOMS, ...SOURCE_ATOMS, ...EXFIL_ATOMS, ...STRING_ATOMS, ...PLACE_ATOMS]);

/**
 * In installed packages a sink (or a whole-environment read) must sit within this many bytes of a
 * source: a loader chain is a few lines (decode, fetch, run: research/techniques.md T5-T7), while
 * a compiled bundle with an `eval` in one module and a `fetch` in another, far apart, is not worth
 * parsing. Measured between the literals of the byte-level gate, so a file that fails it is never
 * decoded. The project's own files are analysed whatever the distance.
 */
export const DEPENDENCY_WINDOW = 2048;

const BIT: Record<Group, number> = { sink: 1, source: 2, exfil: 4, string: 8, place: 16, writer: 32 };

interface GatePattern {
  bit: number;
  re: RegExp;
}

const GATE_PATTERNS: readonly GatePattern[] = GROUPS.flatMap(([group, atoms]) =>
  atoms.map(a => ({ bit: BIT[group], re: new RegExp(a.re) })),
);

/** The literals of the byte-level gate for installed dependency files (each matched in its own case). */
export const CODE_GATE_ATOMS: readonly ExactAtom[] = GROUPS.flatMap(([, atoms]) =>
  atoms.flatMap(a => a.literals.map(exact => ({ exact }))),
);
/** For each literal, the pattern it belongs to (index into GATE_PATTERNS). */
const LITERAL_PATTERN: readonly number[] = GROUPS.flatMap(([, atoms]) => atoms).flatMap((a, i) => a.literals.map(() => i));

/** Kinds of the literals for the distance check of `AtomScanner.scan`: 1 sink or exfil, 2 source. */
export const CODE_GATE_KINDS: Uint8Array = Uint8Array.from(LITERAL_PATTERN, p => {
  const bit = GATE_PATTERNS[p]?.bit ?? 0;
  return bit === BIT.source ? 2 : bit === BIT.sink || bit === BIT.exfil ? 1 : 0;
});

function patternsOf(ids: Iterable<number>, base: number): Set<number> {
  const out = new Set<number>();
  for (const id of ids) {
    const p = LITERAL_PATTERN[id - base];
    if (p !== undefined) out.add(p);
  }
  return out;
}

/** What the byte-level gate found in an installed file. */
export interface GateHits {
  /** Ids of the atoms found; `CODE_GATE_ATOMS` are numbered from `base`. */
  ids: Iterable<number>;
  base: number;
  /** A sink or exfil literal ends within DEPENDENCY_WINDOW bytes of a source literal. */
  near: boolean;
}

/** False when an installed file cannot pass `passesGatedPrefilter` (nothing to decode). */
export function passesCodeGate(hits: GateHits): boolean {
  if (hits.near) return true;
  let bits = 0;
  for (const p of patternsOf(hits.ids, hits.base)) bits |= GATE_PATTERNS[p]?.bit ?? 0;
  return (bits & BIT.string) !== 0 || (bits & (BIT.place | BIT.writer)) === (BIT.place | BIT.writer);
}

/**
 * The pre-filter of an installed file whose gate hits are known: one of the strings the
 * string-based rules look for, a persistence place with a writer, or (when a sink literal sits
 * near a source literal) a sink, whole-environment or credential-name pattern and a source
 * pattern. Only the patterns whose literals occur are tried.
 */
export function passesGatedPrefilter(text: string, hits: GateHits): boolean {
  const candidates = [...patternsOf(hits.ids, hits.base)].map(p => GATE_PATTERNS[p]).filter(a => a !== undefined);
  if (candidates.some(a => a.bit === BIT.string && a.re.test(text))) return true;
  if (candidates.some(a => a.bit === BIT.place && a.re.test(text)) && candidates.some(a => a.bit === BIT.writer && a.re.test(text)))
    return true;
  if (!hits.near) return false;
  // The literals were near each other; the patterns they stand for must be too (a literal may sit
  // in a longer word, such as `eval` in `evaluate`, far from where the pattern matches).
  const sinks = spansOf(text, candidates, BIT.sink | BIT.exfil);
  return sinks.length > 0 && nearAny(sinks, spansOf(text, candidates, BIT.source), DEPENDENCY_WINDOW);
}

/** Where the candidates with one of `bits` match in `text`: [start, end] pairs, by start. */
function spansOf(text: string, candidates: readonly GatePattern[], bits: number): [number, number][] {
  const spans: [number, number][] = [];
  for (const a of candidates) {
    if ((a.bit & bits) === 0) continue;
    const re = new RegExp(a.re.source, 'g');
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      spans.push([m.index, m.index + m[0].length]);
      if (m[0].length === 0) re.lastIndex++;
    }
  }
  return spans.sort((x, y) => x[0] - y[0]);
}

/**
 * Some span of `a` and some span of `b` (sorted by start) are at most `window` characters apart
 * or overlap: for each span of `a`, the spans of `b` starting early enough are found by binary
 * search, and the furthest end among them decides.
 */
function nearAny(a: readonly [number, number][], b: readonly [number, number][], window: number): boolean {
  const reach: number[] = [];
  for (const [, end] of b) reach.push(Math.max(end, reach.at(-1) ?? -Infinity));
  for (const [start, end] of a) {
    let lo = 0;
    let hi = b.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((b[mid]?.[0] ?? Infinity) <= end + window) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0 && (reach[lo - 1] ?? -Infinity) >= start - window) return true;
  }
  return false;
}

let dependencyScanner: AtomScanner | undefined;

/**
 * True when a rule could match the file. The project's files need any pattern; installed
 * dependencies need a string the string-based rules look for, or a sink next to a source (see
 * DEPENDENCY_WINDOW): most of a node_modules tree has neither.
 */
export function passesPrefilter(text: string, inNodeModules = false): boolean {
  if (!inNodeModules) return PREFILTER.test(text);
  dependencyScanner ??= new AtomScanner(CODE_GATE_ATOMS);
  const found = dependencyScanner.scanNear(Buffer.from(text, 'utf8'), CODE_GATE_KINDS, DEPENDENCY_WINDOW);
  const hits = { ids: found.ids, base: 0, near: found.near };
  return passesCodeGate(hits) && passesGatedPrefilter(text, hits);
}
