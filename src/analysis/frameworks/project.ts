/**
 * Cheap facts the framework models share: app roots and their dependencies, a file's directive
 * prologue (`'use client'`, `'use server'`) and the lines of its named exports, read from the text
 * without parsing it.
 */
import { baseName, dirName, extName, joinRel } from '../../fs/path.ts';
import type { AppRoot, ProjectView } from './types.ts';

const SOURCE = /\.(?:[cm]?[jt]sx?)$/;

/** A JavaScript or TypeScript source (not a declaration file). */
export function isSource(path: string): boolean {
  return SOURCE.test(path) && !path.endsWith('.d.ts');
}

/** The file name without its extension: `app/api/route.ts` → `route`. */
export function stem(path: string): string {
  const base = baseName(path);
  return base.slice(0, base.length - extName(base).length);
}

const sortedFiles = new WeakMap<readonly string[], string[]>();

/** Files of the project under `dir` (root-relative, "" for the root), from one sorted copy of the list. */
export function filesUnder(project: ProjectView, dir: string): string[] {
  if (dir === '') return [...project.files];
  let sorted = sortedFiles.get(project.files);
  if (!sorted) {
    sorted = [...project.files].sort();
    sortedFiles.set(project.files, sorted);
  }
  const prefix = `${dir}/`;
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] ?? '') < prefix) lo = mid + 1;
    else hi = mid;
  }
  const out: string[] = [];
  for (let i = lo; i < sorted.length && (sorted[i] ?? '').startsWith(prefix); i++) out.push(sorted[i] ?? '');
  return out;
}

export function join(dir: string, rel: string): string {
  return dir === '' ? rel : `${dir}/${rel}`;
}

/** The first existing file `dir/name.<ext>` among the source extensions. */
export function sourceFile(project: ProjectView, dir: string, name: string): string | undefined {
  for (const ext of ['ts', 'tsx', 'js', 'jsx', 'mjs', 'mts', 'cjs', 'cts']) {
    const path = join(dir, `${name}.${ext}`);
    if (project.isFile(path)) return path;
  }
  return undefined;
}

function stringMap(value: unknown): Map<string, string> {
  const out = new Map<string, string>();
  if (typeof value !== 'object' || value === null) return out;
  for (const [k, v] of Object.entries(value)) if (typeof v === 'string') out.set(k, v);
  return out;
}

/** Every package.json of the project, with the dependencies it declares. */
export function appRoots(project: ProjectView): AppRoot[] {
  const roots: AppRoot[] = [];
  for (const path of project.files) {
    if (baseName(path) !== 'package.json') continue;
    const text = project.text(path);
    if (text === undefined) continue;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      continue;
    }
    if (typeof json !== 'object' || json === null) continue;
    const pkg = json as Record<string, unknown>;
    const deps = new Set<string>();
    for (const key of ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies']) {
      for (const name of stringMap(pkg[key]).keys()) deps.add(name);
    }
    const main = pkg['main'];
    roots.push({
      dir: dirName(path),
      deps,
      ...(typeof main === 'string' ? { main } : {}),
      scripts: stringMap(pkg['scripts']),
    });
  }
  return roots;
}

export function dependsOn(app: AppRoot, names: readonly string[]): boolean {
  return names.some(n => app.deps.has(n));
}

const PROLOGUE_LIMIT = 4096;

/**
 * The directives at the top of a file (`'use client'`, `'use server'`, `'use strict'`), read
 * past comments and whitespace; the prologue ends at the first statement that is not a string.
 */
export function directives(text: string): string[] {
  const out: string[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const end = Math.min(text.length, PROLOGUE_LIMIT);
  while (i < end) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === ';') {
      i++;
    } else if (c === '/' && text[i + 1] === '/') {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? end : nl + 1;
    } else if (c === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? end : close + 2;
    } else if (c === '#' && i === 0 && text[1] === '!') {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? end : nl + 1;
    } else if (c === "'" || c === '"') {
      const close = text.indexOf(c, i + 1);
      if (close < 0 || close - i > 40) break;
      out.push(text.slice(i + 1, close));
      i = close + 1;
    } else {
      break;
    }
  }
  return out;
}

/** Line numbers of offsets in one text, from one pass over it. */
export function lineFinder(text: string): (offset: number) => number {
  const starts: number[] = [];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i);
  return offset => {
    let lo = 0;
    let hi = starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((starts[mid] ?? 0) < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo + 1;
  };
}

const EXPORT_DECL = /\bexport\s+(?:async\s+)?(?:function\s*\*?\s*|const\s+|let\s+|var\s+|class\s+)([A-Za-z_$][\w$]*)/g;
const EXPORT_LIST = /\bexport\s*\{([^}]{0,2000})\}/g;
const STATIC_METHOD = /\bstatic\s+(?:async\s+)?([A-Za-z_$][\w$]*)\s*\(/g;

/** Named exports of a file with their lines (declarations and `export { a as b }` lists). */
export function exportsOf(text: string): Map<string, number> {
  const out = new Map<string, number>();
  if (!text.includes('export')) return out;
  const lineAt = lineFinder(text);
  for (const m of text.matchAll(EXPORT_DECL)) {
    const name = m[1];
    if (name !== undefined && !out.has(name)) out.set(name, lineAt(m.index));
  }
  for (const m of text.matchAll(EXPORT_LIST)) {
    for (const part of (m[1] ?? '').split(',')) {
      const name = part
        .trim()
        .split(/\s+as\s+/)
        .pop()
        ?.trim();
      if (name && /^[A-Za-z_$][\w$]*$/.test(name) && !out.has(name)) out.set(name, lineAt(m.index));
    }
  }
  return out;
}

/** `static async getInitialProps(` in a class (Next.js `_document`, `_app`, class pages). */
export function staticMethodLine(text: string, name: string): number | undefined {
  for (const m of text.matchAll(STATIC_METHOD)) if (m[1] === name) return lineFinder(text)(m.index);
  return undefined;
}

const LOCAL_IMPORT =
  /(?:\bimport\s+(?:[\w$*{}\s,]{1,300}?\s+from\s*)?|\bfrom\s*|\brequire\s*\(\s*|\bimport\s*\(\s*)['"](\.{1,2}\/[^'"\n]{1,200})['"]/g;

/** The relative specifiers a text imports or requires, with their offsets (at most `max`). */
export function localImports(text: string, max = 100): { spec: string; index: number }[] {
  const out: { spec: string; index: number }[] = [];
  for (const m of text.matchAll(LOCAL_IMPORT)) {
    if (m[1] !== undefined) out.push({ spec: m[1], index: m.index });
    if (out.length >= max) break;
  }
  return out;
}

/** A relative specifier written in `from`, resolved to a project file as Node and bundlers do. */
export function resolveLocal(project: ProjectView, from: string, spec: string): string | undefined {
  const joined = joinRel(dirName(from), spec);
  if (joined === undefined) return undefined;
  if (project.isFile(joined)) return joined;
  const bare = joined.replace(/\.[cm]?js$/, '');
  return sourceFile(project, dirName(bare), baseName(bare)) ?? sourceFile(project, joined, 'index');
}
