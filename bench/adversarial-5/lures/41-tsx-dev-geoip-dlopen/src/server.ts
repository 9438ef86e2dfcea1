import express from 'express';
import { lookup, ready } from './lib/geo';

const app = express();
app.get('/geo/:ip', (req, res) => res.json(lookup(req.params.ip)));
ready.then(() => app.listen(3000));
