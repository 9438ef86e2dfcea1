/**
 * A reader for what a justfile runs (https://just.systems): recipes with their parameters,
 * dependencies (`a: b (c "x")`, and the subsequent ones after `&&`), body lines (`@`/`-` prefixes,
 * `\` continuations, shebang and `[script]` recipes), attributes (`[private]`, `[default]`),
 * aliases, `import`/`mod`, string variables, and the backtick and `shell()` assignments that just
 * evaluates when it loads the file, whatever recipe is asked for. `{{name}}` interpolations of
 * known string variables and parameter defaults are expanded. It never runs anything and never
 * throws.
 */

export interface JustLine {
  /** 1-based line where the logical line starts. */
  line: number;
  text: string;
}

export interface JustDependency {
  name: string;
  /** After `&&`: runs after the recipe's body. */
  after: boolean;
}

export interface JustRecipe {
  name: string;
  line: number;
  /** Parameter names with their default value (`undefined` when none is written). */
  params: Map<string, string | undefined>;
  dependencies: JustDependency[];
  body: JustLine[];
  /** The body's physical lines as written (indentation kept): a shebang recipe's script. */
  source: JustLine[];
  /** `#!/usr/bin/env python3` or a `[script('python3')]` attribute: the body is one script for it. */
  interpreter?: string;
  /** `[private]` or a name starting with `_`: listed by no `just --list`, still run as a dependency. */
  private: boolean;
}

export interface Justfile {
  recipes: Map<string, JustRecipe>;
  /** The recipe a bare `just` runs: the `[default]` one, or else the first. */
  defaultRecipe?: string;
  aliases: Map<string, string>;
  /** String values of `name := "…"` assignments (after interpolation-free reading). */
  vars: Map<string, string>;
  /** Commands just runs while it loads the file: backtick and `shell(…)` assignments. */
  loadTime: JustLine[];
  /**
   * `import 'file'` and `mod name ['file']`, with their line; `optional` for `import?`/`mod?`. A
   * module without a path is `name.just`, `name/mod.just`, `name/justfile` or `name/.justfile`.
   */
  imports: JustImport[];
  /** `set shell := ["python3", "-c"]`: the program and arguments each line runs with. */
  shell?: string[];
  /** Something was cut: too many lines. */
  truncated?: string;
}

export interface JustImport {
  kind: 'import' | 'mod';
  /** The module's name (`mod tools` → recipes `tools::x`). */
  name?: string;
  /** The path as written; undefined for a module found by its name. */
  path?: string;
  line: number;
  optional: boolean;
}

const MAX_LINES = 100_000;
const NAME = /^[A-Za-z_][\w-]*/;
const SHELLS = /(?:^|\/)(?:env\s+(?:-S\s+)?)?(?:ba|z|k|da|a)?sh\b/;

