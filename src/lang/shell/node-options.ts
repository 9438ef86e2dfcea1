/**
 * NODE_OPTIONS as Node reads it: the modules it preloads into every node process
 * (`-r`/`--require`, `--import`, `--loader`/`--experimental-loader`), and the code a `data:` URL
 * spec carries. Shared by the shell analysis and the rules that read NODE_OPTIONS from `.npmrc`,
 * `.env` files and editor or container environments.
 */

const PRELOAD_FLAGS = new Set(['-r', '--require', '--import', '--loader', '--experimental-loader']);
/** Largest data: URL body decoded. */
const MAX_DATA = 256 * 1024;

/** Splits NODE_OPTIONS like Node does: whitespace-separated, double quotes group. */
export function nodeOptionWords(value: string): string[] {
  const words: string[] = [];
  for (const m of value.matchAll(/"((?:[^"\\]|\\.)*)"|(\S+)/g))
    words.push(m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : (m[2] ?? ''));
  return words;
}

/** The preloads NODE_OPTIONS (or a node command line's flags) names, in order. */
export function nodePreloads(value: string): { flag: string; spec: string }[] {
  const out: { flag: string; spec: string }[] = [];
  const words = nodeOptionWords(value);
  for (let i = 0; i < words.length; i++) {
    const w = words[i] ?? '';
    const eq = w.startsWith('--') ? w.indexOf('=') : -1;
    const flag = eq > 0 ? w.slice(0, eq) : w;
    if (!PRELOAD_FLAGS.has(flag)) continue;
    const spec = eq > 0 ? w.slice(eq + 1) : (words[++i] ?? '');
    if (spec) out.push({ flag: flag === '-r' ? '--require' : flag, spec });
  }
  return out;
}

/**
 * The text of a `data:` URL (`data:text/javascript;base64,…`, `data:text/javascript,…` with
 * percent-escapes); undefined when `spec` is not one or cannot be decoded.
 */
export function decodeDataUrl(spec: string): string | undefined {
  const m = /^data:([^,]*),([\s\S]*)$/i.exec(spec.trim());
  if (!m) return undefined;
  const meta = (m[1] ?? '').toLowerCase();
  const body = (m[2] ?? '').slice(0, MAX_DATA * 2);
  if (meta.split(';').includes('base64')) {
    const clean = body.replace(/%([0-9A-Fa-f]{2})/g, (_x, h: string) => String.fromCharCode(Number.parseInt(h, 16))).replace(/\s+/g, '');
    if (!/^[A-Za-z0-9+/\-_]*={0,2}$/.test(clean)) return undefined;
    return Buffer.from(clean, 'base64').toString('utf8').slice(0, MAX_DATA);
  }
  try {
    return decodeURIComponent(body).slice(0, MAX_DATA);
  } catch {
    return body.slice(0, MAX_DATA);
  }
}
