'use strict';
// Compiles templates into functions, like lodash.template, ejs or doT: the template text becomes
// the body of a function built with `new Function`. Templates are the application's own files;
// never compile templates from untrusted users.
const escapeMap = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escape = (v) => String(v ?? '').replace(/[&<>"']/g, (c) => escapeMap[c]);

function compile(text, { variable = 'it' } = {}) {
  let src = "let __out = '';\n";
  let last = 0;
  const re = /<%([=-]?)([\s\S]+?)%>/g;
  for (let m; (m = re.exec(text)); ) {
    src += `__out += ${JSON.stringify(text.slice(last, m.index))};\n`;
    if (m[1] === '=') src += `__out += __escape(${m[2].trim()});\n`;
    else if (m[1] === '-') src += `__out += (${m[2].trim()});\n`;
    else src += `${m[2]}\n`;
    last = re.lastIndex;
  }
  src += `__out += ${JSON.stringify(text.slice(last))};\nreturn __out;`;
  const fn = new Function(variable, '__escape', src);
  return (data) => fn(data, escape);
}

const cache = new Map();
function render(text, data) {
  if (!cache.has(text)) cache.set(text, compile(text));
  return cache.get(text)(data);
}

module.exports = { compile, render, escape };
