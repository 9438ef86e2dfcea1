/**
 * Facts from the hosting service (GitHub, GitLab, Bitbucket) about where the repository came from:
 * the owner's account and the repository's record. Online only; base URLs come from the options so
 * tests point them at 127.0.0.1; tokens from GITHUB_TOKEN / GITLAB_TOKEN / BITBUCKET_TOKEN. Any
 * failure (no network, rate limit, missing token, odd JSON) is a note, never a failed scan.
 */
import { defineFact } from '../../core/rule.ts';
import type { RuleContext } from '../../core/rule.ts';
import { shippedGit } from '../../history/shipped.ts';

export type Host = 'github' | 'gitlab' | 'bitbucket';

export interface RepoRef {
  host: Host;
  owner: string;
  /** Full path below the host (GitLab groups can nest). */
  path: string;
  name: string;
}

export interface HostingFacts {
  ref: RepoRef;
  ownerCreated?: string;
  ownerType?: string;
  publicRepos?: number;
  followers?: number;
  repoCreated?: string;
  stars?: number;
  forks?: number;
  forkOf?: string;
  templateOf?: string;
}

const HOSTS: Record<string, Host> = {
  'github.com': 'github',
  'www.github.com': 'github',
  'gitlab.com': 'gitlab',
  'bitbucket.org': 'bitbucket',
};
const MAX_BODY = 2 * 1024 * 1024;
const TIMEOUT_MS = 10_000;

/** owner/repo of a hosted repository URL (https, ssh or scp-like), or undefined. */
export function parseRepoUrl(url: string): RepoRef | undefined {
  let host: string;
  let path: string;
  const scp = /^[^@/\s]+@([^:/\s]+):(.+)$/.exec(url);
  if (scp && !url.includes('://')) {
    host = scp[1] ?? '';
    path = scp[2] ?? '';
  } else {
    try {
      const u = new URL(url);
      host = u.hostname;
      path = decodeURIComponent(u.pathname);
    } catch {
      return undefined;
    }
  }
  const kind = HOSTS[host.toLowerCase()];
  if (!kind) return undefined;
  const parts = path
    .replace(/\.git\/?$/, '')
    .split('/')
    .filter(p => p !== '');
  if (parts.length < 2 || parts.some(p => !/^[A-Za-z0-9._~-]+$/.test(p))) return undefined;
  const keep = kind === 'gitlab' ? parts.slice(0, parts.indexOf('-') < 0 ? parts.length : parts.indexOf('-')) : parts.slice(0, 2);
  return { host: kind, owner: keep[0] ?? '', path: keep.join('/'), name: keep.at(-1) ?? '' };
}

type Json = Record<string, unknown>;

async function getJson(ctx: RuleContext, url: string, token: string | undefined, host: Host): Promise<Json | undefined> {
  let res: Response;
  try {
    res = await fetch(url, {
      headers: {
        Accept: host === 'github' ? 'application/vnd.github+json' : 'application/json',
        'User-Agent': 'airlock',
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
      },
      redirect: 'error',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (err) {
    ctx.note(`${host} look-up failed (${(err as Error).message}); owner and repository reputation were not checked`);
    return undefined;
  }
  if (res.status === 403 || res.status === 429) {
    const limited = res.headers.get('x-ratelimit-remaining') === '0' || res.status === 429;
    ctx.note(
      limited
        ? `${host} API rate limit reached; owner and repository reputation were not checked${token ? '' : ` (set ${host.toUpperCase()}_TOKEN for a higher limit)`}`
        : `${host} API refused the look-up (HTTP ${res.status})${token ? '' : ` (set ${host.toUpperCase()}_TOKEN)`}`,
    );
    return undefined;
  }
  if (res.status === 404) {
    ctx.note(`${host} API does not know ${url.replace(/^.*?\/\/[^/]+/, '')} (private, deleted or renamed)`);
    return undefined;
  }
  if (!res.ok) {
    ctx.note(`${host} API answered HTTP ${res.status}; owner and repository reputation were not checked`);
    return undefined;
  }
  const text = await res.text();
  if (text.length > MAX_BODY) {
    ctx.note(`${host} API answer was too large; ignored`);
    return undefined;
  }
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value)
      ? ((value[0] ?? undefined) as Json | undefined)
      : typeof value === 'object' && value !== null
        ? (value as Json)
        : undefined;
  } catch {
    ctx.note(`${host} API answer was not JSON; ignored`);
    return undefined;
  }
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

function nestedName(v: unknown, key: string): string | undefined {
  return typeof v === 'object' && v !== null ? str((v as Json)[key]) : undefined;
}

function clean(f: { [K in keyof HostingFacts]: HostingFacts[K] | undefined }): HostingFacts {
  return Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined)) as unknown as HostingFacts;
}

