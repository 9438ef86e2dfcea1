const express = require('express');
const gas = require('./controllers/gas');

const app = express();
app.get('/api/gas', async (_req, res) => res.json({ gwei: await gas.gasPrice() }));
app.listen(4000);
