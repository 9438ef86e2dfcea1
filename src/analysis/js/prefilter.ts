/**
 * The code rules' pre-filter: a file whose text contains none of the atoms the rules declare
 * (`meta.atoms`, sets of atoms.ts) cannot match a code rule, and its code facts are not computed.
 * Each atom comes with literals, one of which every match contains: installed dependency files are
 * first gated on those literals in the byte-level pass of the installed-files pass (../installed/),
 * so most of a node_modules tree is never decoded.
 */
import { AtomScanner } from '../aho.ts';
import type { ExactAtom } from '../aho.ts';
import { atomSets } from './atoms.ts';
import type { Atom, AtomGroup, AtomSetName } from './atoms.ts';
import { RULE_ATOMS } from './atoms.generated.ts';

/** What each rule that reads code facts needs: atom sets, or every file. */
export type AtomDeclarations = Readonly<Record<string, readonly AtomSetName[] | 'every-file'>>;

/**
 * In installed packages a sink (or a whole-environment read) must sit within this many bytes of a
 * source: a loader chain is a few lines (decode, fetch, run: research/techniques.md T5-T7), while
 * a compiled bundle with an `eval` in one module and a `fetch` in another, far apart, is not worth
 * parsing. Measured between the literals of the byte-level gate, so a file that fails it is never
 * decoded. The project's own files are analysed whatever the distance.
 */
export const DEPENDENCY_WINDOW = 2048;

const BIT: Record<AtomGroup, number> = { sink: 1, source: 2, exfil: 4, string: 8, place: 16, writer: 32 };

interface GatePattern {
  bit: number;
  re: RegExp;
}

/** What the byte-level gate found in an installed file. */
export interface GateHits {
  /** Ids of the atoms found; `gateAtoms` are numbered from `base`. */
  ids: Iterable<number>;
  base: number;
  /** A sink or exfil literal ends within DEPENDENCY_WINDOW bytes of a source literal. */
  near: boolean;
}

/**
 * The pre-filter built from the atom sets the rules declare (`meta.atoms`, atoms.generated.ts).
 * When a rule that reads code facts declares none, every file passes: the rule sees every file.
 */
export class CodePrefilter {
  /** True when some rule needs every file (it declares no atoms). */
  readonly everyFile: boolean;
  /** The sets some rule declares, in the catalogue's order. */
  readonly sets: readonly AtomSetName[];
  /** The literals of the byte-level gate for installed dependency files (each matched in its own case). */
  readonly gateAtoms: readonly ExactAtom[];
  /** Kinds of the literals for the distance check of `AtomScanner.scan`: 1 sink or exfil, 2 source. */
  readonly gateKinds: Uint8Array;
  private readonly project: RegExp;
  private readonly patterns: readonly GatePattern[];
  /** For each literal, the pattern it belongs to (index into `patterns`). */
  private readonly literalPattern: readonly number[];
  private scanner: AtomScanner | undefined;

  constructor(declarations: AtomDeclarations) {
    const wanted = new Set<AtomSetName>();
    let everyFile = false;
    for (const need of Object.values(declarations)) {
      if (need === 'every-file') everyFile = true;
      else for (const name of need) wanted.add(name);
    }
    this.everyFile = everyFile;
    const catalogue = atomSets();
    this.sets = (Object.keys(catalogue) as AtomSetName[]).filter(name => wanted.has(name));
    const groups = this.sets.map(name => catalogue[name]);
    const atoms: { bit: number; atom: Atom }[] = groups.flatMap(s => s.atoms.map(atom => ({ bit: BIT[s.group], atom })));
    // Project files: any atom but the writers (which only qualify a place in a dependency).
    const projectAtoms = atoms.filter(a => a.bit !== BIT.writer).map(a => a.atom.re);
    this.project = projectAtoms.length > 0 ? new RegExp(projectAtoms.join('|')) : /(?!)/;
    this.patterns = atoms.map(a => ({ bit: a.bit, re: new RegExp(a.atom.re) }));
    this.gateAtoms = atoms.flatMap(a => a.atom.literals.map(exact => ({ exact })));
    this.literalPattern = atoms.flatMap((a, i) => a.atom.literals.map(() => i));
    this.gateKinds = Uint8Array.from(this.literalPattern, p => {
      const bit = this.patterns[p]?.bit ?? 0;
      return bit === BIT.source ? 2 : bit === BIT.sink || bit === BIT.exfil ? 1 : 0;
    });
  }

  private patternsOf(ids: Iterable<number>, base: number): Set<number> {
    const out = new Set<number>();
    for (const id of ids) {
      const p = this.literalPattern[id - base];
      if (p !== undefined) out.add(p);
    }
    return out;
  }

  /** False when an installed file cannot pass `passesGated` (nothing to decode). */
  passesCodeGate(hits: GateHits): boolean {
    if (this.everyFile || hits.near) return true;
    let bits = 0;
    for (const p of this.patternsOf(hits.ids, hits.base)) bits |= this.patterns[p]?.bit ?? 0;
    return (bits & BIT.string) !== 0 || (bits & (BIT.place | BIT.writer)) === (BIT.place | BIT.writer);
  }

  /**
   * The pre-filter of an installed file whose gate hits are known: one of the strings the
   * string-based rules look for, a persistence place with a writer, or (when a sink literal sits
   * near a source literal) a sink, whole-environment or credential-name pattern and a source
   * pattern. Only the patterns whose literals occur are tried.
   */
  passesGated(text: string, hits: GateHits): boolean {
    if (this.everyFile) return true;
    const candidates = [...this.patternsOf(hits.ids, hits.base)].map(p => this.patterns[p]).filter(a => a !== undefined);
    if (candidates.some(a => a.bit === BIT.string && a.re.test(text))) return true;
    if (candidates.some(a => a.bit === BIT.place && a.re.test(text)) && candidates.some(a => a.bit === BIT.writer && a.re.test(text)))
      return true;
    if (!hits.near) return false;
    // The literals were near each other; the patterns they stand for must be too (a literal may sit
    // in a longer word, such as `eval` in `evaluate`, far from where the pattern matches).
    const sinks = spansOf(text, candidates, BIT.sink | BIT.exfil);
    return sinks.length > 0 && nearAny(sinks, spansOf(text, candidates, BIT.source), DEPENDENCY_WINDOW);
  }

  /**
   * True when a rule could match the file. The project's files need any pattern; installed
   * dependencies need a string the string-based rules look for, or a sink next to a source (see
   * DEPENDENCY_WINDOW): most of a node_modules tree has neither.
   */
  passes(text: string, inNodeModules = false): boolean {
    if (this.everyFile) return true;
    if (!inNodeModules) return this.project.test(text);
    this.scanner ??= new AtomScanner(this.gateAtoms);
    const found = this.scanner.scanNear(Buffer.from(text, 'utf8'), this.gateKinds, DEPENDENCY_WINDOW);
    const hits = { ids: found.ids, base: 0, near: found.near };
    return this.passesCodeGate(hits) && this.passesGated(text, hits);
  }
}

let declared: CodePrefilter | undefined;

/** The pre-filter of the registered rules. */
export function codePrefilter(): CodePrefilter {
  declared ??= new CodePrefilter(RULE_ATOMS);
  return declared;
}

/** `codePrefilter().passes`: true when a registered rule could match the file. */
export function passesPrefilter(text: string, inNodeModules = false): boolean {
  return codePrefilter().passes(text, inNodeModules);
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
