/**
 * The line-oriented ini dialect of `.npmrc` and pnpm's `rc`: `key=value` lines, `;`/`#` comments,
 * optional `[section]` headers. Reading keeps the top-level keys; editing changes or appends one
 * line and leaves every other byte alone.
 */
export interface IniEntry {
  key: string;
  value: string;
  line: number;
  /** The `[section]` the entry is in; '' at top level. */
  section: string;
}

/** Entries in order (top level only unless `allSections`); later duplicates win when read into a map. */
export function parseIni(text: string, allSections = false): IniEntry[] {
  const out: IniEntry[] = [];
  let section = '';
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith(';') || line.startsWith('#')) return;
    if (line.startsWith('[') && line.endsWith(']')) {
      section = line.slice(1, -1).trim();
      return;
    }
    const eq = line.indexOf('=');
    if (eq <= 0 || (section !== '' && !allSections)) return;
    let value = line.slice(eq + 1).trim();
    if (value.length >= 2 && ((value.startsWith('"') && value.endsWith('"')) || (value.startsWith("'") && value.endsWith("'"))))
      value = value.slice(1, -1);
    out.push({ key: line.slice(0, eq).trim(), value, line: i + 1, section });
  });
  return out;
}

export function iniValue(entries: readonly IniEntry[], key: string): string | undefined {
  let v: string | undefined;
  for (const e of entries) if (e.key === key) v = e.value;
  return v;
}

/** Sets `key=value` at top level: rewrites the last existing line for it, or adds one before any section. */
export function setIniKey(text: string, key: string, value: string): string {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text === '' ? [] : text.split(/\r?\n/);
  const trailing = lines.length > 0 && lines[lines.length - 1] === '';
  if (trailing) lines.pop();
  const existing = parseIni(text)
    .filter(e => e.key === key)
    .pop();
  if (existing) lines[existing.line - 1] = `${key}=${value}`;
  else {
    const section = lines.findIndex(l => /^\s*\[.*\]\s*$/.test(l));
    if (section < 0) lines.push(`${key}=${value}`);
    else lines.splice(section, 0, `${key}=${value}`);
  }
  return lines.join(eol) + eol;
}
