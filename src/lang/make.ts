/**
 * A GNU Make reader for what a target runs: rules (targets, prerequisites, recipe lines), variables
 * (`=`, `:=`, `::=`, `?=`, `+=`, `!=`, `define … endef`), `include`/`-include`, `.PHONY`, the
 * default goal, line continuations, `@`/`-`/`+` recipe prefixes and `.RECIPEPREFIX`. Conditionals
 * are read as if every branch were taken (Airlock cannot know the user's environment). Variables
 * are expanded the way make would, with `$(shell …)` turned into a shell command substitution so
 * the shell analyser sees the command. It never runs anything and never throws.
 */
import { pushAll } from '../core/spread.ts';

export interface RecipeLine {
  /** 1-based line in `file`. */
  line: number;
  /** The command after prefixes, with continuations joined (variables not expanded). */
  raw: string;
  file: string;
}

export interface MakeRule {
  targets: string[];
  prerequisites: string[];
  recipe: RecipeLine[];
  line: number;
  file: string;
}

export interface MakeInclude {
  path: string;
  line: number;
  file: string;
  /** `-include`/`sinclude`: make ignores a missing file. */
  optional: boolean;
  /** The file could not be read (missing, or not in the repository). */
  missing: boolean;
}

export interface ParseTimeShell {
  /** The command of a `$(shell …)` or `!=` that make runs while it reads the file. */
  command: string;
  line: number;
  file: string;
}

export interface Makefile {
  /**
   * Rules by target name; a target named in several rules has the recipe of the last with one,
   * except double-colon rules (`t::`), whose recipes all run, in order, as one rule here.
   */
  rules: Map<string, MakeRule>;
  /** Raw (unexpanded) values. */
  vars: Map<string, string>;
  /** Target-specific variables (`bin/tool: VERSION := 1.2.0`): raw values by target, then name. */
  targetVars: Map<string, Map<string, string>>;
  phony: Set<string>;
  defaultGoal?: string;
  includes: MakeInclude[];
  /** Commands make runs while reading the files, whatever target is asked for. */
  parseTimeShell: ParseTimeShell[];
  /** Where each variable was last assigned (`SHELL`, `.SHELLFLAGS`). */
  varLines: Map<string, { line: number; file: string }>;
  /** Something was cut: too many lines, includes too deep, an expansion too large. */
  truncated?: string;
}

export interface MakeOptions {
  /** Reads an included file (path as written, relative to the top Makefile's folder); undefined when absent. */
  read?: (path: string) => string | undefined;
  /** Physical lines read in all files together. */
  maxLines?: number;
}

