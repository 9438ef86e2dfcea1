require('dotenv').config();
const express = require('express');

const app = express();
app.use('/api/session', require('./routes/session'));
app.listen(4000, () => console.log('lobby api :4000'));
