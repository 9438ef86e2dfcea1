/**
 * The one place that imports node:path. Paths inside a target are POSIX, relative to its root.
 */
import nodePath from 'node:path';

export const sep = nodePath.sep;

export function resolveAbs(...parts: string[]): string {
  return nodePath.resolve(...parts);
}

export function joinAbs(...parts: string[]): string {
  return nodePath.join(...parts);
}

export function baseName(p: string): string {
  return nodePath.posix.basename(p);
}

export function dirName(p: string): string {
  const d = nodePath.posix.dirname(p);
  return d === '.' ? '' : d;
}

export function extName(p: string): string {
  return nodePath.posix.extname(p).toLowerCase();
}

/** The extensions Node and the TypeScript loaders run as JavaScript source. */
export const JS_EXTENSIONS: ReadonlySet<string> = new Set(['.js', '.mjs', '.cjs', '.jsx', '.ts', '.mts', '.cts', '.tsx']);

/** Join POSIX relative segments and normalise `.`/`..`; returns undefined if it leaves the root. */
export function joinRel(base: string, spec: string): string | undefined {
  const joined = nodePath.posix.normalize(nodePath.posix.join(base, spec));
  if (joined === '..' || joined.startsWith('../') || nodePath.posix.isAbsolute(joined)) return undefined;
  return joined === '.' ? '' : joined;
}

/** A root-relative POSIX path for an absolute path, or undefined when it is outside the root. */
export function relFromRoot(root: string, abs: string): string | undefined {
  const rel = nodePath.relative(root, abs);
  if (rel === '') return '';
  if (rel.startsWith('..') || nodePath.isAbsolute(rel)) return undefined;
  return rel.split(nodePath.sep).join('/');
}

/** The path of an entry `name` (one component, as readdir gives it) of the folder `dir`. */
export function childOf(dir: string, name: string): string {
  return dir + nodePath.sep + name;
}

export function absFromRel(root: string, rel: string): string {
  return nodePath.join(root, ...rel.split('/'));
}

export function isAbsolutePath(p: string): boolean {
  return nodePath.isAbsolute(p);
}
