/**
 * Content sniffing: what a file really is, from its first bytes, whatever its name says.
 */

export type ContentKind = 'text' | 'binary' | 'empty';
export type TextEncoding = 'utf8' | 'utf8-bom' | 'utf16le' | 'utf16be';

export interface Sniff {
  content: ContentKind;
  /** A short name of the container format found by magic bytes, e.g. "png", "woff2", "elf". */
  magic?: string;
  encoding?: TextEncoding;
}

const SIGNATURES: readonly { magic: string; bytes: readonly number[]; offset?: number }[] = [
  { magic: 'png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { magic: 'jpeg', bytes: [0xff, 0xd8, 0xff] },
  { magic: 'gif', bytes: [0x47, 0x49, 0x46, 0x38] },
  { magic: 'webp', bytes: [0x57, 0x45, 0x42, 0x50], offset: 8 },
  { magic: 'ico', bytes: [0x00, 0x00, 0x01, 0x00] },
  { magic: 'bmp', bytes: [0x42, 0x4d] },
  { magic: 'woff2', bytes: [0x77, 0x4f, 0x46, 0x32] },
  { magic: 'woff', bytes: [0x77, 0x4f, 0x46, 0x46] },
  { magic: 'ttf', bytes: [0x00, 0x01, 0x00, 0x00] },
  { magic: 'otf', bytes: [0x4f, 0x54, 0x54, 0x4f] },
  { magic: 'ttc', bytes: [0x74, 0x74, 0x63, 0x66] },
  { magic: 'eot', bytes: [0x4c, 0x50], offset: 34 },
  { magic: 'pdf', bytes: [0x25, 0x50, 0x44, 0x46] },
  { magic: 'zip', bytes: [0x50, 0x4b, 0x03, 0x04] },
  { magic: 'zip', bytes: [0x50, 0x4b, 0x05, 0x06] },
  { magic: 'gzip', bytes: [0x1f, 0x8b] },
  { magic: 'bzip2', bytes: [0x42, 0x5a, 0x68] },
  { magic: 'xz', bytes: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00] },
  { magic: '7z', bytes: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c] },
  { magic: 'rar', bytes: [0x52, 0x61, 0x72, 0x21] },
  { magic: 'elf', bytes: [0x7f, 0x45, 0x4c, 0x46] },
  { magic: 'pe', bytes: [0x4d, 0x5a] },
  { magic: 'macho', bytes: [0xcf, 0xfa, 0xed, 0xfe] },
  { magic: 'macho', bytes: [0xce, 0xfa, 0xed, 0xfe] },
  { magic: 'macho', bytes: [0xfe, 0xed, 0xfa, 0xcf] },
  { magic: 'macho-fat', bytes: [0xca, 0xfe, 0xba, 0xbe] },
  { magic: 'wasm', bytes: [0x00, 0x61, 0x73, 0x6d] },
  { magic: 'sqlite', bytes: [0x53, 0x51, 0x4c, 0x69, 0x74, 0x65, 0x20, 0x66] },
  { magic: 'mp4', bytes: [0x66, 0x74, 0x79, 0x70], offset: 4 },
  { magic: 'ogg', bytes: [0x4f, 0x67, 0x67, 0x53] },
  { magic: 'mp3', bytes: [0x49, 0x44, 0x33] },
  { magic: 'riff', bytes: [0x52, 0x49, 0x46, 0x46] },
];

function matches(head: Uint8Array, bytes: readonly number[], offset: number): boolean {
  if (head.length < offset + bytes.length) return false;
  for (let i = 0; i < bytes.length; i++) if (head[offset + i] !== bytes[i]) return false;
  return true;
}

export function magicOf(head: Uint8Array): string | undefined {
  let found: string | undefined;
  for (const sig of SIGNATURES) {
    if (matches(head, sig.bytes, sig.offset ?? 0)) {
      found = sig.magic;
      // RIFF is only a container; WEBP (checked earlier) is more specific.
      if (found !== 'riff' && found !== 'bmp' && found !== 'pe') return found;
    }
  }
  return found;
}

