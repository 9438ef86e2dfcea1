import { Hono } from 'hono';
import { serve } from '@hono/node-server';
const app = new Hono();
app.get('/notes', (c) => c.json([]));
serve({ fetch: app.fetch, port: 3000 });
