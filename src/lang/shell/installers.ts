import { shellTools } from '../../knowledge/index.ts';

/**
 * Official installer scripts that build files and READMEs pipe into a shell (`curl -sSfL
 * https://sh.rustup.rs | sh`), as URL prefixes on a host, or in a repository, that only the tool's
 * own maintainers can write to (data/knowledge/shell-tools.json, `officialInstallers`): a lure cannot
 * serve its payload from one of these, so piping one of them into a shell is ordinary tooling, not
 * evidence (still shown as a download).
 */
const OFFICIAL = shellTools().officialInstallers;

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

const REGISTRIES = shellTools().moduleRegistries;

/**
 * The registry that serves a module URL (`https://deno.land/x/oak@v12/mod.ts`, `https://esm.sh/react`):
 * a published package by name and version, which a lure's own server is not (shell-tools.json,
 * `moduleRegistries`); undefined for any other host.
 */
export function moduleRegistry(url: string): string | undefined {
  return REGISTRIES.find(([prefix]) => url.startsWith(prefix))?.[1];
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

/**
 * A command that checks a downloaded file against a digest or signature: `sha256sum -c`/`--check`,
 * `shasum -a 256 -c`, `sha512sum -c`, `cosign verify-blob`, `gpg --verify`, `minisign -V`.
 */
export function verifiesDownload(command: string): boolean {
  return /\b(?:sha(?:1|224|256|384|512)sum|shasum(?:\s+-a\s*\d+)?|b2sum|md5sum)\b[^;&|\n]*\s(?:-c|--check)\b|\bcosign\s+verify(?:-blob)?\b|\bgpg2?\s+(?:[^;&|\n]*\s)?--verify\b|\bminisign\s+(?:[^;&|\n]*\s)?-V\b/.test(
    command,
  );
}
