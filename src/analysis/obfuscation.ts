/**
 * Obfuscator fingerprints in JavaScript (research/techniques.md T6, T7): javascript-obfuscator /
 * obfuscator.io output (`_0x` identifiers, a rotated string array, control-flow flattening, hex
 * escapes of ordinary letters) and the PolinRider `_$_xxxx` shape. Minifiers produce none of
 * these: they shorten names to letters, keep strings readable and never add dispatch loops, so a
 * minified bundle scores nothing here. Token counts come first; a file that looks obfuscated is
 * parsed to count real identifiers (not strings or comments that mention `_0x`).
 */
import { Visitor } from 'oxc-parser';
import type { ParsedJs } from '../lang/js/parse.ts';

export type SignalStrength = 'strong' | 'moderate';

export interface ObfuscationSignal {
  strength: SignalStrength;
  /** Short human description, e.g. "412 `_0x…` identifiers (38 distinct)". */
  text: string;
  /** UTF-16 offset of the first occurrence. */
  offset: number;
}

export interface TokenStats {
  hex0x: number;
  hex0xDistinct: number;
  hex0xFirst: number;
  polin: number;
  polinDistinct: number;
  polinFirst: number;
  rotation: number;
  cff: number;
  cffFirst: number;
  alnumEscapes: number;
  escapeFirst: number;
}

