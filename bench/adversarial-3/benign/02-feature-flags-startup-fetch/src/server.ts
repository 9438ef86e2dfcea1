import 'dotenv/config';
import express from 'express';
import { flagsMiddleware, loadFlags } from './flags';

const app = express();
app.use(flagsMiddleware);
app.get('/api/health', (_q, r) => r.json({ ok: true }));
await loadFlags().catch((e) => console.warn(String(e)));
app.listen(4000);
