import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ALL_OS, hardenWith, makeHome, ofRule } from '../../../../test/helpers/workstation.ts';
import type { Os } from '../../../workstation/platform.ts';
import rule from './rule.ts';

const ID = 'harden/install-scripts';
const PNPM_RC: Record<Os, string> = {
  linux: '.config/pnpm/rc',
  darwin: 'Library/Preferences/pnpm/rc',
  win32: 'AppData/Local/pnpm/config/rc',
};
const YARNRC = '# my yarn settings\nnodeLinker: node-modules # keep\nenableScripts: true\n';
const NPMRC = '; personal\nsave-exact=true\n';

describe(ID, () => {
  for (const os of ALL_OS) {
    it(`${os}: script-safe package-manager settings give no finding`, async () => {
      const home = makeHome({
        '.npmrc': 'ignore-scripts=true\n',
        [PNPM_RC[os]]: 'strict-dep-builds=true\nminimum-release-age=1440\n',
        '.yarnrc.yml': 'enableScripts: false\n',
      });
      const report = await hardenWith(rule, home, os);
      assert.deepEqual(ofRule(report, ID), []);
      assert.equal(report.workstation?.changes, undefined);
    });

    it(`${os}: default npm, permissive pnpm and yarn are reported and fixed, then undone byte for byte`, async () => {
      const home = makeHome({
        '.npmrc': NPMRC,
        [PNPM_RC[os]]: 'dangerously-allow-all-builds=true\n',
        '.yarnrc.yml': YARNRC,
        '.bun/bin/bun': 'x',
      });
      const audit = await hardenWith(rule, home, os);
      const hits = ofRule(audit, ID);
      assert.deepEqual(hits.map(h => h.severity).sort(), ['high', 'low', 'low', 'medium', 'medium']);
      assert.ok(audit.notes?.some(n => n.includes('Bun')));
      const fixed = await hardenWith(rule, home, os, { fix: true });
      assert.deepEqual(
        fixed.workstation?.changes?.map(c => c.status),
        ['applied', 'applied', 'applied'],
      );
      assert.equal(readFileSync(join(home, '.npmrc'), 'utf8'), `${NPMRC}ignore-scripts=true\n`);
      assert.equal(
        readFileSync(join(home, PNPM_RC[os]), 'utf8'),
        'dangerously-allow-all-builds=true\nstrict-dep-builds=true\nminimum-release-age=1440\n',
      );
      const yarn = readFileSync(join(home, '.yarnrc.yml'), 'utf8');
      assert.match(yarn, /# my yarn settings/);
      assert.match(yarn, /# keep/);
      assert.match(yarn, /enableScripts: false/);
      const again = await hardenWith(rule, home, os, { fix: true });
      assert.equal(again.workstation?.changes, undefined);
      assert.deepEqual(
        ofRule(again, ID).map(h => h.severity),
        ['high'],
        'only the setting Airlock never removes is left',
      );
      await hardenWith(rule, home, os, { undo: true });
      assert.equal(readFileSync(join(home, '.npmrc'), 'utf8'), NPMRC);
      assert.equal(readFileSync(join(home, '.yarnrc.yml'), 'utf8'), YARNRC);
      assert.equal(readFileSync(join(home, PNPM_RC[os]), 'utf8'), 'dangerously-allow-all-builds=true\n');
    });
  }

  it('creates ~/.npmrc when there is none, and undo removes it', async () => {
    const home = makeHome();
    await hardenWith(rule, home, 'linux', { fix: true });
    assert.equal(readFileSync(join(home, '.npmrc'), 'utf8'), 'ignore-scripts=true\n');
    assert.equal(existsSync(join(home, '.yarnrc.yml')), false, 'yarn settings are not created when yarn is absent');
    await hardenWith(rule, home, 'linux', { undo: true });
    assert.equal(existsSync(join(home, '.npmrc')), false);
  });

  it('malformed .yarnrc.yml is reported and left alone', async () => {
    const home = makeHome({ '.npmrc': 'ignore-scripts=true\n', '.yarnrc.yml': 'enableScripts: [\n' });
    const report = await hardenWith(rule, home, 'linux', { fix: true });
    assert.ok(report.errors.some(e => e.message.includes('not valid YAML')));
    assert.equal(readFileSync(join(home, '.yarnrc.yml'), 'utf8'), 'enableScripts: [\n');
  });
});
