import 'dotenv/config';
import express from 'express';
import { preloadTemplates } from './email/preload';

const app = express();
app.use(express.json());
app.post('/api/send', (_q, r) => r.sendStatus(202));
preloadTemplates().catch(() => {});
app.listen(Number(process.env.PORT ?? 4000));
