import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { scanPackageJson } from './package-json.ts';

describe('package.json token scan', () => {
  it('reads scripts, main and bin with their lines; ignores nested look-alikes', () => {
    const pkg = scanPackageJson(
      [
        '{',
        '  "name": "@acme/tool",',
        '  "main": "lib/index.js",',
        '  "config": { "scripts": { "postinstall": "nested, not a script" } },',
        '  "bin": "./cli.js",',
        '  "scripts": {',
        '    "dev": "node \\"server.js\\"",',
        '    "build": { "not": "a string" },',
        '    "test": "jest"',
        '  }',
        '}',
      ].join('\n'),
      'package.json',
      '',
    );
    assert.deepEqual(
      [...pkg.scripts.entries()],
      [
        ['dev', { value: 'node "server.js"', line: 7 }],
        ['test', { value: 'jest', line: 9 }],
      ],
    );
    assert.deepEqual(pkg.main, { value: 'lib/index.js', line: 3 });
    assert.deepEqual([...pkg.bin.entries()], [['tool', { value: './cli.js', line: 5 }]]);
  });

  it('a later non-object scripts value replaces the earlier scripts, like JSON.parse', () => {
    assert.equal(scanPackageJson('{"scripts": {"a": "x"}, "scripts": 5}', 'package.json', '').scripts.size, 0);
    assert.equal(scanPackageJson('{"scripts": {"a": "x"}, "scripts": "y"}', 'package.json', '').scripts.size, 0);
  });

  it('never throws on garbage', () => {
    for (const s of ['', '}}}}', '{"scripts":', '{"scripts": {"a": }', '\u0000\uFFFF', '['.repeat(100_000), '{"a":"\\u12']) {
      assert.ok(scanPackageJson(s, 'package.json', '').scripts instanceof Map);
    }
  });
});
