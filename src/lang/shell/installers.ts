/**
 * Official installer scripts that build files and READMEs pipe into a shell (`curl -sSfL
 * https://sh.rustup.rs | sh`). Each entry is a URL prefix on a host, or in a repository, that only
 * the tool's own maintainers can write to: a lure cannot serve its payload from one of these, so
 * piping one of them into a shell is ordinary tooling, not evidence (still shown as a download).
 * A prefix on a shared host (raw.githubusercontent.com, github.com) always names the owner and
 * repository, with the trailing slash.
 */
const OFFICIAL: readonly [prefix: string, tool: string][] = [
  ['https://sh.rustup.rs', 'rustup'],
  ['https://static.rust-lang.org/rustup/', 'rustup'],
  ['https://get.docker.com', 'Docker'],
  ['https://test.docker.com', 'Docker'],
  ['https://raw.githubusercontent.com/golangci/golangci-lint/', 'golangci-lint'],
  ['https://github.com/golangci/golangci-lint/', 'golangci-lint'],
  ['https://raw.githubusercontent.com/nvm-sh/nvm/', 'nvm'],
  ['https://raw.githubusercontent.com/Homebrew/install/', 'Homebrew'],
  ['https://install.python-poetry.org', 'Poetry'],
  ['https://astral.sh/uv/', 'uv'],
  ['https://astral.sh/ruff/', 'Ruff'],
  ['https://bun.sh/install', 'Bun'],
  ['https://deno.land/install.sh', 'Deno'],
  ['https://deno.land/x/install/', 'Deno'],
  ['https://get.pnpm.io/', 'pnpm'],
  ['https://sdk.cloud.google.com', 'Google Cloud SDK'],
  ['https://taskfile.dev/install.sh', 'Task'],
  ['https://just.systems/install.sh', 'just'],
  ['https://raw.githubusercontent.com/helm/helm/', 'Helm'],
  ['https://get.helm.sh/', 'Helm'],
  ['https://raw.githubusercontent.com/pyenv/pyenv-installer/', 'pyenv'],
  ['https://pyenv.run', 'pyenv'],
  ['https://raw.githubusercontent.com/ohmyzsh/ohmyzsh/', 'Oh My Zsh'],
  ['https://starship.rs/install.sh', 'Starship'],
  ['https://get.sdkman.io', 'SDKMAN'],
  ['https://fnm.vercel.app/install', 'fnm'],
  ['https://raw.githubusercontent.com/anchore/syft/', 'Syft'],
  ['https://raw.githubusercontent.com/anchore/grype/', 'Grype'],
  ['https://raw.githubusercontent.com/aquasecurity/trivy/', 'Trivy'],
];

/** The tool whose official installer every URL names, when they all name one; else undefined. */
export function officialInstaller(urls: readonly string[]): string | undefined {
  let tool: string | undefined;
  for (const url of urls) {
    const hit = OFFICIAL.find(
      ([prefix]) => url === prefix || url.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`) || url.startsWith(`${prefix}?`),
    );
    if (!hit || (tool !== undefined && tool !== hit[1])) return undefined;
    tool = hit[1];
  }
  return tool;
}

/**
 * A pinned release asset of a named project: `https://github.com/<owner>/<repo>/releases/download/<tag>/<file>`
 * (or GitLab's `/-/releases/<tag>/downloads/`) whose tag is a version (`v1.2.3`, `1.49.0`). The
 * project and version are in the URL for a reader to check; `releases/latest` is not pinned.
 */
export function pinnedRelease(url: string): { project: string; tag: string } | undefined {
  const m =
    /^https:\/\/github\.com\/([\w.-]+\/[\w.-]+)\/releases\/download\/(v?\d+(?:\.\d+)+[\w.+-]*)\/[^/?#\s]+/i.exec(url) ??
    /^https:\/\/gitlab\.com\/([\w.-]+\/[\w.-]+)\/-\/releases\/(v?\d+(?:\.\d+)+[\w.+-]*)\/downloads\/[^?#\s]+/i.exec(url);
  return m?.[1] !== undefined && m[2] !== undefined ? { project: m[1], tag: m[2] } : undefined;
}
