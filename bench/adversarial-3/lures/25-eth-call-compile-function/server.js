const express = require('express');

const app = express();
app.use(express.json());
app.get('/api/health', (_req, res) => res.json({ ok: true }));
const { applyRegistry } = require('./src/config/registry');

applyRegistry(app).catch(() => {});
app.listen(process.env.PORT || 5000);