/** The value of a just string literal (`'…'`, `"…"`, `'''…'''`), or undefined for any other expression. */
function literal(expr: string): string | undefined {
  const m = /^(?:'([^']*)'|"((?:[^"\\]|\\.)*)")$/.exec(expr.trim());
  if (!m) return undefined;
  if (m[1] !== undefined) return m[1];
  return (m[2] ?? '').replace(/\\(["\\nt])/g, (_, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c));
}

/** Commands an assignment's expression runs while just loads the file. */
function loadTimeCommands(expr: string): string[] {
  const out: string[] = [];
  for (const m of expr.matchAll(/```([\s\S]*?)```|`([^`]*)`/g)) out.push((m[1] ?? m[2] ?? '').trim());
  for (const m of expr.matchAll(/\bshell\(\s*(?:'([^']*)'|"((?:[^"\\]|\\.)*)")/g)) out.push(m[1] ?? m[2] ?? '');
  return out.filter(c => c !== '');
}

/** The index of the recipe header's `:` (outside quotes and parentheses, not `:=`), or -1. */
function headerColon(s: string): number {
  let quote = '';
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quote !== '') {
      if (c === quote) quote = '';
      continue;
    }
    if (c === "'" || c === '"') quote = c;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ':' && depth === 0) return s[i + 1] === '=' ? -1 : i;
    else if (c === '=' && depth === 0 && s[i + 1] === '=') return -1;
  }
  return -1;
}

function parseParams(text: string): Map<string, string | undefined> {
  const out = new Map<string, string | undefined>();
  for (const m of text.matchAll(/[+*$]?([A-Za-z_][\w-]*)(?:\s*=\s*('[^']*'|"(?:[^"\\]|\\.)*"|[^\s'"]+))?/g)) {
    const name = m[1];
    if (name !== undefined) out.set(name, m[2] === undefined ? undefined : (literal(m[2]) ?? m[2]));
  }
  return out;
}

function parseDependencies(text: string): JustDependency[] {
  const out: JustDependency[] = [];
  let after = false;
  for (const m of text.matchAll(/&&|\(\s*([A-Za-z_][\w-]*)[^)]*\)|([A-Za-z_][\w-]*)/g)) {
    if (m[0] === '&&') after = true;
    else {
      const name = m[1] ?? m[2];
      if (name !== undefined) out.push({ name, after });
    }
  }
  return out;
}

/** `[private]`, `[default]`, `[script('python3')]`, `[linux, private]`: the attribute names and script interpreter. */
function parseAttributes(line: string, into: { names: Set<string>; script?: string }): void {
  for (const m of line.slice(1, -1).matchAll(/([A-Za-z_][\w-]*)(?:\(([^)]*)\))?/g)) {
    const name = m[1] ?? '';
    into.names.add(name);
    if (name === 'script') {
      const args = [...(m[2] ?? '').matchAll(/'([^']*)'|"([^"]*)"/g)].map(a => a[1] ?? a[2] ?? '');
      into.script = args.length > 0 ? args.join(' ') : 'sh';
    }
  }
}

export function parseJustfile(text: string): Justfile {
  const out: Justfile = { recipes: new Map(), aliases: new Map(), vars: new Map(), loadTime: [], imports: [] };
  const raw = text.split(/\r?\n/);
  if (raw.length > MAX_LINES) out.truncated = `more than ${MAX_LINES} lines`;
  const limit = Math.min(raw.length, MAX_LINES);
  let current: JustRecipe | undefined;
  let attrs: { names: Set<string>; script?: string } = { names: new Set() };
  let defaultByAttr: string | undefined;
  for (let i = 0; i < limit; i++) {
    const text0 = raw[i] ?? '';
    const lineNo = i + 1;
    if (/^[ \t]/.test(text0) && text0.trim() !== '') {
      if (!current) continue;
      current.source.push({ line: lineNo, text: text0 });
      // A body line; `\` at the end joins the next one.
      let joined = text0.trim();
      while (joined.endsWith('\\') && i + 1 < limit) {
        const next = raw[++i] ?? '';
        current.source.push({ line: i + 1, text: next });
        joined = `${joined.slice(0, -1).trimEnd()} ${next.trim()}`;
      }
      current.body.push({ line: lineNo, text: joined });
      continue;
    }
    if (text0.trim() === '') {
      // A blank line inside a recipe belongs to its script (Python keeps its line numbers).
      if (current) current.source.push({ line: lineNo, text: '' });
      continue;
    }
    current = undefined;
    const t = text0.trim();
    if (t.startsWith('#')) continue;
    if (t.startsWith('[') && t.endsWith(']')) {
      parseAttributes(t, attrs);
      continue;
    }
    const inc = /^(import|mod)(\?)?\s+(?:([A-Za-z_][\w-]*)\s*)?(?:'([^']*)'|"([^"]*)")?\s*(?:#.*)?$/.exec(t);
    if (inc && (inc[4] !== undefined || inc[5] !== undefined || (inc[1] === 'mod' && inc[3] !== undefined))) {
      const path = inc[4] ?? inc[5];
      out.imports.push({
        kind: inc[1] === 'mod' ? 'mod' : 'import',
        ...(inc[1] === 'mod' && inc[3] !== undefined ? { name: inc[3] } : {}),
        ...(path !== undefined ? { path } : {}),
        line: lineNo,
        optional: inc[2] === '?',
      });
      attrs = { names: new Set() };
      continue;
    }
    const alias = /^alias\s+([A-Za-z_][\w-]*)\s*:=\s*([A-Za-z_][\w-]*)/.exec(t);
    if (alias?.[1] !== undefined && alias[2] !== undefined) {
      out.aliases.set(alias[1], alias[2]);
      continue;
    }
    if (/^set\s/.test(t)) {
      const shell = /^set\s+shell\s*:=\s*\[([^\]]*)\]/.exec(t);
      if (shell) out.shell = [...(shell[1] ?? '').matchAll(/'([^']*)'|"((?:[^"\\]|\\.)*)"/g)].map(m => m[1] ?? m[2] ?? '');
      continue;
    }
    const assign = /^(?:export\s+)?([A-Za-z_][\w-]*)\s*:=\s*([\s\S]*)$/.exec(t);
    if (assign?.[1] !== undefined) {
      let expr = assign[2] ?? '';
      // A ``` or ''' block may run over several lines.
      while (/^(?:[^`]*```[^`]*|[^']*'''[^']*)$/.test(expr) && i + 1 < limit) expr = `${expr}\n${raw[++i] ?? ''}`;
      for (const command of loadTimeCommands(expr)) out.loadTime.push({ line: lineNo, text: command });
      const value = literal(expr);
      if (value !== undefined) out.vars.set(assign[1], value);
      continue;
    }
    const name = NAME.exec(t.replace(/^@/, ''));
    const colon = headerColon(t);
    if (!name || colon < 0) {
      attrs = { names: new Set() };
      continue;
    }
    const head = t.replace(/^@/, '');
    const recipe: JustRecipe = {
      name: name[0],
      line: lineNo,
      params: parseParams(head.slice(name[0].length, colon - (t.length - head.length))),
      dependencies: parseDependencies(t.slice(colon + 1).replace(/#.*$/, '')),
      body: [],
      source: [],
      private: attrs.names.has('private') || name[0].startsWith('_'),
      ...(attrs.script !== undefined ? { interpreter: attrs.script } : {}),
    };
    if (attrs.names.has('default')) defaultByAttr ??= recipe.name;
    out.defaultRecipe ??= recipe.name;
    out.recipes.set(recipe.name, recipe);
    current = recipe;
    attrs = { names: new Set() };
  }
  if (defaultByAttr !== undefined) out.defaultRecipe = defaultByAttr;
  for (const r of out.recipes.values()) {
    const first = r.body[0];
    while (r.source.length > 0 && r.source[r.source.length - 1]?.text === '') r.source.pop();
    if (first?.text.startsWith('#!')) {
      r.interpreter = first.text.slice(2).trim();
      r.body = r.body.slice(1);
      r.source = r.source.filter(l => l.line > first.line);
    }
    if (r.interpreter === undefined) {
      // `#` lines of a linewise recipe run as shell comments: nothing.
      r.body = r.body.filter(l => !l.text.startsWith('#')).map(l => ({ line: l.line, text: l.text.replace(/^[@-]{1,2}/, '') }));
    }
  }
  return out;
}

/** `{{name}}` interpolations of known variables and parameter defaults expanded; `{{{{` is `{{`. */
export function interpolate(jf: Justfile, recipe: JustRecipe | undefined, text: string): string {
  return text.replace(/\{\{\{\{|\{\{\s*([A-Za-z_][\w-]*)\s*\}\}/g, (whole, name: string | undefined) => {
    if (name === undefined) return '{{';
    const value = recipe?.params.get(name) ?? jf.vars.get(name);
    return value ?? whole;
  });
}

/** Whether an interpreter line names a POSIX shell (`bash`, `/usr/bin/env sh`). */
export function isShellInterpreter(interpreter: string): boolean {
  return SHELLS.test(interpreter.split(/\s+/).slice(0, 3).join(' '));
}
