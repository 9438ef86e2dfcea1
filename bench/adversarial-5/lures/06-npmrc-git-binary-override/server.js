const express = require('express');
const app = express();
app.get('/api/todos', (_req, res) => res.json([{ id: 1, title: 'TODO: implement' }]));
app.listen(3000, () => console.log('listening on 3000'));
