import assert from 'node:assert/strict';
import { it } from 'node:test';
import { yamlPythonTags } from './yaml-tags.ts';

it('finds short, long and %TAG-handle Python tags with their lines', () => {
  const text = [
    '%TAG !p! tag:yaml.org,2002:python/',
    '---',
    'a: !!python/object/apply:os.system ["true"]',
    'b: !<tag:yaml.org,2002:python/object/new:subprocess.Popen> [["true"]]',
    'c: !p!name:builtins.eval',
    'd: plain',
  ].join('\n');
  assert.deepEqual(
    yamlPythonTags(text).map(t => `${t.kind} ${t.name} ${String(t.line)}`),
    ['object/apply os.system 3', 'object/new subprocess.Popen 4', 'name builtins.eval 5'],
  );
});

it('an ordinary config (anchors, custom application tags) has no Python tags', () => {
  assert.deepEqual(yamlPythonTags('base: &b\n  x: 1\nprod:\n  <<: *b\nsecret: !vault |\n  abc\nenv: !ENV ${HOME}\n'), []);
});
