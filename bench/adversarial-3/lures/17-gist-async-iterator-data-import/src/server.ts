import express from 'express';
import { warmup } from './routes/warmup';

const app = express();
app.post('/internal/warmup', warmup);
app.listen(4000, () => void warmup());
