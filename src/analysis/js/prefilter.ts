/**
 * The code rules' pre-filter: a file whose text contains none of these patterns cannot match a
 * code rule. Each pattern comes with literals, one of which every match contains: installed
 * dependency files are first gated on those literals in the shared byte-level pass
 * (`dependencyGate` in text-facts.ts), so most of a node_modules tree is never decoded here.
 */

type Group = 'sink' | 'source' | 'exfil' | 'string';

interface Atom {
  /** Regular-expression source (case-sensitive, no flags). */
  re: string;
  /** Every match of `re` contains one of these (matched on UTF-8 bytes, ASCII case-insensitive). */
  literals: readonly (string | Uint8Array)[];
}

const QUOTES = [`'`, `"`, '`'];
const quoted = (word: string): string[] => QUOTES.map(q => word + q);
const same = (...words: string[]): Atom[] => words.map(w => ({ re: w, literals: [w] }));

/** Sinks: code built or loaded at run time. */
const SINK_ATOMS: readonly Atom[] = [
  { re: String.raw`\beval\b`, literals: ['eval'] },
  { re: String.raw`\bFunction\s*\(`, literals: ['Function'] },
  { re: String.raw`new\s+Function\b`, literals: ['Function'] },
  { re: String.raw`Function\s*\.\s*constructor`, literals: ['Function'] },
  { re: String.raw`\.constructor\s*\.\s*constructor`, literals: ['.constructor'] },
  { re: String.raw`\)\s*\.constructor\s*\(`, literals: ['.constructor'] },
  { re: String.raw`\[\s*["'\x60]constructor["'\x60]\s*\]`, literals: ['constructor'] },
  { re: String.raw`["'\x60](?:node:)?vm["'\x60]`, literals: quoted('vm') },
  ...same('child_process', '_compile', 'WebAssembly'),
  { re: String.raw`set(?:Timeout|Interval)\s*\(\s*["'\x60]`, literals: ['setTimeout', 'setInterval'] },
  { re: String.raw`\brequire\s*\(\s*[^"'\x60\s)]`, literals: ['require'] },
  { re: String.raw`\bimport\s*\(\s*[^"'\x60\s)]`, literals: ['import'] },
  { re: String.raw`globalThis\s*\[`, literals: ['globalThis'] },
];

/** Sources: network, decoding and file reads. */
const SOURCE_ATOMS: readonly Atom[] = [
  { re: String.raw`\bfetch\s*\(`, literals: ['fetch'] },
  ...same('axios'),
  { re: String.raw`["'\x60]got["'\x60]`, literals: quoted('got') },
  { re: String.raw`\brequest\s*\(`, literals: ['request'] },
  { re: String.raw`https?\.(?:get|request)\b`, literals: ['http.get', 'https.get', 'http.request', 'https.request'] },
  { re: String.raw`["'\x60](?:node:)?https?["'\x60]`, literals: [...quoted('http'), ...quoted('https')] },
  ...same('WebSocket'),
  // The dot is a wildcard here.
  { re: 'socket.io', literals: ['socket'] },
  { re: String.raw`\bnet\.`, literals: ['net.'] },
  { re: String.raw`\batob\b`, literals: ['atob'] },
  { re: String.raw`Buffer\.from\s*\([^)]*["'\x60](?:base64|hex)`, literals: ['Buffer.from'] },
  ...same('fromCharCode', 'readFileSync', 'JsonRpcProvider', 'getMemo'),
  { re: String.raw`\.reverse\(\)`, literals: ['.reverse()'] },
];

/** Whole-environment and host-fingerprint reads, CI checks: they matter next to a network source. */
const EXFIL_ATOMS: readonly Atom[] = [
  { re: String.raw`\.\.\.process\.env\b`, literals: ['process.env'] },
  { re: String.raw`stringify\s*\(\s*process\.env\s*\)`, literals: ['process.env'] },
  { re: String.raw`process\.env\s*[,)}]`, literals: ['process.env'] },
  ...same('networkInterfaces'),
  { re: String.raw`hostname\s*\(`, literals: ['hostname'] },
  { re: String.raw`process\.env\.(?:CI|GITHUB_ACTIONS)\b`, literals: ['process.env'] },
];

const DIGITS = Array.from({ length: 10 }, (_, i) => String(i));
/** Every IP:port match holds a digit, a colon and two digits. */
const PORT_LITERALS = DIGITS.flatMap(a => DIGITS.flatMap(b => DIGITS.map(c => `${a}:${b}${c}`)));

