/**
 * A Dockerfile (Containerfile) reader for what a build and a container run: instructions with
 * their lines, the `# escape=` directive, `\` continuations, comments, heredocs (`RUN <<EOF`),
 * exec-form JSON arrays, and `ARG`/`ENV` values substituted into later instructions the way the
 * build (and, for `RUN`, the shell) would see them. It never runs anything and never throws.
 */

export interface Instruction {
  /** Upper-cased keyword: RUN, ADD, COPY, CMD, ENTRYPOINT, FROM, ... */
  keyword: string;
  /** 1-based line where the instruction starts. */
  line: number;
  /** Flags before the arguments (`--checksum=…`, `--mount=…`, `--chown=…`). */
  flags: string[];
  /** The arguments as written (continuations joined, heredoc bodies appended on new lines). */
  raw: string;
  /** Exec form (`["sh", "-c", "…"]`): the array; undefined for the shell form. */
  exec?: string[];
  /** The shell command this instruction runs (RUN, CMD, ENTRYPOINT), variables substituted. */
  command?: string;
  /** Heredoc bodies of the instruction, in order. */
  heredocs: string[];
}

export interface Dockerfile {
  instructions: Instruction[];
  /** Something was cut: too many lines. */
  truncated?: string;
}

const MAX_LINES = 100_000;
const MAX_VALUE = 64 * 1024;

/** Reads a Dockerfile. */
export function parseDockerfile(text: string, maxLines = MAX_LINES): Dockerfile {
  const raw = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const out: Dockerfile = { instructions: [] };
  if (raw.length > maxLines) out.truncated = `more than ${maxLines} lines`;
  const limit = Math.min(raw.length, maxLines);
  let escape = '\\';
  // Parser directives: `# escape=`` ` at the very top, before any other line.
  for (let i = 0; i < limit; i++) {
    const d = /^#\s*(\w+)\s*=\s*(\S+)\s*$/.exec(raw[i] ?? '');
    if (!d) break;
    if (d[1]?.toLowerCase() === 'escape' && (d[2] === '`' || d[2] === '\\')) escape = d[2];
  }
  const vars = new Map<string, string>();
  for (let i = 0; i < limit; i++) {
    const first = raw[i] ?? '';
    const trimmed = first.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const start = i + 1;
    let body = first;
    // Continuations: a line ending with the escape character joins the next (comment lines inside are dropped).
    while (body.trimEnd().endsWith(escape) && i + 1 < limit) {
      body = body.trimEnd().slice(0, -1);
      i++;
      const next = raw[i] ?? '';
      if (next.trim().startsWith('#')) {
        body += escape;
        continue;
      }
      body += ` ${next.trim()}`;
    }
    const m = /^\s*([A-Za-z]+)(?:\s+([\s\S]*))?$/.exec(body);
    if (!m?.[1]) continue;
    const keyword = m[1].toUpperCase();
    let args = (m[2] ?? '').trim();
    const flags: string[] = [];
    for (let f = /^--[\w-]+(?:=(?:"[^"]*"|\S*))?\s*/.exec(args); f; f = /^--[\w-]+(?:=(?:"[^"]*"|\S*))?\s*/.exec(args)) {
      flags.push(f[0].trim());
      args = args.slice(f[0].length);
    }
    // Heredocs: `<<EOF`, `<<-EOF`, `<<"EOF"`; each body runs to its terminator line.
    const heredocs: string[] = [];
    const tags = [...args.matchAll(/<<(-?)(["']?)([A-Za-z_][\w-]*)\2/g)];
    for (const t of tags) {
      const tag = t[3] ?? '';
      const lines: string[] = [];
      while (i + 1 < limit) {
        i++;
        const l = raw[i] ?? '';
        if ((t[1] === '-' ? l.replace(/^\t+/, '') : l).trim() === tag) break;
        lines.push(l);
      }
      heredocs.push(lines.join('\n'));
    }
    const ins: Instruction = { keyword, line: start, flags, raw: args, heredocs };
    const exec = execForm(args);
    if (exec) ins.exec = exec;
    if (keyword === 'ARG' || keyword === 'ENV') setVars(vars, keyword, args);
    if (keyword === 'RUN' || keyword === 'CMD' || keyword === 'ENTRYPOINT') ins.command = commandOf(ins, vars);
    else ins.raw = substitute(args, vars);
    out.instructions.push(ins);
  }
  return out;
}

/** `["a", "b"]` as an array of strings, or undefined when it is not exec form. */
function execForm(args: string): string[] | undefined {
  if (!args.startsWith('[')) return undefined;
  try {
    const v: unknown = JSON.parse(args);
    return Array.isArray(v) && v.every(x => typeof x === 'string') ? v : undefined;
  } catch {
    return undefined;
  }
}

/** The shell text a RUN/CMD/ENTRYPOINT runs; a heredoc with no command is itself the script. */
function commandOf(ins: Instruction, vars: Map<string, string>): string {
  if (ins.exec) return substitute(ins.exec.map(quote).join(' '), vars);
  const line = ins.raw;
  const bare = /^<<-?["']?[A-Za-z_][\w-]*["']?\s*$/.test(line);
  const text = bare ? ins.heredocs.join('\n') : [line, ...ins.heredocs.flatMap((h, k) => [h, tagOf(line, k)])].join('\n');
  return substitute(text, vars);
}

function tagOf(line: string, k: number): string {
  const tags = [...line.matchAll(/<<-?(["']?)([A-Za-z_][\w-]*)\1/g)];
  return tags[k]?.[2] ?? 'EOF';
}

function quote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

function setVars(vars: Map<string, string>, keyword: string, args: string): void {
  // `ENV A=1 B="x y"`, `ARG A=1`, legacy `ENV A 1`.
  const legacy = keyword === 'ENV' && !/^[\w.-]+=/.test(args) ? /^([\w.-]+)\s+(.*)$/.exec(args) : null;
  if (legacy?.[1] !== undefined) {
    vars.set(legacy[1], substitute(legacy[2] ?? '', vars).slice(0, MAX_VALUE));
    return;
  }
  for (const p of args.matchAll(/([\w.-]+)(?:=("(?:[^"\\]|\\.)*"|'[^']*'|\S*))?/g)) {
    const name = p[1] ?? '';
    if (p[2] === undefined) continue;
    let v = p[2];
    if (v.startsWith('"')) v = v.slice(1, -1).replace(/\\(.)/g, '$1');
    else if (v.startsWith("'")) v = v.slice(1, -1);
    vars.set(name, substitute(v, vars).slice(0, MAX_VALUE));
  }
}

/** `$NAME`, `${NAME}`, `${NAME:-default}` from known ARG/ENV values; unknown names stay as written. */
export function substitute(text: string, vars: ReadonlyMap<string, string>): string {
  if (vars.size === 0 || !text.includes('$')) return text;
  return text.replace(
    /\$(?:\{([\w.]+)(?::?[-+]([^}]*))?\}|([A-Za-z_]\w*))/g,
    (all, braced: string | undefined, def: string | undefined, bare: string | undefined) => {
      const name = braced ?? bare ?? '';
      const v = vars.get(name);
      if (v !== undefined && v !== '') return v;
      return def ?? all;
    },
  );
}
