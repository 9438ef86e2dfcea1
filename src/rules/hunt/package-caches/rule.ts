import { joinAbs } from '../../../fs/path.ts';
import { isDirectory, listDir, readHomeFile, walkFiles } from '../../../workstation/files.ts';
import { packageCacheDirs } from '../../../workstation/platform.ts';
import { compromised } from '../../../workstation/remediation.ts';
import type { WorkstationContext } from '../../../workstation/rule.ts';
import { defineWorkstationRule } from '../../../workstation/rule.ts';

const MAX_INDEX_FILES = 400_000;
const MAX_INDEX_BYTES = 1024 * 1024;

interface Hit {
  manager: 'npm' | 'pnpm' | 'yarn';
  name: string;
  version?: string;
  where: string;
  /** Only the package metadata was fetched (npm packument), not a tarball. */
  metadataOnly?: boolean;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Name and version of a registry tarball URL (`/<name>/-/<base>-<version>.tgz`). */
export function tarballOf(url: string): { name: string; version: string } | undefined {
  let path: string;
  try {
    path = decodeURIComponent(new URL(url).pathname);
  } catch {
    return undefined;
  }
  const m = /^\/((?:@[^/]+\/)?[^/@]+)\/-\/(?:@[^/]+\/)?([^/]+)\.tgz$/.exec(path);
  if (!m) return undefined;
  const name = m[1] ?? '';
  const base = name.includes('/') ? name.slice(name.indexOf('/') + 1) : name;
  const file = m[2] ?? '';
  if (!file.startsWith(`${base}-`)) return undefined;
  return { name, version: file.slice(base.length + 1) };
}

/** The package a packument URL (`https://registry.npmjs.org/<name>`) is about. */
function packumentOf(url: string): string | undefined {
  try {
    const p = decodeURIComponent(new URL(url).pathname).replace(/^\//, '');
    return /^(?:@[^/]+\/)?[^/]+$/.test(p) ? p : undefined;
  } catch {
    return undefined;
  }
}

function npmHits(ctx: WorkstationContext, names: string[], dir: string): Hit[] {
  const index = joinAbs(dir, 'index-v5');
  if (!isDirectory(index)) return [];
  const walk = walkFiles(index, { maxDepth: 4, maxEntries: MAX_INDEX_FILES }, () => true);
  if (walk.truncated) ctx.error(`npm cache index has more than ${MAX_INDEX_FILES} entries: only part of it was read`, index);
  const hits: Hit[] = [];
  for (const file of walk.files) {
    const read = readHomeFile(ctx.home, file, MAX_INDEX_BYTES);
    if (!read.ok) continue;
    if (!names.some(n => read.text.includes(n))) continue;
    for (const line of read.text.split('\n')) {
      const tab = line.indexOf('\t');
      if (tab < 0) continue;
      let key: unknown;
      try {
        key = (JSON.parse(line.slice(tab + 1)) as { key?: unknown }).key;
      } catch {
        continue;
      }
      if (typeof key !== 'string') continue;
      const url = key.replace(/^make-fetch-happen:request-cache:/, '');
      const tgz = tarballOf(url);
      if (tgz) hits.push({ manager: 'npm', name: tgz.name, version: tgz.version, where: file });
      else {
        const pack = packumentOf(url);
        if (pack !== undefined) hits.push({ manager: 'npm', name: pack, where: file, metadataOnly: true });
      }
    }
  }
  return hits;
}

function pnpmHits(ctx: WorkstationContext, names: string[], stores: string[]): Hit[] {
  const hits: Hit[] = [];
  for (const store of stores) {
    if (!isDirectory(store)) continue;
    const walk = walkFiles(
      store,
      { maxDepth: 5, maxEntries: MAX_INDEX_FILES },
      name => name.endsWith('-index.json') || name.endsWith('.json'),
    );
    if (walk.truncated) ctx.error(`pnpm store has more than ${MAX_INDEX_FILES} entries: only part of it was read`, store);
    for (const file of walk.files) {
      const read = readHomeFile(ctx.home, file, MAX_INDEX_BYTES);
      if (!read.ok || !names.some(n => read.text.includes(n))) continue;
      try {
        const j = JSON.parse(read.text) as { name?: unknown; version?: unknown };
        if (typeof j.name === 'string' && typeof j.version === 'string')
          hits.push({ manager: 'pnpm', name: j.name, version: j.version, where: file });
      } catch {
        continue;
      }
    }
  }
  return hits;
}

function yarnHits(names: string[], roots: string[]): Hit[] {
  const hits: Hit[] = [];
  const patterns = names.map(n => {
    const flat = escapeRe(n.replace('/', '-'));
    return {
      name: n,
      classic: new RegExp(`^npm-${flat}-(\\d[^/]*?)-[0-9a-f]{40}(?:-integrity)?$`),
      berry: new RegExp(`^${flat}-npm-(\\d[^/]*?)-[0-9a-f]{6,}(?:-\\d+)?\\.zip$`),
    };
  });
  for (const root of roots) {
    const dirs = [root, ...(listDir(root) ?? []).filter(e => e.isDirectory() && /^v\d+$/.test(e.name)).map(e => joinAbs(root, e.name))];
    for (const dir of dirs) {
      for (const e of listDir(dir) ?? []) {
        for (const p of patterns) {
          const m = p.classic.exec(e.name) ?? p.berry.exec(e.name);
          if (m) hits.push({ manager: 'yarn', name: p.name, version: m[1] ?? '', where: joinAbs(dir, e.name) });
        }
      }
    }
  }
  return hits;
}

export default defineWorkstationRule({
  meta: {
    id: 'hunt/package-caches',
    command: 'hunt',
    severity: 'critical',
    confidence: 'high',
    description: 'Known-malicious package versions in the npm, pnpm and yarn caches (they were downloaded on this machine)',
    since: '0.1.0',
  },
  check(ctx) {
    const known = ctx.ioc.packages.packages;
    if (known.size === 0) {
      ctx.skip('no known-malicious package list available');
      return;
    }
    if (ctx.ioc.packages.origin.includes('seed')) ctx.note(`Package caches were checked against ${ctx.ioc.packages.origin}.`);
    const names = [...known.keys()];
    const dirs = packageCacheDirs(ctx.home, ctx.os);
    const hits = [...npmHits(ctx, names, dirs.npm), ...pnpmHits(ctx, names, dirs.pnpm), ...yarnHits(names, dirs.yarn)];
    const seen = new Set<string>();
    for (const h of hits) {
      const bad = known.get(h.name);
      if (!bad) continue;
      if (h.version !== undefined && bad.size > 0 && !bad.has(h.version)) continue;
      const key = `${h.manager}\u0000${h.name}\u0000${h.version ?? ''}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const pkg = h.version === undefined ? h.name : `${h.name}@${h.version}`;
      if (h.metadataOnly === true) {
        ctx.report({
          path: h.where,
          severity: 'medium',
          message: `npm looked up the known-malicious package ${h.name} on this machine (its registry metadata is cached; no tarball was found).`,
          evidence: `${h.manager} cache entry ${ctx.display(h.where)}`,
          remediation: `Find the project that depends on ${h.name} (\`npm ls ${h.name}\` in your projects, or \`airlock hunt --roots\`), remove it, and check whether it was installed.`,
        });
        continue;
      }
      ctx.report({
        path: h.where,
        message: `The known-malicious package ${pkg} was downloaded by ${h.manager} on this machine; if it was installed, its install script ran.`,
        evidence: `${h.manager} cache entry ${ctx.display(h.where)}; list: ${ctx.ioc.packages.origin}`,
        remediation: compromised(
          ctx.os,
          `Find which project installed ${h.name} (\`npm ls ${h.name}\`, \`pnpm why ${h.name}\`, or \`airlock hunt --roots\`) and remove it; clear the cache afterwards (\`npm cache clean --force\`, \`pnpm store prune\`, \`yarn cache clean\`).`,
        ),
      });
    }
  },
});
