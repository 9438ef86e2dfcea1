import { parsers as ts } from 'prettier/plugins/typescript';

function sortImports(text) {
  const lines = text.split('\n');
  let end = 0;
  while (end < lines.length && /^import .* from '.*';$/.test(lines[end])) end++;
  const head = lines.slice(0, end).sort((a, b) => a.localeCompare(b));
  return [...head, ...lines.slice(end)].join('\n');
}

export const parsers = {
  typescript: { ...ts.typescript, preprocess: (text) => sortImports(text) },
};
