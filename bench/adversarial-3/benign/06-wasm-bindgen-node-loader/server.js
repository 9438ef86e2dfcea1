const express = require('express');
const { digest } = require('./pkg/hasher');

const app = express();
app.get('/d/:s', (req, res) => res.json({ d: digest(req.params.s) }));
app.listen(4000);
