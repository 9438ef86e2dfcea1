import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ALL_OS, huntWith, makeHome, ofRule } from '../../../../test/helpers/workstation.ts';
import rule from './rule.ts';

const ID = 'hunt/host-artefacts';

describe(ID, () => {
  for (const os of ALL_OS) {
    it(`${os}: a clean home with an ordinary ~/.vscode has no finding`, async () => {
      const home = makeHome({
        '.vscode/argv.json': '{}',
        '.vscode/extensions/ms-python.python-1.0.0/package.json': '{}',
        'notes.txt': 'x',
        '.tmp-for-test/other.lock': '',
      });
      const report = await huntWith(rule, home, os);
      assert.deepEqual(ofRule(report, ID), []);
      assert.equal(report.verdict, 'pass');
      assert.equal(report.target.kind, 'workstation');
      assert.equal(report.command, 'hunt');
    });

    it(`${os}: dropped stages in ~/.vscode, ~/.n2 and temp lock files are critical`, async () => {
      const home = makeHome({
        '.vscode/test.js': '// inert stand-in\n',
        '.vscode/env-setup.npl': '// inert\n',
        '.vscode/my-take-home.txt': 'fingerprint',
        '.vscode/node-v20.11.1-linux-x64/README.md': 'node',
        '.n2/pay': 'inert',
        '.tmp-for-test/pid.7.1.lock': '',
      });
      const report = await huntWith(rule, home, os);
      const files = ofRule(report, ID)
        .map(f => f.location.file)
        .sort();
      assert.deepEqual(
        files,
        [
          '.tmp-for-test/pid.7.1.lock',
          '~/.n2',
          '~/.vscode/env-setup.npl',
          '~/.vscode/my-take-home.txt',
          '~/.vscode/node-v20.11.1-linux-x64',
          '~/.vscode/test.js',
        ]
          .map(f => (f.startsWith('.tmp') ? `~/${f}` : f))
          .sort(),
      );
      assert.equal(report.verdict, 'block');
      const test = ofRule(report, ID).find(f => f.location.file === '~/.vscode/test.js');
      assert.ok(test?.remediation?.includes('rotate'));
      assert.match(test?.evidence ?? '', /https:\/\/github\.com\/ThreatProphet\/.*2026-03-01-lumanagi\.md/);
      assert.doesNotMatch(test?.evidence ?? '', /\bS12\b/);
    });
  }

  it('darwin: the gh-token-monitor LaunchAgent says to unload it before revoking tokens', async () => {
    const home = makeHome({
      'Library/LaunchAgents/gh-token-monitor.plist': '<plist/>',
      'Library/LaunchAgents/com.bablu.helper.plist': '<plist/>',
      'Library/LaunchAgents/com.example.legit.plist': '<plist/>',
    });
    const report = await huntWith(rule, home, 'darwin');
    const hits = ofRule(report, ID);
    assert.equal(hits.length, 2);
    const gh = hits.find(f => f.location.file.includes('gh-token-monitor'));
    assert.ok(gh?.remediation);
    const r = gh.remediation;
    assert.ok(r.indexOf('bootout') < r.indexOf('rotate'), 'unload comes before rotating credentials');
  });

  it('darwin-only artefacts are not looked for on a linux layout', async () => {
    const home = makeHome({ 'Library/LaunchAgents/gh-token-monitor.plist': '<plist/>' });
    assert.deepEqual(ofRule(await huntWith(rule, home, 'linux'), ID), []);
  });

  it('win32: startup-folder entries and a note that the registry is not read', async () => {
    const home = makeHome({
      'AppData/Roaming/Microsoft/Windows/Start Menu/Programs/Startup/NvidiaDriverUpdate.lnk': 'x',
      'temp_auto_push.bat': 'rem inert',
    });
    const report = await huntWith(rule, home, 'win32');
    assert.equal(ofRule(report, ID).length, 2);
    assert.ok(report.notes?.some(n => n.includes('registry')));
  });

  it('looks for worm helpers inside repositories under --roots', async () => {
    const home = makeHome({ 'code/app/package.json': '{}', 'code/app/config.bat': 'rem inert', 'code/clean/package.json': '{}' });
    const report = await huntWith(rule, home, 'linux', { roots: [`${home}/code`] });
    assert.deepEqual(
      ofRule(report, ID).map(f => f.location.file),
      ['~/code/app/config.bat'],
    );
  });
});
