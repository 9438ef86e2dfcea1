import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chromiumRoots, editorProfiles, fixableFiles, ghHostsPath, packageCacheDirs, persistenceDirs, pnpmRcPath } from './platform.ts';

const H = '/h';

describe('per-OS locations', () => {
  it('puts editor settings where each OS keeps them', () => {
    const code = (os: 'linux' | 'darwin' | 'win32') => editorProfiles(H, os).find(p => p.editor === 'VS Code');
    assert.equal(code('linux')?.settings, '/h/.config/Code/User/settings.json');
    assert.equal(code('darwin')?.settings, '/h/Library/Application Support/Code/User/settings.json');
    assert.equal(code('win32')?.settings, '/h/AppData/Roaming/Code/User/settings.json');
    assert.equal(code('linux')?.stateDb, '/h/.config/Code/User/globalStorage/state.vscdb');
    assert.deepEqual(
      editorProfiles(H, 'linux').map(p => p.editor),
      ['VS Code', 'VS Code Insiders', 'Cursor', 'Windsurf', 'VSCodium'],
    );
  });

  it('knows package-manager, persistence, browser and gh locations', () => {
    assert.equal(packageCacheDirs(H, 'win32').npm, '/h/AppData/Local/npm-cache/_cacache');
    assert.equal(pnpmRcPath(H, 'darwin'), '/h/Library/Preferences/pnpm/rc');
    assert.deepEqual(persistenceDirs(H, 'darwin'), [{ kind: 'launch-agent', dir: '/h/Library/LaunchAgents' }]);
    assert.equal(persistenceDirs(H, 'win32')[0]?.dir, '/h/AppData/Roaming/Microsoft/Windows/Start Menu/Programs/Startup');
    assert.equal(chromiumRoots(H, 'win32')[0]?.dir, '/h/AppData/Local/Google/Chrome/User Data');
    assert.equal(ghHostsPath(H, 'win32'), '/h/AppData/Roaming/GitHub CLI/hosts.yml');
    assert.ok(fixableFiles(H, 'linux').includes('/h/.npmrc'));
  });
});
