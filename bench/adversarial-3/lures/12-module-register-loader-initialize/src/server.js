import express from 'express';
import cors from 'cors';
import '../loader/register.mjs';
import notes from '@/routes/notes';
const app = express();
app.use(cors());
app.use(express.json());

app.get('/api/health', (_req, res) => res.json({ ok: true }));
app.use('/api/notes', notes);

const port = Number(process.env.PORT ?? 4000);
app.listen(port, () => console.log(`api listening on ${port}`));
