import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { ALL_OS, hardenWith, makeHome, ofRule } from '../../../../test/helpers/workstation.ts';
import type { Os } from '../../../workstation/platform.ts';
import rule, { blanketReason } from './rule.ts';

const ID = 'harden/editor-trusted-folders';
const DB: Record<Os, string> = {
  linux: '.config/Code/User/globalStorage/state.vscdb',
  darwin: 'Library/Application Support/Cursor/User/globalStorage/state.vscdb',
  win32: 'AppData/Roaming/VSCodium/User/globalStorage/state.vscdb',
};
const HAVE_SQLITE = spawnSync('sqlite3', ['-version']).error === undefined;

/** Writes a real state.vscdb with the sqlite3 command-line tool. */
function stateDb(file: string, trusted: string[]): void {
  mkdirSync(dirname(file), { recursive: true });
  const value = JSON.stringify({
    uriTrustInfo: trusted.map(p => ({ uri: { $mid: 1, external: pathToFileURL(p).href, path: p, scheme: 'file' }, trusted: true })),
  }).replace(/'/g, "''");
  const sql = `CREATE TABLE ItemTable (key TEXT UNIQUE ON CONFLICT REPLACE, value BLOB); INSERT INTO ItemTable VALUES ('content.trust.model.key', '${value}');`;
  const r = spawnSync('sqlite3', [file, sql], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
}

describe(ID, { skip: !HAVE_SQLITE && 'needs the sqlite3 tool to build state databases' }, () => {
  for (const os of ALL_OS) {
    it(`${os}: trusting single project folders is fine`, async () => {
      const home = makeHome();
      stateDb(join(home, DB[os]), [join(home, 'code', 'app'), join(home, 'work')]);
      assert.deepEqual(ofRule(await hardenWith(rule, home, os), ID), []);
    });
    it(`${os}: trusting the home folder, its parent or Downloads is high`, async () => {
      const home = makeHome();
      stateDb(join(home, DB[os]), [home, dirname(home), join(home, 'Downloads'), join(home, 'code', 'app')]);
      const hits = ofRule(await hardenWith(rule, home, os), ID);
      assert.equal(hits.length, 3);
      assert.ok(hits.every(h => h.severity === 'high'));
    });
  }
});

describe(`${ID} (logic)`, () => {
  it('judges folders against the home folder', () => {
    assert.equal(blanketReason('/home/dev', '/home/dev', 'linux'), 'your whole home folder');
    assert.equal(blanketReason('/', '/home/dev', 'linux'), 'a folder that contains your home folder');
    assert.equal(blanketReason('/home/dev/code', '/home/dev', 'linux'), undefined);
    assert.equal(blanketReason('C:\\Users', 'c:\\users\\dev', 'win32'), 'a folder that contains your home folder');
  });
});
