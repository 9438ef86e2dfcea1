/**
 * Real git repositories for tests, built in temp dirs with forged dates and identities. Git runs
 * with no system or global config and a ceiling at the temp dir, so it never touches the airlock
 * checkout or the developer's settings.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface Who {
  name: string;
  email: string;
}

export interface CommitSpec {
  message: string;
  /** Files to write (string) or delete (null), relative to the repository. */
  files?: Record<string, string | null>;
  author?: Who;
  committer?: Who;
  /** ISO date or git date for author and committer (committerDate overrides the latter). */
  date?: string;
  committerDate?: string;
  /** Commit on this branch (created from the current HEAD when new). */
  branch?: string;
}

export interface RepoRecipe {
  commits: CommitSpec[];
  /** Where the repository claims to come from (online provenance tests). */
  origin?: string;
  /** Branch to leave checked out at the end (default: the first branch used). */
  checkout?: string;
}

const DEFAULT_WHO: Who = { name: 'Dev One', email: 'dev.one@example.com' };

export function gitEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('GIT_')) env[k] = v;
  return {
    ...env,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_CEILING_DIRECTORIES: tmpdir(),
    GIT_TERMINAL_PROMPT: '0',
    GIT_AUTHOR_NAME: DEFAULT_WHO.name,
    GIT_AUTHOR_EMAIL: DEFAULT_WHO.email,
    GIT_COMMITTER_NAME: DEFAULT_WHO.name,
    GIT_COMMITTER_EMAIL: DEFAULT_WHO.email,
    ...extra,
  };
}

export function git(cwd: string, args: string[], env: Record<string, string> = {}, input?: string | Buffer): string {
  return execFileSync('git', args, {
    cwd,
    env: gitEnv(env),
    encoding: 'utf8',
    input,
    stdio: ['pipe', 'pipe', 'pipe'],
    maxBuffer: 256 * 1024 * 1024,
  });
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `airlock-test-${prefix}-`));
}

export function initRepo(dir: string, branch = 'main'): void {
  mkdirSync(dir, { recursive: true });
  git(dir, ['init', '-q', `--initial-branch=${branch}`]);
}

export function commit(dir: string, spec: CommitSpec): string {
  if (spec.branch !== undefined) {
    const current = git(dir, ['symbolic-ref', '--short', '-q', 'HEAD']).trim();
    if (current !== spec.branch) {
      const exists = git(dir, ['branch', '--list', spec.branch]).trim() !== '';
      git(dir, exists ? ['checkout', '-q', spec.branch] : ['checkout', '-q', '-b', spec.branch]);
    }
  }
  for (const [path, body] of Object.entries(spec.files ?? {})) {
    const abs = join(dir, path);
    if (body === null) rmSync(abs, { force: true });
    else {
      mkdirSync(dirname(abs), { recursive: true });
      writeFileSync(abs, body);
    }
  }
  const author = spec.author ?? DEFAULT_WHO;
  const committer = spec.committer ?? author;
  const date = spec.date ?? '2025-01-01T10:00:00Z';
  git(dir, ['add', '-A']);
  git(dir, ['commit', '-q', '--allow-empty', '--no-verify', '-m', spec.message], {
    GIT_AUTHOR_NAME: author.name,
    GIT_AUTHOR_EMAIL: author.email,
    GIT_COMMITTER_NAME: committer.name,
    GIT_COMMITTER_EMAIL: committer.email,
    GIT_AUTHOR_DATE: date,
    GIT_COMMITTER_DATE: spec.committerDate ?? date,
  });
  return git(dir, ['rev-parse', 'HEAD']).trim();
}

export function buildRepo(dir: string, recipe: RepoRecipe): void {
  const first = recipe.commits.find(c => c.branch !== undefined)?.branch ?? 'main';
  initRepo(dir, first);
  for (const c of recipe.commits) commit(dir, c);
  git(dir, ['checkout', '-q', recipe.checkout ?? first]);
}

/**
 * Makes a scannable copy of a fixture case: its files, `dotgit/` renamed to `.git/` (a fixture
 * cannot hold a real `.git`), and, when `repo.json` is there, a real history built from it first.
 */
export function materializeFixture(caseDir: string): string {
  const dir = join(tempDir('fixture'), 'repo');
  const recipeFile = join(caseDir, 'repo.json');
  if (existsSync(recipeFile)) buildRepo(dir, JSON.parse(readFileSync(recipeFile, 'utf8')) as RepoRecipe);
  else mkdirSync(dir, { recursive: true });
  cpSync(caseDir, dir, { recursive: true, filter: src => !src.endsWith('/repo.json') && !src.endsWith('/api.json') });
  if (existsSync(join(dir, 'dotgit'))) {
    if (existsSync(join(dir, '.git'))) {
      cpSync(join(dir, 'dotgit'), join(dir, '.git'), { recursive: true });
      rmSync(join(dir, 'dotgit'), { recursive: true });
    } else renameSync(join(dir, 'dotgit'), join(dir, '.git'));
  }
  return dir;
}
