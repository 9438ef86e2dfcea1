import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { interpolate, isShellInterpreter, parseJustfile } from './justfile.ts';

describe('parseJustfile', () => {
  it('reads recipes, parameters, dependencies, attributes, aliases, variables and load-time commands', () => {
    const text = [
      'set shell := ["bash", "-c"]',
      'name := "app"',
      'rev := `git rev-parse HEAD`',
      "out := shell('uname -m')",
      'alias b := build',
      "import? 'local.just'",
      '',
      '[private]',
      'helper:',
      '    echo help',
      '',
      'build target="x86:64" +flags: helper (fmt "a:b") && after',
      '    @cargo build --target {{target}} \\',
      '      {{flags}} -p {{name}}',
      '    # a comment',
      '    -rm -f out',
      '[default]',
      '@fmt what:',
      '    cargo fmt {{{{literal}}',
      'after:',
      '    echo done',
    ].join('\r\n');
    const jf = parseJustfile(text);
    assert.equal(jf.defaultRecipe, 'fmt');
    assert.deepEqual([...jf.aliases], [['b', 'build']]);
    assert.deepEqual(jf.loadTime, [
      { line: 3, text: 'git rev-parse HEAD' },
      { line: 4, text: 'uname -m' },
    ]);
    assert.deepEqual(jf.imports, [{ kind: 'import', path: 'local.just', line: 6, optional: true }]);
    const build = jf.recipes.get('build');
    assert.deepEqual(
      [...(build?.params ?? [])],
      [
        ['target', 'x86:64'],
        ['flags', undefined],
      ],
    );
    assert.deepEqual(build?.dependencies, [
      { name: 'helper', after: false },
      { name: 'fmt', after: false },
      { name: 'after', after: true },
    ]);
    assert.deepEqual(
      build.body.map(l => [l.line, interpolate(jf, build, l.text)]),
      [
        [13, 'cargo build --target x86:64 {{flags}} -p app'],
        [16, 'rm -f out'],
      ],
    );
    assert.equal(jf.recipes.get('helper')?.private, true);
    assert.equal(interpolate(jf, jf.recipes.get('fmt'), jf.recipes.get('fmt')?.body[0]?.text ?? ''), 'cargo fmt {{literal}}');
  });

  it('keeps a shebang recipe whole, with its interpreter', () => {
    const jf = parseJustfile('gen:\n    #!/usr/bin/env python3\n    import os\n\n    print(os.name)\nnext:\n    true\n');
    const gen = jf.recipes.get('gen');
    assert.equal(gen?.interpreter, '/usr/bin/env python3');
    assert.deepEqual(
      gen.body.map(l => l.text),
      ['import os', 'print(os.name)'],
    );
    assert.deepEqual(gen.source, [
      { line: 3, text: '    import os' },
      { line: 4, text: '' },
      { line: 5, text: '    print(os.name)' },
    ]);
    assert.equal(isShellInterpreter(gen.interpreter), false);
    assert.equal(isShellInterpreter('/usr/bin/env bash'), true);
    assert.equal(isShellInterpreter('/bin/sh'), true);
  });

  it('reads modules, imports and the shell setting', () => {
    const jf = parseJustfile("set shell := ['python3', \"-c\"]\nmod tools\nmod? extra 'ext/x.just'\nimport 'a.just' # shared\n");
    assert.deepEqual(jf.shell, ['python3', '-c']);
    assert.deepEqual(jf.imports, [
      { kind: 'mod', name: 'tools', line: 2, optional: false },
      { kind: 'mod', name: 'extra', path: 'ext/x.just', line: 3, optional: true },
      { kind: 'import', path: 'a.just', line: 4, optional: false },
    ]);
  });

  it('never throws on junk and marks a huge file as read in part', () => {
    assert.doesNotThrow(() => parseJustfile('\u0000\u0001:::\n\t\t:=\n[[[\n`'));
    assert.match(parseJustfile('#\n'.repeat(100_001)).truncated ?? '', /more than 100000 lines/);
  });
});