/** NUL and the control characters that do not occur in text (ESC does, in ANSI colours), by byte. */
const CONTROL = new Uint8Array(256);
for (let b = 0; b < 0x20; b++) if (b < 0x09 || (b > 0x0d && b !== 0x1b)) CONTROL[b] = 1;

const controlAt = (bytes: Uint8Array, i: number): boolean => CONTROL[bytes[i] as number] === 1;

/**
 * Whether any byte is NUL or such a control character. Four bytes at a time: a word none of whose
 * bytes is below 0x20 (the usual case in text) is passed over with one test, `(w - 0x20202020) &
 * ~w & 0x80808080` being zero; only the others are looked at byte by byte.
 */
function hasControl(head: Uint8Array): boolean {
  const n = head.length;
  let i = 0;
  for (const aligned = Math.min(n, (4 - (head.byteOffset & 3)) & 3); i < aligned; i++) if (controlAt(head, i)) return true;
  const words = (n - i) >> 2;
  if (words > 0) {
    const w32 = new Uint32Array(head.buffer, head.byteOffset + i, words);
    for (let k = 0; k < words; k++) {
      const w = w32[k] as number;
      if (((w - 0x20202020) & ~w & 0x80808080) === 0) continue;
      const at = i + 4 * k;
      if (controlAt(head, at) || controlAt(head, at + 1) || controlAt(head, at + 2) || controlAt(head, at + 3)) return true;
    }
    i += 4 * words;
  }
  for (; i < n; i++) if (controlAt(head, i)) return true;
  return false;
}

/** How many leading bytes a sniff looks at. */
export const SNIFF_BYTES = 4096;

/** Sniff the first bytes of a file (4 KiB is plenty). */
export function sniff(head: Uint8Array): Sniff {
  if (head.length === 0) return { content: 'empty' };
  if (matches(head, [0xef, 0xbb, 0xbf], 0)) return { content: 'text', encoding: 'utf8-bom' };
  if (matches(head, [0xff, 0xfe], 0)) return { content: 'text', encoding: 'utf16le' };
  if (matches(head, [0xfe, 0xff], 0)) return { content: 'text', encoding: 'utf16be' };
  const magic = magicOf(head);
  // Most files are plain text: one pass settles that before any counting.
  if (!hasControl(head)) {
    if (magic === 'pe' || magic === 'bmp' || !magic) return { content: 'text', encoding: 'utf8' };
    return { content: 'text', magic, encoding: 'utf8' };
  }
  let control = 0;
  let nul = 0;
  for (const b of head) {
    if (b === 0) nul++;
    else if (b < 0x09 || (b > 0x0d && b < 0x20 && b !== 0x1b)) control++;
  }
  // UTF-16 without a BOM: every other byte NUL in mostly-ASCII text.
  if (nul > 0 && !magic) {
    let evenNul = 0;
    let oddNul = 0;
    for (let i = 0; i < head.length; i++) {
      if (head[i] !== 0) continue;
      if (i % 2 === 0) evenNul++;
      else oddNul++;
    }
    const half = head.length / 2;
    if (oddNul > half * 0.9 && evenNul === 0) return { content: 'text', encoding: 'utf16le' };
    if (evenNul > half * 0.9 && oddNul === 0) return { content: 'text', encoding: 'utf16be' };
  }
  const binary = nul > 0 || control / head.length > 0.1;
  if (binary) return magic ? { content: 'binary', magic } : { content: 'binary' };
  // Text that happens to start with a two-byte "magic" (e.g. "MZ", "BM") is still text.
  if (magic === 'pe' || magic === 'bmp') return { content: 'text', encoding: 'utf8' };
  return magic ? { content: 'text', magic, encoding: 'utf8' } : { content: 'text', encoding: 'utf8' };
}

/** Decode file bytes as text according to the sniffed encoding, dropping any BOM. */
export function decodeText(bytes: Uint8Array, encoding: TextEncoding | undefined): string {
  switch (encoding) {
    case 'utf16le':
      return new TextDecoder('utf-16le').decode(bytes);
    case 'utf16be':
      return new TextDecoder('utf-16be').decode(bytes);
    case 'utf8-bom':
    case 'utf8':
    case undefined:
      return new TextDecoder('utf-8').decode(bytes);
  }
}
