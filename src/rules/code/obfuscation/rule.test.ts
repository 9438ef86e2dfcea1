import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, it } from 'node:test';
import { describeFixtures, findingsOf, scanFixture } from '../../../../test/helpers/fixtures.ts';
import rule from './rule.ts';

describeFixtures(rule, import.meta.url);

const tmp = mkdtempSync(join(tmpdir(), 'airlock-obf-'));
after(() => {
  rmSync(tmp, { recursive: true, force: true });
});

it('names the obfuscator.io shape with counts and a line', async () => {
  const report = await scanFixture(fileURLToPath(new URL('./fixtures/match/obfuscator-io', import.meta.url)), { rules: [rule] });
  const [f] = findingsOf(report, 'code/obfuscation', 'high');
  assert.ok(f);
  assert.match(f.message, /_0x/);
  assert.match(f.message, /rotation/);
  assert.equal(f.location.line, 3);
  assert.equal(f.confidence, 'high');
});

it('reports obfuscated code inside an installed package as low at most', async () => {
  const dir = join(tmp, 'nm');
  mkdirSync(join(dir, 'node_modules', 'shipped-obfuscated'), { recursive: true });
  const src = fileURLToPath(new URL('./fixtures/match/obfuscator-io/server.js', import.meta.url));
  const { readFileSync } = await import('node:fs');
  writeFileSync(join(dir, 'node_modules', 'shipped-obfuscated', 'index.js'), readFileSync(src));
  writeFileSync(join(dir, 'node_modules', 'shipped-obfuscated', 'package.json'), '{"name":"shipped-obfuscated","version":"1.0.0"}');
  const report = await scanFixture(dir, { rules: [rule], nodeModules: 'include' });
  const hits = findingsOf(report, 'code/obfuscation');
  assert.equal(hits.length, 1);
  assert.equal(hits[0]?.severity, 'low');
});

it('survives a 10 MB minified line, a pathological escape run and binary garbage', async () => {
  const dir = join(tmp, 'bad');
  mkdirSync(dir, { recursive: true });
  const unit = 'function a(e,t){return e+t}var b=a(1,2),c="\\x20";';
  writeFileSync(join(dir, 'big.min.js'), unit.repeat(Math.ceil((10 * 1024 * 1024) / unit.length)));
  writeFileSync(join(dir, 'escapes.js'), `var s="${'\\x'.repeat(200_000)}";`);
  writeFileSync(join(dir, 'flatten.js'), `var o='${'1|'.repeat(100_000)}'.split('`);
  const garbage = Buffer.alloc(1 << 20);
  for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 7919) & 0xff;
  writeFileSync(join(dir, 'garbage.js'), garbage);
  const started = performance.now();
  const report = await scanFixture(dir, { rules: [rule] });
  assert.ok(performance.now() - started < 10_000);
  assert.equal(findingsOf(report, 'code/obfuscation', 'medium').length, 0);
  assert.ok(!report.errors.some(e => e.message.includes('failed')), JSON.stringify(report.errors));
});