/** Strings the endpoint, credential, persistence and anti-analysis rules look for. */
const STRING_ATOMS: readonly Atom[] = [
  ...same('VirtualBox', 'VMware'),
  { re: String.raw`\bdebugger\s*[;}]`, literals: ['debugger'] },
  ...same('Login Data', 'Local State', 'Local Extension', 'leveldb', 'Keychains'),
  { re: String.raw`\.ssh\b`, literals: ['.ssh'] },
  { re: String.raw`\.aws\b`, literals: ['.aws'] },
  { re: String.raw`\.npmrc`, literals: ['.npmrc'] },
  ...same('solana', 'keyrings', 'wallet', 'LaunchAgents', 'crontab'),
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

const GROUPS: readonly [Group, readonly Atom[]][] = [
  ['sink', SINK_ATOMS],
  ['source', SOURCE_ATOMS],
  ['exfil', EXFIL_ATOMS],
  ['string', STRING_ATOMS],
];

const regexOf = (atoms: readonly Atom[]): RegExp => new RegExp(atoms.map(a => a.re).join('|'));

/** Project files: any atom. */
const PREFILTER = regexOf([...SINK_ATOMS, ...SOURCE_ATOMS, ...EXFIL_ATOMS, ...STRING_ATOMS]);
const EXFIL_RE = regexOf(EXFIL_ATOMS);
const SINK_RE = regexOf(SINK_ATOMS);
const SOURCE_RE = regexOf(SOURCE_ATOMS);
const STRING_RE = regexOf(STRING_ATOMS);

/**
 * True when a rule could match the file. Installed dependencies need a sink next to a source, or
 * one of the strings the string-based rules look for: most of a node_modules tree fails both.
 */
export function passesPrefilter(text: string, inNodeModules = false): boolean {
  if (!inNodeModules) return PREFILTER.test(text);
  if (STRING_RE.test(text)) return true;
  return (SINK_RE.test(text) || EXFIL_RE.test(text)) && SOURCE_RE.test(text);
}

const BIT: Record<Group, number> = { sink: 1, source: 2, exfil: 4, string: 8 };

interface GateAtom {
  bit: number;
  re: RegExp;
}

const GATE_PATTERNS: readonly GateAtom[] = GROUPS.flatMap(([group, atoms]) => atoms.map(a => ({ bit: BIT[group], re: new RegExp(a.re) })));

/** The literals of the byte-level gate for installed dependency files. */
export const CODE_GATE_ATOMS: readonly (string | Uint8Array)[] = GROUPS.flatMap(([, atoms]) => atoms.flatMap(a => a.literals));
/** For each literal, the pattern it belongs to (index into GATE_PATTERNS). */
const LITERAL_PATTERN: readonly number[] = GROUPS.flatMap(([, atoms]) => atoms).flatMap((a, i) => a.literals.map(() => i));

function patternsOf(ids: Iterable<number>, base: number): Set<number> {
  const out = new Set<number>();
  for (const id of ids) {
    const p = LITERAL_PATTERN[id - base];
    if (p !== undefined) out.add(p);
  }
  return out;
}

function decide(has: (bit: number) => boolean): boolean {
  return has(BIT.string) || ((has(BIT.sink) || has(BIT.exfil)) && has(BIT.source));
}

/**
 * The byte-level necessary condition of `passesPrefilter(text, true)`: given the ids of the gate
 * atoms found in a file (`CODE_GATE_ATOMS` numbered from `base`), false means the file cannot pass.
 */
export function passesCodeGate(ids: Iterable<number>, base: number): boolean {
  let mask = 0;
  for (const p of patternsOf(ids, base)) mask |= GATE_PATTERNS[p]?.bit ?? 0;
  return decide(bit => (mask & bit) !== 0);
}

/**
 * `passesPrefilter(text, true)` for a file whose gate atoms are known: only the patterns whose
 * literals occur in the file are tried.
 */
export function passesGatedPrefilter(text: string, ids: Iterable<number>, base: number): boolean {
  const candidates = [...patternsOf(ids, base)].map(p => GATE_PATTERNS[p]).filter(a => a !== undefined);
  const tried = new Map<number, boolean>();
  return decide(bit => {
    let hit = tried.get(bit);
    if (hit === undefined) {
      hit = candidates.some(a => a.bit === bit && a.re.test(text));
      tried.set(bit, hit);
    }
    return hit;
  });
}