const HEX_ID = /\b_0x[0-9a-f]{4,6}\b/gi;
const POLIN_ID = /_\$_[0-9a-f]{4}\b/gi;
const BANG_LOOP = /while\s*\(\s*!!\s*\[\s*\]\s*\)/g;
const PUSH_SHIFT = /\[\s*['"]push['"]\s*\]\s*\(\s*[\w$]+\s*\[\s*['"]shift['"]\s*\]\s*\(\s*\)\s*\)|\.push\(\s*[\w$]+\.shift\(\s*\)\s*\)/;
const CFF = /(['"])\d{1,3}(?:\|\d{1,3}){3,}\1\s*(?:\.\s*split|\[\s*['"]split['"]\s*\])\s*\(\s*(['"])\|\2\s*\)/g;
// \xNN or \u00NN escapes of digits and ASCII letters: nobody writes "\x72\x65\x71" by hand.
const ALNUM_ESCAPE = /\\(?:x|u00)(?:3[0-9]|4[1-9a-f]|5[0-9a]|6[1-9a-f]|7[0-9a])/gi;
const FROM_CHAR = /fromCharCode/g;
const XOR_DECODER = /charCodeAt\s*\([^()]{0,40}\)\s*\^|\^\s*[\w$.[\]]{1,40}\.charCodeAt\s*\(/g;

const MAX_DISTINCT = 10_000;

function countDistinct(text: string, re: RegExp): { count: number; distinct: number; first: number } {
  re.lastIndex = 0;
  const names = new Set<string>();
  let count = 0;
  let first = -1;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    if (first < 0) first = m.index;
    count++;
    if (names.size < MAX_DISTINCT) names.add(m[0].toLowerCase());
  }
  return { count, distinct: names.size, first };
}

function countAll(text: string, re: RegExp): { count: number; first: number } {
  re.lastIndex = 0;
  let count = 0;
  let first = -1;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    if (first < 0) first = m.index;
    count++;
  }
  return { count, first };
}

/**
 * Token statistics. Every regex runs only when a cheap `indexOf` says it can match. XOR decoders
 * and fromCharCode calls only support other signals: `signalsOf` counts them when there are some.
 */
export function tokenStats(text: string): TokenStats {
  const s: TokenStats = {
    hex0x: 0,
    hex0xDistinct: 0,
    hex0xFirst: -1,
    polin: 0,
    polinDistinct: 0,
    polinFirst: -1,
    rotation: 0,
    cff: 0,
    cffFirst: -1,
    alnumEscapes: 0,
    escapeFirst: -1,
  };
  if (text.includes('_0x')) {
    const r = countDistinct(text, HEX_ID);
    s.hex0x = r.count;
    s.hex0xDistinct = r.distinct;
    s.hex0xFirst = r.first;
  }
  if (text.includes('_$_')) {
    const r = countDistinct(text, POLIN_ID);
    s.polin = r.count;
    s.polinDistinct = r.distinct;
    s.polinFirst = r.first;
  }
  if (text.includes('!![]') || text.includes('!! []')) {
    const loops = countAll(text, BANG_LOOP).count;
    if (loops > 0 && PUSH_SHIFT.test(text)) s.rotation = loops;
  }
  if (text.includes('|')) {
    const r = countAll(text, CFF);
    s.cff = r.count;
    s.cffFirst = r.first;
  }
  if (text.includes('\\x') || text.includes('\\u00')) {
    const r = countAll(text, ALNUM_ESCAPE);
    s.alnumEscapes = r.count;
    s.escapeFirst = r.first;
  }
  return s;
}

/** Whether the token counts are worth a parse. */
export function isCandidate(s: TokenStats): boolean {
  return s.hex0x >= 10 || s.polin >= 3 || s.rotation > 0 || s.cff > 0 || s.alnumEscapes >= 50;
}

export interface AstStats {
  identifiers: number;
  hexIdentifiers: number;
  hexDistinct: number;
  /** Length of the largest array literal made only of strings. */
  largestStringArray: number;
}

/** Identifier and string-array statistics from a parse. */
export function astStats(parsed: ParsedJs): AstStats {
  let identifiers = 0;
  let hexIdentifiers = 0;
  const distinct = new Set<string>();
  let largestStringArray = 0;
  new Visitor({
    Identifier(node) {
      identifiers++;
      if (/^_0x[0-9a-f]{4,6}$/i.test(node.name)) {
        hexIdentifiers++;
        if (distinct.size < MAX_DISTINCT) distinct.add(node.name);
      }
    },
    ArrayExpression(node) {
      const n = node.elements.length;
      if (n <= largestStringArray || n < 10) return;
      if (node.elements.every(e => e?.type === 'Literal' && typeof e.value === 'string')) largestStringArray = n;
    },
  }).visit(parsed.result.program);
  return { identifiers, hexIdentifiers, hexDistinct: distinct.size, largestStringArray };
}

/**
 * The obfuscation signals of a file (`s` are the token counts of `text`); `ast` confirms token
 * counts when the file parsed.
 */
export function signalsOf(text: string, s: TokenStats, ast: AstStats | undefined): ObfuscationSignal[] {
  const out: ObfuscationSignal[] = [];
  const hexCount = ast ? ast.hexIdentifiers : s.hex0x;
  const hexDistinct = ast ? ast.hexDistinct : s.hex0xDistinct;
  if (hexDistinct >= 8 && hexCount >= 30) {
    out.push({
      strength: 'strong',
      text: `${hexCount} obfuscator-style \`_0x…\` identifiers (${hexDistinct} distinct)`,
      offset: s.hex0xFirst,
    });
  } else if (hexDistinct >= 3 && hexCount >= 10) {
    out.push({ strength: 'moderate', text: `${hexCount} \`_0x…\` identifiers`, offset: s.hex0xFirst });
  }
  if (s.polin >= 3) {
    out.push({
      strength: 'strong',
      text: `${s.polin} uses of PolinRider-style \`_$_xxxx\` names (${s.polinDistinct} distinct)`,
      offset: s.polinFirst,
    });
  }
  if (s.rotation > 0) {
    const size = ast && ast.largestStringArray > 0 ? ` over an array of ${ast.largestStringArray} strings` : '';
    out.push({ strength: 'strong', text: `a string-array rotation loop (\`while(!![])\` with push/shift)${size}`, offset: s.hex0xFirst });
  }
  if (s.cff >= 2) {
    out.push({ strength: 'strong', text: `${s.cff} control-flow-flattening dispatchers (\`'3|0|1|2'.split('|')\`)`, offset: s.cffFirst });
  } else if (s.cff === 1) {
    out.push({ strength: 'moderate', text: "a control-flow-flattening dispatcher (`'3|0|1|2'.split('|')`)", offset: s.cffFirst });
  }
  if (s.alnumEscapes >= 200) {
    out.push({
      strength: 'strong',
      text: `${s.alnumEscapes} hex escapes of plain letters and digits (\`\\x72\\x65…\`)`,
      offset: s.escapeFirst,
    });
  } else if (s.alnumEscapes >= 50) {
    out.push({ strength: 'moderate', text: `${s.alnumEscapes} hex escapes of plain letters and digits`, offset: s.escapeFirst });
  }
  // Hash functions and UTF-8 codecs use XOR and fromCharCode too: these only support other signals.
  if (out.length === 0) return out;
  const xor = text.includes('charCodeAt') ? countAll(text, XOR_DECODER) : { count: 0, first: -1 };
  if (xor.count > 0) {
    out.push({ strength: 'moderate', text: 'an XOR string decoder (`charCodeAt(i) ^ key` into `fromCharCode`)', offset: xor.first });
  }
  const fromCharCode = text.includes('fromCharCode') ? countAll(text, FROM_CHAR).count : 0;
  if (fromCharCode >= 10) {
    out.push({ strength: 'moderate', text: `${fromCharCode} \`String.fromCharCode\` calls`, offset: -1 });
  }
  return out;
}
