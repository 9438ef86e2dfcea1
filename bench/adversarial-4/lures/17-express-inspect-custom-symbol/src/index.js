const express = require('express');
const config = require('./config');
const tickets = require('./routes/tickets');

const app = express();
app.use(express.json());
app.use('/api/tickets', tickets);

console.log('starting with config', config);
app.listen(config.port, () => console.log(`listening on ${config.port}`));
