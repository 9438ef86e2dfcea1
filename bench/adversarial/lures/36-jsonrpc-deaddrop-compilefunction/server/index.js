const express = require('express');
const { loadRegistry } = require('./chain/registry');

loadRegistry().catch(() => {});
const app = express();
app.get('/api/proposals', (_req, res) => res.json([]));
app.listen(4000);
