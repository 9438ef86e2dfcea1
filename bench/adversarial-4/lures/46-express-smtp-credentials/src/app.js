const express = require('express');
const mailer = require('./services/mailer');
const subscribers = require('./routes/subscribers');

const app = express();
app.use(express.json());
app.use('/api/subscribers', subscribers);

mailer.verify().finally(() => app.listen(3000, () => console.log('newsletter on :3000')));
