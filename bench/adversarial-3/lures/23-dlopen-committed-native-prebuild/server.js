const express = require('express');

const app = express();
app.use(express.json());
app.get('/api/health', (_req, res) => res.json({ ok: true }));
app.post('/api/thumb', (_req, res) => res.sendStatus(501));
app.listen(4000);
