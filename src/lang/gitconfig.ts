/**
 * A git config file read as data, the way git reads it: `[section]` and `[section "sub"]` headers
 * (the old `[section.sub]` form too), `key = value` lines, `#`/`;` comments outside quotes, quoted
 * values with `\"`, `\\`, `\n`, `\t` escapes, and a backslash at the end of a line continuing the
 * value. Section and key names are case-insensitive (kept as written; compare them without case);
 * subsection names are not. Nothing is executed or expanded.
 */

export interface GitConfigEntry {
  /** `core.fsmonitor`, `filter.lfs.smudge`, `includeIf.gitdir:~/w/.path`, as written (compare without case). */
  key: string;
  value: string;
  /** 1-based line of the key. */
  line: number;
}

const MAX_ENTRIES = 2000;

function unquote(raw: string): string {
  let out = '';
  let quoted = false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i] ?? '';
    if (c === '"') {
      quoted = !quoted;
      continue;
    }
    if (c === '\\' && i + 1 < raw.length) {
      const n = raw[++i] ?? '';
      out += n === 'n' ? '\n' : n === 't' ? '\t' : n === 'b' ? '' : n;
      continue;
    }
    if (!quoted && (c === '#' || c === ';')) break;
    out += c;
  }
  return out.trim();
}

export function parseGitConfig(text: string): GitConfigEntry[] {
  const out: GitConfigEntry[] = [];
  const lines = text.split(/\r?\n/);
  let section = '';
  for (let i = 0; i < lines.length && out.length < MAX_ENTRIES; i++) {
    let line = lines[i] ?? '';
    const start = i + 1;
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith(';')) continue;
    const header = /^\[\s*([\w.-]+)(?:\s+"((?:[^"\\]|\\.)*)")?\s*\](.*)$/.exec(trimmed);
    if (header) {
      const name = header[1] ?? '';
      const sub = header[2];
      section = sub !== undefined ? `${name}.${sub.replace(/\\(.)/g, '$1')}` : name;
      line = header[3] ?? '';
      if (line.trim() === '' || /^\s*[#;]/.test(line)) continue;
    }
    // A value continues on the next line after a trailing backslash.
    while (/\\$/.test(line) && i + 1 < lines.length) line = line.slice(0, -1) + (lines[++i] ?? '');
    const kv = /^\s*([A-Za-z][\w-]*)\s*(?:=\s*(.*))?$/.exec(line);
    if (!kv || section === '') continue;
    out.push({ key: `${section}.${kv[1] ?? ''}`, value: kv[2] === undefined ? 'true' : unquote(kv[2]), line: start });
  }
  return out;
}
