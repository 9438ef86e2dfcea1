/**
 * Invisible and direction-changing Unicode in source text: bidi controls (Trojan Source),
 * zero-width characters, runs of variation selectors or tag characters (a payload spelled in
 * characters an editor does not draw) and Hangul fillers used as identifiers.
 */
import { fromCharCodes } from '../core/spread.ts';

export type InvisibleKind = 'bidi' | 'zero-width' | 'variation-run' | 'tag-run' | 'hangul-filler';

export interface InvisibleHit {
  kind: InvisibleKind;
  /** UTF-16 offset of the first character. */
  offset: number;
  /** The first invisible code point. */
  codePoint: number;
  /** How many invisible code points in this hit (a run counts all of them). */
  count: number;
  /** What the run spells when decoded (variation selectors as bytes, tags as ASCII). */
  decoded?: string;
  /**
   * The character is the whole content of a quoted string literal (`'\u200B'` written raw, as
   * HTML entity tables and text escapers keep it): a character constant, not hidden code.
   */
  constant?: true;
  /** The character sits where the file carries no code (a comment, JSX text, an HTML page's text; analysis/inert-text.ts). */
  inert?: true;
}

// Quick gate: any character any check cares about. Latin-1-only text fails at once.
const ANY = /[\u200B-\u200D\u2060\u202A-\u202E\u2066-\u2069\u3164\uFFA0\u115F]|\u1160|[\u{FE00}-\u{FE0F}]|[\u{E0000}-\u{E01EF}]/u;
const NEXT = new RegExp(ANY.source, 'gu');

/** The fewest variation selectors in a row that cannot be emoji presentation. */
export const VARIATION_RUN = 8;
/** The fewest tag characters in a row that are not a flag sequence. */
export const TAG_RUN = 4;
const MAX_HITS = 200;

export function hasInvisible(text: string): boolean {
  return ANY.test(text);
}

function isVariationSelector(cp: number): boolean {
  return (cp >= 0xfe00 && cp <= 0xfe0f) || (cp >= 0xe0100 && cp <= 0xe01ef);
}

function isTag(cp: number): boolean {
  return cp >= 0xe0000 && cp <= 0xe007f;
}

