import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, it } from 'node:test';
import { describeFixtures, findingsOf, scanFixture } from '../../../../test/helpers/fixtures.ts';
import { findInvisible } from '../../../analysis/invisible.ts';
import rule from './rule.ts';

describeFixtures(rule, import.meta.url);

const tmp = mkdtempSync(join(tmpdir(), 'airlock-invisible-'));
after(() => {
  rmSync(tmp, { recursive: true, force: true });
});

it('decodes a variation-selector payload into the evidence', async () => {
  const report = await scanFixture(fileURLToPath(new URL('./fixtures/match/variation-payload', import.meta.url)), { rules: [rule] });
  const [f] = findingsOf(report, 'code/invisible-unicode', 'high');
  assert.ok(f);
  assert.equal(f.location.line, 1);
  assert.equal(f.evidence, "console.log('inert fixture')");
});

it('reports Trojan Source bidi controls with their code points made visible', async () => {
  const report = await scanFixture(fileURLToPath(new URL('./fixtures/match/trojan-source', import.meta.url)), { rules: [rule] });
  const hits = findingsOf(report, 'code/invisible-unicode', 'high');
  assert.deepEqual([...new Set(hits.map(h => h.location.line))], [3, 5]);
  assert.match(hits[0]?.evidence ?? '', /<U\+202E>/);
});

it('decodes tag-character runs and leaves flag sequences alone', () => {
  const tags = Array.from('eval', c => String.fromCodePoint(0xe0000 + (c.codePointAt(0) ?? 0))).join('');
  const [hit] = findInvisible(`const k = "a${tags}";`);
  assert.equal(hit?.kind, 'tag-run');
  assert.equal(hit.decoded, 'eval');
  assert.equal(findInvisible('\u{1F3F4}\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}').length, 0);
});

it('handles binary garbage, lone surrogates and a large file bounded', async () => {
  const dir = join(tmp, 'bad');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'lone.js'), 'var a = "\uD800\uDB40";\n'.repeat(1000));
  writeFileSync(join(dir, 'big.js'), 'var x = "\u200B";\n'.repeat(300_000));
  const report = await scanFixture(dir, { rules: [rule] });
  const big = findingsOf(report, 'code/invisible-unicode').filter(f => f.location.file === 'big.js');
  assert.ok(big.length > 0 && big.length <= 200);
  assert.equal(findingsOf(report, 'code/invisible-unicode').filter(f => f.location.file === 'lone.js').length, 0);
});
