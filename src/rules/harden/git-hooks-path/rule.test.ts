import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ALL_OS, hardenWith, makeHome, ofRule } from '../../../../test/helpers/workstation.ts';
import rule, { hooksPaths } from './rule.ts';

const ID = 'harden/git-hooks-path';

describe(ID, () => {
  for (const os of ALL_OS) {
    it(`${os}: no hooksPath, or /dev/null, gives no finding`, async () => {
      const home = makeHome({
        '.gitconfig': '[user]\n\tname = Dev\n[core]\n\teditor = vim\n',
        '.config/git/config': '[core]\n\thooksPath = /dev/null\n',
      });
      assert.deepEqual(ofRule(await hardenWith(rule, home, os), ID), []);
    });
    it(`${os}: a relative hooksPath, or one in ~/.vscode, is high; an own hooks folder is low`, async () => {
      const home = makeHome({
        '.gitconfig': '[core]\n\thooksPath = .github\n',
        '.config/git/config': `[Core]\n  HooksPath = "~/.vscode/hooks"\n`,
      });
      const hits = ofRule(await hardenWith(rule, home, os), ID);
      assert.deepEqual(
        hits.map(h => h.severity),
        ['high', 'high'],
      );
      const own = makeHome({ '.gitconfig': '[core]\n\thooksPath = ~/.githooks ; mine\n' });
      assert.deepEqual(
        ofRule(await hardenWith(rule, own, os), ID).map(h => h.severity),
        ['low'],
      );
    });
  }

  it('parses sections, quoting and comments', () => {
    assert.deepEqual(hooksPaths('[core "x"]\nhooksPath = a\n[alias]\nhooksPath = b\n[core]\n# hooksPath = c\nhookspath = "d e" # x\n'), [
      { value: 'd e', line: 7 },
    ]);
  });
});
