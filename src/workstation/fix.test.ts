import assert from 'node:assert/strict';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { makeHome } from '../../test/helpers/workstation.ts';
import { applyChanges, backupStamp, newestBackup, undoChanges, unifiedDiff } from './fix.ts';

describe('fix: diff, backup, apply, undo', () => {
  it('makes sortable, file-name-safe timestamps', () => {
    assert.equal(backupStamp(new Date('2026-11-29T21:45:07.123Z')), '20261129T214507123Z');
  });

  it('refuses a change when the file changed since the audit', () => {
    const home = makeHome({ 'a.json': '{}' });
    const file = join(home, 'a.json');
    writeFileSync(file, '{"changed":true}');
    const [r] = applyChanges([{ file, display: '~/a.json', description: 'x', before: Buffer.from('{}'), after: Buffer.from('{"a":1}') }]);
    assert.equal(r?.status, 'refused');
    assert.match(r.reason ?? '', /changed since/);
    assert.equal(readFileSync(file, 'utf8'), '{"changed":true}');
    assert.deepEqual(readdirSync(home), ['a.json'], 'no backup for a refused change');
  });

  it('undoes several fixes one at a time, newest first', () => {
    const home = makeHome({ rc: 'v1\n' });
    const file = join(home, 'rc');
    applyChanges(
      [{ file, display: '~/rc', description: 'to v2', before: Buffer.from('v1\n'), after: Buffer.from('v2\n') }],
      new Date('2026-01-01T00:00:00Z'),
    );
    applyChanges(
      [{ file, display: '~/rc', description: 'to v3', before: Buffer.from('v2\n'), after: Buffer.from('v3\n') }],
      new Date('2026-01-02T00:00:00Z'),
    );
    assert.equal(newestBackup(file)?.stamp, '20260102T000000000Z');
    undoChanges([{ file, display: '~/rc' }]);
    assert.equal(readFileSync(file, 'utf8'), 'v2\n');
    undoChanges([{ file, display: '~/rc' }]);
    assert.equal(readFileSync(file, 'utf8'), 'v1\n');
    assert.deepEqual(undoChanges([{ file, display: '~/rc' }]), [], 'nothing left to undo');
  });

  it('diffs only the changed region, with context', () => {
    const before = Array.from({ length: 20 }, (_, i) => `line ${i}`).join('\n') + '\n';
    const after = before.replace('line 10', 'line ten');
    assert.equal(
      unifiedDiff(before, after, 'f'),
      '--- f\n+++ f\n@@ -8,7 +8,7 @@\n line 7\n line 8\n line 9\n-line 10\n+line ten\n line 11\n line 12\n line 13\n',
    );
  });
});
