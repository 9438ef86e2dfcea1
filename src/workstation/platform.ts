/**
 * Where things live on a developer's machine, per OS layout, given a home folder. Every path is
 * computed from `home` so tests (and `--home DIR` on a copied home) can use a fabricated tree for
 * any of the three layouts on any host.
 */
import { joinAbs } from '../fs/path.ts';

export const OSES = ['linux', 'darwin', 'win32'] as const;
export type Os = (typeof OSES)[number];

export function currentOs(): Os {
  const p = process.platform;
  return p === 'darwin' || p === 'win32' ? p : 'linux';
}

/** `%APPDATA%` (Windows), `~/Library/Application Support` (macOS) or `~/.config` (Linux). */
export function appDataDir(home: string, os: Os): string {
  switch (os) {
    case 'win32':
      return joinAbs(home, 'AppData', 'Roaming');
    case 'darwin':
      return joinAbs(home, 'Library', 'Application Support');
    case 'linux':
      return joinAbs(home, '.config');
  }
}

/** `%LOCALAPPDATA%` (Windows), `~/Library` (macOS) or `~/.local/share` (Linux). */
export function localDataDir(home: string, os: Os): string {
  switch (os) {
    case 'win32':
      return joinAbs(home, 'AppData', 'Local');
    case 'darwin':
      return joinAbs(home, 'Library');
    case 'linux':
      return joinAbs(home, '.local', 'share');
  }
}

export const EDITORS = [
  { name: 'VS Code', folder: 'Code' },
  { name: 'VS Code Insiders', folder: 'Code - Insiders' },
  { name: 'Cursor', folder: 'Cursor' },
  { name: 'Windsurf', folder: 'Windsurf' },
  { name: 'VSCodium', folder: 'VSCodium' },
] as const;

export interface EditorProfile {
  editor: string;
  /** The editor's application-data folder (`~/.config/Code`). */
  appDir: string;
  /** `<appDir>/User/settings.json`. */
  settings: string;
  /** Global storage JSON files, newest layout first. */
  storage: string[];
  /** `<appDir>/User/globalStorage/state.vscdb` (SQLite). */
  stateDb: string;
}

export function editorProfiles(home: string, os: Os): EditorProfile[] {
  const base = appDataDir(home, os);
  return EDITORS.map(e => {
    const appDir = joinAbs(base, e.folder);
    return {
      editor: e.name,
      appDir,
      settings: joinAbs(appDir, 'User', 'settings.json'),
      storage: [joinAbs(appDir, 'User', 'globalStorage', 'storage.json'), joinAbs(appDir, 'storage.json')],
      stateDb: joinAbs(appDir, 'User', 'globalStorage', 'state.vscdb'),
    };
  });
}

/** pnpm's global rc file (ini). */
export function pnpmRcPath(home: string, os: Os): string {
  switch (os) {
    case 'win32':
      return joinAbs(home, 'AppData', 'Local', 'pnpm', 'config', 'rc');
    case 'darwin':
      return joinAbs(home, 'Library', 'Preferences', 'pnpm', 'rc');
    case 'linux':
      return joinAbs(home, '.config', 'pnpm', 'rc');
  }
}

/** Every file `airlock harden --fix` may write; `--undo` looks for backups beside these. */
export function fixableFiles(home: string, os: Os): string[] {
  return [...editorProfiles(home, os).map(p => p.settings), joinAbs(home, '.npmrc'), joinAbs(home, '.yarnrc.yml'), pnpmRcPath(home, os)];
}

export interface CacheDirs {
  npm: string;
  pnpm: string[];
  yarn: string[];
}

export function packageCacheDirs(home: string, os: Os): CacheDirs {
  const berry = joinAbs(home, '.yarn', 'berry', 'cache');
  switch (os) {
    case 'win32':
      return {
        npm: joinAbs(home, 'AppData', 'Local', 'npm-cache', '_cacache'),
        pnpm: [joinAbs(home, 'AppData', 'Local', 'pnpm', 'store')],
        yarn: [joinAbs(home, 'AppData', 'Local', 'Yarn', 'Cache'), berry],
      };
    case 'darwin':
      return {
        npm: joinAbs(home, '.npm', '_cacache'),
        pnpm: [joinAbs(home, 'Library', 'pnpm', 'store')],
        yarn: [joinAbs(home, 'Library', 'Caches', 'Yarn'), berry],
      };
    case 'linux':
      return {
        npm: joinAbs(home, '.npm', '_cacache'),
        pnpm: [joinAbs(home, '.local', 'share', 'pnpm', 'store')],
        yarn: [joinAbs(home, '.cache', 'yarn'), berry],
      };
  }
}

/** Places a user-level program starts itself from at login. */
export interface PersistenceDir {
  kind: 'launch-agent' | 'startup-folder' | 'xdg-autostart' | 'systemd-user';
  dir: string;
}

export function persistenceDirs(home: string, os: Os): PersistenceDir[] {
  switch (os) {
    case 'darwin':
      return [{ kind: 'launch-agent', dir: joinAbs(home, 'Library', 'LaunchAgents') }];
    case 'win32':
      return [{ kind: 'startup-folder', dir: joinAbs(appDataDir(home, os), 'Microsoft', 'Windows', 'Start Menu', 'Programs', 'Startup') }];
    case 'linux':
      return [
        { kind: 'xdg-autostart', dir: joinAbs(home, '.config', 'autostart') },
        { kind: 'systemd-user', dir: joinAbs(home, '.config', 'systemd', 'user') },
      ];
  }
}

export interface BrowserRoot {
  browser: string;
  /** The "User Data" folder holding `Default`, `Profile 1`, ... */
  dir: string;
}

export function chromiumRoots(home: string, os: Os): BrowserRoot[] {
  switch (os) {
    case 'linux': {
      const c = joinAbs(home, '.config');
      return [
        { browser: 'Google Chrome', dir: joinAbs(c, 'google-chrome') },
        { browser: 'Chromium', dir: joinAbs(c, 'chromium') },
        { browser: 'Brave', dir: joinAbs(c, 'BraveSoftware', 'Brave-Browser') },
        { browser: 'Microsoft Edge', dir: joinAbs(c, 'microsoft-edge') },
      ];
    }
    case 'darwin': {
      const a = appDataDir(home, os);
      return [
        { browser: 'Google Chrome', dir: joinAbs(a, 'Google', 'Chrome') },
        { browser: 'Chromium', dir: joinAbs(a, 'Chromium') },
        { browser: 'Brave', dir: joinAbs(a, 'BraveSoftware', 'Brave-Browser') },
        { browser: 'Microsoft Edge', dir: joinAbs(a, 'Microsoft Edge') },
      ];
    }
    case 'win32': {
      const l = localDataDir(home, os);
      return [
        { browser: 'Google Chrome', dir: joinAbs(l, 'Google', 'Chrome', 'User Data') },
        { browser: 'Chromium', dir: joinAbs(l, 'Chromium', 'User Data') },
        { browser: 'Brave', dir: joinAbs(l, 'BraveSoftware', 'Brave-Browser', 'User Data') },
        { browser: 'Microsoft Edge', dir: joinAbs(l, 'Microsoft', 'Edge', 'User Data') },
      ];
    }
  }
}

/** GitHub CLI's hosts.yml (it holds an OAuth token unless a keyring is used). */
export function ghHostsPath(home: string, os: Os): string {
  return os === 'win32' ? joinAbs(appDataDir(home, os), 'GitHub CLI', 'hosts.yml') : joinAbs(home, '.config', 'gh', 'hosts.yml');
}
