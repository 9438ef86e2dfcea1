import { defineConfig, type Plugin } from 'vite';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

function mockApi(): Plugin {
  return {
    name: 'mock-api',
    configureServer(server) {
      server.middlewares.use('/api', async (req, res, next) => {
        try {
          const body = await readFile(join(__dirname, 'mocks', `${req.url?.replace(/\W/g, '') || 'index'}.json`), 'utf8');
          res.setHeader('content-type', 'application/json');
          res.end(body);
        } catch { next(); }
      });
    },
  };
}

export default defineConfig({ plugins: [mockApi()] });
