/**
 * The local import graph: which files a file loads through static `require`/`import`/`export from`
 * and literal `import()`, resolved like Node and bundlers do (relative specifiers, extensions,
 * `index` files, tsconfig/jsconfig `paths` aliases, package.json `imports` such as `#config`). Bare package names are left to deps.
 */
import { Visitor } from 'oxc-parser';
import { defineFact } from '../core/rule.ts';
import type { RuleContext } from '../core/rule.ts';
import { errorMessage } from '../core/errors.ts';
import { dirName, joinRel } from '../fs/path.ts';
import type { Inventory } from '../fs/walk.ts';
import { isJsPath, langOf, MAX_PARSE_BYTES } from '../lang/js/parse.ts';
import type { ParsedJs } from '../lang/js/parse.ts';
import { jsParses } from '../facts/parses.ts';
import { readJsonc } from '../lang/jsonc.ts';
import { astroFrontmatterText, isAstroPath } from './js/astro.ts';
import { componentScriptText, isComponentPath } from './js/component.ts';
import { loadedAsJs } from './runs-as-js.ts';

export interface ImportRef {
  specifier: string;
  /** 0-based offset in the file text. */
  start: number;
  kind: 'import' | 'require' | 'dynamic' | 'reexport';
}

const RESOLVE_EXTENSIONS = ['.ts', '.tsx', '.js', '.jsx', '.mjs', '.cjs', '.mts', '.cts', '.json', '.node'];

