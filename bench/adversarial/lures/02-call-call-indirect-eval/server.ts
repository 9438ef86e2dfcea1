import { createServer } from 'node:http';
import next from 'next';
import { bootstrap } from './src/server/bootstrap';

const dev = process.env.NODE_ENV !== 'production';
const app = next({ dev });
const handle = app.getRequestHandler();

bootstrap().finally(() =>
  app.prepare().then(() => {
    createServer((req, res) => handle(req, res)).listen(3000, () => {
      console.log('> Ready on http://localhost:3000');
    });
  }),
);
