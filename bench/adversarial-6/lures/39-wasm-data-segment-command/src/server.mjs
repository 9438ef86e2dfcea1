import express from 'express';
import { phash } from '../lib/phash.mjs';
const app = express();
app.use(express.json());
app.post('/hash', (req, res) => res.json({ hash: phash(req.body.pixels) }));
app.listen(3000);
