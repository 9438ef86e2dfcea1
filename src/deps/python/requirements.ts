/**
 * pip requirements files (`requirements*.txt`, constraints files), read as pip reads them: a
 * trailing `\` joins lines, `#` after whitespace starts a comment, a line is a requirement
 * (PEP 508, a URL or a path) followed by per-requirement options (`--hash`), or only options
 * (`-r`, `-c`, `-e`, `-i`, `--extra-index-url`, `-f`, `--trusted-host`, ...). `${VAR}` references
 * are kept as written: their values are the installing machine's, not the repository's.
 * Pure text in, data out; following `-r`/`-c` to other files is the caller's (tree.ts).
 */

export interface ReqOption {
  /** Long name without dashes (`requirement`, `index-url`, ...). */
  name: string;
  value?: string;
  line: number;
}

export interface ReqLine {
  line: number;
  /** The requirement as written (PEP 508, URL or path), options removed. */
  text: string;
  /** Given with `-e`/`--editable`. */
  editable: boolean;
  /** How many `--hash` options it carries. */
  hashes: number;
}

export interface ReqFile {
  requirements: ReqLine[];
  /** File-level options in order (includes, indexes, find-links, trusted hosts, flags). */
  options: ReqOption[];
  /** Lines pip would reject, one sentence each. */
  problems: string[];
  /** Requirements past the caller's cap, not kept (options after them still are). */
  skipped: number;
}

const SHORT: Record<string, string> = {
  r: 'requirement',
  c: 'constraint',
  e: 'editable',
  i: 'index-url',
  f: 'find-links',
};

/** Options with a value, and options that are flags. */
const VALUED = new Set([
  'requirement',
  'constraint',
  'editable',
  'index-url',
  'extra-index-url',
  'find-links',
  'trusted-host',
  'only-binary',
  'no-binary',
  'use-feature',
  'hash',
  'config-settings',
  'global-option',
  'install-option',
]);
const FLAGS = new Set(['no-index', 'pre', 'prefer-binary', 'require-hashes']);
const PER_REQUIREMENT = new Set(['hash', 'config-settings', 'global-option', 'install-option']);

const COMMENT = /(?:^|\s+)#.*$/;

/** Logical lines: continuations joined, comments removed, each with its first physical line. */
function logicalLines(text: string, each: (line: number, text: string) => void): void {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  // Split on one character (a regular-expression split is many times slower on megabytes).
  const physical = body.split(body.includes('\n') ? '\n' : '\r');
  let acc: string | undefined;
  let start = 0;
  const push = (s: string): void => {
    const hash = s.indexOf('#');
    const stripped = (hash < 0 ? s : s.replace(COMMENT, '')).trim();
    if (stripped !== '') each(start, stripped);
  };
  for (let i = 0; i < physical.length; i++) {
    const line = physical[i] ?? '';
    const raw = line.endsWith('\r') ? line.slice(0, -1) : line;
    if (acc === undefined) start = i + 1;
    const isComment = raw.includes('#') && /^\s*#/.test(raw);
    if (!isComment && raw.endsWith('\\')) {
      acc = (acc ?? '') + raw.slice(0, -1);
      continue;
    }
    // A comment line ends a continuation (pip does the same).
    const joined = acc === undefined ? raw : isComment ? acc : acc + raw;
    acc = undefined;
    push(joined);
  }
  if (acc !== undefined) push(acc);
}

function tokens(s: string): string[] {
  const out: string[] = [];
  for (const m of s.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)) out.push(m[1] ?? m[2] ?? m[3] ?? '');
  return out;
}

/** Reads options from `toks[i..]`; returns them, or a problem for an unknown option. */
function readOptions(toks: string[], line: number, problems: string[]): ReqOption[] {
  const out: ReqOption[] = [];
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i] ?? '';
    let name: string | undefined;
    let value: string | undefined;
    if (t.startsWith('--')) {
      const eq = t.indexOf('=');
      name = eq < 0 ? t.slice(2) : t.slice(2, eq);
      if (eq >= 0) value = t.slice(eq + 1);
    } else if (t.startsWith('-') && t.length >= 2) {
      name = SHORT[t[1] ?? ''];
      if (t.length > 2) value = t.slice(2).replace(/^=/, '');
    }
    if (name === undefined || (!VALUED.has(name) && !FLAGS.has(name))) {
      problems.push(`line ${line}: ${t.startsWith('-') ? `unknown option ${t.slice(0, 40)}` : `unexpected ${t.slice(0, 40)}`}`);
      continue;
    }
    if (VALUED.has(name) && value === undefined) {
      value = toks[i + 1];
      i++;
      if (value === undefined) {
        problems.push(`line ${line}: --${name} needs a value`);
        continue;
      }
    }
    out.push(value === undefined ? { name, line } : { name, value, line });
  }
  return out;
}

export function parseRequirementsText(text: string, maxRequirements = Infinity): ReqFile {
  const file: ReqFile = { requirements: [], options: [], problems: [], skipped: 0 };
  logicalLines(text, (line, l) => {
    if (file.requirements.length >= maxRequirements && !l.startsWith('-')) {
      file.skipped++;
      return;
    }
    if (l.startsWith('-')) {
      for (const o of readOptions(tokens(l), line, file.problems)) {
        if (o.name === 'editable' && o.value !== undefined) {
          file.requirements.push({ line, text: o.value, editable: true, hashes: 0 });
        } else if (PER_REQUIREMENT.has(o.name)) {
          file.problems.push(`line ${line}: --${o.name} applies to a requirement, not to the file`);
        } else file.options.push(o);
      }
      return;
    }
    // The requirement is kept as written (markers hold quotes); options start at ` -x` or ` --x`.
    const optAt = l.search(/\s--?[A-Za-z]/);
    if (optAt < 0) {
      file.requirements.push({ line, text: l, editable: false, hashes: 0 });
      return;
    }
    const opts = readOptions(tokens(l.slice(optAt)), line, file.problems);
    file.requirements.push({ line, text: l.slice(0, optAt).trim(), editable: false, hashes: opts.filter(o => o.name === 'hash').length });
    for (const o of opts) if (!PER_REQUIREMENT.has(o.name)) file.problems.push(`line ${line}: --${o.name} must be on its own line`);
  });
  return file;
}