const MAX_LINES = 200_000;
const MAX_INCLUDE_DEPTH = 8;
const MAX_EXPANSION = 16 * 1024;
const MAX_EXPANSION_DEPTH = 12;
const ASSIGN = /^(?:(?:export|override|private)\s+)*([^\s:#=!?+$()]+|\$[({][^)}]+[)}])\s*(:::?=|::=|:=|\?=|\+=|!=|=)\s*(.*)$/s;
const RULE_KEYWORDS = /^(?:ifeq|ifneq|ifdef|ifndef|else|endif|export|unexport|override|vpath|undefine|private)\b/;

interface Line {
  text: string;
  line: number;
  file: string;
  /** The line started with the recipe prefix. */
  recipe: boolean;
}

/** Physical lines → logical lines: `\`-newline joins (a space outside recipes, as make does). */
function logical(text: string, file: string, prefix: string, budget: { lines: number }, at?: number): { lines: Line[]; cut: boolean } {
  const raw = text.split(/\r?\n/);
  const out: Line[] = [];
  let cut = false;
  for (let i = 0; i < raw.length; i++) {
    if (budget.lines-- <= 0) {
      cut = true;
      break;
    }
    const start = i;
    let l = raw[i] ?? '';
    const recipe = l.startsWith(prefix);
    while (endsWithContinuation(l) && i + 1 < raw.length) {
      i++;
      budget.lines--;
      const next = raw[i] ?? '';
      l = `${l.slice(0, -1).trimEnd()} ${(recipe && next.startsWith(prefix) ? next.slice(prefix.length) : next).trimStart()}`;
    }
    out.push({ text: l, line: at ?? start + 1, file, recipe });
  }
  return { lines: out, cut };
}

function endsWithContinuation(l: string): boolean {
  let n = 0;
  for (let i = l.length - 1; i >= 0 && l[i] === '\\'; i--) n++;
  return n % 2 === 1;
}

/** Drops a `#` comment (not `\#`, not inside `$(…)`). */
function stripComment(l: string): string {
  let depth = 0;
  for (let i = 0; i < l.length; i++) {
    const c = l[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '$' && (l[i + 1] === '(' || l[i + 1] === '{')) {
      depth++;
      i++;
      continue;
    }
    if ((c === ')' || c === '}') && depth > 0) depth--;
    if (c === '#' && depth === 0) return l.slice(0, i);
  }
  return l;
}

/** Index of the rule's `:` (not `:=`, not inside `$(…)`), or -1. */
function ruleColon(l: string): number {
  let depth = 0;
  for (let i = 0; i < l.length; i++) {
    const c = l[i];
    if (c === '$' && (l[i + 1] === '(' || l[i + 1] === '{')) {
      depth++;
      i++;
      continue;
    }
    if ((c === ')' || c === '}') && depth > 0) depth--;
    if (depth > 0) continue;
    if (c === '=') return -1;
    if (c === ':' && l[i + 1] !== '=' && !(l[i + 1] === ':' && l[i + 2] === '=')) {
      // A Windows drive letter (`C:\x`) is not a rule.
      if (/^[A-Za-z]$/.test(l.slice(0, i).trim()) && l[i + 1] === '\\') return -1;
      return i;
    }
  }
  return -1;
}

function words(s: string): string[] {
  return s.split(/\s+/).filter(Boolean);
}

/** Reads a Makefile (and what it includes, through `options.read`). */
export function parseMakefile(text: string, file: string, options: MakeOptions = {}): Makefile {
  const mk: Makefile = {
    rules: new Map(),
    vars: new Map(),
    targetVars: new Map(),
    phony: new Set(),
    includes: [],
    parseTimeShell: [],
    varLines: new Map(),
  };
  const budget = { lines: options.maxLines ?? MAX_LINES };
  const seen = new Set<string>([file]);
  let prefix = '\t';
  let current: MakeRule[] = [];

  /** `at`: text an `$(eval …)` produced, every line of it placed at the line of the `$(eval`. */
  const readFile = (body: string, name: string, depth: number, at?: number): void => {
    const { lines, cut } = logical(body, name, prefix, budget, at);
    if (cut) mk.truncated ??= `more than ${options.maxLines ?? MAX_LINES} lines`;
    let define: { name: string; value: string[] } | undefined;
    for (const l of lines) {
      if (define) {
        if (/^\s*endef\b/.test(l.text)) {
          mk.vars.set(define.name, define.value.join('\n'));
          define = undefined;
        } else define.value.push(l.text);
        continue;
      }
      if (l.recipe && current.length > 0) {
        const cmd = stripPrefixes(l.text.slice(prefix.length));
        if (cmd.trim() !== '') for (const r of current) r.recipe.push({ line: l.line, raw: cmd, file: name });
        continue;
      }
      const t = stripComment(l.text).trim();
      if (t === '') continue;
      if (/\$\(eval\s/.test(t) && !ASSIGN.test(t)) {
        // `$(eval …)` (also inside `$(foreach …)` and `$(call …)`) parses its expanded argument as
        // makefile text: rules, variables, includes.
        current = [];
        shellCalls(mk, t, l);
        if (depth + 1 > MAX_INCLUDE_DEPTH) {
          mk.truncated ??= `$(eval) nested deeper than ${MAX_INCLUDE_DEPTH} levels`;
          continue;
        }
        const evals: string[] = [];
        expand(mk, t, { evals });
        for (const text of evals) readFile(text, name, depth + 1, l.line);
        current = [];
        continue;
      }
      const def = /^(?:(?:export|override)\s+)*define\s+([^\s:=]+)/.exec(t);
      if (def?.[1] !== undefined) {
        define = { name: def[1], value: [] };
        current = [];
        continue;
      }
      const inc = /^(-include|sinclude|include)\s+(.+)$/.exec(t);
      // `MAKEFILES` (set here for the sub-makes, or exported): each make reads those files first.
      const makefiles = /^(?:(?:export|override)\s+)*MAKEFILES\s*(?:[:+?]?=|::=)\s*(.+)$/.exec(t);
      if ((inc?.[1] !== undefined && inc[2] !== undefined) || makefiles?.[1] !== undefined) {
        current = [];
        const optional = inc?.[1] !== 'include';
        for (const p of words(expand(mk, inc?.[2] ?? makefiles?.[1] ?? '', {}))) {
          // A path built from the environment (`$CURDIR/…`) or a wildcard cannot be resolved: not missing, unknown.
          const unknown = p.includes('$') || p.includes('*');
          const body2 = unknown ? undefined : options.read?.(p);
          mk.includes.push({ path: p, line: l.line, file: name, optional, missing: !unknown && body2 === undefined });
          if (body2 === undefined || seen.has(p)) continue;
          if (depth + 1 > MAX_INCLUDE_DEPTH) {
            mk.truncated ??= `includes nested deeper than ${MAX_INCLUDE_DEPTH} levels`;
            continue;
          }
          seen.add(p);
          readFile(body2, p, depth + 1);
        }
        continue;
      }
      if (RULE_KEYWORDS.test(t) && !ASSIGN.test(t.replace(/^(?:export|override)\s+/, ''))) {
        // Conditionals and directives: every branch is read.
        if (/^(?:ifeq|ifneq)\b/.test(t)) shellCalls(mk, t, l);
        continue;
      }
      const colon = ruleColon(t);
      const assign = ASSIGN.exec(t);
      if (assign && (colon < 0 || colon > t.indexOf('='))) {
        current = [];
        assignVar(mk, assign[1] ?? '', assign[2] ?? '=', assign[3] ?? '', l);
        if (assign[1] === '.RECIPEPREFIX') prefix = (assign[3] ?? '').slice(0, 1) || '\t';
        continue;
      }
      if (colon < 0) {
        current = [];
        shellCalls(mk, t, l);
        continue;
      }
      current = addRule(mk, t, colon, l);
    }
    if (define) mk.vars.set(define.name, define.value.join('\n'));
  };
  readFile(text, file, 0);
  return mk;
}

function stripPrefixes(cmd: string): string {
  return cmd.replace(/^[\s@+-]*/, '');
}

function assignVar(mk: Makefile, name: string, op: string, value: string, l: Line): void {
  const v = value.trim();
  mk.varLines.set(name, { line: l.line, file: l.file });
  if (op === '!=') {
    mk.parseTimeShell.push({ command: v, line: l.line, file: l.file });
    mk.vars.set(name, `$(shell ${v})`);
    return;
  }
  // Immediate assignments run their $(shell …) now; deferred ones when used, which is any target
  // that names them, so both count as run when make reads the file.
  shellCalls(mk, v, l);
  if (op === '+=') mk.vars.set(name, `${mk.vars.get(name) ?? ''} ${v}`.trim());
  else if (op === '?=') {
    if (!mk.vars.has(name)) mk.vars.set(name, v);
  } else mk.vars.set(name, v);
  if (name === '.DEFAULT_GOAL') mk.defaultGoal = v;
}

/** Records each `$(shell …)` of a line read at parse time. */
function shellCalls(mk: Makefile, text: string, l: Line): void {
  for (const cmd of shellFunctionArgs(text)) mk.parseTimeShell.push({ command: cmd, line: l.line, file: l.file });
}

/** The arguments of every `$(shell …)` in text, balanced parentheses. */
export function shellFunctionArgs(text: string): string[] {
  const out: string[] = [];
  let from = 0;
  for (;;) {
    const i = text.indexOf('$(shell', from);
    if (i < 0) return out;
    const end = closing(text, i + 1);
    if (end < 0) return out;
    out.push(text.slice(i + 7, end).trim());
    from = end + 1;
  }
}

/** Index of the parenthesis closing the one at `open`, or -1. */
function closing(text: string, open: number): number {
  const o = text[open];
  const c = o === '{' ? '}' : ')';
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === o) depth++;
    else if (text[i] === c && --depth === 0) return i;
  }
  return -1;
}

function addRule(mk: Makefile, t: string, colon: number, l: Line): MakeRule[] {
  const double = t[colon + 1] === ':';
  const targets = words(expand(mk, t.slice(0, colon), {}));
  let rest = t.slice(colon + (double ? 2 : 1));
  let inline: string | undefined;
  const semi = rest.indexOf(';');
  if (semi >= 0) {
    inline = rest.slice(semi + 1);
    rest = rest.slice(0, semi);
  }
  // Target-specific variables (`t: VAR = x`) are not prerequisites: kept for the target's recipe.
  const own = ASSIGN.exec(rest.trim());
  if (own) {
    for (const target of targets) {
      const vars = mk.targetVars.get(target) ?? new Map<string, string>();
      const [, name = '', op = '=', value = ''] = own;
      vars.set(name, op === '+=' ? `${vars.get(name) ?? mk.vars.get(name) ?? ''} ${value.trim()}`.trim() : value.trim());
      mk.targetVars.set(target, vars);
    }
    return [];
  }
  // Static pattern rules: `targets: target-pattern: prerequisites`.
  const second = ruleColon(rest);
  if (second >= 0) rest = rest.slice(second + 1);
  const prerequisites = words(expand(mk, rest.replace(/\|/g, ' '), {}));
  shellCalls(mk, t, l);
  const rules: MakeRule[] = [];
  for (const target of targets) {
    if (target === '.PHONY') {
      for (const p of prerequisites) mk.phony.add(p);
      continue;
    }
    const rule: MakeRule = { targets, prerequisites, recipe: [], line: l.line, file: l.file };
    if (inline !== undefined && inline.trim() !== '') rule.recipe.push({ line: l.line, raw: stripPrefixes(inline.trim()), file: l.file });
    const old = mk.rules.get(target);
    if (old && double) {
      // Double-colon rules are independent: make runs the recipe of every one of them, in order.
      old.prerequisites.push(...prerequisites.filter(p => !old.prerequisites.includes(p)));
      old.recipe.push(...rule.recipe);
      rules.push(old);
    } else if (old && old.recipe.length > 0 && rule.recipe.length === 0) {
      // `t: more-prereqs` after the rule with the recipe adds prerequisites only.
      const had = new Set(old.prerequisites);
      pushAll(
        old.prerequisites,
        prerequisites.filter(p => !had.has(p)),
      );
      rules.push(old);
    } else {
      const now = new Set(prerequisites);
      if (old)
        rule.prerequisites = pushAll(
          old.prerequisites.filter(p => !now.has(p)),
          prerequisites,
        );
      mk.rules.set(target, rule);
      rules.push(rule);
    }
    if (mk.defaultGoal === undefined && !target.startsWith('.') && !target.includes('%')) mk.defaultGoal = target;
  }
  return rules;
}

/**
 * The pattern rule (`%.o: %.c`, `build/%: …`) that makes `target` when no rule names it, with the
 * stem its `%` matched; the last such rule with a recipe, as make prefers.
 */
export function patternRuleFor(mk: Makefile, target: string): { rule: MakeRule; stem: string } | undefined {
  let found: { rule: MakeRule; stem: string } | undefined;
  for (const [name, rule] of mk.rules) {
    const at = name.indexOf('%');
    if (at < 0 || rule.recipe.length === 0) continue;
    const head = name.slice(0, at);
    const tail = name.slice(at + 1);
    if (target.length > head.length + tail.length && target.startsWith(head) && target.endsWith(tail))
      found = { rule, stem: target.slice(head.length, target.length - tail.length) };
  }
  return found;
}

export interface ExpandContext {
  /** `$@` */
  target?: string;
  /** `$^` (`$<` is the first). */
  prerequisites?: string[];
  /** `$*`: the stem a pattern rule's `%` matched. */
  stem?: string;
  /** Variables that win over the file's: the target's own (`t: VAR := x`), `$(call)`'s `$(1)`… */
  vars?: ReadonlyMap<string, string>;
  /** Collects the expanded text of each `$(eval …)` (which expands to nothing). */
  evals?: string[];
}

/**
 * Expands make variables and functions in text: `$(VAR)`, `${VAR}`, `$X`, `$$` → `$`, automatic
 * variables from `ctx`, `$(shell cmd)` → `$(cmd)` (a shell command substitution, for the shell
 * analyser), an undefined variable → `$NAME` (the environment's, as the shell would see it), other
 * functions → their expanded arguments. Bounded in depth and size: a self-referencing or
 * exponential definition stops at the cap.
 */
export function expand(mk: Makefile, text: string, ctx: ExpandContext): string {
  const state = { size: 0, cut: false };
  const out = expandIn(mk, text, ctx, 0, state);
  if (state.cut) mk.truncated ??= `a variable expands to more than ${MAX_EXPANSION} characters`;
  return out;
}

function expandIn(mk: Makefile, text: string, ctx: ExpandContext, depth: number, state: { size: number; cut: boolean }): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    if (state.size + out.length > MAX_EXPANSION) {
      state.cut = true;
      break;
    }
    const c = text.charAt(i);
    if (c !== '$') {
      out += c;
      continue;
    }
    const n = text[i + 1];
    if (n === undefined) {
      out += '$';
      continue;
    }
    if (n === '$') {
      out += '$';
      i++;
      continue;
    }
    if (n === '(' || n === '{') {
      const end = closing(text, i + 1);
      if (end < 0) {
        out += text.slice(i);
        break;
      }
      out += reference(mk, text.slice(i + 2, end), ctx, depth, state);
      i = end;
      continue;
    }
    out += reference(mk, n, ctx, depth, state);
    i++;
  }
  return out;
}

