export default {
  meta: { type: 'suggestion', messages: { inline: 'Use a class instead of an inline style.' } },
  create(context) {
    return {
      JSXAttribute(node) {
        if (node.name.name === 'style') context.report({ node, messageId: 'inline' });
      },
    };
  },
};
