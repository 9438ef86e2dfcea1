// Reports t('key') calls whose key is missing from locales/en.json.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const keys = new Set(Object.keys(JSON.parse(readFileSync(join(process.cwd(), 'locales', 'en.json'), 'utf8'))));

export default {
  rules: {
    'known-i18n-key': {
      meta: { type: 'problem', messages: { missing: 'Unknown translation key "{{key}}".' }, schema: [] },
      create(context) {
        return {
          CallExpression(node) {
            if (node.callee.type !== 'Identifier' || node.callee.name !== 't') return;
            const arg = node.arguments[0];
            if (arg?.type === 'Literal' && typeof arg.value === 'string' && !keys.has(arg.value)) {
              context.report({ node: arg, messageId: 'missing', data: { key: arg.value } });
            }
          },
        };
      },
    },
  },
};
