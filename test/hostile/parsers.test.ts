/**
 * Hostile input for the format readers, end to end: configs nested to overflow a recursive
 * parser, YAML and TOML written to make one explode. The scan completes, keeps what it could
 * read, and says what it could not; the inputs are generated here, never committed.
 */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, describe, it } from 'node:test';
import { scanFixture, tempRepo } from '../helpers/fixtures.ts';

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
});
