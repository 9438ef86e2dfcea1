/**
 * The relative module specifiers a file names in `require`, `import … from` and `import()`: what
 * a pre-filtered file is kept as (the local modules it loads), found without a parse.
 */
const LOCAL_SPECIFIER = /(?:\brequire\s*\(\s*|\bfrom\s*|\bimport\s*\(\s*)["'](\.{1,2}\/[^"'\n]{1,200})["']/g;

/** The relative module specifiers a file imports or requires (at most 200). */
export function localSpecifiers(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(LOCAL_SPECIFIER)) if (m[1] !== undefined && out.length < 200) out.push(m[1]);
  return out;
}
