/**
 * JSONC configuration files of editors and dev containers, read once per scan and shared by the
 * rules that look at them.
 */
import { defineFactFamily } from '../../../core/rule.ts';
import type { RuleContext } from '../../../core/rule.ts';
import { baseName, dirName, isAbsolutePath, joinRel } from '../../../fs/path.ts';
import { readJsonc } from '../../../lang/jsonc.ts';
import type { JsoncDocument } from '../../../lang/jsonc.ts';

const jsoncFile = defineFactFamily('jsonc', (ctx, path: string): JsoncDocument | undefined => {
  const text = readConfigText(ctx, path);
  return text === undefined ? undefined : readJsonc(text);
});

/** The parsed file, or undefined when it is not a readable text file. */
export function loadJsonc(ctx: RuleContext, path: string): JsoncDocument | undefined {
  return ctx.facts.get(jsoncFile, path);
}

const MAX_LINK_HOPS = 8;
const MAX_DIR_LINKS = 50;
/** Folders editors and IDEs read by name, so a symlink standing in for one is followed. */
const CONFIG_DIRS = new Set(['.vscode', '.devcontainer', '.idea', '.run', '.cursor']);

/**
 * The regular file behind a path, following symlinks (of the file or of a folder on its way) that
 * stay inside the target, as an editor opening the folder would. Undefined when there is none.
 */
export function realPathOf(ctx: RuleContext, path: string): string | undefined {
  let p = path;
  for (let hop = 0; hop < MAX_LINK_HOPS; hop++) {
    if (ctx.inventory.byPath.get(p)?.type === 'file') return p;
    const parts = p.split('/');
    let next: string | undefined;
    for (let i = 1; i <= parts.length && next === undefined; i++) {
      const prefix = parts.slice(0, i).join('/');
      const link = ctx.inventory.byPath.get(prefix);
      if (link?.type !== 'symlink') continue;
      if (link.linkInside !== true || !link.linkTarget || isAbsolutePath(link.linkTarget)) return undefined;
      const target = joinRel(dirName(prefix), link.linkTarget);
      if (target === undefined) return undefined;
      next = [target, ...parts.slice(i)].filter(x => x !== '').join('/');
    }
    if (next === undefined) return undefined;
    p = next;
  }
  return undefined;
}

/** Text of a config file, through symlinks that stay inside the target. */
export function readConfigText(ctx: RuleContext, path: string): string | undefined {
  const real = realPathOf(ctx, path);
  return real === undefined ? undefined : ctx.text(real);
}

/**
 * Tell the user, as `info`, that the editor reads this file despite syntax errors (it keeps what
 * it could parse) or that its parser may fail on it; Airlock mapped what it could read either way.
 */
export function reportSyntax(ctx: RuleContext, path: string, doc: JsoncDocument, tool: string): void {
  if (doc.root !== undefined && doc.root.type !== 'object') {
    ctx.report({
      severity: 'info',
      message: `${path} holds a JSON ${doc.root.type}, not an object; ${tool} ignores it.`,
      location: { file: path, line: doc.positionAt(doc.root.offset).line },
    });
  }
  if (doc.tooDeep) {
    ctx.report({
      severity: 'info',
      message: `${path} is nested so deeply that ${tool}'s own JSON parser runs out of stack on it; Airlock read it with an iterative parser instead.`,
      location: { file: path, line: 1 },
    });
  }
  const first = doc.errors[0];
  if (first) {
    ctx.report({
      severity: 'info',
      message: `${path} has ${doc.errors.length} syntax error${doc.errors.length === 1 ? '' : 's'} (first: ${first.message}); ${tool} still reads what it can parse, and so did Airlock.`,
      location: { file: path, line: first.line, column: first.column },
    });
  }
  for (const dup of doc.duplicates.slice(0, 5)) {
    ctx.report({
      severity: 'info',
      message: `${path} repeats the key "${dup.path.join('.')}"; ${tool} uses the last one, which is the one shown here.`,
      location: { file: path, line: dup.line, column: dup.column },
    });
  }
}

/**
 * Paths (outside node_modules) that satisfy `test`: regular files, symlinks to files inside the
 * target, and files seen through a symlinked editor folder (`.vscode -> config/editor`) under the
 * path the editor opens them by.
 */
export function filesWhere(ctx: RuleContext, test: (path: string) => boolean): string[] {
  const out: string[] = [];
  const dirLinks: { path: string; target: string }[] = [];
  for (const f of ctx.inventory.files) {
    if (f.inNodeModules) continue;
    if (f.type === 'symlink' && f.linkInside === true && f.linkTarget && !isAbsolutePath(f.linkTarget)) {
      const target = joinRel(dirName(f.path), f.linkTarget);
      if (target !== undefined && ctx.inventory.dirs.has(target)) {
        if (dirLinks.length < MAX_DIR_LINKS && CONFIG_DIRS.has(baseName(f.path))) dirLinks.push({ path: f.path, target });
        continue;
      }
    }
    if (f.type !== 'file' && !(f.type === 'symlink' && f.linkInside === true)) continue;
    if (test(f.path)) out.push(f.path);
  }
  for (const link of dirLinks) {
    const prefix = link.target === '' ? '' : `${link.target}/`;
    for (const f of ctx.inventory.files) {
      if (f.inNodeModules || f.type !== 'file' || !f.path.startsWith(prefix)) continue;
      const virtual = `${link.path}/${f.path.slice(prefix.length)}`;
      if (test(virtual)) out.push(virtual);
    }
  }
  return out;
}

const WORKSPACE_VAR = /^\$\{(?:workspaceFolder|workspaceRoot)(?::[^}]*)?\}[\\/]?/;

/**
 * A path written in an editor or container config, as a root-relative path inside the target, or
 * undefined when it points outside it (absolute, home, other variables).
 */
export function resolveConfigPath(baseDir: string, value: string): string | undefined {
  let v = value.trim();
  if (v === '') return undefined;
  if (WORKSPACE_VAR.test(v)) v = v.replace(WORKSPACE_VAR, '');
  else if (/^(?:[A-Za-z]:[\\/]|[\\/]|~|\$)/.test(v)) return undefined;
  v = v.replace(/\\/g, '/');
  return joinRel(baseDir, v === '' ? '.' : v);
}

/** True when the path is a file recorded in the inventory. */
export function isRepoFile(ctx: RuleContext, path: string | undefined): path is string {
  if (path === undefined) return false;
  const e = ctx.inventory.byPath.get(path);
  return e !== undefined && (e.type === 'file' || (e.type === 'symlink' && e.linkInside === true));
}

/** The folder of a file inside a `.vscode`/`.devcontainer`/`.idea`-style folder: the workspace root. */
export function workspaceFolderOf(configPath: string): string {
  return dirName(dirName(configPath));
}
