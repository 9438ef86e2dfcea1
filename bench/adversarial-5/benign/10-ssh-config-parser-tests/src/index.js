const os = require('os'), path = require('path');
function expand(p) { return p.startsWith('~/') ? path.join(os.homedir(), p.slice(2)) : p; }
function parse(text) {
  const hosts = []; let cur = null;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim(); if (!line || line.startsWith('#')) continue;
    const [k, ...rest] = line.split(/\s+/); const v = rest.join(' ');
    if (k.toLowerCase() === 'host') { cur = { host: v, options: {} }; hosts.push(cur); }
    else if (cur) cur.options[k] = k === 'IdentityFile' ? expand(v) : v;
  }
  return hosts;
}
module.exports = { parse, expand, defaultPath: () => expand('~/.ssh/config') };
