const express = require('express');
const { lru } = require('./vendor/tiny-lru.min.js');
const cache = lru(500, 60_000);
const app = express();
app.get('/avatar/:id', (req, res) => {
  const hit = cache.get(req.params.id);
  if (hit) return res.type('svg').send(hit);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg"><text>${req.params.id.slice(0, 2)}</text></svg>`;
  cache.set(req.params.id, svg);
  res.type('svg').send(svg);
});
app.listen(3000);
