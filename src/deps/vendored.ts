/**
 * Vendored copies of published libraries, recognised by file name and header comment, and the
 * file-by-file comparison of local code with the published tarball of the same version.
 */
import { baseName } from '../fs/path.ts';
import { readJson } from '../lang/json.ts';

export interface VendoredFile {
  /** Root-relative path of the local copy. */
  path: string;
  pkg: string;
  version: string;
  /** The file's path inside the published package. */
  packagePath: string;
}

interface Recogniser {
  file: RegExp;
  header?: RegExp;
  pkg: (version: string) => string;
  packagePath: (name: string, version: string) => string;
}

const RECOGNISERS: readonly Recogniser[] = [
  {
    file: /^jquery(?:[.-]\d+\.\d+\.\d+)?(\.slim)?(\.min)?\.js$/,
    header: /jQuery (?:JavaScript Library )?v(\d+\.\d+\.\d+(?:-[\w.]+)?)/,
    pkg: () => 'jquery',
    packagePath: name => `dist/${name.replace(/[.-]\d+\.\d+\.\d+/, '')}`,
  },
  {
    file: /^bootstrap(\.bundle)?(\.min)?\.(?:js|css)$/,
    header: /Bootstrap v(\d+\.\d+\.\d+(?:-[\w.]+)?)/,
    pkg: () => 'bootstrap',
    packagePath: name => `dist/${name.endsWith('.css') ? 'css' : 'js'}/${name}`,
  },
];

const YARN_RELEASE = /(?:^|\/)\.yarn\/releases\/yarn-(\d+\.\d+\.\d+(?:-[\w.]+)?)\.c?js$/;

/** The library and version a file is a copy of, or undefined. `head` is the start of its text. */
export function recogniseVendored(path: string, head: string): VendoredFile | undefined {
  const yarn = YARN_RELEASE.exec(path);
  if (yarn?.[1]) {
    const version = yarn[1];
    const major = Number(version.split('.')[0]);
    return major >= 2
      ? { path, pkg: '@yarnpkg/cli-dist', version, packagePath: 'bin/yarn.js' }
      : { path, pkg: 'yarn', version, packagePath: 'lib/cli.js' };
  }
  const name = baseName(path);
  for (const r of RECOGNISERS) {
    if (!r.file.test(name)) continue;
    const version = r.header?.exec(head.slice(0, 2000))?.[1];
    if (version === undefined) continue;
    return { path, pkg: r.pkg(version), version, packagePath: r.packagePath(name, version) };
  }
  return undefined;
}

export interface FileDiff {
  /** Lines present locally but not in the published file (in local order, with local line numbers). */
  added: { line: number; text: string }[];
  removedCount: number;
  identical: boolean;
}

function lines(text: string): string[] {
  return text.replace(/\r\n/g, '\n').split('\n');
}

/**
 * Line multiset difference: cheap, order-insensitive, enough to show what code was added to a
 * copy (appended loaders, injected lines) without a full diff.
 */
export function diffText(local: string, published: string): FileDiff {
  const a = lines(local);
  const b = lines(published);
  if (a.length === b.length && a.every((l, i) => l === b[i])) return { added: [], removedCount: 0, identical: true };
  const pool = new Map<string, number>();
  for (const l of b) pool.set(l, (pool.get(l) ?? 0) + 1);
  const added: { line: number; text: string }[] = [];
  a.forEach((l, i) => {
    const n = pool.get(l) ?? 0;
    if (n > 0) pool.set(l, n - 1);
    else added.push({ line: i + 1, text: l });
  });
  let removedCount = 0;
  for (const n of pool.values()) removedCount += n;
  return { added, removedCount, identical: false };
}

/** Whether added lines contain code, not just blank lines or comments. */
export function addsCode(added: readonly { text: string }[]): boolean {
  return added.some(l => {
    const t = l.text.trim();
    return t !== '' && !t.startsWith('//') && !t.startsWith('*') && !t.startsWith('/*');
  });
}

/** package.json of an installed copy may carry npm's own `_…` fields; compare without them. */
export function samePackageJson(local: string, published: string): boolean {
  const strip = (s: string): string | undefined => {
    const read = readJson(s);
    return read.ok ? JSON.stringify(read.value, (k, v: unknown) => (k.startsWith('_') ? undefined : v)) : undefined;
  };
  const a = strip(local);
  return a !== undefined && a === strip(published);
}
