/**
 * Hostile input for the format readers, end to end: configs nested to overflow a recursive
 * parser, YAML and TOML written to make one explode. The scan completes, keeps what it could
 * read, and says what it could not; the inputs are generated here, never committed.
 */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, describe, it } from 'node:test';
import { findingsOf, scanFixture, tempRepo } from '../helpers/fixtures.ts';

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const deep = (n: number): string => '['.repeat(n) + ']'.repeat(n);

describe('hostile configs for the format readers', () => {
  it('a tsconfig.json or jsconfig.json nested 200,000 levels deep does not end the scan', async () => {
    const dir = tempRepo({
      'package.json': JSON.stringify({ name: 'deep', version: '1.0.0', scripts: { dev: 'node index.js' } }),
      'tsconfig.json': `{"compilerOptions":{"paths":${deep(200_000)}}}`,
      'web/jsconfig.json': `{"compilerOptions":{"baseUrl":".","paths":{"@/*":["./src/*"]},"x":${deep(200_000)}}}`,
      'index.js': "require('./lib.js');\n",
      'lib.js': 'module.exports = 1;\n',
    });
    dirs.push(dir);
    const report = await scanFixture(dir);
    const dev = report.executionMap.find(s => s.trigger === 'dev');
    assert.equal(dev?.entry, 'index.js');
    assert.deepEqual(dev.reaches, ['lib.js']);
    assert.ok(!report.errors.some(e => /failed|stack/i.test(e.message)), JSON.stringify(report.errors));
  });

  it('a lefthook.yml of a million nested sequences and a lint-staged alias bomb are reported as not read', async () => {
    const laughs = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 9; i++)
      laughs.push(
        `${'abcdefghi'[i]}: &${'abcdefghi'[i]} [${Array(10)
          .fill(`*${'abcdefghi'[i - 1]}`)
          .join(',')}]`,
      );
    const dir = tempRepo({
      'package.json': JSON.stringify({ name: 'yaml', version: '1.0.0' }),
      'lefthook.yml': `pre-commit:\n  commands:\n    x:\n      run: ${'- '.repeat(1_000_000)}x\n`,
      '.lintstagedrc.yml': `${laughs.join('\n')}\n"*.js": "eslint"\n`,
    });
    dirs.push(dir);
    const report = await scanFixture(dir);
    const errors = report.errors.map(e => `${e.file ?? ''}: ${e.message}`);
    assert.ok(errors.includes('lefthook.yml: autorun/git-hooks: not read: YAML nested deeper than 256 levels'), errors.join('\n'));
    assert.ok(
      errors.includes('.lintstagedrc.yml: autorun/tool-config: not read: YAML aliases expand to more than 100 nodes'),
      errors.join('\n'),
    );
  });

  it('a file a trigger reads that a reader refuses (nesting, alias bomb) is a high incomplete-analysis finding', async () => {
    const laughs = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++)
      laughs.push(
        `${'abcdefghi'[i]}: &${'abcdefghi'[i]} [${Array(10)
          .fill(`*${'abcdefghi'[i - 1]}`)
          .join(', ')}]`,
      );
    const dir = tempRepo({
      'package.json': `{"name":"deep","version":"1.0.0","scripts":{"postinstall":"node setup.js"},"dependencies":${'{"a":'.repeat(2_000)}1${'}'.repeat(2_000)}}`,
      'setup.js': 'module.exports = 1;\n',
      'lefthook.yml': `pre-commit:\n  commands:\n    x:\n      run: ${'- '.repeat(100_000)}x\n`,
      '.yarnrc.yml': `${laughs.join('\n')}\nyarnPath: .yarn/releases/yarn.cjs\n`,
      '.lintstagedrc.yml': `${laughs.join('\n')}\n"*.js": "eslint"\n`,
      'pyproject.toml': `[build-system]\nrequires = ${'['.repeat(500)}${']'.repeat(500)}\nbuild-backend = "setuptools.build_meta"\n`,
      // Benign look-alikes: the same hostile shapes where no trigger reads them.
      'docs/deep.yml': `x: ${'- '.repeat(100_000)}x\n`,
      'docs/laughs.yaml': `${laughs.join('\n')}\n`,
    });
    dirs.push(dir);
    const report = await scanFixture(dir);
    const gaps = findingsOf(report, 'scan/incomplete-analysis').map(f => [f.location.file, f.severity, f.location.line]);
    assert.deepEqual(gaps.sort(), [
      ['.lintstagedrc.yml', 'high', undefined],
      ['.yarnrc.yml', 'high', undefined],
      ['lefthook.yml', 'high', undefined],
      ['package.json', 'high', undefined],
      ['pyproject.toml', 'high', undefined],
    ]);
    assert.equal(report.verdict, 'review');
    const kinds = new Map(report.errors.filter(e => e.kind !== undefined).map(e => [e.file, e.kind]));
    assert.equal(kinds.get('lefthook.yml'), 'unparseable');
    assert.equal(kinds.get('package.json'), 'unparseable');
    assert.equal(kinds.has('docs/deep.yml'), false);
  });

  it('a syntax error in a trigger file stays informational: the tool itself refuses the file', async () => {
    const dir = tempRepo({
      'package.json': JSON.stringify({ name: 'syn', version: '1.0.0' }),
      'lefthook.yml': 'pre-commit:\n  commands: [unclosed\n',
    });
    dirs.push(dir);
    const report = await scanFixture(dir);
    assert.deepEqual(findingsOf(report, 'scan/incomplete-analysis'), []);
    assert.deepEqual(
      findingsOf(report, 'autorun/git-hooks').map(f => [f.severity, f.location.file]),
      [['info', 'lefthook.yml']],
    );
    assert.equal(report.verdict, 'pass');
  });
});
