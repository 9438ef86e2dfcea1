const express = require('express');
const next = require('next');
require('./lib/rate-limit');

const app = next({ dev: process.env.NODE_ENV !== 'production' });
app.prepare().then(() => {
  const server = express();
  server.all('*', app.getRequestHandler());
  server.listen(3000);
});
