/**
 * The hardened format readers: each returns the value or a typed failure (size, depth, aliases,
 * entities, syntax), never throws, on inputs generated here to break a naive parser.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LIMITS } from '../core/limits.ts';
import { readJson } from './json.ts';
import { readJsoncValue } from './jsonc.ts';
import type { ReadResult } from './read-result.ts';
import { readToml } from './toml.ts';
import { readXml } from './xml.ts';
import { readYaml, readYamlDocument, setYamlKey } from './yaml.ts';
import { readYarnLock } from './yarn-lock.ts';

const failureKind = (r: ReadResult<unknown>): string => (r.ok ? 'ok' : r.error.kind);

describe('readJson', () => {
  it('reads JSON, skipping a byte-order mark', () => {
    assert.deepEqual(readJson('\uFEFF{"a":[1,{"b":"[[["}]}'), { ok: true, value: { a: [1, { b: '[[[' }] } });
  });

  it('fails with a typed error on syntax, size and depth', () => {
    const bad = readJson('{"a":');
    assert.equal(failureKind(bad), 'syntax');
    assert.equal(failureKind(readJson('[1]', { maxChars: 2 })), 'size');
    const deep = readJson('['.repeat(200_000) + ']'.repeat(200_000));
    assert.deepEqual(deep, { ok: false, error: { kind: 'depth', message: `JSON nested deeper than ${LIMITS.read.maxJsonDepth} levels` } });
  });

  it('does not count brackets inside strings, escaped quotes included', () => {
    const text = `{"a":"${'['.repeat(5_000)}\\"${'{'.repeat(5_000)}"}`;
    assert.equal(failureKind(readJson(text)), 'ok');
  });
});

describe('readJsoncValue', () => {
  it('reads comments and trailing commas, and refuses what would overflow the recursive parser', () => {
    assert.deepEqual(readJsoncValue('// c\n{"a": [1,],}'), { ok: true, value: { a: [1] } });
    assert.equal(failureKind(readJsoncValue('{"a": }')), 'syntax');
    assert.equal(failureKind(readJsoncValue(`{"a": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`)), 'depth');
  });
});

describe('readYaml', () => {
  it('reads a document and the line of each top-level key', () => {
    const doc = readYamlDocument('# c\nnodeLinker: pnp\nyarnPath: .yarn/x.cjs\nnested:\n  - [a, {b: c}]\n');
    assert.ok(doc.ok);
    assert.deepEqual(doc.value.value, { nodeLinker: 'pnp', yarnPath: '.yarn/x.cjs', nested: [['a', { b: 'c' }]] });
    assert.deepEqual(
      [...doc.value.topLevelKeyLines],
      [
        ['nodeLinker', 2],
        ['yarnPath', 3],
        ['nested', 4],
      ],
    );
  });

  it('refuses deep flow and compact nesting from the text, before the parser sees it', () => {
    for (const text of [
      'a: ' + '['.repeat(300_000) + ']'.repeat(300_000),
      '- '.repeat(300_000) + 'x\n',
      '{a: '.repeat(100_000) + '1' + '}'.repeat(100_000),
    ]) {
      assert.deepEqual(failureKind(readYaml(text)), 'depth');
    }
  });

  it('reads block scalars, quotes and comments full of brackets as text', () => {
    const text = `script: |\n  ${'['.repeat(1_000)}\n  - - - - -\nq: "${'{'.repeat(1_000)}"\nc: 1 # ${'['.repeat(1_000)}\n`;
    const r = readYaml(text);
    assert.ok(r.ok, r.ok ? '' : r.error.message);
  });

  it('refuses an alias bomb before expanding it', () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 9; i++)
      lines.push(
        `${'abcdefghi'[i]}: &${'abcdefghi'[i]} [${Array(10)
          .fill(`*${'abcdefghi'[i - 1]}`)
          .join(',')}]`,
      );
    assert.equal(failureKind(readYaml(lines.join('\n'))), 'aliases');
    assert.deepEqual(readYaml('a: &x 1\nb: *x\n'), { ok: true, value: { a: 1, b: 1 } });
  });

  it('fails on syntax and on repeated keys only when asked to', () => {
    assert.equal(failureKind(readYaml('a: [1\n')), 'syntax');
    assert.deepEqual(readYaml('a: 1\na: 2\n'), { ok: true, value: { a: 2 } });
    assert.equal(failureKind(readYaml('a: 1\na: 2\n', { uniqueKeys: true })), 'syntax');
  });

  it('edits one key of a valid document and keeps its comments', () => {
    const r = setYamlKey('# mine\nenableScripts: true\n', 'enableScripts', false);
    assert.deepEqual(r, { ok: true, value: { text: '# mine\nenableScripts: false\n', previous: true } });
  });
});

describe('readToml', () => {
  it('reads TOML, and refuses deep inline values and long dotted keys', () => {
    const ok = readToml('[install]\nregistry = "https://registry.example.com"\n');
    assert.deepEqual(ok.ok && JSON.parse(JSON.stringify(ok.value)), { install: { registry: 'https://registry.example.com' } });
    assert.equal(failureKind(readToml(`a = ${'['.repeat(100_000)}${']'.repeat(100_000)}`)), 'depth');
    assert.equal(failureKind(readToml(`[${'a.'.repeat(100_000)}b]\nc = 1\n`)), 'depth');
    const bad = readToml('a = = 1');
    assert.equal(failureKind(bad), 'syntax');
    assert.equal(bad.ok ? 0 : bad.error.line, 1);
  });
});

describe('readXml', () => {
  it('reads elements with their offsets, and refuses deep nesting and entity bombs', () => {
    const r = readXml('<project><component name="x"/></project>');
    assert.ok(r.ok);
    assert.equal(r.value[0]?.children[0]?.attrs['name'], 'x');
    assert.equal(failureKind(readXml('<a>'.repeat(100_000) + '</a>'.repeat(100_000))), 'depth');
    const entities = ['<!ENTITY a "aaaaaaaaaa">'];
    for (let i = 1; i < 10; i++) entities.push(`<!ENTITY ${'abcdefghij'[i]} "${`&${'abcdefghij'[i - 1]};`.repeat(10)}">`);
    // Nested entities are not expanded recursively (billion laughs stays one reference)...
    const laughs = readXml(`<?xml version="1.0"?><!DOCTYPE x [${entities.join('')}]><x v="&j;">&j;</x>`);
    assert.equal(laughs.ok && laughs.value[0]?.attrs['v'], '&j;');
    // ...and the number of entities and the length they expand to are capped.
    const many = Array.from({ length: 200 }, (_, i) => `<!ENTITY e${i} "x">`).join('');
    assert.equal(failureKind(readXml(`<!DOCTYPE x [${many}]><x v="&e1;"/>`)), 'entities');
    const long = `<!DOCTYPE x [<!ENTITY e "${'x'.repeat(5_000)}">]><x v="${'&e;'.repeat(2_000)}"/>`;
    assert.equal(failureKind(readXml(long)), 'entities');
    assert.equal(failureKind(readXml('<component><configuration name="x"')), 'syntax');
  });
});

describe('readYarnLock', () => {
  it('reads classic and Berry lockfiles, and refuses deep nesting', () => {
    const classic = readYarnLock('# yarn lockfile v1\n\n\nleft-pad@^1.0.0:\n  version "1.3.0"\n');
    assert.ok(classic.ok);
    assert.deepEqual(JSON.parse(JSON.stringify(classic.value)), { 'left-pad@^1.0.0': { version: '1.3.0' } });
    const berry = readYarnLock('__metadata:\n  version: 8\n\n"left-pad@npm:^1.0.0":\n  version: 1.3.0\n');
    assert.ok(berry.ok);
    assert.equal(failureKind(readYarnLock('__metadata:\n  version: 8\nx: ' + '['.repeat(100_000) + ']'.repeat(100_000) + '\n')), 'depth');
  });
});
