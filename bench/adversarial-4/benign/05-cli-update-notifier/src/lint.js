export function lint(text, schema) {
  const seen = new Set();
  const problems = [];
  text.split('\n').forEach((line, i) => {
    const m = /^([A-Z0-9_]+)=/.exec(line);
    if (!m) return;
    if (!(m[1] in schema)) problems.push({ line: i + 1, message: `unknown key ${m[1]}` });
    seen.add(m[1]);
  });
  for (const k of Object.keys(schema)) if (schema[k].required && !seen.has(k)) problems.push({ line: 0, message: `missing ${k}` });
  return problems;
}
