/**
 * Default options. Online clients take their base URLs from here, overridable by environment
 * variables and flags, so tests point them at 127.0.0.1.
 */
import { homedir } from 'node:os';
import { joinAbs } from '../fs/path.ts';
import { EMPTY_CONFIG } from './config.ts';
import type { ScanOptions } from './rule.ts';

export type Env = Readonly<Record<string, string | undefined>>;

/** The platform's cache folder for Airlock (XDG on Linux, Library/Caches on macOS, LOCALAPPDATA on Windows). */
export function defaultCacheDir(env: Env = process.env, platform: NodeJS.Platform = process.platform): string {
  const override = env['AIRLOCK_CACHE_DIR'];
  if (override) return override;
  const home = env['HOME'] ?? env['USERPROFILE'] ?? homedir();
  if (platform === 'darwin') return joinAbs(home, 'Library', 'Caches', 'airlock');
  if (platform === 'win32') return joinAbs(env['LOCALAPPDATA'] ?? joinAbs(home, 'AppData', 'Local'), 'airlock', 'Cache');
  return joinAbs(env['XDG_CACHE_HOME'] ?? joinAbs(home, '.cache'), 'airlock');
}

export function defaultScanOptions(env: Env = process.env): ScanOptions {
  return {
    online: false,
    nodeModules: 'auto',
    provenance: true,
    allRefs: false,
    registryUrl: env['AIRLOCK_REGISTRY_URL'] ?? 'https://registry.npmjs.org',
    downloadsUrl: env['AIRLOCK_DOWNLOADS_URL'] ?? 'https://api.npmjs.org',
    cacheDir: defaultCacheDir(env),
    yaraDirs: [],
    githubApiUrl: env['AIRLOCK_GITHUB_API_URL'] ?? 'https://api.github.com',
    gitlabApiUrl: env['AIRLOCK_GITLAB_API_URL'] ?? 'https://gitlab.com/api/v4',
    bitbucketApiUrl: env['AIRLOCK_BITBUCKET_API_URL'] ?? 'https://api.bitbucket.org/2.0',
    config: EMPTY_CONFIG,
  };
}
