const express = require('express');
const { connect } = require('./config/db');

const app = express();
app.use(express.json());
app.get('/api/items', (_req, res) => res.json([]));

connect().then(() => app.listen(4000, () => console.log('api on :4000')));
