/**
 * A registry-like server on 127.0.0.1 for detonation tests (tests never reach the network):
 * packuments and tarballs built at test time from small inert packages, and a listener that only
 * counts who connects to it (the hostile `.npmrc` targets).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface FakePackage {
  name: string;
  version: string;
  /** package.json fields besides name and version. */
  manifest?: Record<string, unknown>;
  files: Record<string, string>;
}

export interface Registry {
  url: string;
  /** "METHOD path" of every request. */
  requests: string[];
  close(): Promise<void>;
}

function tarball(pkg: FakePackage): Buffer {
  const dir = mkdtempSync(join(tmpdir(), 'airlock-pkg-'));
  try {
    const root = join(dir, 'package');
    mkdirSync(root);
    writeFileSync(join(root, 'package.json'), JSON.stringify({ name: pkg.name, version: pkg.version, ...pkg.manifest }));
    for (const [p, body] of Object.entries(pkg.files)) {
      mkdirSync(dirname(join(root, p)), { recursive: true });
      writeFileSync(join(root, p), body, { mode: p.startsWith('bin/') ? 0o755 : 0o644 });
    }
    const out = join(dir, 'p.tgz');
    const r = spawnSync('tar', ['-czf', out, '-C', dir, 'package']);
    if (r.status !== 0) throw new Error(`tar failed: ${r.stderr.toString()}`);
    return readFileSync(out);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function startRegistry(packages: FakePackage[]): Promise<Registry> {
  const built = packages.map(p => ({ pkg: p, body: tarball(p) }));
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(`${req.method ?? 'GET'} ${req.url ?? '/'}`);
    const port = (server.address() as AddressInfo).port;
    const path = decodeURIComponent((req.url ?? '/').split('?')[0] ?? '/');
    const tgz = built.find(b => path === `/${b.pkg.name}/-/${b.pkg.name.split('/').pop() ?? ''}-${b.pkg.version}.tgz`);
    if (tgz) {
      res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(tgz.body);
      return;
    }
    const versions = built.filter(b => path === `/${b.pkg.name}`);
    if (versions.length === 0) {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
      return;
    }
    const doc = {
      name: versions[0]?.pkg.name,
      'dist-tags': { latest: versions.at(-1)?.pkg.version },
      versions: Object.fromEntries(
        versions.map(({ pkg, body }) => [
          pkg.version,
          {
            name: pkg.name,
            version: pkg.version,
            ...pkg.manifest,
            dist: {
              tarball: `http://127.0.0.1:${port}/${pkg.name}/-/${pkg.name.split('/').pop() ?? ''}-${pkg.version}.tgz`,
              shasum: createHash('sha1').update(body).digest('hex'),
              integrity: `sha512-${createHash('sha512').update(body).digest('base64')}`,
            },
          },
        ]),
      ),
    };
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(doc));
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    requests,
    close: () =>
      new Promise<void>(resolve => {
        server.close(() => {
          resolve();
        });
      }),
  };
}

/** A TCP listener that answers nothing and counts connections. */
export async function startTrap(): Promise<{ port: number; connections: () => number; close(): Promise<void> }> {
  let n = 0;
  const server = createNetServer(socket => {
    n++;
    socket.destroy();
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    connections: () => n,
    close: () =>
      new Promise<void>(resolve => {
        server.close(() => {
          resolve();
        });
      }),
  };
}

/**
 * Inert stand-ins for the take-home lure's dependencies, at the versions its package.json pins.
 * Each does the little the lure calls (express routing and listen, axios JSON requests, dotenv,
 * `next dev` loading next.config.js and listening), nothing else.
 */
export const LURE_STAND_INS: FakePackage[] = [
  {
    name: 'express',
    version: '4.21.2',
    manifest: { main: 'index.js' },
    files: {
      'index.js': `const http = require('http');
function express() {
  const mounts = [];
  const app = (req, res) => { const m = mounts.find(x => req.url.startsWith(x.path)); if (m) return m.handler(req, res); res.statusCode = 404; res.end(); };
  app.use = (path, handler) => { if (typeof path === 'string') mounts.push({ path, handler }); return app; };
  app.get = (path, handler) => { mounts.push({ path, handler }); return app; };
  app.listen = (port, cb) => http.createServer(app).listen(port, cb);
  return app;
}
express.json = () => (req, res, next) => next && next();
express.Router = () => { const r = (req, res) => { res.statusCode = 404; res.end(); }; r.get = r.post = r.use = () => r; return r; };
module.exports = express;
`,
    },
  },
  {
    name: 'axios',
    version: '1.7.9',
    manifest: { main: 'index.js' },
    files: {
      'index.js': `const http = require('http');
const https = require('https');
function request(method, url, data, config) {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const body = data === undefined ? undefined : JSON.stringify(data);
    const headers = { accept: 'application/json, text/plain, */*', ...(body ? { 'content-type': 'application/json' } : {}), ...((config && config.headers) || {}) };
    const req = (u.protocol === 'https:' ? https : http).request(u, { method, headers }, res => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', c => (text += c));
      res.on('end', () => { let d = text; try { d = JSON.parse(text); } catch (e) {} resolve({ status: res.statusCode, data: d }); });
    });
    req.on('error', reject);
    if (body) req.write(body);
    req.end();
  });
}
module.exports = { get: (u, c) => request('GET', u, undefined, c), post: (u, d, c) => request('POST', u, d, c) };
`,
    },
  },
  {
    name: 'dotenv',
    version: '16.4.7',
    manifest: { main: 'index.js' },
    files: {
      'index.js': `const fs = require('fs');
exports.config = () => {
  let text = '';
  try { text = fs.readFileSync('.env', 'utf8'); } catch (e) { return {}; }
  for (const line of text.split('\\n')) { const m = /^([A-Za-z_][\\w]*)=(.*)$/.exec(line.trim()); if (m && process.env[m[1]] === undefined) process.env[m[1]] = m[2]; }
  return {};
};
`,
    },
  },
  {
    name: 'next',
    version: '14.2.35',
    manifest: { bin: { next: 'bin/next' } },
    files: {
      'bin/next': `#!/usr/bin/env node
const path = require('path');
require(path.resolve('next.config.js'));
require('http').createServer((q, r) => r.end('<html></html>')).listen(Number(process.env.PORT) || 3000);
`,
    },
  },
  { name: 'react', version: '18.3.1', manifest: { main: 'index.js' }, files: { 'index.js': 'module.exports = {};\n' } },
  { name: 'react-dom', version: '18.3.1', manifest: { main: 'index.js' }, files: { 'index.js': 'module.exports = {};\n' } },
];
