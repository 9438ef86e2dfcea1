import Fastify from 'fastify';

Fastify().get('/todos', async () => []).listen({ port: 4000 });
