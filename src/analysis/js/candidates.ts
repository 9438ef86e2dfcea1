/**
 * Which project files the code facts analyse as JavaScript, and how: shared by the code facts and
 * the text facts, which keep a candidate's text for the code facts and drop every other file's.
 */
import type { FileEntry } from '../../fs/walk.ts';
import { extName } from '../../fs/path.ts';
import { isJsPath, langOf } from '../../lang/js/parse.ts';
import type { JsLang } from '../../lang/js/parse.ts';
import { isAstroPath } from './astro.ts';
import { isComponentPath } from './component.ts';

/** A file of the project (installed packages are the installed-files pass's). */
export interface Candidate {
  path: string;
  lang: JsLang;
  /**
   * Code embedded in another language: HTML's inline scripts, an Astro component's frontmatter,
   * the scripts of a Vue or Svelte component.
   */
  embed?: 'html' | 'astro' | 'component';
  /** Run as JS by a surface although its extension says otherwise. */
  forced: boolean;
}

const SCRIPT_EXTS = new Set(['.html', '.htm']);

/** The file as a code candidate, or undefined; `forced` when a surface runs it as JavaScript. */
export function codeCandidate(f: FileEntry, forced: boolean): Candidate | undefined {
  if (f.inNodeModules || f.type !== 'file' || f.content !== 'text') return undefined;
  if (isJsPath(f.path)) return { path: f.path, lang: langOf(f.path), forced: false };
  if (SCRIPT_EXTS.has(extName(f.path))) return { path: f.path, lang: 'js', embed: 'html', forced: false };
  if (isAstroPath(f.path)) return { path: f.path, lang: 'ts', embed: 'astro', forced: false };
  if (isComponentPath(f.path)) return { path: f.path, lang: 'ts', embed: 'component', forced: false };
  return forced ? { path: f.path, lang: 'js', forced: true } : undefined;
}
