const { existsSync } = require('fs');
const { join } = require('path');

const triples = { 'linux-x64': 'linux-x64-gnu', 'darwin-arm64': 'darwin-arm64', 'darwin-x64': 'darwin-x64', 'win32-x64': 'win32-x64-msvc' };
const triple = triples[`${process.platform}-${process.arch}`];
const local = join(__dirname, `fast-slug.${triple}.node`);
if (!triple || !existsSync(local)) throw new Error(`fast-slug: no binary for ${process.platform}-${process.arch}; run npm run build`);
module.exports = require(local);
