import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ALL_OS, hardenWith, makeHome, ofRule } from '../../../../test/helpers/workstation.ts';
import type { Os } from '../../../workstation/platform.ts';
import rule from './rule.ts';

const ID = 'harden/wallet-extensions';
const CHROME: Record<Os, string> = {
  linux: '.config/google-chrome',
  darwin: 'Library/Application Support/Google/Chrome',
  win32: 'AppData/Local/Google/Chrome/User Data',
};
const BRAVE: Record<Os, string> = {
  linux: '.config/BraveSoftware/Brave-Browser',
  darwin: 'Library/Application Support/BraveSoftware/Brave-Browser',
  win32: 'AppData/Local/BraveSoftware/Brave-Browser/User Data',
};

describe(ID, () => {
  for (const os of ALL_OS) {
    it(`${os}: ordinary extensions give no finding`, async () => {
      const home = makeHome({ [`${CHROME[os]}/Default/Extensions/cjpalhdlnbpafiamejdnhcphjbkeiagm/1.0/manifest.json`]: '{}' });
      assert.deepEqual(ofRule(await hardenWith(rule, home, os), ID), []);
    });
    it(`${os}: wallet extensions are reported per browser profile at low severity`, async () => {
      const home = makeHome({
        [`${CHROME[os]}/Default/Extensions/nkbihfbeogaeaoehlefnkodbefgpgknn/11.0_0/manifest.json`]: '{}',
        [`${BRAVE[os]}/Profile 2/Local Extension Settings/bfnaelmomeimhlpmgjnjophhpkkoljpa/000003.log`]: '',
      });
      const hits = ofRule(await hardenWith(rule, home, os), ID);
      assert.equal(hits.length, 2);
      assert.ok(hits.every(h => h.severity === 'low'));
      assert.ok(hits.some(h => h.message.includes('MetaMask')) && hits.some(h => h.message.includes('Phantom')));
    });
  }
});