function reference(mk: Makefile, body: string, ctx: ExpandContext, depth: number, state: { size: number; cut: boolean }): string {
  if (depth >= MAX_EXPANSION_DEPTH) {
    state.cut = true;
    return '';
  }
  const auto = automatic(body, ctx);
  if (auto !== undefined) return auto;
  const fn = /^([a-z-]+)\s+([\s\S]*)$/.exec(body);
  if (fn?.[1] !== undefined && fn[2] !== undefined) {
    if (fn[1] === 'call') {
      // `$(call name,a,b)`: the variable's value with `$(1)`, `$(2)` … set to the arguments.
      const [name = '', ...params] = splitArgs(fn[2]).map(a => expandIn(mk, a, ctx, depth + 1, state));
      const value = ctx.vars?.get(name.trim()) ?? mk.vars.get(name.trim());
      if (value === undefined) return '';
      const vars = new Map(ctx.vars ?? []);
      params.forEach((v, i) => vars.set(String(i + 1), v));
      const out = expandIn(mk, value, { ...ctx, vars }, depth + 1, state).trim();
      state.size += out.length;
      return out;
    }
    if (fn[1] === 'foreach') {
      // `$(foreach var,list,text)`: text expanded once per word of the list, with var bound to it.
      const [name = '', list = '', ...rest] = splitArgs(fn[2]);
      const words = expandIn(mk, list, ctx, depth + 1, state)
        .split(/\s+/)
        .filter(Boolean);
      const parts: string[] = [];
      for (const w of words) {
        const vars = new Map(ctx.vars ?? []);
        vars.set(expandIn(mk, name, ctx, depth + 1, state).trim(), w);
        parts.push(expandIn(mk, rest.join(','), { ...ctx, vars }, depth + 1, state));
        if (state.cut) break;
      }
      const out = parts.join(' ');
      state.size += out.length;
      return out;
    }
    if (fn[1] in TEXT_FUNCTIONS) {
      const args = splitArgs(fn[2]).map(a => expandIn(mk, a, ctx, depth + 1, state));
      const out = TEXT_FUNCTIONS[fn[1]]?.(args) ?? '';
      state.size += out.length;
      return out;
    }
    const arg = expandIn(mk, fn[2], ctx, depth + 1, state);
    if (fn[1] === 'shell') return `$(${arg})`;
    if (fn[1] === 'eval') {
      ctx.evals?.push(arg);
      return '';
    }
    // Other functions: keep the words they work on, which is what a command would see most often.
    const parts = arg.split(',');
    return (parts.length > 1 ? parts[parts.length - 1] : arg)?.trim() ?? '';
  }
  // `$(VAR:.c=.o)`, `$(VAR:%.c=%.o)`: a substitution reference, patsubst over the value's words.
  const sub = /^([^:=\s]+):([^=]*)=([\s\S]*)$/.exec(body);
  if (sub?.[1] !== undefined) {
    const value = reference(mk, sub[1], ctx, depth + 1, state);
    const from = expandIn(mk, sub[2] ?? '', ctx, depth + 1, state);
    const to = expandIn(mk, sub[3] ?? '', ctx, depth + 1, state);
    const patsubst = TEXT_FUNCTIONS.patsubst;
    return patsubst
      ? patsubst([from.includes('%') ? from : `%${from}`, to.includes('%') || from.includes('%') ? to : `%${to}`, value])
      : value;
  }
  const name = expandIn(mk, body, ctx, depth + 1, state);
  if (name === 'MAKE') return 'make';
  const value = ctx.vars?.get(name) ?? mk.vars.get(name);
  if (value === undefined) return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? `$${name}` : '';
  const v = expandIn(mk, value, ctx, depth + 1, state);
  state.size += v.length;
  return v;
}

