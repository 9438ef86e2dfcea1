const express = require('express');
const postal = require('./data/postal-codes');
const app = express();
app.get('/postal/:code', (req, res) => {
  const row = postal.index.get(req.params.code);
  row ? res.json({ code: row[0], city: row[1], lat: row[2], lon: row[3] }) : res.sendStatus(404);
});
app.listen(3000);
