const app = require('express')();
app.get('/health', (_q, r) => r.json({ ok: true }));
module.exports = app;
