import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parsePosix } from './posix.ts';
import { tokenizeCommand } from './tokenize.ts';
import type { RawCommand } from './ir.ts';

const limits = { maxCommands: 100 };

function shape(cmds: RawCommand[] | undefined): { words: string[]; piped: number; bg: boolean; dir?: string }[] {
  return (cmds ?? []).map(c => ({
    words: c.words,
    piped: c.pipedFrom.length,
    bg: c.background,
    ...(c.dir === undefined ? {} : { dir: c.dir }),
  }));
}

describe('front ends agree on plain commands', () => {
  for (const cmd of [
    'tsc -b && vite build',
    'concurrently "npm:dev:*" "vite --port 3000"',
    "eslint 'src/**/*.ts' --max-warnings 0",
    'cd web && npm run build || echo failed; node server.js',
    'cat a | grep x | sort',
    'npx prisma@5.1.0 generate --schema=./prisma/schema.prisma',
    'start /b node server || nohup node server &',
    'a & b',
    'a && b & c; d | e &',
  ]) {
    it(cmd, () => {
      assert.deepEqual(shape(tokenizeCommand(cmd, { ...limits, posix: true })), shape(parsePosix(cmd, limits)));
    });
  }
});

describe('posix front end', () => {
  it('marks a backgrounded statement and its pipeline', () => {
    const cmds = parsePosix('a | b & c', limits) ?? [];
    assert.deepEqual(
      cmds.map(c => [c.words[0], c.background]),
      [
        ['a', true],
        ['b', true],
        ['c', false],
      ],
    );
  });

  it('returns undefined on syntax errors', () => {
    assert.equal(parsePosix('echo "', limits), undefined);
    assert.equal(parsePosix('fi', limits), undefined);
  });

  it('reads here-documents, here-strings and input files as stdin', () => {
    const [h] = parsePosix('sh <<EOF\necho hi\nEOF\n', limits) ?? [];
    assert.deepEqual(h?.stdin, { kind: 'text', text: 'echo hi\n' });
    const [w] = parsePosix('bash <<< "id"', limits) ?? [];
    assert.deepEqual(w?.stdin, { kind: 'text', text: 'id' });
    const [f] = parsePosix('node < payload.txt > out.log', limits) ?? [];
    assert.deepEqual(f?.stdin, { kind: 'file', path: 'payload.txt' });
    assert.deepEqual(f.stdout, ['out.log']);
  });

  it('lowers control flow and functions', () => {
    const cmds =
      parsePosix('if test -f x; then a; else b; fi; for i in $(c); do d; done; f() { e; }; case $x in y) g;; esac', limits) ?? [];
    assert.deepEqual(
      cmds.map(c => c.words[0]),
      ['test', 'a', 'b', 'c', 'd', 'e', 'g'],
    );
  });

  it('caps the number of commands', () => {
    assert.equal((parsePosix('a;'.repeat(500), { maxCommands: 50 }) ?? []).length, 50);
  });
});

describe('tokeniser', () => {
  it('splits cmd.exe operators and keeps backslashes', () => {
    const cmds = tokenizeCommand('cd /d C:\\app && node .\\a.js 2>&1 | findstr x > out.txt', limits);
    assert.deepEqual(
      cmds.map(c => c.words),
      [
        ['cd', '/d', 'C:\\app'],
        ['node', '.\\a.js'],
        ['findstr', 'x'],
      ],
    );
    assert.deepEqual(cmds[2]?.stdout, ['out.txt']);
    assert.equal(cmds[2].pipedFrom.length, 1);
  });

  it('honours ^ escapes and quotes', () => {
    assert.deepEqual(tokenizeCommand('c^url "a b" \'c d\' e^&f', limits)[0]?.words, ['curl', 'a b', 'c d', 'e&f']);
  });
});
