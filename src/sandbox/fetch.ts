/**
 * What the dependency fetch is given, so that the repository cannot steer it: a package.json and
 * lockfile rebuilt from the repository's, holding only registry dependencies. The project's
 * `.npmrc` (registries, scoped registries, proxies, tokens), `overrides`, workspaces and every
 * URL, git, file, link or GitHub spec are left behind; a lockfile entry that resolves outside a
 * registry is dropped with its package, and every other `resolved` URL is removed so that npm
 * takes each package from the one registry it is given (checking the lockfile's `integrity`).
 * What was left out is listed, so that the report can say which dependencies did not run.
 */
import { lstatSync, readFileSync } from 'node:fs';
import { absFromRel } from '../fs/path.ts';

export interface Refused {
  name: string;
  spec: string;
}

export interface FetchInput {
  packageJson: string;
  lockfile?: { name: 'package-lock.json' | 'npm-shrinkwrap.json'; text: string };
  /** Dependencies not fetched: their spec names something other than a registry version. */
  refused: Refused[];
  /** npm ci when the lockfile is whole, else npm install. */
  ci: boolean;
}

const DEP_FIELDS = ['dependencies', 'devDependencies', 'optionalDependencies'] as const;
const NAME = /^(@[a-z0-9][\w.-]{0,213}\/)?[a-z0-9][\w.-]{0,213}$/i;
const RANGE = /^[\w.\-^~<>=|* +]{0,256}$/;
const ALIAS = /^npm:((?:@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*)(?:@([\w.\-^~<>=|* +]{0,256}))?$/i;
/** A registry tarball: …/<name>/-/<file>.tgz over http(s). */
const REGISTRY_TARBALL = /^https?:\/\/[^/\s]+\/(?:[^\s]*\/)?-\/[^/\s]+\.tgz$/;

/** Whether a dependency spec is a registry version, range, tag or `npm:` alias. */
export function isRegistrySpec(spec: string): boolean {
  if (ALIAS.test(spec)) return true;
  return RANGE.test(spec) && !spec.includes(':') && !spec.includes('/');
}

function readSmall(root: string, name: string, cap: number): string | undefined {
  const file = absFromRel(root, name);
  try {
    const st = lstatSync(file);
    if (!st.isFile() || st.size > cap) return undefined;
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function asObject(v: unknown): Record<string, unknown> | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

/** The fetch's package.json and lockfile, rebuilt from the repository's; undefined without a usable package.json. */
export function fetchInput(root: string): FetchInput | undefined {
  const text = readSmall(root, 'package.json', 5 * 1024 * 1024);
  if (text === undefined) return undefined;
  let pkg: Record<string, unknown> | undefined;
  try {
    pkg = asObject(JSON.parse(text));
  } catch {
    return undefined;
  }
  if (!pkg) return undefined;
  const refused: Refused[] = [];
  const clean: Record<string, unknown> = { name: 'airlock-fetch', version: '0.0.0', private: true };
  for (const field of DEP_FIELDS) {
    const deps = asObject(pkg[field]);
    if (!deps) continue;
    const kept: Record<string, string> = {};
    for (const [name, spec] of Object.entries(deps)) {
      if (typeof spec !== 'string' || !NAME.test(name)) continue;
      if (isRegistrySpec(spec)) kept[name] = spec;
      else refused.push({ name, spec: spec.slice(0, 200) });
    }
    if (Object.keys(kept).length > 0) clean[field] = kept;
  }
  const out: FetchInput = { packageJson: JSON.stringify(clean, null, 2), refused, ci: refused.length === 0 };
  for (const name of ['npm-shrinkwrap.json', 'package-lock.json'] as const) {
    const lockText = readSmall(root, name, 64 * 1024 * 1024);
    if (lockText === undefined) continue;
    const lock = cleanLockfile(lockText, clean, refused);
    if (lock === undefined) {
      out.ci = false;
      break;
    }
    out.lockfile = { name, text: lock.text };
    if (lock.dropped) out.ci = false;
    break;
  }
  if (!out.lockfile) out.ci = false;
  return out;
}

function cleanLockfile(text: string, clean: Record<string, unknown>, refused: Refused[]): { text: string; dropped: boolean } | undefined {
  let lock: Record<string, unknown> | undefined;
  try {
    lock = asObject(JSON.parse(text));
  } catch {
    return undefined;
  }
  if (!lock) return undefined;
  let dropped = false;
  const refuse = (name: string, spec: string): void => {
    dropped = true;
    if (refused.length < 200 && !refused.some(r => r.name === name)) refused.push({ name, spec: spec.slice(0, 200) });
  };
  const packages = asObject(lock['packages']);
  if (packages) {
    for (const [key, value] of Object.entries(packages)) {
      const entry = asObject(value);
      if (key === '') {
        const root: Record<string, unknown> = { name: clean['name'], version: clean['version'] };
        for (const f of DEP_FIELDS) if (clean[f]) root[f] = clean[f];
        packages[key] = root;
        continue;
      }
      const name = key.slice(key.lastIndexOf('node_modules/') + 'node_modules/'.length);
      const resolved = entry?.['resolved'];
      if (
        !entry ||
        !key.includes('node_modules/') ||
        entry['link'] === true ||
        (typeof resolved === 'string' && !REGISTRY_TARBALL.test(resolved))
      ) {
        refuse(name, typeof resolved === 'string' ? resolved : entry?.['link'] === true ? 'link' : 'outside node_modules');
        Reflect.deleteProperty(packages, key);
        continue;
      }
      delete entry['resolved'];
    }
  }
  const walkV1 = (deps: Record<string, unknown> | undefined): void => {
    for (const [name, value] of Object.entries(deps ?? {})) {
      const entry = asObject(value);
      const version = entry?.['version'];
      const resolved = entry?.['resolved'];
      if (
        !entry ||
        (typeof version === 'string' && !isRegistrySpec(version)) ||
        (typeof resolved === 'string' && !REGISTRY_TARBALL.test(resolved))
      ) {
        refuse(name, typeof resolved === 'string' ? resolved : typeof version === 'string' ? version : '?');
        if (deps) Reflect.deleteProperty(deps, name);
        continue;
      }
      delete entry['resolved'];
      walkV1(asObject(entry['dependencies']));
    }
  };
  walkV1(asObject(lock['dependencies']));
  lock['name'] = clean['name'];
  lock['version'] = clean['version'];
  return { text: JSON.stringify(lock), dropped };
}
