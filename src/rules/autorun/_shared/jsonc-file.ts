/**
 * JSONC configuration files of editors and dev containers, read once per scan and shared by the
 * rules that look at them.
 */
import type { RuleContext } from '../../../core/rule.ts';
import { dirName, joinRel } from '../../../fs/path.ts';
import { readJsonc } from '../../../lang/jsonc.ts';
import type { JsoncDocument } from '../../../lang/jsonc.ts';

/** The parsed file, or undefined when it is not a readable text file. */
export function loadJsonc(ctx: RuleContext, path: string): JsoncDocument | undefined {
  return ctx.memo(`jsonc:${path}`, () => {
    const text = ctx.text(path);
    return text === undefined ? undefined : readJsonc(text);
  });
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

/** Inventory paths (outside node_modules) that satisfy `test`. */
export function filesWhere(ctx: RuleContext, test: (path: string) => boolean): string[] {
  const out: string[] = [];
  for (const f of ctx.inventory.files) {
    if (f.inNodeModules || f.type !== 'file') continue;
    if (test(f.path)) out.push(f.path);
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
