import Fastify from 'fastify';

Fastify().get('/health', async () => ({ ok: true })).listen({ port: 4000 });
