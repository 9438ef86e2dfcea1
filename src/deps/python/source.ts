/** Where a Python requirement comes from: the index, a version-control URL, an archive URL or a path. */

export type PySourceKind = 'index' | 'vcs' | 'url' | 'local';

export interface PySource {
  kind: PySourceKind;
  /** The URL or path as written (vcs, url, local). */
  target?: string;
  /** Plain http (or `git://`, `svn://`): nothing authenticates what is downloaded. */
  insecure?: boolean;
  /** A version-control URL without a full commit hash: what installs can change at any time. */
  unpinned?: boolean;
}

const VCS = /^(?:git|hg|svn|bzr)\+[a-z]+:\/\//i;
const FULL_COMMIT = /@[0-9a-f]{40}(?:[#?]|$)/i;

/** Classifies a direct reference, an editable target or a bare requirement-file line. */
export function classifyPyTarget(target: string): PySource {
  const t = target.trim();
  if (VCS.test(t) || /^git:\/\//i.test(t)) {
    const afterScheme = t.replace(/^[a-z]+\+/i, '');
    return {
      kind: 'vcs',
      target: t,
      insecure: /^(?:http|git|svn):\/\//i.test(afterScheme),
      unpinned: !FULL_COMMIT.test(afterScheme.replace(/^[a-z]+:\/\/[^/]*/i, '')),
    };
  }
  if (/^file:/i.test(t)) return { kind: 'local', target: fileUrlPath(t) };
  if (/^(?:https?|ftp):\/\//i.test(t)) return { kind: 'url', target: t, insecure: !/^https:/i.test(t) };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(t)) return { kind: 'url', target: t, insecure: true };
  return { kind: 'local', target: t };
}

/** Whether a requirement-file line names a path or URL rather than a project (pip's own test, simplified). */
export function looksLikePathOrUrl(s: string): boolean {
  return (
    /^[a-z][a-z0-9+.-]*:/i.test(s) ||
    s.startsWith('.') ||
    s.startsWith('/') ||
    s.startsWith('~') ||
    s.includes('/') ||
    s.includes('\\') ||
    /\.(?:whl|tar\.gz|tgz|tar\.bz2|tar\.xz|zip)$/i.test(s)
  );
}

function fileUrlPath(u: string): string {
  const rest = u.replace(/^file:/i, '');
  if (rest.startsWith('//')) {
    const slash = rest.indexOf('/', 2);
    const host = slash < 0 ? rest.slice(2) : rest.slice(2, slash);
    const path = slash < 0 ? '/' : rest.slice(slash);
    return host === '' || host === 'localhost' ? path : `//${host}${path}`;
  }
  return rest;
}

/** The `#egg=name` of a URL, when it carries one. */
export function eggName(url: string): string | undefined {
  const m = /[#&]egg=([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(url);
  return m?.[1];
}

/** The project name in a wheel or sdist file name (`pkg-1.0-py3-none-any.whl`, `pkg-1.0.tar.gz`). */
export function archiveName(url: string): string | undefined {
  const file = url.replace(/[?#].*$/, '').replace(/\/+$/, '');
  const base = file.slice(file.lastIndexOf('/') + 1);
  const m = /^([A-Za-z0-9][A-Za-z0-9._]*?)-\d[^/]*\.(?:whl|tar\.gz|tgz|tar\.bz2|zip)$/i.exec(base);
  return m?.[1];
}
