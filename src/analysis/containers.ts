/**
 * Where a media or archive container really ends, from its own structure: PNG chunks up to IEND,
 * JPEG up to the last EOI marker, GIF blocks up to the trailer, WOFF/WOFF2 declared length,
 * TrueType/OpenType table directory, ZIP end-of-central-directory. Bytes after that end were
 * appended. Each walker is bounded by the buffer and returns undefined when the structure is
 * broken (a broken file is not evidence of a payload).
 */

export interface ContainerEnd {
  /** Byte offset just past the container's last byte. */
  end: number;
  format: string;
}

function u32(b: Uint8Array, at: number): number {
  return (((b[at] ?? 0) << 24) >>> 0) + ((b[at + 1] ?? 0) << 16) + ((b[at + 2] ?? 0) << 8) + (b[at + 3] ?? 0);
}

function u16(b: Uint8Array, at: number): number {
  return ((b[at] ?? 0) << 8) + (b[at + 1] ?? 0);
}

function u16le(b: Uint8Array, at: number): number {
  return (b[at] ?? 0) + ((b[at + 1] ?? 0) << 8);
}

function pngEnd(b: Uint8Array): number | undefined {
  let at = 8;
  for (let chunks = 0; at + 12 <= b.length && chunks < 1_000_000; chunks++) {
    const len = u32(b, at);
    const type = String.fromCharCode(b[at + 4] ?? 0, b[at + 5] ?? 0, b[at + 6] ?? 0, b[at + 7] ?? 0);
    const next = at + 12 + len;
    if (next > b.length) return undefined;
    if (type === 'IEND') return next;
    at = next;
  }
  return undefined;
}

function jpegEnd(b: Uint8Array): number | undefined {
  for (let i = b.length - 2; i >= 2; i--) if (b[i] === 0xff && b[i + 1] === 0xd9) return i + 2;
  return undefined;
}

function skipSubBlocks(b: Uint8Array, at: number): number | undefined {
  let p = at;
  while (p < b.length) {
    const size = b[p] ?? 0;
    if (size === 0) return p + 1;
    p += size + 1;
  }
  return undefined;
}

function gifEnd(b: Uint8Array): number | undefined {
  if (b.length < 13) return undefined;
  const flags = b[10] ?? 0;
  let at = 13 + (flags & 0x80 ? 3 * (1 << ((flags & 7) + 1)) : 0);
  while (at < b.length) {
    const tag = b[at];
    if (tag === 0x3b) return at + 1;
    if (tag === 0x21) {
      const next = skipSubBlocks(b, at + 2);
      if (next === undefined) return undefined;
      at = next;
    } else if (tag === 0x2c) {
      const local = b[at + 9] ?? 0;
      const start = at + 10 + (local & 0x80 ? 3 * (1 << ((local & 7) + 1)) : 0) + 1;
      const next = skipSubBlocks(b, start);
      if (next === undefined) return undefined;
      at = next;
    } else {
      return undefined;
    }
  }
  return undefined;
}

function sfntEnd(b: Uint8Array): number | undefined {
  const tables = u16(b, 4);
  if (tables === 0 || 12 + tables * 16 > b.length) return undefined;
  let end = 12 + tables * 16;
  for (let i = 0; i < tables; i++) {
    const rec = 12 + i * 16;
    const tableEnd = u32(b, rec + 8) + u32(b, rec + 12);
    if (tableEnd > end) end = tableEnd;
  }
  // Tables are padded to four bytes.
  return Math.min(b.length, (end + 3) & ~3);
}

function zipEnd(b: Uint8Array): number | undefined {
  const floor = Math.max(0, b.length - 22 - 65_535);
  for (let i = b.length - 22; i >= floor; i--) {
    if (b[i] === 0x50 && b[i + 1] === 0x4b && b[i + 2] === 0x05 && b[i + 3] === 0x06) return i + 22 + u16le(b, i + 20);
  }
  return undefined;
}

/** The end of the container the magic bytes announce, for whole-file buffers. */
export function containerEnd(magic: string | undefined, b: Uint8Array): ContainerEnd | undefined {
  let end: number | undefined;
  switch (magic) {
    case 'png':
      end = pngEnd(b);
      break;
    case 'jpeg':
      end = jpegEnd(b);
      break;
    case 'gif':
      end = gifEnd(b);
      break;
    case 'woff':
    case 'woff2':
      end = u32(b, 8);
      break;
    case 'ttf':
    case 'otf':
      end = sfntEnd(b);
      break;
    case 'zip':
      end = zipEnd(b);
      break;
    case undefined:
    default:
      return undefined;
  }
  if (end === undefined || end <= 0 || end > b.length) return undefined;
  return { end, format: magic };
}
