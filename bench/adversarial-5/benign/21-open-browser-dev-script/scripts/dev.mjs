import http from 'node:http';
import sirv from 'sirv';
import open from 'open';

const port = Number(process.env.PORT) || 8080;
http.createServer(sirv('public', { dev: true })).listen(port, () => {
  console.log(`http://localhost:${port}`);
  if (!process.env.NO_OPEN) open(`http://localhost:${port}`);
});
