/** What a dependency spec or a lockfile `resolved` value points at. */

export type SourceKind = 'registry' | 'git' | 'tarball' | 'local' | 'workspace' | 'alias';

export interface Source {
  kind: SourceKind;
  /** The URL (git or tarball) or path (local) it names. */
  target?: string;
  /** Plain http, not https (git:// counts too). */
  insecure?: boolean;
  /** A git dependency without a full commit hash: what installs can change at any time. */
  unpinned?: boolean;
}

const GIT_HOST_SHORTHAND = /^(?:github|gitlab|bitbucket|gist):/;
const REPO_SHORTHAND = /^[A-Za-z0-9][\w.-]*\/[\w.-]+(?:#.*)?$/;
/** `#<sha>`, `#commit=<sha>`, or codeload's `…/tar.gz/<sha>`: one fixed commit. */
const COMMIT = /#(?:commit=)?[0-9a-f]{40}$|#[0-9a-f]{7,40}$|^https:\/\/codeload\.[\w.-]+\/[^#?]+\/tar\.gz\/[0-9a-f]{40}$/;

export function classifySpec(spec: string): Source {
  const s = spec.trim();
  if (s.startsWith('npm:')) return { kind: 'alias', target: s.slice(4) };
  if (s.startsWith('workspace:') || s.startsWith('portal:')) return { kind: 'workspace' };
  if (s.startsWith('file:') || s.startsWith('link:')) return { kind: 'local', target: s.replace(/^(?:file|link):/, '') };
  if (s.startsWith('./') || s.startsWith('../') || s.startsWith('/') || s.startsWith('~/') || s === '.' || s === '..')
    return { kind: 'local', target: s };
  if (
    s.startsWith('git+') ||
    s.startsWith('git://') ||
    s.startsWith('ssh://') ||
    /^[\w.-]+@[\w.-]+:/.test(s) ||
    GIT_HOST_SHORTHAND.test(s) ||
    /\.git(?:#.*)?$/.test(s) ||
    /^https?:\/\/codeload\./.test(s)
  ) {
    return { kind: 'git', target: s, insecure: s.startsWith('git://') || s.startsWith('git+http://'), unpinned: !COMMIT.test(s) };
  }
  if (/^https?:\/\//i.test(s)) return { kind: 'tarball', target: s, insecure: /^http:/i.test(s) };
  if (REPO_SHORTHAND.test(s) && !s.startsWith('@')) return { kind: 'git', target: `github:${s}`, unpinned: !COMMIT.test(s) };
  return { kind: 'registry' };
}

/**
 * A registry tarball URL (`…/<name>/-/<file>.tgz`, or JSR's npm mirror
 * `https://npm.jsr.io/~/<n>/@jsr/<name>/<version>.tgz`), as opposed to an arbitrary tarball.
 */
export function isRegistryTarballUrl(url: string): boolean {
  return (
    /^https?:\/\/[^/]+\/(?:.*\/)?(?:@[^/]+\/)?[^/]+\/-\/[^/]+\.tgz(?:[?#].*)?$/i.test(url) ||
    /^https:\/\/npm\.jsr\.io\/~\/\d+\/@jsr\/[\w.-]+\/[\w.+-]+\.tgz$/.test(url)
  );
}

export function isIpHost(host: string): boolean {
  return /^\d{1,3}(?:\.\d{1,3}){3}$/.test(host) || host.startsWith('[') || /^[0-9a-f:]+$/i.test(host);
}
