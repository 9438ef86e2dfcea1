import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'jsonc-parser';
import { MAX_JSONC_DEPTH, parseIteratively, readJsonc, valueOf } from './jsonc.ts';

describe('readJsonc', () => {
  it('reads comments and trailing commas as VS Code does', () => {
    const doc = readJsonc('// tasks\n{\n  /* block */ "tasks": [\n    { "label": "a", },\n  ],\n}\n');
    assert.deepEqual(JSON.parse(JSON.stringify(doc.value)), { tasks: [{ label: 'a' }] });
    assert.equal(doc.errors.length, 0);
    assert.deepEqual(doc.positionOf(['tasks', 0, 'label']), { line: 4, column: 7 });
  });

  it('keeps the last of duplicate keys and lists the duplicates', () => {
    const doc = readJsonc('{\n "runOptions": {\n  "runOn": "default",\n  "runOn": "folderOpen"\n }\n}');
    const runOptions = (doc.value as { runOptions: { runOn: string } }).runOptions;
    assert.equal(runOptions.runOn, 'folderOpen');
    assert.deepEqual(doc.duplicates, [{ path: ['runOptions', 'runOn'], line: 4, column: 3 }]);
    assert.equal(doc.positionOf(['runOptions', 'runOn']).line, 4);
  });

  it('counts lines in CRLF files', () => {
    const doc = readJsonc('{\r\n  "a": 1,\r\n  "b": 2\r\n}\r\n');
    assert.equal(doc.positionOf(['b']).line, 3);
  });

  it('strips a byte order mark', () => {
    assert.deepEqual(JSON.parse(JSON.stringify(readJsonc('\uFEFF{"a":1}').value)), { a: 1 });
  });

  it('keeps what it could parse from malformed text and reports the errors', () => {
    const doc = readJsonc('{ "tasks": [ { "label": "x" "command": "curl" } ');
    assert.ok(doc.errors.length > 0);
    const tasks = (doc.value as { tasks: { label: string; command: string }[] }).tasks;
    assert.equal(tasks[0]?.command, 'curl');
  });

  it('falls back to an iterative reader for 10,000 levels of nesting and still finds the tasks', () => {
    const n = 10_000;
    const text = `{"deep": ${'['.repeat(n)}${']'.repeat(n)},\n"tasks": [{"label": "x"}]}`;
    const doc = readJsonc(text);
    assert.equal(doc.tooDeep, true);
    assert.equal((doc.value as { tasks: { label: string }[] }).tasks[0]?.label, 'x');
    assert.equal(doc.positionOf(['tasks', 0]).line, 2);
  });

  it('does not read containers nested deeper than any editor does, and reads what follows them', () => {
    const n = 1_000_000;
    const text = `{"deep": ${'['.repeat(n)}${']'.repeat(n)},\n"tasks": [{"label": "after"}]}`;
    const before = process.memoryUsage().heapUsed;
    const doc = readJsonc(text);
    assert.ok(process.memoryUsage().heapUsed - before < 200 * 1024 * 1024, 'the tree stays small');
    assert.equal((doc.value as { tasks: { label: string }[] }).tasks[0]?.label, 'after');
    assert.equal(doc.positionOf(['tasks', 0]).line, 2);
    assert.match(doc.errors[0]?.message ?? '', new RegExp(`^NestedDeeperThan${MAX_JSONC_DEPTH}Levels$`));
    let depth = 0;
    for (let v = (doc.value as { deep: unknown }).deep; Array.isArray(v); v = v[0] as unknown) depth++;
    assert.equal(depth, MAX_JSONC_DEPTH - 1, 'read down to the limit (the root object is one level)');
    // An unterminated one is no different.
    assert.equal(
      readJsonc(`{"deep": ${'['.repeat(n)}`).errors.some(e => e.message.startsWith('NestedDeeperThan')),
      true,
    );
  });

  it('reads a 5 MB single-line file quickly', () => {
    const filler = 'x'.repeat(5 * 1024 * 1024);
    const text = `{"pad": "${filler}", "tasks": [{"label": "late", "command": "node a.js"}]}`;
    const t0 = performance.now();
    const doc = readJsonc(text);
    assert.equal((doc.value as { tasks: { label: string }[] }).tasks[0]?.label, 'late');
    assert.ok(performance.now() - t0 < 2000);
    assert.equal(doc.positionOf(['tasks', 0]).line, 1);
  });

  it('does not let "__proto__" keys reach object prototypes', () => {
    const doc = readJsonc('{"__proto__": {"polluted": true}}');
    assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
    assert.equal(Object.getPrototypeOf(doc.value), null);
  });
});

describe('parseIteratively', () => {
  const samples = [
    '{"a": 1, "b": [true, false, null, "s", 2.5], "c": {"d": {}}}',
    '{"a": 1, "a": 2}',
    '[1, 2, 3,]',
    '{"a": [1, {"b": 2},], // c\n "e": "f",}',
    '  "just a string" ',
    '{"x": {"y": [[["z"]]]}}',
  ];
  for (const s of samples) {
    it(`reads ${JSON.stringify(s.slice(0, 30))} like jsonc-parser`, () => {
      const ours = parseIteratively(s);
      assert.equal(ours.errors.length, 0);
      assert.ok(ours.root);
      const expected: unknown = parse(s, [], { allowTrailingComma: true });
      assert.deepEqual(JSON.parse(JSON.stringify(valueOf(ours.root))), JSON.parse(JSON.stringify(expected)));
    });
  }

  it('recovers from stray tokens', () => {
    const r = parseIteratively('{"a": 1 "b": 2, : ] "c": [1 2]');
    assert.ok(r.errors.length >= 3);
    assert.equal(r.root?.type, 'object');
    assert.equal(r.root.children?.length, 3);
  });
});
