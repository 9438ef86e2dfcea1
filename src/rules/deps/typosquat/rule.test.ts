import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { describeFixtures, findingsOf, scanFixture } from '../../../../test/helpers/fixtures.ts';
import { buildIndex, findTyposquat, normalise, oneEdit, popularIndex } from '../../../deps/typosquat.ts';
import rule from './rule.ts';

describeFixtures(rule, import.meta.url, { rules: [rule] });

const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

describe('typosquat detection', () => {
  const CASES: [string, string | undefined, string?][] = [
    ['expresss', 'express', 'doubled'],
    ['reactt-dom', 'react-dom', 'doubled'],
    ['lodahs', 'lodash', 'swapped'],
    ['axois', 'axios', 'swapped'],
    ['chalkk', 'chalk', 'doubled'],
    ['commanderr', 'commander', 'doubled'],
    ['webpak', 'webpack', 'dropped'],
    ['reactdom', 'react-dom', 'separator'],
    ['types-node', '@types/node', 'scope'],
    ['lodash-utils', 'lodash', 'suffix'],
    ['express', undefined],
    ['react-dom', undefined],
    ['@types/node', undefined],
    ['vue2', undefined],
    ['my-company-internal-lib', undefined],
    ['ms', undefined],
  ];
  for (const [name, target, kind] of CASES) {
    it(`${name} → ${target ?? 'nothing'}`, () => {
      const s = findTyposquat(name);
      assert.equal(s?.target, target);
      if (kind !== undefined) assert.equal(s?.kind, kind);
    });
  }

  it('never calls a popular package a typosquat of another', () => {
    const index = popularIndex();
    for (const name of index.names.slice(0, 2000)) assert.equal(findTyposquat(name, index), undefined, name);
  });

  it('classifies single edits', () => {
    assert.deepEqual(oneEdit('abcd', 'abdc'), { kind: 'swapped', char: '' });
    assert.equal(oneEdit('abcd', 'wxyz'), undefined);
    assert.equal(normalise('@Types/Node'), 'typesnode');
  });

  it('checks 100,000 names quickly with a custom index', () => {
    const index = buildIndex(['express', 'react', 'lodash']);
    const t = performance.now();
    for (let i = 0; i < 100_000; i++) findTyposquat(`generated-package-${i}`, index);
    assert.ok(performance.now() - t < 10_000);
  });
});

it('is high for a one-typo miss of a top package that runs an install script', async () => {
  const report = await scanFixture(fixture('match/transposed-in-lockfile'), { rules: [rule] });
  const hits = findingsOf(report, 'deps/typosquat');
  assert.equal(hits.length, 1);
  assert.equal(hits[0]?.severity, 'high');
  assert.equal(hits[0].location.file, 'package.json');
  assert.equal(hits[0].location.line, 12);
  assert.match(
    hits[0].message,
    /^reactt-dom looks like a typo of the popular package react-dom \(a letter doubled\); it runs an install script\.$/,
  );
});

it('is medium for the same miss without an install script', async () => {
  const report = await scanFixture(fixture('match/doubled-letter'), { rules: [rule] });
  const hits = findingsOf(report, 'deps/typosquat');
  assert.equal(hits[0]?.severity, 'medium');
});

it('never reports a package that is popular itself, however close its name is to a more popular one', async () => {
  // Pairs seen on real projects: each of these has tens of thousands of downloads a month or more.
  for (const name of ['preact-router', 'pepjs', 'react-rnd', '@vercel/og', 'semiver']) assert.equal(findTyposquat(name), undefined, name);
  const report = await scanFixture(fixture('benign/popular-lookalikes'), { rules: [rule] });
  assert.deepEqual(findingsOf(report, 'deps/typosquat', 'medium'), []);
  // ts-config is not on the list: a separator-only miss is context, not a reason to review.
  const low = findingsOf(report, 'deps/typosquat', 'low');
  assert.deepEqual(
    low.map(f => [f.severity, f.location.line, f.evidence]),
    [['low', 12, 'ts-config ≈ tsconfig']],
  );
});
