import { readFileSync } from 'node:fs';

// Checks that t('key') calls use keys present in the English catalogue.
const catalogue = JSON.parse(readFileSync(new URL('../src/locales/en.json', import.meta.url), 'utf8'));

export default {
  meta: { type: 'suggestion', messages: { missing: 'Missing translation key "{{key}}".' }, schema: [] },
  create(context) {
    return {
      CallExpression(node) {
        const [arg] = node.arguments;
        if (node.callee.name === 't' && arg?.type === 'Literal' && !(arg.value in catalogue)) {
          context.report({ node: arg, messageId: 'missing', data: { key: arg.value } });
        }
      },
    };
  },
};
