/**
 * Whether a line of a Python module runs when the modules are loaded and their entry runs, or
 * only when something calls the function around it. A write inside `install_bash()` that only
 * `install()` calls, which only a command-line option's callback calls, runs when the user asks
 * for that option, not when the program starts: typer's shell-completion installer. Calls are
 * followed by name through the modules that run (`helper.install()` at module level, or under
 * `if __name__ == "__main__":`, reaches `def install`); a function only handed to a framework as a
 * value (`callback=install_callback`) is not called here. Text-level, so a name called anywhere
 * at module level counts (it errs towards "runs").
 */

const DEF = /^\s*(?:async\s+)?def\s+([A-Za-z_]\w*)\s*\(/;
const MAX_NAMES = 64;

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

/** A module's lines, with those inside a multi-line string (dedented help text, docstrings) blanked. */
function codeLines(text: string): string[] {
  let open: string | undefined;
  return text.split('\n').map(line => {
    const inside = open !== undefined;
    for (const m of line.matchAll(/"""|'''/g)) {
      if (open === undefined) open = m[0];
      else if (open === m[0]) open = undefined;
    }
    return inside ? '' : line;
  });
}

/** The name of the function whose body holds line `index` (0-based), or undefined at module level. */
function enclosingFunction(lines: readonly string[], index: number): string | undefined {
  let indent = indentOf(lines[index] ?? '');
  for (let i = index - 1; i >= 0 && indent > 0; i--) {
    const line = lines[i] ?? '';
    const trimmed = line.trim();
    // Blank, a comment, or the closing line of a bracketed statement (`) -> tuple[str, Path]:`).
    if (trimmed === '' || trimmed.startsWith('#') || /^[)\]}]/.test(trimmed)) continue;
    const own = indentOf(line);
    if (own >= indent) continue;
    const def = DEF.exec(line);
    if (def) return def[1];
    indent = own;
  }
  return undefined;
}

export interface LoadReach {
  /** The line runs when the modules load or their entry runs. */
  runs: boolean;
  /** The function around the line, when it does not. */
  fn?: string;
}

/**
 * Does line `line` (1-based) of `path` run when the modules of `texts` (path → source; the
 * modules that run, with `path`) load?
 */
export function pythonLineRuns(path: string, line: number, texts: ReadonlyMap<string, string>): LoadReach {
  const split = new Map<string, string[]>();
  const linesOf = (p: string): string[] => {
    let l = split.get(p);
    if (!l) {
      l = codeLines(texts.get(p) ?? '');
      split.set(p, l);
    }
    return l;
  };
  const first = enclosingFunction(linesOf(path), line - 1);
  if (first === undefined) return { runs: true };
  const seen = new Set<string>([first]);
  const called = new Set<string>();
  const queue = [first];
  while (queue.length > 0 && seen.size <= MAX_NAMES) {
    const name = queue.shift() ?? '';
    const call = new RegExp(`\\b${name}\\s*\\(`, 'g');
    for (const p of texts.keys()) {
      const lines = linesOf(p);
      lines.forEach((text, i) => {
        if (DEF.test(text) && DEF.exec(text)?.[1] === name) return;
        call.lastIndex = 0;
        if (!call.test(text)) return;
        called.add(name);
        const caller = enclosingFunction(lines, i);
        if (caller === undefined) seen.add('\u0000module');
        else if (!seen.has(caller)) {
          seen.add(caller);
          queue.push(caller);
        }
      });
      if (seen.has('\u0000module')) return { runs: true };
    }
  }
  if (seen.size > MAX_NAMES) return { runs: true };
  // A function no code here calls is either handed to something that calls it, or called by a
  // framework by its name or decorator (Flask's `create_app`, `@app.before_request`, a setuptools
  // command's `run`, `__init__`). Only a function handed over as an option's callback (typer's
  // `callback=install_callback`, an options table) waits for the user to ask; anything else runs.
  for (const top of seen) if (!called.has(top) && !onlyAnOptionCallback(top, texts, linesOf)) return { runs: true };
  return { runs: false, fn: first };
}

/**
 * Whether `name` is referenced, outside its definition and imports, only as an option's callback:
 * a `callback=name` keyword or a value in a table (`{"--install-completion": name}`). An undecorated
 * function no code names at all is not one (a framework may call it by convention).
 */
function onlyAnOptionCallback(name: string, texts: ReadonlyMap<string, string>, linesOf: (p: string) => string[]): boolean {
  const word = new RegExp(`\\b${name}\\b`, 'g');
  let handed = 0;
  for (const p of texts.keys()) {
    const lines = linesOf(p);
    for (let i = 0; i < lines.length; i++) {
      const text = lines[i] ?? '';
      const trimmed = text.trim();
      if (DEF.exec(text)?.[1] === name) {
        if (/^\s*@/.test(previousCode(lines, i))) return false;
        continue;
      }
      if (/^(?:from\s+\S+\s+)?import\s/.test(trimmed) || trimmed.startsWith('#')) continue;
      for (const m of text.matchAll(word)) {
        const before = text.slice(0, m.index);
        if (/\bcallback\s*=\s*$/.test(before) || /:\s*$/.test(before)) handed++;
        else return false;
      }
    }
  }
  return handed > 0;
}

/** The nearest non-blank line above line `index`. */
function previousCode(lines: readonly string[], index: number): string {
  for (let i = index - 1; i >= 0; i--) {
    const t = lines[i] ?? '';
    if (t.trim() !== '') return t;
  }
  return '';
}
