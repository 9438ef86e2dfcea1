import { createRequire } from 'node:module';

// read our own package.json for the plugin meta (createRequire lets ESM load JSON)
const require = createRequire(import.meta.url);
const pkg = require('../package.json');

const noInlineStyles = {
  meta: { type: 'suggestion', docs: { description: 'prefer CSS modules over style={{}}' }, schema: [] },
  create(context) {
    return {
      JSXAttribute(node) {
        if (node.name && node.name.name === 'style') context.report({ node, message: 'Use a CSS module instead of inline styles.' });
      },
    };
  },
};

export default { meta: { name: `${pkg.name}-rules`, version: pkg.version }, rules: { 'no-inline-styles': noInlineStyles } };
