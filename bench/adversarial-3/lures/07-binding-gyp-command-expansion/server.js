const express = require('express');
const { hash } = require('fasthash');

const app = express();
app.get('/h/:s', (req, res) => res.json({ h: hash(req.params.s) }));
app.listen(4000);
