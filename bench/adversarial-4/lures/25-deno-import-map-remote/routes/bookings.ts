import { Hono } from 'hono';
export const bookings = new Hono();
bookings.get('/', (c) => c.json([]));
