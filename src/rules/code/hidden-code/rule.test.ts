import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, it } from 'node:test';
import { describeFixtures, findingsOf, scanFixture } from '../../../../test/helpers/fixtures.ts';
import rule from './rule.ts';

describeFixtures(rule, import.meta.url);

const tmp = mkdtempSync(join(tmpdir(), 'airlock-hidden-'));
after(() => {
  rmSync(tmp, { recursive: true, force: true });
});

it('points at the off-screen code with its column and reveals it', async () => {
  const report = await scanFixture(fileURLToPath(new URL('./fixtures/match/tailwind-offscreen', import.meta.url)), { rules: [rule] });
  const [f] = findingsOf(report, 'code/hidden-code', 'high');
  assert.ok(f);
  assert.equal(f.location.line, 6);
  assert.ok((f.location.column ?? 0) > 400);
  assert.match(f.evidence ?? '', /global\['_V'\]/);
  assert.match(f.message, /420 columns/);
});

it('reports statements after a config\u2019s final export', async () => {
  const report = await scanFixture(fileURLToPath(new URL('./fixtures/match/postcss-tail', import.meta.url)), { rules: [rule] });
  const [f] = findingsOf(report, 'code/hidden-code', 'high');
  assert.equal(f?.location.line, 9);
  assert.match(f.message, /after its final export/);
});

it('flags a bloated config whose bytes sit off-screen (Lumanagi shape)', async () => {
  const dir = join(tmp, 'bloated');
  mkdirSync(dir, { recursive: true });
  const visible = "module.exports = {\n  content: ['./src/**/*.tsx'],\n  theme: { extend: {} },\n  plugins: [],\n};\n";
  const hidden = `${' '.repeat(300)}${"globalThis['x'] = ['inert'].map(function (v) { return v + 1; });".repeat(100)}\n`;
  writeFileSync(join(dir, 'tailwind.config.js'), visible + hidden);
  const report = await scanFixture(dir, { rules: [rule] });
  const hits = findingsOf(report, 'code/hidden-code', 'high');
  assert.ok(
    hits.some(h => /off-screen/.test(h.message)),
    JSON.stringify(hits),
  );
});

it('stays bounded on a 50 MB single line and a long whitespace-only line', async () => {
  const dir = join(tmp, 'huge');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'one-line.js'), 'a'.repeat(50 * 1024 * 1024));
  writeFileSync(join(dir, 'spaces.js'), `var a = 1;${' '.repeat(5_000_000)}\n`);
  const started = performance.now();
  const report = await scanFixture(dir, { rules: [rule] });
  assert.ok(performance.now() - started < 15_000);
  assert.equal(findingsOf(report, 'code/hidden-code', 'medium').length, 0);
  assert.ok(
    report.errors.some(
      e => e.file === 'one-line.js' && e.kind === 'too-large' && /the first \d+ and the last \d+ bytes were/.test(e.message),
    ),
    JSON.stringify(report.errors),
  );
});
