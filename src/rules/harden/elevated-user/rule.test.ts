import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ALL_OS, hardenWith, makeHome, ofRule } from '../../../../test/helpers/workstation.ts';
import rule from './rule.ts';

const ID = 'harden/elevated-user';
const quietProcs = () => ({
  processes: [{ pid: 5, uid: 1000, argv: ['/usr/share/code/code', '--type=renderer'] }],
  sockets: [],
  unreadable: 0,
  errors: [],
});

describe(ID, () => {
  for (const os of ALL_OS) {
    it(`${os}: an ordinary user and editor give no finding`, async () => {
      const report = await hardenWith(rule, makeHome(), os, {
        readers: { identity: () => ({ user: 'dev', uid: 1000, elevated: false }), processes: quietProcs },
      });
      assert.deepEqual(ofRule(report, ID), []);
    });
    it(`${os}: root/Administrator shell is medium, an editor running as root is high`, async () => {
      const report = await hardenWith(rule, makeHome(), os, {
        readers: {
          identity: () => ({ user: 'root', uid: 0, elevated: true }),
          processes: () => ({
            processes: [
              { pid: 6, uid: 0, argv: ['/Applications/Cursor.app/Contents/MacOS/Cursor'] },
              { pid: 7, uid: 0, argv: ['/usr/share/code/code'] },
            ],
            sockets: [],
            unreadable: 0,
            errors: [],
          }),
        },
      });
      assert.deepEqual(
        ofRule(report, ID)
          .map(f => f.severity)
          .sort(),
        ['high', 'medium'],
      );
    });
  }

  it('is skipped when the identity cannot be known', async () => {
    const report = await hardenWith(rule, makeHome(), 'linux', { readers: { identity: () => undefined } });
    assert.equal(report.workstation?.checks[0]?.status, 'skipped');
  });
});
