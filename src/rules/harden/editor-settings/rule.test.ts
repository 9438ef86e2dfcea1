import assert from 'node:assert/strict';
import { chownSync, existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { ALL_OS, hardenWith, makeHome, ofRule } from '../../../../test/helpers/workstation.ts';
import type { Os } from '../../../workstation/platform.ts';
import rule from './rule.ts';

const ID = 'harden/editor-settings';
const SETTINGS: Record<Os, string> = {
  linux: '.config/Code/User/settings.json',
  darwin: 'Library/Application Support/Cursor/User/settings.json',
  win32: 'AppData/Roaming/Windsurf/User/settings.json',
};

const GOOD = `{
  "editor.fontSize": 14,
  "task.allowAutomaticTasks": "off"
}
`;

const BAD = `// my settings
{
  "editor.fontSize": 14, // keep this comment
  /* trust */
  "security.workspace.trust.enabled": false,
  "task.allowAutomaticTasks": "on",
  "security.workspace.trust.untrustedFiles": "open",
}
`;

describe(ID, () => {
  for (const os of ALL_OS) {
    it(`${os}: safe settings give no finding and no change`, async () => {
      const home = makeHome({ [SETTINGS[os]]: GOOD });
      const report = await hardenWith(rule, home, os);
      assert.deepEqual(ofRule(report, ID), []);
      assert.equal(report.workstation?.changes, undefined);
    });

    it(`${os}: unsafe settings are reported, fixed with a backup keeping comments, idempotent, and undone byte for byte`, async () => {
      const home = makeHome({ [SETTINGS[os]]: BAD });
      const file = join(home, SETTINGS[os]);
      const audit = await hardenWith(rule, home, os);
      assert.deepEqual(
        ofRule(audit, ID).map(f => f.severity),
        ['high', 'high', 'medium'],
      );
      assert.equal(audit.workstation?.changes?.[0]?.status, 'planned');
      assert.match(audit.workstation.changes[0].diff ?? '', /^-\s+"security\.workspace\.trust\.enabled": false,$/m);
      assert.equal(readFileSync(file, 'utf8'), BAD, 'an audit changes nothing');

      const fixed = await hardenWith(rule, home, os, { fix: true, now: new Date('2026-11-29T10:00:00.000Z') });
      const change = fixed.workstation?.changes?.[0];
      assert.equal(change?.status, 'applied', JSON.stringify(change));
      const after = readFileSync(file, 'utf8');
      assert.match(after, /\/\/ my settings/);
      assert.match(after, /\/\/ keep this comment/);
      assert.match(after, /"security\.workspace\.trust\.enabled": true/);
      assert.match(after, /"task\.allowAutomaticTasks": "off"/);
      assert.match(after, /"security\.workspace\.trust\.untrustedFiles": "prompt"/);
      const backups = readdirSync(dirname(file)).filter(n => n.includes('.airlock-'));
      assert.deepEqual(backups, ['settings.json.airlock-20261129T100000000Z.bak']);
      assert.equal(readFileSync(join(dirname(file), backups[0] ?? ''), 'utf8'), BAD);

      const again = await hardenWith(rule, home, os, { fix: true, now: new Date('2026-11-29T10:00:01.000Z') });
      assert.deepEqual(ofRule(again, ID), []);
      assert.equal(again.workstation?.changes, undefined, 'a second --fix changes nothing');
      assert.equal(readdirSync(dirname(file)).filter(n => n.includes('.airlock-')).length, 1);

      const undone = await hardenWith(rule, home, os, { undo: true });
      assert.equal(undone.workstation?.changes?.[0]?.status, 'restored');
      assert.ok(readFileSync(file).equals(Buffer.from(BAD)), 'byte-for-byte round trip');
      assert.equal(readdirSync(dirname(file)).filter(n => n.includes('.airlock-')).length, 0);
    });

    it(`${os}: an editor without settings.json gets one created, and undo removes it`, async () => {
      const home = makeHome({ [dirname(SETTINGS[os]) + '/keybindings.json']: '[]' });
      const file = join(home, SETTINGS[os]);
      const fixed = await hardenWith(rule, home, os, { fix: true });
      assert.equal(fixed.workstation?.changes?.[0]?.status, 'applied');
      assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')), { 'task.allowAutomaticTasks': 'off' });
      await hardenWith(rule, home, os, { undo: true });
      assert.equal(existsSync(file), false);
    });
  }

  it('keeps tabs, CRLF and a BOM when editing', async () => {
    const text = '\uFEFF{\r\n\t"task.allowAutomaticTasks": "on"\r\n}\r\n';
    const home = makeHome({ [SETTINGS.linux]: text });
    await hardenWith(rule, home, 'linux', { fix: true });
    assert.equal(readFileSync(join(home, SETTINGS.linux), 'utf8'), '\uFEFF{\r\n\t"task.allowAutomaticTasks": "off"\r\n}\r\n');
  });

  it('malformed JSONC is reported as not audited and never changed', async () => {
    const home = makeHome({ [SETTINGS.linux]: '{ "task.allowAutomaticTasks": "on", ' });
    const report = await hardenWith(rule, home, 'linux', { fix: true });
    assert.equal(report.workstation?.checks[0]?.status, 'partial');
    assert.ok(report.errors.some(e => e.message.includes('not valid JSONC')));
    assert.equal(readFileSync(join(home, SETTINGS.linux), 'utf8'), '{ "task.allowAutomaticTasks": "on", ');
  });

  it('does not write through a symlink, nor follow one out of home', async () => {
    const outside = makeHome({ 'settings.json': '{ "task.allowAutomaticTasks": "on" }' });
    const home = makeHome({
      'real.json': '{ "task.allowAutomaticTasks": "on" }',
      [SETTINGS.linux]: { symlink: '../../../real.json' },
      [SETTINGS.darwin]: { symlink: join(outside, 'settings.json') },
    });
    const linux = await hardenWith(rule, home, 'linux', { fix: true });
    assert.equal(ofRule(linux, ID).length, 1, 'a link inside home is audited');
    assert.equal(linux.workstation?.changes?.[0]?.status, 'refused');
    assert.match(linux.workstation.changes[0].reason ?? '', /symbolic link/);
    assert.equal(readFileSync(join(home, 'real.json'), 'utf8'), '{ "task.allowAutomaticTasks": "on" }');
    const darwin = await hardenWith(rule, home, 'darwin', { fix: true });
    assert.ok(darwin.errors.some(e => e.message.includes('outside the home folder')));
    assert.equal(readFileSync(join(outside, 'settings.json'), 'utf8'), '{ "task.allowAutomaticTasks": "on" }');
  });

  it('leaves read-only files, files of another user and huge files alone', async () => {
    const home = makeHome({
      [SETTINGS.linux]: { mode: 0o444, content: '{ "task.allowAutomaticTasks": "on" }' },
      [SETTINGS.darwin]: '{ "task.allowAutomaticTasks": "on" }',
      [SETTINGS.win32]: `{ "x": "${'a'.repeat(5 * 1024 * 1024)}" }`,
    });
    const ro = await hardenWith(rule, home, 'linux', { fix: true });
    assert.equal(ro.workstation?.changes?.[0]?.status, 'refused');
    assert.match(ro.workstation.changes[0].reason ?? '', /read-only/);
    assert.equal(statSync(join(home, SETTINGS.linux)).mode & 0o777, 0o444);
    if (process.getuid?.() === 0) {
      chownSync(join(home, SETTINGS.darwin), 4242, 4242);
      const foreign = await hardenWith(rule, home, 'darwin', { fix: true });
      assert.match(foreign.workstation?.changes?.[0]?.reason ?? '', /another user/);
    }
    const huge = await hardenWith(rule, home, 'win32', { fix: true });
    assert.ok(huge.errors.some(e => e.message.includes('limit')));
    assert.equal(huge.workstation?.changes, undefined);
  });
});