function isBidi(cp: number): boolean {
  return (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

function isZeroWidth(cp: number): boolean {
  return cp === 0x200b || cp === 0x200c || cp === 0x200d || cp === 0x2060;
}

function isHangulFiller(cp: number): boolean {
  return cp === 0x3164 || cp === 0xffa0 || cp === 0x115f || cp === 0x1160;
}

/** Pictographs and symbols that ZWJ sequences join (emoji, dingbats, skin tones). */
function isEmojiLike(cp: number | undefined): boolean {
  if (cp === undefined) return false;
  return (
    (cp >= 0x1f000 && cp <= 0x1faff) ||
    (cp >= 0x2600 && cp <= 0x27bf) ||
    (cp >= 0x2190 && cp <= 0x21ff) ||
    cp === 0xfe0f ||
    cp === 0x20e3 ||
    (cp >= 0x2b00 && cp <= 0x2bff) ||
    cp === 0x2640 ||
    cp === 0x2642
  );
}

/** Letters of scripts where ZWJ/ZWNJ shape ordinary words (Arabic, Persian, Indic, Sinhala...). */
function isJoiningScript(cp: number | undefined): boolean {
  if (cp === undefined) return false;
  return (
    (cp >= 0x0600 && cp <= 0x06ff) ||
    (cp >= 0x0750 && cp <= 0x077f) ||
    (cp >= 0x0900 && cp <= 0x0dff) ||
    (cp >= 0xfb50 && cp <= 0xfdff) ||
    (cp >= 0xfe70 && cp <= 0xfeff)
  );
}

function isHangulSyllable(cp: number | undefined): boolean {
  return cp !== undefined && ((cp >= 0xac00 && cp <= 0xd7af) || (cp >= 0x1100 && cp <= 0x11ff) || (cp >= 0x3130 && cp <= 0x318f));
}

function codePointBefore(text: string, i: number): number | undefined {
  if (i <= 0) return undefined;
  const low = text.charCodeAt(i - 1);
  if (low >= 0xdc00 && low <= 0xdfff && i >= 2) return text.codePointAt(i - 2);
  return low;
}

function decodeVariation(cps: number[]): string {
  const bytes = Uint8Array.from(cps.map(cp => (cp <= 0xfe0f ? cp - 0xfe00 : cp - 0xe0100 + 16)));
  return new TextDecoder('utf-8', { fatal: false }).decode(bytes);
}

function printable(s: string, max = 120): string {
  const clean = Array.from(s)
    .map(c => (/[\p{L}\p{N}\p{P}\p{S} ]/u.test(c) ? c : '·'))
    .join('');
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}

/** Every invisible-character hit in the text, at most MAX_HITS of them. */
export function findInvisible(text: string): InvisibleHit[] {
  const hits: InvisibleHit[] = [];
  if (!hasInvisible(text)) return hits;
  let i = 0;
  const n = text.length;
  while (i < n && hits.length < MAX_HITS) {
    NEXT.lastIndex = i;
    const found = NEXT.exec(text);
    if (!found) break;
    i = found.index;
    const cp = text.codePointAt(i) ?? 0;
    const width = cp > 0xffff ? 2 : 1;
    if (isVariationSelector(cp) || isTag(cp)) {
      const tagRun = isTag(cp);
      const start = i;
      const cps: number[] = [];
      let j = i;
      while (j < n) {
        const c = text.codePointAt(j) ?? 0;
        if (tagRun ? !isTag(c) : !isVariationSelector(c)) break;
        cps.push(c);
        j += c > 0xffff ? 2 : 1;
      }
      i = j;
      if (tagRun) {
        // Subdivision flags: U+1F3F4, tag letters, CANCEL TAG (U+E007F).
        const flag = codePointBefore(text, start) === 0x1f3f4 && cps[cps.length - 1] === 0xe007f && cps.length <= 8;
        if (cps.length >= TAG_RUN && !flag) {
          hits.push({
            kind: 'tag-run',
            offset: start,
            codePoint: cps[0] ?? 0,
            count: cps.length,
            decoded: printable(fromCharCodes(cps.slice(0, 400).map(c => c - 0xe0000))),
          });
        }
      } else if (cps.length >= VARIATION_RUN) {
        hits.push({
          kind: 'variation-run',
          offset: start,
          codePoint: cps[0] ?? 0,
          count: cps.length,
          decoded: printable(decodeVariation(cps.slice(0, 400))),
        });
      }
      continue;
    }
    if (isBidi(cp)) {
      hits.push({ kind: 'bidi', offset: i, codePoint: cp, count: 1 });
    } else if (isZeroWidth(cp)) {
      const before = codePointBefore(text, i);
      const after = text.codePointAt(i + 1);
      // Next to a pictograph a joiner is part of the emoji (a sequence, or one left broken after
      // `👋`): emoji are not identifier characters, so it sits in text, not in a name.
      const joinsEmoji = cp === 0x200d && (isEmojiLike(before) || isEmojiLike(after));
      const joinsWords = (cp === 0x200c || cp === 0x200d) && (isJoiningScript(before) || isJoiningScript(after));
      if (!joinsEmoji && !joinsWords) {
        const hit: InvisibleHit = { kind: 'zero-width', offset: i, codePoint: cp, count: 1 };
        const quote = text[i - 1];
        if ((quote === "'" || quote === '"' || quote === '`') && text[i + 1] === quote) hit.constant = true;
        hits.push(hit);
      }
    } else if (isHangulFiller(cp)) {
      const before = codePointBefore(text, i);
      const after = text.codePointAt(i + 1);
      if (!isHangulSyllable(before) && !isHangulSyllable(after)) hits.push({ kind: 'hangul-filler', offset: i, codePoint: cp, count: 1 });
    }
    i += width;
  }
  return hits;
}

/** The text with every invisible or bidi character written as `<U+XXXX>`, runs collapsed. */
export function revealInvisible(text: string, max = 200): string {
  const out = text
    .replace(
      /[\u{FE00}-\u{FE0F}\u{E0100}-\u{E01EF}]{2,}|[\u{E0000}-\u{E007F}]{2,}/gu,
      run => `<${Array.from(run).length} invisible characters>`,
    )
    .replace(
      /[\u200B-\u200F\u2060\u202A-\u202E\u2066-\u2069\u3164\uFFA0\u115F\u1160\uFEFF]/g,
      c => `<U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}>`,
    );
  return out.length > max ? `${out.slice(0, max)}…` : out;
}
