/**
 * The block-YAML reader reads its subset exactly as the full YAML reader does (checked on every
 * committed pnpm lockfile and on generated edge cases), says `undefined` for anything outside the
 * subset, and reads a lockfile of hundreds of thousands of packages in linear time and memory.
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { describe, it } from 'node:test';
import { readYamlBlockDocuments } from './yaml-block.ts';
import { readYamlDocuments } from './yaml.ts';

const TESTDATA = new URL('../deps/lockfiles/testdata/', import.meta.url);

function same(text: string): void {
  const full = readYamlDocuments(text, { maxChars: Infinity, maxAliases: 0 });
  assert.ok(full.ok, `the full reader refuses: ${JSON.stringify(text)}`);
  const fast = readYamlBlockDocuments(text, { maxChars: Infinity });
  assert.deepEqual(fast, { ok: true, value: full.value.filter(v => v !== null) }, JSON.stringify(text));
}

describe('readYamlBlockDocuments', () => {
  it('reads every committed pnpm lockfile as the full reader does', () => {
    const files = readdirSync(TESTDATA).filter(f => f.startsWith('pnpm-'));
    assert.ok(files.length >= 4);
    for (const f of files) same(readFileSync(new URL(f, TESTDATA), 'utf8'));
  });

  it('reads scalars, quotes, flow collections, comments and documents as YAML 1.2 does', () => {
    for (const text of [
      "a: 1\nb: -2\nc: 1.5\nd: 6.0\ne: .5\nf: 1e3\ng: true\nh: False\ni: ~\nj: null\nk: 1.0.0\nl: ^1.2.3\nm: '9.0'\n",
      'a: link:../x\nb: https://example.com/x.tgz#abc\nc: a#b\nd: x # comment\n# full-line comment\n  # indented comment\n',
      "'@scope/n@1.0.0(p@2.0.0)':\n  resolution: {integrity: sha512-AB+/==, tarball: 'https://x.example/a.tgz'}\n  engines: {node: '>=18 <20'}\n",
      'os: [darwin, linux]\ncpu: []\ndeps: {}\nx: {a, b: , c: [1, [2, {d: e}]], "q": "\\u00e9\\t\\x41\\\\"}\ny: [a, ]\n',
      's: \'it\'\'s\'\nt: "say \\"hi\\""\nu: \'\'\nv: ""\n',
      'top:\n  empty:\n  nested:\n    deeper: x\n  after: y\nlast:\n',
      'list:\n  - a\n  - 2\n  - {k: v}\n  - [x]\nsame:\n- a\n- b\nnext: 1\n',
      '---\na: 1\n---\nb: 2\n...\n---\nc: 3\n',
      '\uFEFFa: 1\r\nb:\r\n  c: 2\r\n',
      'a:b: c\n-x: y\n<<: z\n',
      '- a\n- b\n',
    ]) {
      same(text);
    }
  });

  it('says undefined for what lies outside the subset, rather than guess', () => {
    for (const text of [
      'a: &x 1\nb: *x\n',
      'a: !!str 1\n',
      'a: |\n  text\n',
      'a: >\n  text\n',
      'a: plain\n  continued\n',
      "a: 'quoted\n  continued'\n",
      'a: [1,\n  2]\n',
      '? complex\n: key\n',
      '1: numeric key\n',
      'true: boolean key\n',
      '\ta: tab\n',
      'a: 1\r b: 2\n',
      'list:\n  - k: v\n',
      'a: 0x1F\n',
      'a: .inf\n',
      '%YAML 1.2\n---\na: 1\n',
      'a: 99999999999999999999\n',
      '__proto__: x\n',
      'a: "\\q"\n',
    ]) {
      assert.equal(readYamlBlockDocuments(text), undefined, JSON.stringify(text));
    }
  });

  it('keeps the size and nesting caps', () => {
    assert.equal(readYamlBlockDocuments('a: 1\n', { maxChars: 2 })?.ok, false);
    const deep = Array.from({ length: 300 }, (_, i) => `${' '.repeat(i)}k:`).join('\n');
    assert.deepEqual(readYamlBlockDocuments(deep), { ok: false, error: { kind: 'depth', message: 'YAML nested deeper than 256 levels' } });
    assert.equal(readYamlBlockDocuments(`a: ${'['.repeat(300)}${']'.repeat(300)}\n`)?.ok, false);
  });

  it('reads a lockfile of 200,000 packages in linear time', () => {
    const parts = ["lockfileVersion: '9.0'\n\npackages:\n"];
    for (let i = 0; i < 200_000; i++) parts.push(`\n  p-${i}@1.0.0:\n    resolution: {integrity: sha512-${'A'.repeat(86)}==}\n`);
    const read = readYamlBlockDocuments(parts.join(''), { maxChars: Infinity });
    assert.ok(read?.ok);
    const doc = read.value[0] as { packages: Record<string, unknown> };
    assert.equal(Object.keys(doc.packages).length, 200_000);
  });
});
