/**
 * A tokenizer for Go and Rust source: identifiers (with `::`/`.` paths joined by the reader),
 * string literals with their values (Go `"…"` and raw `` `…` ``; Rust `"…"`, `b"…"`, `r#"…"#`),
 * punctuation, and `//` line comments (kept: `//go:generate` and `//go:embed` are directives).
 * Block comments (nested in Rust) are skipped. It never throws and is linear in the text.
 */

export type NativeLang = 'go' | 'rust';

export interface NativeToken {
  kind: 'ident' | 'string' | 'punct' | 'comment' | 'number';
  /** The identifier, the punctuation, the comment's text, or the string's value (escapes decoded). */
  text: string;
  /** 1-based line where the token starts. */
  line: number;
}

function isIdentStart(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || code === 95;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

export function tokenizeNative(src: string, lang: NativeLang, maxTokens = 500_000): NativeToken[] {
  const out: NativeToken[] = [];
  let line = 1;
  let i = 0;
  const n = src.length;
  const push = (kind: NativeToken['kind'], text: string, at: number): void => {
    out.push({ kind, text, line: at });
  };
  while (i < n && out.length < maxTokens) {
    const c = src[i] ?? '';
    if (c === '\n') {
      line++;
      i++;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (c === '/' && src[i + 1] === '/') {
      const end = src.indexOf('\n', i);
      const stop = end < 0 ? n : end;
      push('comment', src.slice(i + 2, stop), line);
      i = stop;
      continue;
    }
    if (c === '/' && src[i + 1] === '*') {
      let depth = 1;
      i += 2;
      while (i < n && depth > 0) {
        if (src[i] === '\n') line++;
        if (lang === 'rust' && src[i] === '/' && src[i + 1] === '*') {
          depth++;
          i += 2;
        } else if (src[i] === '*' && src[i + 1] === '/') {
          depth--;
          i += 2;
        } else i++;
      }
      continue;
    }
    // Rust raw strings: r"…", r#"…"#, br#"…"#.
    if (lang === 'rust' && (c === 'r' || (c === 'b' && src[i + 1] === 'r'))) {
      let j = c === 'b' ? i + 2 : i + 1;
      let hashes = 0;
      while (src[j] === '#') {
        hashes++;
        j++;
      }
      if (src[j] === '"') {
        const close = `"${'#'.repeat(hashes)}`;
        const end = src.indexOf(close, j + 1);
        const stop = end < 0 ? n : end;
        const value = src.slice(j + 1, stop);
        push('string', value, line);
        line += countLines(value);
        i = stop + close.length;
        continue;
      }
    }
    if (c === '"' || (lang === 'rust' && c === 'b' && src[i + 1] === '"')) {
      const start = line;
      let j = c === 'b' ? i + 2 : i + 1;
      let value = '';
      while (j < n && src[j] !== '"') {
        const d = src[j] ?? '';
        if (d === '\\') {
          const [v, len] = escape(src, j);
          value += v;
          j += len;
          continue;
        }
        if (d === '\n') {
          line++;
          // A Go interpreted string cannot span lines: stop at the line's end.
          if (lang === 'go') break;
        }
        value += d;
        j++;
      }
      push('string', value, start);
      i = j + 1;
      continue;
    }
    if (lang === 'go' && c === '`') {
      const end = src.indexOf('`', i + 1);
      const stop = end < 0 ? n : end;
      const value = src.slice(i + 1, stop);
      push('string', value, line);
      line += countLines(value);
      i = stop + 1;
      continue;
    }
    if (c === "'") {
      // A character literal ('a', '\n'), or in Rust a lifetime ('a, 'static).
      const m = /^'(?:\\(?:u\{[0-9a-fA-F]+\}|x[0-9a-fA-F]{2}|.)|[^\\'\n])'/.exec(src.slice(i, i + 12));
      if (m) {
        push('number', m[0], line);
        i += m[0].length;
      } else i++;
      continue;
    }
    if (isIdentStart(src.charCodeAt(i))) {
      let j = i + 1;
      while (j < n && (isIdentStart(src.charCodeAt(j)) || isDigit(src.charCodeAt(j)))) j++;
      push('ident', src.slice(i, j), line);
      i = j;
      continue;
    }
    if (isDigit(src.charCodeAt(i))) {
      let j = i + 1;
      while (j < n && (isIdentStart(src.charCodeAt(j)) || isDigit(src.charCodeAt(j)) || src.charCodeAt(j) === 46)) j++;
      push('number', src.slice(i, j), line);
      i = j;
      continue;
    }
    if (c === ':' && src[i + 1] === ':') {
      push('punct', '::', line);
      i += 2;
      continue;
    }
    push('punct', c, line);
    i++;
  }
  return out;
}

function countLines(s: string): number {
  let k = 0;
  for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) k++;
  return k;
}

/** The value of the escape at `src[at]` (a backslash) and its length. */
function escape(src: string, at: number): [string, number] {
  const e = src[at + 1] ?? '';
  const simple: Record<string, string> = {
    n: '\n',
    t: '\t',
    r: '\r',
    '0': '\0',
    '\\': '\\',
    '"': '"',
    "'": "'",
    a: '\x07',
    b: '\b',
    f: '\f',
    v: '\v',
  };
  if (e in simple) return [simple[e] ?? '', 2];
  const hex = /^x([0-9a-fA-F]{2})/.exec(src.slice(at + 1, at + 4));
  if (hex?.[1]) return [String.fromCharCode(parseInt(hex[1], 16)), 4];
  const uni = /^u(?:\{([0-9a-fA-F]{1,6})\}|([0-9a-fA-F]{4}))/.exec(src.slice(at + 1, at + 10));
  if (uni) {
    const cp = parseInt(uni[1] ?? uni[2] ?? '0', 16);
    return [cp <= 0x10ffff ? String.fromCodePoint(cp) : '', 1 + uni[0].length];
  }
  // A Rust line continuation (`\` then a newline and indentation) is nothing.
  if (e === '\n') {
    let j = at + 2;
    while (/[ \t\r\n]/.test(src[j] ?? '')) j++;
    return ['', j - at];
  }
  return [e, 2];
}
