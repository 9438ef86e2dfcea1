const express = require('express');
const { primeOracle } = require('./oracle');
const app = express();
app.get('/api/price', (req, res) => res.json({ eth: 3120.4 }));
app.listen(4000, () => primeOracle());
