module.exports = async function (fastify) {
  const items = new Map();
  fastify.get('/items', async () => [...items.values()]);
  fastify.post('/items', async (req, reply) => {
    items.set(req.body.sku, req.body);
    reply.code(201);
    return req.body;
  });
};
