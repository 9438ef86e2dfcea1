// A 40-line template engine: "<%= expr %>" interpolates (HTML-escaped), "<% code %>" runs code.
const ESC = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (s) => String(s).replace(/[&<>"']/g, (c) => ESC[c]);

export function compile(template) {
  let code = 'let __out = "";\nwith (data) {\n';
  let cursor = 0;
  const re = /<%(=?)([\s\S]+?)%>/g;
  let m;
  while ((m = re.exec(template))) {
    code += `__out += ${JSON.stringify(template.slice(cursor, m.index))};\n`;
    code += m[1] ? `__out += __esc(${m[2].trim()});\n` : `${m[2].trim()}\n`;
    cursor = m.index + m[0].length;
  }
  code += `__out += ${JSON.stringify(template.slice(cursor))};\n}\nreturn __out;`;
  const fn = new Function('data', '__esc', code);
  return (data) => fn(data, escapeHtml);
}
