import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { makeHome } from '../../test/helpers/workstation.ts';
import { localPathOf, readEditorState } from './editor-state.ts';
import { editorProfiles } from './platform.ts';
import { SqliteFormatError, readKeyValues } from './sqlite.ts';

const DB = readFileSync(new URL('./testdata/state.vscdb', import.meta.url));

describe('editor state', () => {
  it('reads ItemTable keys from a real state.vscdb (interior pages, overflow chains)', () => {
    const values = readKeyValues(DB, 'ItemTable', new Set(['history.recentlyOpenedPathsList', 'workbench.filler.599', 'absent.key']));
    assert.equal(values.size, 2);
    const recent = JSON.parse(values.get('history.recentlyOpenedPathsList') ?? '{}') as { entries: unknown[] };
    assert.equal(recent.entries.length, 203);
    assert.deepEqual(JSON.parse(values.get('workbench.filler.599') ?? '{}'), { n: 599, pad: 'p'.repeat(40) });
  });

  it('refuses corrupt and truncated databases with a format error', () => {
    assert.throws(
      () => readKeyValues(Buffer.from('not a database at all, just some text'.repeat(5)), 'ItemTable', new Set()),
      SqliteFormatError,
    );
    assert.throws(() => readKeyValues(DB.subarray(0, 8192), 'ItemTable', new Set(['history.recentlyOpenedPathsList'])), SqliteFormatError);
    const looped = Buffer.from(DB);
    looped.fill(0xff, 4096 + 8, 4096 + 64);
    assert.throws(() => readKeyValues(looped, 'ItemTable', new Set(['x'])));
  });

  it('lists recent local folders and trusted folders from storage.json and state.vscdb', () => {
    const home = makeHome({
      '.config/Code/User/globalStorage/state.vscdb': DB,
      '.config/Code/User/globalStorage/storage.json': JSON.stringify({
        windowsState: { lastActiveWindow: { folder: 'file:///airlock-test-home/code/last' } },
      }),
    });
    const profile = editorProfiles(home, 'linux').find(p => p.editor === 'VS Code');
    assert.ok(profile);
    const state = readEditorState(home, profile, 'linux');
    assert.equal(state.recentFolders[0], '/airlock-test-home/code/lure');
    assert.ok(state.recentFolders.includes('/airlock-test-home/code/last'));
    assert.ok(!state.recentFolders.some(f => f.includes('srv/app')), 'remote folders are skipped');
    assert.deepEqual(state.trustedFolders, ['/airlock-test-home', '/airlock-test-home/code/work']);
    assert.deepEqual(state.problems, []);
  });

  it('reports a malformed storage.json and a corrupt state.vscdb as problems', () => {
    const home = makeHome({
      'Library/Application Support/Cursor/User/globalStorage/storage.json': '{ not json',
      'Library/Application Support/Cursor/User/globalStorage/state.vscdb': 'SQLite format 3\u0000garbage',
    });
    const profile = editorProfiles(home, 'darwin').find(p => p.editor === 'Cursor');
    assert.ok(profile);
    const state = readEditorState(home, profile, 'darwin');
    assert.equal(state.problems.length, 2);
    assert.deepEqual(state.recentFolders, []);
  });

  it('converts Windows file URIs', () => {
    assert.equal(localPathOf('file:///c%3A/Users/dev/code', 'win32'), 'c:\\Users\\dev\\code');
    assert.equal(localPathOf('vscode-remote://wsl/x', 'win32'), undefined);
  });
});