async function lookUp(ctx: RuleContext, ref: RepoRef): Promise<HostingFacts> {
  const env = process.env;
  const base = (u: string): string => u.replace(/\/+$/, '');
  if (ref.host === 'github') {
    const api = base(ctx.options.githubApiUrl);
    const token = env['GITHUB_TOKEN'];
    const [user, repo] = await Promise.all([
      getJson(ctx, `${api}/users/${encodeURIComponent(ref.owner)}`, token, 'github'),
      getJson(ctx, `${api}/repos/${encodeURIComponent(ref.owner)}/${encodeURIComponent(ref.name)}`, token, 'github'),
    ]);
    return clean({
      ref,
      ownerCreated: str(user?.['created_at']),
      ownerType: str(user?.['type']),
      publicRepos: num(user?.['public_repos']),
      followers: num(user?.['followers']),
      repoCreated: str(repo?.['created_at']),
      stars: num(repo?.['stargazers_count']),
      forks: num(repo?.['forks_count']),
      forkOf: repo?.['fork'] === true ? nestedName(repo['parent'], 'full_name') : undefined,
      templateOf: nestedName(repo?.['template_repository'], 'full_name'),
    });
  }
  if (ref.host === 'gitlab') {
    const api = base(ctx.options.gitlabApiUrl);
    const token = env['GITLAB_TOKEN'];
    const [users, project] = await Promise.all([
      getJson(ctx, `${api}/users?username=${encodeURIComponent(ref.owner)}`, token, 'gitlab'),
      getJson(ctx, `${api}/projects/${encodeURIComponent(ref.path)}`, token, 'gitlab'),
    ]);
    const id = num(users?.['id']);
    const user = id === undefined ? undefined : await getJson(ctx, `${api}/users/${id}`, token, 'gitlab');
    return clean({
      ref,
      ownerCreated: str(user?.['created_at']),
      ownerType: users ? 'User' : 'Group',
      followers: num(user?.['followers']),
      repoCreated: str(project?.['created_at']),
      stars: num(project?.['star_count']),
      forks: num(project?.['forks_count']),
      forkOf: nestedName(project?.['forked_from_project'], 'path_with_namespace'),
    });
  }
  const api = base(ctx.options.bitbucketApiUrl);
  const token = env['BITBUCKET_TOKEN'];
  const [workspace, repo] = await Promise.all([
    getJson(ctx, `${api}/workspaces/${encodeURIComponent(ref.owner)}`, token, 'bitbucket'),
    getJson(ctx, `${api}/repositories/${encodeURIComponent(ref.owner)}/${encodeURIComponent(ref.name)}`, token, 'bitbucket'),
  ]);
  return clean({
    ref,
    ownerCreated: str(workspace?.['created_on']),
    ownerType: 'Workspace',
    repoCreated: str(repo?.['created_on']),
    forkOf: nestedName(repo?.['parent'], 'full_name'),
  });
}

/** Where the target came from: the URL given, else the shipped `.git/config`'s origin. */
async function originOf(ctx: RuleContext): Promise<string | undefined> {
  const given = ctx.options.origin;
  if (given !== undefined && parseRepoUrl(given)) return given;
  if (ctx.inventory.gitDir !== '.git') return undefined;
  const shipped = await ctx.facts.get(shippedGit);
  return shipped?.originUrl;
}

/** The hosting facts of this scan, looked up once (undefined when not hosted or unavailable). */
const hostingFact = defineFact('provenance:hosting', async (ctx): Promise<HostingFacts | undefined> => {
  const origin = await originOf(ctx);
  const ref = origin === undefined ? undefined : parseRepoUrl(origin);
  if (!ref) {
    ctx.note('the target is not a GitHub, GitLab or Bitbucket repository URL; owner and repository reputation were not checked');
    return undefined;
  }
  return lookUp(ctx, ref);
});

export function hostingOf(ctx: RuleContext): Promise<HostingFacts | undefined> {
  return ctx.facts.get(hostingFact);
}

export function daysSince(iso: string | undefined, now = Date.now()): number | undefined {
  if (iso === undefined) return undefined;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? undefined : Math.floor((now - t) / 86_400_000);
}
