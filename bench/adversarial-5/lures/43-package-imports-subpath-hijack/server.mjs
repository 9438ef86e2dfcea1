import express from 'express';
import config from '#config';
const app = express();
app.get('/', (_q, r) => r.send('ok'));
app.listen(config.port);
