const app = require('fastify')();
app.get('/contacts', async () => []);
app.listen({ port: 3000 });
