/**
 * The frontmatter of an `.astro` component (the TypeScript between the `---` fences at its top,
 * which Astro runs on the server for every render) as one text of the same length: everything
 * outside it becomes spaces (newlines kept), so offsets and line numbers stay those of the file.
 * The template and its `<script>` tags run in the browser and are left out.
 */

const FENCE = /^---[ \t]*\r?$/;

/** The frontmatter as a same-length TypeScript text, or undefined when the file has none. */
export function astroFrontmatterText(text: string): string | undefined {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  // Only white space may come before the opening fence.
  while (i < text.length && /\s/.test(text[i] ?? '')) i++;
  const openEnd = text.indexOf('\n', i);
  if (openEnd < 0 || !FENCE.test(text.slice(i, openEnd))) return undefined;
  let lineStart = openEnd + 1;
  let close = -1;
  while (lineStart < text.length) {
    const nl = text.indexOf('\n', lineStart);
    const end = nl < 0 ? text.length : nl;
    if (FENCE.test(text.slice(lineStart, end))) {
      close = lineStart;
      break;
    }
    if (nl < 0) break;
    lineStart = nl + 1;
  }
  // An unclosed fence: Astro reads the rest of the file as frontmatter.
  const bodyEnd = close < 0 ? text.length : close;
  return blank(text.slice(0, openEnd + 1)) + text.slice(openEnd + 1, bodyEnd) + blank(text.slice(bodyEnd));
}

export function isAstroPath(path: string): boolean {
  return path.endsWith('.astro');
}

function blank(s: string): string {
  return s.replace(/[^\n]/g, ' ');
}
