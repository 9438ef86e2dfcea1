/**
 * A minimal, read-only reader of the SQLite file format (https://www.sqlite.org/fileformat.html),
 * just enough to pull a few keys out of the `ItemTable` of VS Code's `state.vscdb` without a
 * native module: the schema table on page 1, table b-trees (interior and leaf pages), records and
 * overflow chains. Index b-trees, WAL files and free lists are ignored. Every page is visited at
 * most once, so a corrupt or hostile file cannot loop, and a file source is read one page at a
 * time, so a large database is never loaded whole.
 */

export class SqliteFormatError extends Error {}

/** Where the database bytes come from: a buffer, or an open file read one page at a time. */
export type ByteSource = Buffer | { size: number; read(offset: number, length: number): Buffer };

interface Db {
  source: ByteSource;
  pageSize: number;
  usable: number;
  encoding: 'utf8' | 'utf16le' | 'utf16be';
  pages: number;
}

type Value = string | number | Buffer | null;

function fail(message: string): never {
  throw new SqliteFormatError(message);
}

function bytes(source: ByteSource, offset: number, length: number): Buffer {
  return Buffer.isBuffer(source) ? source.subarray(offset, offset + length) : source.read(offset, length);
}

function sizeOf(source: ByteSource): number {
  return Buffer.isBuffer(source) ? source.length : source.size;
}

function open(source: ByteSource): Db {
  const buf = bytes(source, 0, 100);
  if (buf.length < 100 || buf.toString('latin1', 0, 16) !== 'SQLite format 3\u0000') fail('not an SQLite 3 database');
  const raw = buf.readUInt16BE(16);
  const pageSize = raw === 1 ? 65536 : raw;
  if (pageSize < 512 || (pageSize & (pageSize - 1)) !== 0) fail(`invalid page size ${raw}`);
  const reserved = buf.readUInt8(20);
  const enc = buf.readUInt32BE(56);
  return {
    source,
    pageSize,
    usable: pageSize - reserved,
    encoding: enc === 2 ? 'utf16le' : enc === 3 ? 'utf16be' : 'utf8',
    pages: Math.floor(sizeOf(source) / pageSize),
  };
}

function varint(buf: Buffer, at: number): [value: number, next: number] {
  let v = 0;
  for (let i = 0; i < 9; i++) {
    const b = buf[at + i];
    if (b === undefined) fail('truncated varint');
    if (i === 8) return [v * 256 + b, at + 9];
    v = v * 128 + (b & 0x7f);
    if ((b & 0x80) === 0) return [v, at + i + 1];
  }
  return [v, at + 9];
}

function page(db: Db, n: number): Buffer {
  if (n < 1 || n > db.pages) fail(`page ${n} out of range`);
  const p = bytes(db.source, (n - 1) * db.pageSize, db.pageSize);
  if (p.length < db.pageSize) fail(`page ${n} is truncated`);
  return p;
}

/** The full payload of a cell starting at `cellStart` of page `pg`, following its overflow chain. */
function payload(db: Db, pg: Buffer, cellStart: number, size: number, seen: Set<number>): Buffer {
  const u = db.usable;
  const x = u - 35;
  if (size <= x) return pg.subarray(cellStart, cellStart + size);
  const m = Math.floor(((u - 12) * 32) / 255) - 23;
  const k = m + ((size - m) % (u - 4));
  const local = k <= x ? k : m;
  const parts: Buffer[] = [pg.subarray(cellStart, cellStart + local)];
  let remaining = size - local;
  let next = pg.readUInt32BE(cellStart + local);
  while (remaining > 0 && next !== 0) {
    if (seen.has(next)) fail('overflow chain loops');
    seen.add(next);
    const ov = page(db, next);
    const take = Math.min(remaining, u - 4);
    parts.push(ov.subarray(4, 4 + take));
    remaining -= take;
    next = ov.readUInt32BE(0);
  }
  if (remaining > 0) fail('overflow chain ends early');
  return Buffer.concat(parts);
}

function decodeRecord(db: Db, rec: Buffer): Value[] {
  const [headerSize, afterSize] = varint(rec, 0);
  const types: number[] = [];
  let at = afterSize;
  while (at < headerSize) {
    const [t, n] = varint(rec, at);
    types.push(t);
    at = n;
  }
  let body = headerSize;
  const out: Value[] = [];
  for (const t of types) {
    if (t === 0 || t === 8 || t === 9) {
      out.push(t === 0 ? null : t - 8);
      continue;
    }
    if (t >= 1 && t <= 6) {
      const len = [0, 1, 2, 3, 4, 6, 8][t] ?? 0;
      out.push(len <= 6 ? rec.readIntBE(body, len) : Number(rec.readBigInt64BE(body)));
      body += len;
      continue;
    }
    if (t === 7) {
      out.push(rec.readDoubleBE(body));
      body += 8;
      continue;
    }
    const len = t >= 12 ? Math.floor((t - 12) / 2) : 0;
    const bytes = rec.subarray(body, body + len);
    body += len;
    if (t >= 13 && t % 2 === 1) {
      out.push(
        db.encoding === 'utf8'
          ? bytes.toString('utf8')
          : db.encoding === 'utf16le'
            ? bytes.toString('utf16le')
            : Buffer.from(bytes).swap16().toString('utf16le'),
      );
    } else out.push(bytes);
  }
  return out;
}

/** Every row of the table b-tree rooted at `root`, as decoded records. */
function* tableRows(db: Db, root: number, seen: Set<number>): Generator<Value[]> {
  const stack = [root];
  while (stack.length > 0) {
    const n = stack.pop() as number;
    if (seen.has(n)) fail('b-tree page visited twice');
    seen.add(n);
    const pg = page(db, n);
    const hdr = n === 1 ? 100 : 0;
    const type = pg.readUInt8(hdr);
    const cells = pg.readUInt16BE(hdr + 3);
    if (type === 0x05) {
      const ptrs = hdr + 12;
      for (let i = 0; i < cells; i++) stack.push(pg.readUInt32BE(pg.readUInt16BE(ptrs + 2 * i)));
      stack.push(pg.readUInt32BE(hdr + 8));
    } else if (type === 0x0d) {
      const ptrs = hdr + 8;
      for (let i = 0; i < cells; i++) {
        const cell = pg.readUInt16BE(ptrs + 2 * i);
        const [size, afterSize] = varint(pg, cell);
        const [, afterRowid] = varint(pg, afterSize);
        yield decodeRecord(db, payload(db, pg, afterRowid, size, seen));
      }
    } else fail(`unexpected b-tree page type ${type} on page ${n}`);
  }
}

/**
 * Values of `keys` in the key/value table `table` (VS Code: `ItemTable(key TEXT, value BLOB)`).
 * Blob values are decoded as UTF-8. Throws SqliteFormatError on a malformed file.
 */
export function readKeyValues(source: ByteSource, table: string, keys: ReadonlySet<string>): Map<string, string> {
  const db = open(source);
  const seen = new Set<number>();
  let root: number | undefined;
  for (const row of tableRows(db, 1, seen)) {
    if (row[0] === 'table' && typeof row[1] === 'string' && row[1].toLowerCase() === table.toLowerCase() && typeof row[3] === 'number')
      root = row[3];
  }
  if (root === undefined) fail(`no table ${table}`);
  const out = new Map<string, string>();
  for (const row of tableRows(db, root, seen)) {
    const [k, v] = row;
    if (typeof k !== 'string' || !keys.has(k)) continue;
    if (typeof v === 'string') out.set(k, v);
    else if (Buffer.isBuffer(v)) out.set(k, v.toString('utf8'));
  }
  return out;
}
