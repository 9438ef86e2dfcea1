import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, it } from 'node:test';
import { describeFixtures, findingsOf, scanFixture } from '../../../../test/helpers/fixtures.ts';
import { containerEnd } from '../../../analysis/containers.ts';
import rule from './rule.ts';

describeFixtures(rule, import.meta.url);

const tmp = mkdtempSync(join(tmpdir(), 'airlock-appended-'));
after(() => {
  rmSync(tmp, { recursive: true, force: true });
});

const cleanPng = readFileSync(fileURLToPath(new URL('./fixtures/benign/clean-images/public/logo.png', import.meta.url)));

it('names the container and the script found after it', async () => {
  const report = await scanFixture(fileURLToPath(new URL('./fixtures/match/png-with-script', import.meta.url)), { rules: [rule] });
  const [f] = findingsOf(report, 'assets/appended-payload');
  assert.equal(f?.severity, 'high');
  assert.match(f.message, /after the end of its PNG data/);
});

it('finds the real end of PNG, GIF, WOFF2, TrueType and ZIP data', () => {
  assert.equal(containerEnd('png', cleanPng)?.end, cleanPng.length);
  const gif = Buffer.concat([
    Buffer.from('GIF89a'),
    Buffer.from([1, 0, 1, 0, 0x80, 0, 0]),
    Buffer.alloc(6),
    Buffer.from([0x2c, 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, 0x4c, 0x01, 0, 0x3b]),
  ]);
  assert.equal(containerEnd('gif', Buffer.concat([gif, Buffer.from(';payload;')]))?.end, gif.length);
  const ttf = Buffer.alloc(64);
  ttf.writeUInt32BE(0x00010000, 0);
  ttf.writeUInt16BE(1, 4);
  ttf.writeUInt32BE(28, 12 + 8);
  ttf.writeUInt32BE(10, 12 + 12);
  assert.equal(containerEnd('ttf', ttf)?.end, 40);
  const zip = Buffer.concat([Buffer.from([0x50, 0x4b, 0x05, 0x06]), Buffer.alloc(18), Buffer.from('trailing data here')]);
  assert.equal(containerEnd('zip', zip)?.end, 22);
});

it('treats truncated, lying and garbage containers as no evidence, without failing', async () => {
  const dir = join(tmp, 'bad');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'truncated.png'), cleanPng.subarray(0, 30));
  const lying = Buffer.from(cleanPng);
  lying.writeUInt32BE(0x7fffffff, 8);
  writeFileSync(join(dir, 'lying.png'), lying);
  const woff2 = Buffer.alloc(4096, 7);
  woff2.write('wOF2', 0, 'latin1');
  woff2.writeUInt32BE(0xffffffff, 8);
  writeFileSync(join(dir, 'huge-declared.woff2'), woff2);
  const garbage = Buffer.alloc(1 << 20);
  for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 2654435761) >>> 24;
  garbage.write('\x89PNG\r\n\x1a\n', 0, 'latin1');
  writeFileSync(join(dir, 'garbage.png'), garbage);
  const report = await scanFixture(dir, { rules: [rule] });
  assert.equal(findingsOf(report, 'assets/appended-payload', 'medium').length, 0);
  assert.ok(!report.errors.some(e => e.message.includes('failed')), JSON.stringify(report.errors));
});
