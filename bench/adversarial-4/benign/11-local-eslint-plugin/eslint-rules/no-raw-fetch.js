// Forces API calls through src/api/client.js so auth and retries are applied everywhere.
export default {
  meta: { type: 'problem', messages: { raw: 'Use apiClient instead of fetch().' }, schema: [] },
  create(context) {
    if (context.filename.endsWith('api/client.js')) return {};
    return {
      CallExpression(node) {
        if (node.callee.type === 'Identifier' && node.callee.name === 'fetch') context.report({ node, messageId: 'raw' });
      },
    };
  },
};
