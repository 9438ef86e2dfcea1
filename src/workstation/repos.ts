/**
 * Repositories under the `--roots` folders: folders holding `.git` or `package.json`, found by a
 * bounded breadth-first walk that never follows symlinks, never enters node_modules, and stops
 * descending at a repository (a monorepo is scanned as one).
 */
import { readdirSync } from 'node:fs';
import type { Dirent } from 'node:fs';
import { joinAbs } from '../fs/path.ts';
import type { WorkstationFact } from './rule.ts';

export const MAX_ROOT_DEPTH = 4;
export const MAX_REPOSITORIES = 200;
const MAX_DIRS_VISITED = 20_000;
const SKIP = new Set(['node_modules', '.git', '.cache', '.npm', '.Trash', 'Library', 'AppData', '$RECYCLE.BIN']);

export interface RepositorySearch {
  repositories: string[];
  /** Why the search stopped early, when it did. */
  truncated?: string;
  unreadable: string[];
}

/** The repositories under --roots, searched once per run. */
export const repositories: WorkstationFact<RepositorySearch> = { name: 'repositories', compute: ctx => findRepositories(ctx.roots) };

export function findRepositories(roots: readonly string[]): RepositorySearch {
  const repositories: string[] = [];
  const unreadable: string[] = [];
  let visited = 0;
  for (const root of roots) {
    let level = [root];
    for (let depth = 0; depth <= MAX_ROOT_DEPTH && level.length > 0; depth++) {
      const next: string[] = [];
      for (const dir of level) {
        if (++visited > MAX_DIRS_VISITED) return { repositories, truncated: `stopped after ${MAX_DIRS_VISITED} folders`, unreadable };
        let entries: Dirent[];
        try {
          entries = readdirSync(dir, { withFileTypes: true });
        } catch {
          unreadable.push(dir);
          continue;
        }
        if (entries.some(e => (e.name === '.git' && (e.isDirectory() || e.isFile())) || (e.name === 'package.json' && e.isFile()))) {
          repositories.push(dir);
          if (repositories.length >= MAX_REPOSITORIES)
            return { repositories, truncated: `stopped at ${MAX_REPOSITORIES} repositories`, unreadable };
          continue;
        }
        for (const e of entries) if (e.isDirectory() && !SKIP.has(e.name)) next.push(joinAbs(dir, e.name));
      }
      level = next;
    }
  }
  return { repositories, unreadable };
}
