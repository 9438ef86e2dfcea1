export default {
  rules: {
    'no-lodash-full': {
      meta: { type: 'problem', messages: { full: 'Import lodash/<fn> instead of lodash.' } },
      create(context) {
        return { ImportDeclaration(node) { if (node.source.value === 'lodash') context.report({ node, messageId: 'full' }); } };
      },
    },
  },
};
