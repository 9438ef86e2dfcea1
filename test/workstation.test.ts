/** hunt() and harden() with every workstation rule, on fabricated homes of each OS layout. */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { harden, hunt } from '../src/index.ts';
import { ALL_OS, QUIET_MACHINE, makeHome } from './helpers/workstation.ts';
import type { Tree } from './helpers/workstation.ts';
import type { Os } from '../src/workstation/platform.ts';

const SETTINGS: Record<Os, string> = {
  linux: '.config/Code/User/settings.json',
  darwin: 'Library/Application Support/Code/User/settings.json',
  win32: 'AppData/Roaming/Code/User/settings.json',
};
const PERSIST: Record<Os, string> = {
  linux: '.config/autostart/helper.desktop',
  darwin: 'Library/LaunchAgents/gh-token-monitor.plist',
  win32: 'AppData/Roaming/Microsoft/Windows/Start Menu/Programs/Startup/NvidiaDriverUpdate.cmd',
};

function hardenedHome(os: Os): Tree {
  return {
    [SETTINGS[os]]: '{ "task.allowAutomaticTasks": "off" }\n',
    '.npmrc': 'ignore-scripts=true\n',
    '.ssh/id_ed25519.pub': 'ssh-ed25519 AAAA dev\n',
    tmp: { dir: true },
  };
}

describe('workstation commands, all rules', () => {
  for (const os of ALL_OS) {
    it(`${os}: a hardened, clean home passes hunt and harden`, async () => {
      const home = makeHome(hardenedHome(os));
      const h = await hunt({ home, os, tmpDir: join(home, 'tmp'), readers: QUIET_MACHINE, roots: [] });
      assert.equal(h.verdict, 'pass', JSON.stringify(h.findings, null, 2));
      assert.equal(h.workstation?.checks.length, 6);
      const d = await harden({ home, os, readers: QUIET_MACHINE });
      assert.equal(d.verdict, 'pass', JSON.stringify(d.findings, null, 2));
      assert.equal(d.workstation?.checks.length, 8);
    });

    it(`${os}: a compromised home blocks, and persistence is unloaded before tokens are rotated`, async () => {
      const home = makeHome({
        ...hardenedHome(os),
        '.vscode/p.js': '// inert\n',
        [PERSIST[os]]: 'node ~/.vscode/p.js\n',
        'tmp/pid.3.2.lock': '',
      });
      const h = await hunt({ home, os, tmpDir: join(home, 'tmp'), readers: QUIET_MACHINE });
      assert.equal(h.verdict, 'block');
      const ids = new Set(h.findings.map(f => f.ruleId));
      assert.ok(ids.has('hunt/host-artefacts') && ids.has('hunt/persistence'), [...ids].join(', '));
      for (const f of h.findings.filter(x => x.severity === 'critical')) {
        const r = f.remediation ?? '';
        assert.ok(r.indexOf('BEFORE revoking') >= 0 && r.indexOf('BEFORE revoking') < r.indexOf('rotate'), r);
      }
    });
  }
});
