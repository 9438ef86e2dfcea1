/**
 * How much a Python package source or index setting matters (deps/url-source). An index override
 * decides where every `pip install` fetches every package from, and runs whatever those packages'
 * builds run: an unknown index is the dependency-confusion setup. PyPI itself is nothing; public
 * vendor wheel indexes (PyTorch, NVIDIA) and private registries on https in the URL shapes of
 * Artifactory, Nexus, GitLab, CodeArtifact, Azure Artifacts and Artifact Registry are context (low).
 */
import type { Severity } from '../../core/types.ts';
import { isIpHost } from '../source.ts';
import { hostOf, shown } from '../text.ts';
import type { IndexOption } from './manifests.ts';
import type { PySource } from './source.ts';

const PYPI_HOSTS = new Set(['pypi.org', 'pypi.python.org', 'files.pythonhosted.org', 'upload.pypi.org']);

/** Public wheel indexes of well-known vendors (CUDA builds and the like). */
const VENDOR_INDEXES: readonly RegExp[] = [
  /^https:\/\/download\.pytorch\.org\//i,
  /^https:\/\/(?:pypi|pypi\.ngc)\.nvidia\.com\//i,
  /^https:\/\/developer\.download\.nvidia\.com\//i,
  /^https:\/\/data\.pyg\.org\//i,
  /^https:\/\/storage\.googleapis\.com\/jax-releases\//i,
  /^https:\/\/download\.blender\.org\/pypi\//i,
];

/** The URL shapes of self-hosted or cloud private registries (the product is in the path or the host). */
const PRIVATE_REGISTRY: readonly RegExp[] = [
  /^https:\/\/[^/]+\/(?:artifactory\/)?api\/pypi\/[^/]+\/simple\/?$/i,
  /^https:\/\/[^/]+\/repository\/[^/]+\/simple\/?$/i,
  /^https:\/\/[^/]+\/api\/v4\/(?:projects|groups)\/[^/]+\/packages\/pypi\/simple\/?$/i,
  /^https:\/\/[a-z0-9-]+-\d{12}\.d\.codeartifact\.[a-z0-9-]+\.amazonaws\.com\/pypi\/[^/]+\/simple\/?$/i,
  /^https:\/\/pkgs\.dev\.azure\.com\/[^/]+\/(?:[^/]+\/)?_packaging\/[^/]+\/pypi\/simple\/?$/i,
  /^https:\/\/[a-z0-9-]+-python\.pkg\.dev\/[^/]+\/[^/]+\/simple\/?$/i,
];

const CODE_HOSTS = new Set(['github.com', 'gitlab.com', 'bitbucket.org', 'codeberg.org']);

export interface Judgement {
  severity: Severity;
  /** What it means, to finish the sentence "… ". */
  what: string;
}

function isPypi(url: string): boolean {
  const host = hostOf(url);
  return host !== undefined && PYPI_HOSTS.has(host);
}

/** A requirement's source; undefined when it is PyPI or a path inside the repository. */
export function judgePySource(src: PySource, insideRepo: boolean): Judgement | undefined {
  const target = src.target ?? '';
  const host = hostOf(target.replace(/^[a-z]+\+/i, '').replace(/^([a-z]+:\/\/)[^@/]*@/i, '$1'));
  const risky = src.insecure === true || (host !== undefined && isIpHost(host));
  switch (src.kind) {
    case 'index':
      return undefined;
    case 'local':
      return insideRepo
        ? undefined
        : { severity: 'medium', what: `from ${shown(target)}, a path outside this repository: what it installs depends on your machine` };
    case 'vcs': {
      const known = host !== undefined && CODE_HOSTS.has(host);
      const pinned = src.unpinned !== true;
      return {
        severity: risky ? 'high' : known && pinned ? 'low' : 'medium',
        what: `from the repository ${shown(target)}${pinned ? '' : ' with no commit pinned (it can change between installs)'}${src.insecure === true ? ' over an unauthenticated protocol' : ''}, and installing it runs its build`,
      };
    }
    case 'url':
      return isPypi(target) && !risky
        ? { severity: 'low', what: `from the PyPI file URL ${shown(target)} rather than by name` }
        : {
            severity: risky ? 'high' : 'medium',
            what: `from the archive URL ${shown(target)}${src.insecure === true ? ' over plain http' : ''}${/\.whl(?:[?#].*)?$/i.test(target) ? ', a wheel that server can change at any time' : ', and installing it runs its build'}`,
          };
  }
}

const OPTION_TEXT: Record<IndexOption, string> = {
  'index-url': 'replaces PyPI with',
  'extra-index-url': 'adds the extra package index',
  'find-links': 'makes pip look for packages at',
  'trusted-host': 'turns off TLS certificate checks for',
  'requirement-url': 'reads more requirements from',
  source: 'adds the package source',
  'lock-source': 'installs packages from the index',
};

/** An index, find-links, trusted-host or remote-include setting; undefined when it is harmless. */
export function judgeIndex(
  option: IndexOption,
  url: string,
  primary: boolean,
  noVerify: boolean,
  insideRepo: (path: string) => boolean,
): Judgement | undefined {
  const says = option === 'source' && primary ? 'replaces PyPI with' : OPTION_TEXT[option];
  if (option === 'trusted-host') {
    const host = url.replace(/:\d+$/, '').toLowerCase();
    if (PYPI_HOSTS.has(host)) return undefined;
    return { severity: 'medium', what: `${says} ${shown(url)}: anyone on the network path can serve packages in its name` };
  }
  if (url.includes('${')) {
    return { severity: 'low', what: `${says} ${shown(url)}, an address taken from your environment` };
  }
  if (option === 'find-links' && !/^[a-z][a-z0-9+.-]*:/i.test(url)) {
    return insideRepo(url) ? undefined : { severity: 'medium', what: `${says} ${shown(url)}, a folder outside this repository` };
  }
  if (/^file:/i.test(url)) return { severity: 'medium', what: `${says} ${shown(url)}, a folder on your machine` };
  if (isPypi(url) && /^https:/i.test(url) && !noVerify) return undefined;
  const host = hostOf(url);
  const insecure = !/^https:/i.test(url) || noVerify;
  if (insecure || (host !== undefined && isIpHost(host))) {
    return {
      severity: 'high',
      what: `${says} ${shown(url)}${insecure ? (noVerify ? ' with TLS verification off' : ' over plain http') : ', a bare IP address'}: whoever answers there chooses the code \`pip install\` runs`,
    };
  }
  if (option === 'requirement-url')
    return { severity: 'high', what: `${says} ${shown(url)}: what gets installed is decided by that server, not by this repository` };
  if (VENDOR_INDEXES.some(r => r.test(url))) return { severity: 'low', what: `${says} ${shown(url)}, a vendor's public wheel index` };
  if (PRIVATE_REGISTRY.some(r => r.test(url)))
    return {
      severity: 'low',
      what: `${says} ${shown(url)}, a private registry: every package it serves is installed as if it came from PyPI`,
    };
  if (host === 'test.pypi.org') return { severity: 'medium', what: `${says} ${shown(url)}, where anyone can publish any name` };
  return {
    severity: 'high',
    what: `${says} ${shown(url)}: that server can answer for any package name, and \`pip install\` runs what it serves (the dependency-confusion setup)`,
  };
}
