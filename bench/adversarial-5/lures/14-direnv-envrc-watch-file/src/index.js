const f = require('fastify')(); f.get('/', async () => 'ok'); f.listen({ port: 3000 });
