/**
 * Which files the text-level code rules look at. The project's own files go through the engine's
 * cached `ctx.text`; files inside an installed `node_modules` are read directly by the text pass
 * and not cached, so a 450 MB dependency tree never sits in memory at once.
 */
import { errorMessage } from '../core/errors.ts';
import { defineFact } from '../core/rule.ts';
import type { RuleContext } from '../core/rule.ts';
import { readBytes } from '../fs/read.ts';
import { loadIocs } from '../ioc/index.ts';
import { IocMatcher } from '../ioc/matcher.ts';
import { baseName, extName, JS_EXTENSIONS } from '../fs/path.ts';
import type { FileEntry } from '../fs/walk.ts';
import { lineIndexOf } from '../core/line-index.ts';

/** Extensions of files that hold code a runtime or toolchain executes. */
const CODE_EXTENSIONS = new Set([...JS_EXTENSIONS, '.vue', '.svelte', '.astro', '.html', '.htm']);

/** Build-tool configs that the toolchain imports (research/techniques.md T6). */
const CONFIG_NAME =
  /^(?:postcss|tailwind|eslint|next|vite|vitest|webpack|rollup|babel|astro|svelte|nuxt|jest|prettier|remix|metro|craco|tsup|playwright)\.config\.(?:js|cjs|mjs|ts|cts|mts)$|^\.(?:eslintrc|babelrc|prettierrc)\.(?:js|cjs)$/;

export function isConfigFile(path: string): boolean {
  return CONFIG_NAME.test(baseName(path));
}

export function isCodePath(path: string): boolean {
  return CODE_EXTENSIONS.has(extName(path)) && !path.endsWith('.d.ts');
}

/** The IOC set the text facts match: the shipped one, plus the scan's `iocFiles`. */
export const iocMatcher = defineFact('ioc-matcher', ctx => new IocMatcher(loadIocs(ctx.options.iocFiles ?? [])));

/** The first `maxBytes` of a file, or undefined after reporting why it could not be read. */
export function readOrReport(ctx: RuleContext, entry: FileEntry, maxBytes: number): Buffer | undefined {
  try {
    return readBytes(ctx.root, entry, maxBytes);
  } catch (err) {
    ctx.error(`unreadable: ${errorMessage(err)}`, entry.path);
    return undefined;
  }
}

export function isReadableText(entry: FileEntry): boolean {
  return entry.type === 'file' && entry.content === 'text' && entry.size > 0;
}

/** 1-based line and column of a UTF-16 offset (each text is indexed once, see `lineIndexOf`). */
export function positionOf(text: string, offset: number): { line: number; column: number } {
  return lineIndexOf(text).position(offset);
}