const wordsOf = (s: string | undefined): string[] => (s ?? '').split(/\s+/).filter(Boolean);
const index = (s: string | undefined): number => (/^\s*\d+\s*$/.test(s ?? '') ? Number(s) : 0);
/** `%` in a pattern matches any text once; the rest is literal. */
function patternMatch(pattern: string, word: string): string | undefined {
  const at = pattern.indexOf('%');
  if (at < 0) return pattern === word ? '' : undefined;
  const pre = pattern.slice(0, at);
  const post = pattern.slice(at + 1);
  return word.length >= pre.length + post.length && word.startsWith(pre) && word.endsWith(post)
    ? word.slice(pre.length, word.length - post.length)
    : undefined;
}
/** The part after the last `/`, and the folder before it (`./` for none), as make splits names. */
const splitName = (w: string): [string, string] => {
  const at = w.lastIndexOf('/');
  return at < 0 ? ['./', w] : [w.slice(0, at + 1), w.slice(at + 1)];
};

/**
 * GNU make's text functions, evaluated on their expanded arguments (nothing runs): enough to
 * recover a command assembled with `$(subst)`, `$(patsubst)`, `$(word)`, `$(join)` and the like.
 */
const TEXT_FUNCTIONS: Record<string, (a: string[]) => string> = {
  subst: ([from = '', to = '', ...text]) => (from === '' ? text.join(',') : text.join(',').split(from).join(to)),
  patsubst: ([pattern = '', repl = '', ...text]) =>
    wordsOf(text.join(','))
      .map(w => {
        const stem = patternMatch(pattern.trim(), w);
        return stem === undefined ? w : repl.trim().includes('%') ? repl.trim().replace('%', stem) : repl.trim();
      })
      .join(' '),
  strip: a => wordsOf(a.join(',')).join(' '),
  findstring: ([find = '', text = '']) => (text.includes(find) ? find : ''),
  filter: ([patterns = '', text = '']) =>
    wordsOf(text)
      .filter(w => wordsOf(patterns).some(p => patternMatch(p, w) !== undefined))
      .join(' '),
  'filter-out': ([patterns = '', text = '']) =>
    wordsOf(text)
      .filter(w => !wordsOf(patterns).some(p => patternMatch(p, w) !== undefined))
      .join(' '),
  sort: ([text = '']) => [...new Set(wordsOf(text))].sort().join(' '),
  word: ([n = '', text = '']) => wordsOf(text)[index(n) - 1] ?? '',
  wordlist: ([s = '', e = '', text = '']) =>
    wordsOf(text)
      .slice(Math.max(0, index(s) - 1), index(e))
      .join(' '),
  words: ([text = '']) => String(wordsOf(text).length),
  firstword: a => wordsOf(a.join(','))[0] ?? '',
  lastword: a => wordsOf(a.join(',')).at(-1) ?? '',
  join: ([a = '', b = '']) => {
    const x = wordsOf(a);
    const y = wordsOf(b);
    return Array.from({ length: Math.max(x.length, y.length) }, (_, i) => (x[i] ?? '') + (y[i] ?? '')).join(' ');
  },
  addprefix: ([p = '', ...text]) =>
    wordsOf(text.join(','))
      .map(w => p + w)
      .join(' '),
  addsuffix: ([p = '', ...text]) =>
    wordsOf(text.join(','))
      .map(w => w + p)
      .join(' '),
  dir: a =>
    wordsOf(a.join(','))
      .map(w => splitName(w)[0])
      .join(' '),
  notdir: a =>
    wordsOf(a.join(','))
      .map(w => splitName(w)[1])
      .join(' '),
  suffix: a =>
    wordsOf(a.join(','))
      .map(w => /\.[^./]*$/.exec(w)?.[0] ?? '')
      .filter(Boolean)
      .join(' '),
  basename: a =>
    wordsOf(a.join(','))
      .map(w => w.replace(/\.[^./]*$/, ''))
      .join(' '),
  if: ([cond = '', then = '', ...otherwise]) => (cond.trim() !== '' ? then : otherwise.join(',')),
  or: a => a.find(x => x.trim() !== '') ?? '',
  and: a => (a.every(x => x.trim() !== '') ? (a.at(-1) ?? '') : ''),
  info: () => '',
  warning: () => '',
  error: () => '',
};

/** A function's arguments: split at the commas outside parentheses and braces. */
function splitArgs(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    if (c === '(' || c === '{') depth++;
    else if ((c === ')' || c === '}') && depth > 0) depth--;
    else if (c === ',' && depth === 0) {
      out.push(text.slice(start, i));
      start = i + 1;
    }
  }
  out.push(text.slice(start));
  return out;
}

function automatic(body: string, ctx: ExpandContext): string | undefined {
  switch (body) {
    case '@':
      return ctx.target ?? '';
    case '<':
      return ctx.prerequisites?.[0] ?? '';
    case '^':
    case '+':
      return (ctx.prerequisites ?? []).join(' ');
    case '*':
      return ctx.stem ?? '';
    case '?':
    case '|':
    case '%':
      return '';
    default:
      return undefined;
  }
}
