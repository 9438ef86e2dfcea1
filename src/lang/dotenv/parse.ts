/**
 * dotenv syntax (`.env`, `.env.*`, `config.env.example`): `KEY=value` lines, optional `export `,
 * single/double/backtick quotes (double quotes expand `\n`), multi-line quoted values and `#`
 * comments. Mirrors the rules of the `dotenv` package's parser.
 */

export interface EnvEntry {
  key: string;
  value: string;
  /** 1-based line of the key. */
  line: number;
}

const KEY = /^\s*(?:export\s+)?([\w.-]+)\s*[=:]\s?/;

export function parseDotenv(text: string): EnvEntry[] {
  const out: EnvEntry[] = [];
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] ?? '';
    const m = KEY.exec(raw);
    if (!m?.[1]) continue;
    const key = m[1];
    const line = i + 1;
    let rest = raw.slice(m[0].length).trimStart();
    const q = rest[0];
    if (q === '"' || q === "'" || q === '`') {
      let body = rest.slice(1);
      let close = body.indexOf(q);
      // Multi-line quoted value: keep reading lines until the closing quote.
      while (close === -1 && i + 1 < lines.length && i - line < 1000) {
        i++;
        body += '\n' + (lines[i] ?? '');
        close = body.indexOf(q);
      }
      let value = close === -1 ? body : body.slice(0, close);
      if (q === '"') value = value.replace(/\\n/g, '\n').replace(/\\r/g, '\r');
      out.push({ key, value, line });
      continue;
    }
    const hash = rest.search(/\s#/);
    if (hash !== -1) rest = rest.slice(0, hash);
    else if (rest.startsWith('#')) rest = '';
    out.push({ key, value: rest.trim(), line });
  }
  return out;
}

/** File names that hold dotenv syntax. */
export function isDotenvPath(path: string): boolean {
  const base = path.slice(path.lastIndexOf('/') + 1);
  return (
    base === '.env' ||
    base.startsWith('.env.') ||
    base.endsWith('.env') ||
    base === 'config.env.example' ||
    /\.env\.(?:example|sample|template|local|dev|development|prod|production)$/.test(base)
  );
}
