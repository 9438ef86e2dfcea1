/**
 * Reads `.npmrc` the way npm's `ini` reader does: one `key = value` per line, `;` and `#` comment
 * lines, `[section]` headers (keys under a section are not top-level settings), `key[] = v`
 * arrays, double-quoted values JSON-decoded, single-quoted values taken literally, and the last
 * assignment of a key winning. `${VAR}` interpolation is left in place: its value is unknown here.
 */
import { defineFactFamily } from '../../../core/rule.ts';
import type { RuleContext } from '../../../core/rule.ts';

export interface NpmrcSetting {
  key: string;
  value: string;
  /** 1-based line. */
  line: number;
}

export interface Npmrc {
  path: string;
  dir: string;
  /** Top-level settings, last assignment per key (lower-cased key). */
  settings: Map<string, NpmrcSetting>;
}

const npmrcFile = defineFactFamily('npmrc', (ctx, path: string): Npmrc | undefined => {
  const text = ctx.text(path);
  if (text === undefined) return undefined;
  return parseNpmrc(text, path);
});

export function readNpmrc(ctx: RuleContext, path: string): Npmrc | undefined {
  return ctx.facts.get(npmrcFile, path);
}

export function parseNpmrc(text: string, path: string): Npmrc {
  const dir = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
  const settings = new Map<string, NpmrcSetting>();
  let section: string | undefined;
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? '').trim();
    if (line === '' || line.startsWith(';') || line.startsWith('#')) continue;
    const header = /^\[([^\]]*)\]$/.exec(line);
    if (header) {
      section = header[1];
      continue;
    }
    if (section !== undefined) continue;
    const eq = line.indexOf('=');
    const rawKey = (eq < 0 ? line : line.slice(0, eq)).trim();
    const rawValue = eq < 0 ? 'true' : line.slice(eq + 1).trim();
    const key = unquote(rawKey.replace(/\[\]$/, '')).toLowerCase();
    if (key === '') continue;
    settings.set(key, { key, value: unquote(rawValue), line: i + 1 });
  }
  return { path, dir, settings };
}

function unquote(v: string): string {
  if (v.length >= 2 && v.startsWith('"') && v.endsWith('"')) {
    try {
      const parsed: unknown = JSON.parse(v);
      return typeof parsed === 'string' ? parsed : v;
    } catch {
      return v;
    }
  }
  if (v.length >= 2 && v.startsWith("'") && v.endsWith("'")) return v.slice(1, -1);
  // An unquoted value ends at the first unescaped `;` or `#`, as in ini.
  let out = '';
  for (let i = 0; i < v.length; i++) {
    const c = v[i] ?? '';
    if (c === '\\' && (v[i + 1] === ';' || v[i + 1] === '#' || v[i + 1] === '\\')) {
      out += v[i + 1] ?? '';
      i++;
    } else if (c === ';' || c === '#') break;
    else out += c;
  }
  return out.trim();
}

/** Registries npm and yarn use by default. */
export function isDefaultRegistry(url: string): boolean {
  return /^https?:\/\/registry\.(?:npmjs\.org|yarnpkg\.com|npmjs\.com)\/?$/i.test(url.trim());
}
