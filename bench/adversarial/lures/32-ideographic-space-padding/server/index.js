const express = require('express');
const { pool } = require('./db');

const app = express();
app.get('/api/tables', async (_req, res) => {
  const { rows } = await pool.query('select * from tables order by id');
  res.json(rows);
});
app.listen(4000);
