/**
 * The scripts of a Vue or Svelte single-file component (`.vue`, `.svelte`) as one text of the
 * same length: everything outside their bodies becomes spaces (newlines kept), so offsets and line
 * numbers stay those of the file. A component's scripts are the `<script>` elements at the top
 * level of the file, written at the start of a line (`<script setup lang="ts">`, Svelte's
 * `<script context="module">`); with server-side rendering they run on the server for every
 * render. The template, styles and scripts nested in the markup (`<svelte:head><script>`, which
 * run in the browser) are left out, as are scripts loaded with `src`.
 */

const OPEN = /^<script\b([^>]{0,1000})>/gim;

export function isComponentPath(path: string): boolean {
  return path.endsWith('.vue') || path.endsWith('.svelte');
}

/** The component's scripts as a same-length TypeScript text, or undefined when it has none. */
export function componentScriptText(text: string): string | undefined {
  const out: string[] = [];
  let pos = 0;
  for (const m of text.matchAll(OPEN)) {
    if (m.index < pos || /\bsrc\s*=/i.test(m[1] ?? '')) continue;
    const bodyStart = m.index + m[0].length;
    const close = text.toLowerCase().indexOf('</script', bodyStart);
    const bodyEnd = close === -1 ? text.length : close;
    // Each block starts after a `;`, so two blocks stay separate statements.
    out.push(blank(text.slice(pos, bodyStart - 1)), ';', text.slice(bodyStart, bodyEnd));
    pos = bodyEnd;
  }
  if (out.length === 0) return undefined;
  out.push(blank(text.slice(pos)));
  return out.join('');
}

function blank(s: string): string {
  return s.replace(/[^\n]/g, ' ');
}
