/**
 * Constant values of Python source, recovered without running anything: string and bytes literals
 * with their escapes, and the decoders loaders use to hide text (base64 and friends, hex, rot13,
 * zlib/gzip, reversal, character codes). Bytes are held as latin-1 strings (one char per byte).
 */
import { gunzipSync, inflateSync, inflateRawSync } from 'node:zlib';
import { fromCharCodes } from '../../core/spread.ts';

/** Decoded output larger than this is not recovered (a decompression bomb stays a bomb on paper). */
export const MAX_DECODED = 1 << 20;

export interface Cooked {
  value: string;
  bytes: boolean;
  /** Parts that are not constants (f-string fields) are `${…}`. */
  constant: boolean;
}

const SIMPLE: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  '\\': '\\',
  "'": "'",
  '"': '"',
  a: '\u0007',
  b: '\b',
  f: '\f',
  v: '\v',
  '0': '\u0000',
  '\n': '',
};

/** Applies Python's escapes to the raw text between the quotes. */
export function unescapePython(raw: string, bytes: boolean): string {
  if (!raw.includes('\\')) return raw;
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i] as string;
    if (ch !== '\\' || i + 1 >= raw.length) {
      out += ch;
      continue;
    }
    const next = raw[i + 1] as string;
    if (next === 'x' && /^[0-9a-fA-F]{2}$/.test(raw.slice(i + 2, i + 4))) {
      out += String.fromCharCode(parseInt(raw.slice(i + 2, i + 4), 16));
      i += 3;
    } else if (/[0-7]/.test(next)) {
      const m = /^[0-7]{1,3}/.exec(raw.slice(i + 1)) as RegExpExecArray;
      out += String.fromCharCode(parseInt(m[0], 8) & (bytes ? 0xff : 0x1ff));
      i += m[0].length;
    } else if (!bytes && next === 'u' && /^[0-9a-fA-F]{4}$/.test(raw.slice(i + 2, i + 6))) {
      out += String.fromCharCode(parseInt(raw.slice(i + 2, i + 6), 16));
      i += 5;
    } else if (!bytes && next === 'U' && /^[0-9a-fA-F]{8}$/.test(raw.slice(i + 2, i + 10))) {
      const cp = parseInt(raw.slice(i + 2, i + 10), 16);
      out += cp <= 0x10ffff ? String.fromCodePoint(cp) : '\ufffd';
      i += 9;
    } else if (next === '\r' && raw[i + 2] === '\n') {
      i += 2;
    } else if (SIMPLE[next] !== undefined) {
      out += SIMPLE[next];
      i += 1;
    } else {
      out += ch;
    }
  }
  return out;
}

/** UTF-8 text of latin-1-held bytes. */
export function bytesToText(b: string): string {
  return Buffer.from(b, 'latin1').toString('utf8');
}

/** Latin-1-held bytes of text (UTF-8 encoded). */
export function textToBytes(s: string): string {
  return Buffer.from(s, 'utf8').toString('latin1');
}

const B64 = /^[A-Za-z0-9+/\s]*={0,2}\s*$/;
const B64URL = /^[A-Za-z0-9_\-\s]*={0,2}\s*$/;

export type Decoder = 'b64' | 'b64url' | 'b32' | 'b16' | 'b85' | 'a85' | 'hex' | 'rot13' | 'zlib' | 'gzip' | 'bz2' | 'lzma' | 'reverse';

/** Decodes `input` (text or latin-1 bytes) with one decoder; undefined when it cannot be recovered. */
export function decode(decoder: Decoder, input: string): { value: string; bytes: boolean } | undefined {
  try {
    switch (decoder) {
      case 'b64':
      case 'b64url': {
        const s = input.replace(/\s+/g, '');
        if (!(decoder === 'b64' ? B64 : B64URL).test(s)) return undefined;
        return { value: Buffer.from(s.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('latin1'), bytes: true };
      }
      case 'b32':
        return { value: base32(input.replace(/\s+/g, '').toUpperCase()), bytes: true };
      case 'b16':
      case 'hex': {
        const s = input.replace(/\s+/g, '');
        if (!/^(?:[0-9a-fA-F]{2})*$/.test(s)) return undefined;
        return { value: Buffer.from(s, 'hex').toString('latin1'), bytes: true };
      }
      case 'b85':
        return { value: base85(input.replace(/\s+/g, ''), B85_ALPHABET), bytes: true };
      case 'a85': {
        const s = input.replace(/\s+/g, '').replace(/^<~/, '').replace(/~>$/, '').replace(/z/g, '!!!!!');
        return { value: base85(s, A85_ALPHABET), bytes: true };
      }
      case 'rot13':
        return {
          value: input.replace(/[a-zA-Z]/g, c => {
            const base = c <= 'Z' ? 65 : 97;
            return String.fromCharCode(((c.charCodeAt(0) - base + 13) % 26) + base);
          }),
          bytes: false,
        };
      case 'zlib':
      case 'gzip': {
        const buf = Buffer.from(input, 'latin1');
        const opts = { maxOutputLength: MAX_DECODED };
        const out = decoder === 'gzip' ? gunzipSync(buf, opts) : inflateOrRaw(buf, opts);
        return { value: out.toString('latin1'), bytes: true };
      }
      case 'reverse':
        return { value: Array.from(input).reverse().join(''), bytes: false };
      case 'bz2':
      case 'lzma':
        // No decompressor for these in Node: the step is still a decoding step, unrecovered.
        return undefined;
    }
  } catch {
    return undefined;
  }
}

function inflateOrRaw(buf: Buffer, opts: { maxOutputLength: number }): Buffer {
  try {
    return inflateSync(buf, opts);
  } catch {
    return inflateRawSync(buf, opts);
  }
}

const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function base32(s: string): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const c of s.replace(/=+$/, '')) {
    const i = B32.indexOf(c);
    if (i < 0) throw new Error('not base32');
    value = (value << 5) | i;
    bits += 5;
    if (bits >= 8) {
      out += String.fromCharCode((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return out;
}

const B85_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz!#$%&()*+-;<=>?@^_`{|}~';
const A85_ALPHABET = Array.from({ length: 85 }, (_, i) => String.fromCharCode(33 + i)).join('');

function base85(s: string, alphabet: string): string {
  let out = '';
  for (let i = 0; i < s.length; i += 5) {
    const chunk = s.slice(i, i + 5);
    const pad = 5 - chunk.length;
    let n = 0;
    for (const c of chunk.padEnd(5, alphabet[84])) {
      const d = alphabet.indexOf(c);
      if (d < 0) throw new Error('not base85');
      n = n * 85 + d;
    }
    const four = [(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
    out += fromCharCodes(four.slice(0, 4 - pad));
  }
  return out;
}
