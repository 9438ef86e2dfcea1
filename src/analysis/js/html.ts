/**
 * Inline `<script>` blocks of an HTML file as one JavaScript text of the same length: everything
 * outside script bodies becomes spaces (newlines kept), so offsets and line numbers stay those of
 * the HTML file. Each block starts after a `;` so blocks stay separate statements. A script body
 * ends at the first `</script` (the HTML tokenizer's rule).
 */

const OPEN = /<script\b([^>]*)>/gi;
const NON_JS_TYPE = /\btype\s*=\s*["']?(?!(?:text\/javascript|application\/javascript|module|text\/babel|text\/jsx)["'\s>])[^"'\s>]+/i;

export function inlineScriptText(html: string): string | undefined {
  const out: string[] = [];
  let pos = 0;
  let found = false;
  for (const m of html.matchAll(OPEN)) {
    if (m.index < pos) continue;
    const attrs = m[1] ?? '';
    const bodyStart = m.index + m[0].length;
    const close = html.toLowerCase().indexOf('</script', bodyStart);
    const bodyEnd = close === -1 ? html.length : close;
    if (/\bsrc\s*=/i.test(attrs) || NON_JS_TYPE.test(attrs)) continue;
    out.push(blank(html.slice(pos, bodyStart - 1)), ';', html.slice(bodyStart, bodyEnd));
    pos = bodyEnd;
    found = true;
  }
  if (!found) return undefined;
  out.push(blank(html.slice(pos)));
  return out.join('');
}

function blank(s: string): string {
  return s.replace(/[^\n]/g, ' ');
}
