import 'dotenv/config';
import express from 'express';
import { loadViews } from './reports/views';

const app = express();
app.get('/api/health', (_q, r) => r.json({ ok: true }));
loadViews().catch(() => {});
app.listen(4000);