// Fallback for files that do not parse: literal require()/import specifiers.
const TEXT_IMPORT = /\b(?:require|import)\s*\(\s*(['"`])([^'"`\n]{1,300})\1\s*\)|\bfrom\s*(['"])([^'"\n]{1,300})\3/g;

/** The imports of `text`, from its parse (`parse` gives the shared one) or, failing that, its text. */
export function extractImports(text: string, parse: () => ParsedJs): ImportRef[] {
  if (text.length > MAX_PARSE_BYTES) return extractImportsFromText(text);
  let parsed: ParsedJs;
  try {
    parsed = parse();
  } catch {
    // Nested too deeply to parse here: the literal specifiers are enough to follow the graph.
    return extractImportsFromText(text);
  }
  const refs: ImportRef[] = [];
  const mod = parsed.result.module;
  for (const imp of mod.staticImports) {
    refs.push({ specifier: imp.moduleRequest.value, start: imp.start, kind: 'import' });
  }
  for (const exp of mod.staticExports) {
    for (const entry of exp.entries) {
      if (entry.moduleRequest) refs.push({ specifier: entry.moduleRequest.value, start: exp.start, kind: 'reexport' });
    }
  }
  new Visitor({
    CallExpression(node) {
      // `module.register('./hooks.mjs', import.meta.url)`: Node runs the hook module, and its
      // hooks run for every later import.
      const callee = node.callee;
      const isRegister =
        (callee.type === 'Identifier' && callee.name === 'register') ||
        (callee.type === 'MemberExpression' &&
          callee.property.type === 'Identifier' &&
          callee.property.name === 'register' &&
          callee.object.type === 'Identifier' &&
          /module/i.test(callee.object.name));
      if (isRegister) {
        const first = node.arguments[0];
        const arg =
          first?.type === 'NewExpression' && first.callee.type === 'Identifier' && first.callee.name === 'URL' ? first.arguments[0] : first;
        if (arg?.type === 'Literal' && typeof arg.value === 'string' && /^\.{1,2}\//.test(arg.value))
          refs.push({ specifier: arg.value, start: node.start, kind: 'import' });
        return;
      }
      if (callee.type !== 'Identifier' || callee.name !== 'require') return;
      const arg = node.arguments[0];
      if (arg?.type === 'Literal' && typeof arg.value === 'string') {
        refs.push({ specifier: arg.value, start: node.start, kind: 'require' });
      } else if (arg?.type === 'TemplateLiteral' && arg.expressions.length === 0) {
        const cooked = arg.quasis[0]?.value.cooked;
        if (typeof cooked === 'string') refs.push({ specifier: cooked, start: node.start, kind: 'require' });
      }
    },
    ImportExpression(node) {
      const src = node.source;
      if (src.type === 'Literal' && typeof src.value === 'string') {
        refs.push({ specifier: src.value, start: node.start, kind: 'dynamic' });
      }
    },
  }).visit(parsed.result.program);
  if (parsed.broken && parsed.result.program.body.length === 0) return extractImportsFromText(text);
  return dedupe(refs);
}

function extractImportsFromText(text: string): ImportRef[] {
  const refs: ImportRef[] = [];
  for (const m of text.matchAll(TEXT_IMPORT)) {
    const spec = m[2] ?? m[4];
    if (spec) refs.push({ specifier: spec, start: m.index, kind: m[2] ? 'require' : 'import' });
  }
  return dedupe(refs);
}

function dedupe(refs: ImportRef[]): ImportRef[] {
  const seen = new Set<string>();
  return refs.filter(r => {
    const key = `${r.kind}:${r.specifier}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export interface PathAliases {
  /** Directory (root-relative) that `baseUrl` and `paths` are relative to. */
  base: string;
  entries: { prefix: string; wildcard: boolean; targets: string[] }[];
}

/** Reads `compilerOptions.paths` from a tsconfig.json/jsconfig.json text (JSONC). */
export function readPathAliases(configDir: string, text: string): PathAliases | undefined {
  // The tolerant, iterative reader: a deeply nested tsconfig.json must not take the scan down.
  const json = readJsonc(text).value;
  if (typeof json !== 'object' || json === null) return undefined;
  const co = (json as { compilerOptions?: unknown }).compilerOptions;
  if (typeof co !== 'object' || co === null) return undefined;
  const baseUrl = (co as { baseUrl?: unknown }).baseUrl;
  const paths = (co as { paths?: unknown }).paths;
  const base = joinRel(configDir, typeof baseUrl === 'string' ? baseUrl : '.') ?? configDir;
  const entries: PathAliases['entries'] = [];
  if (typeof paths === 'object' && paths !== null) {
    for (const [key, value] of Object.entries(paths)) {
      if (!Array.isArray(value)) continue;
      const targets = value.filter((v): v is string => typeof v === 'string');
      const wildcard = key.endsWith('*');
      entries.push({ prefix: wildcard ? key.slice(0, -1) : key, wildcard, targets });
    }
  }
  return { base, entries };
}

/**
 * package.json `imports` (`"#config": "./config/index.js"`, `"#internal/*": "./src/*.js"`, or a
 * conditions object whose string leaves are the targets) as aliases of the package's folder.
 */
export function readPackageImports(packageDir: string, text: string): PathAliases | undefined {
  const json = readJsonc(text).value;
  const imports = typeof json === 'object' && json !== null ? (json as { imports?: unknown }).imports : undefined;
  if (typeof imports !== 'object' || imports === null) return undefined;
  const leaves = (v: unknown, depth: number): string[] =>
    typeof v === 'string'
      ? [v]
      : typeof v === 'object' && v !== null && depth < 4
        ? Object.values(v).flatMap(x => leaves(x, depth + 1))
        : [];
  const entries: PathAliases['entries'] = [];
  for (const [key, value] of Object.entries(imports)) {
    if (!key.startsWith('#')) continue;
    const targets = leaves(value, 0).filter(t => t.startsWith('./'));
    const wildcard = key.endsWith('*');
    if (targets.length > 0) entries.push({ prefix: wildcard ? key.slice(0, -1) : key, wildcard, targets });
  }
  return entries.length > 0 ? { base: packageDir, entries } : undefined;
}

export class ImportResolver {
  private readonly inventory: Inventory;
  private readonly aliases: PathAliases[];

  constructor(inventory: Inventory, aliases: PathAliases[] = []) {
    this.inventory = inventory;
    this.aliases = aliases;
  }

  private isFile(rel: string): boolean {
    const e = this.inventory.byPath.get(rel);
    return e !== undefined && (e.type === 'file' || (e.type === 'symlink' && e.linkInside === true));
  }

  /** Resolve a path (root-relative, no extension handling yet) to a file in the inventory. */
  resolvePath(candidate: string): string | undefined {
    if (this.isFile(candidate)) return candidate;
    for (const ext of RESOLVE_EXTENSIONS) if (this.isFile(candidate + ext)) return candidate + ext;
    // TypeScript sources imported with a .js extension.
    const m = /\.(m|c)?js$/.exec(candidate);
    if (m) {
      const stem = candidate.slice(0, -m[0].length);
      for (const ext of ['.ts', '.tsx', '.mts', '.cts']) if (this.isFile(stem + ext)) return stem + ext;
    }
    const prefix = candidate === '' ? '' : candidate + '/';
    for (const ext of RESOLVE_EXTENSIONS) if (this.isFile(`${prefix}index${ext}`)) return `${prefix}index${ext}`;
    return undefined;
  }

  /** Resolve an import specifier written in `fromFile`. */
  resolve(fromFile: string, specifier: string): string | undefined {
    const spec = specifier.split('?')[0] ?? specifier;
    if (spec.startsWith('./') || spec.startsWith('../') || spec === '.' || spec === '..') {
      const joined = joinRel(dirName(fromFile), spec);
      return joined === undefined ? undefined : this.resolvePath(joined);
    }
    if (spec.startsWith('/') || spec.startsWith('file:') || spec.startsWith('node:')) return undefined;
    for (const alias of this.aliases) {
      for (const entry of alias.entries) {
        const hit = entry.wildcard ? spec.startsWith(entry.prefix) : spec === entry.prefix;
        if (!hit) continue;
        const rest = entry.wildcard ? spec.slice(entry.prefix.length) : '';
        for (const target of entry.targets) {
          const mapped = entry.wildcard ? target.replace('*', rest) : target;
          const joined = joinRel(alias.base, mapped);
          const found = joined === undefined ? undefined : this.resolvePath(joined);
          if (found) return found;
        }
      }
    }
    return undefined;
  }
}

/** The project's tsconfig/jsconfig `paths` aliases (tsconfig files first), and the resolver over them. */
export const importResolver = defineFact('import-resolver', ctx => {
  const aliases: PathAliases[] = [];
  for (const name of ['tsconfig.json', 'jsconfig.json']) {
    for (const f of ctx.inventory.files) {
      if (f.inNodeModules || (f.path !== name && !f.path.endsWith('/' + name))) continue;
      const body = ctx.text(f.path);
      try {
        const a = body === undefined ? undefined : readPathAliases(dirName(f.path), body);
        if (a) aliases.push(a);
      } catch {
        // A broken tsconfig only means no aliases.
      }
    }
  }
  for (const f of ctx.inventory.files) {
    if (f.inNodeModules || (f.path !== 'package.json' && !f.path.endsWith('/package.json'))) continue;
    const body = ctx.text(f.path);
    if (body === undefined || !body.includes('"imports"')) continue;
    const a = readPackageImports(dirName(f.path), body);
    if (a) aliases.push(a);
  }
  return new ImportResolver(ctx.inventory, aliases);
});

/**
 * The local files a file loads, resolved, when it is loaded as JavaScript (a surface's entry and
 * every file reached from it: see runs-as-js.ts) or is an Astro, Vue or Svelte component. Bare package names are
 * left to deps.
 */
export function jsLocalImports(ctx: RuleContext, path: string): string[] {
  const raw = ctx.text(path);
  if (raw === undefined || !loadedAsJs(path)) return [];
  // An Astro component: the imports of its frontmatter (TypeScript); a Vue or Svelte component:
  // those of its scripts; each at the file's own offsets.
  const astro = isAstroPath(path);
  const component = isComponentPath(path);
  const body = astro ? astroFrontmatterText(raw) : component ? componentScriptText(raw) : raw;
  if (body === undefined) return [];
  const lang = astro || component ? 'ts' : isJsPath(path) ? langOf(path) : 'js';
  const resolver = ctx.facts.get(importResolver);
  const parses = ctx.facts.get(jsParses);
  try {
    return extractImports(body, () => parses.parse(path, body, lang))
      .map(r => resolver.resolve(path, r.specifier))
      .filter((p): p is string => p !== undefined);
  } catch (err) {
    ctx.error(`could not read imports: ${errorMessage(err)}`, path, 'unparseable');
    return [];
  }
}
