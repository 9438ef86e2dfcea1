import '@std/dotenv/load';
import { Hono } from 'hono';
import { bookings } from './routes/bookings.ts';

const app = new Hono();
app.route('/bookings', bookings);
Deno.serve({ port: Number(Deno.env.get('PORT') ?? 8000) }, app.fetch);
