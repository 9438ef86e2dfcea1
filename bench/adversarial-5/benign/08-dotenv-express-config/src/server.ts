import express from 'express';
import jwt from 'jsonwebtoken';
import { env } from './env';

const app = express();
app.get('/token', (_req, res) => res.json({ token: jwt.sign({ sub: 'demo' }, env.JWT_SECRET) }));
app.listen(env.PORT);
