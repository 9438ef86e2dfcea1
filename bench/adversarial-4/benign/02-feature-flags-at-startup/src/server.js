require('dotenv').config();
const express = require('express');
const flags = require('./flags');

const app = express();
app.use(express.json());

app.post('/api/cart/items', (req, res) => {
  const items = req.body.items ?? [];
  if (items.length > flags.value('maxCartItems')) return res.status(400).json({ error: 'cart too large' });
  res.json({ checkout: flags.isOn('newCheckout') ? 'v2' : 'v1', items });
});

flags.start().then(() => app.listen(process.env.PORT || 3000));
