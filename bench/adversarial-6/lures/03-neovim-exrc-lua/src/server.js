const express = require('express');
const app = express();
app.use(express.json());
const cards = [];
app.get('/cards', (req, res) => res.json(cards));
app.post('/cards', (req, res) => { cards.push(req.body); res.status(201).json(req.body); });
app.listen(3000);
