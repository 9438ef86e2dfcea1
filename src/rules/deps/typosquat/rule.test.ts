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

it('rates a transitive near miss lower than a direct one and names the chain', async () => {
  const report = await scanFixture(fixture('match/transposed-in-lockfile'), { rules: [rule] });
  const hits = findingsOf(report, 'deps/typosquat');
  assert.equal(hits.length, 1);
  assert.equal(hits[0]?.severity, 'high');
  assert.equal(hits[0].location.file, 'package.json');
});
