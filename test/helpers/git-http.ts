/**
 * A smart-HTTP git server on 127.0.0.1 for clone tests: `git http-backend` (CGI) behind a tiny
 * node http server. `hanging` gives a server that accepts and never answers.
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { gitEnv } from './git-repo.ts';

export interface GitHttpServer {
  url: string;
  requests: string[];
  close(): Promise<void>;
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

export async function startGitHttpServer(projectRoot: string): Promise<GitHttpServer> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push(`${req.method ?? ''} ${url.pathname}`);
    const child = spawn('git', ['http-backend'], {
      env: gitEnv({
        GIT_PROJECT_ROOT: projectRoot,
        GIT_HTTP_EXPORT_ALL: '1',
        PATH_INFO: url.pathname,
        QUERY_STRING: url.search.replace(/^\?/, ''),
        REQUEST_METHOD: req.method ?? 'GET',
        CONTENT_TYPE: req.headers['content-type'] ?? '',
        REMOTE_ADDR: '127.0.0.1',
        HTTP_GIT_PROTOCOL: String(req.headers['git-protocol'] ?? ''),
        HTTP_CONTENT_ENCODING: req.headers['content-encoding'] ?? '',
      }),
      stdio: ['pipe', 'pipe', 'ignore'],
    });
    req.pipe(child.stdin);
    const chunks: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => chunks.push(d));
    child.on('close', () => {
      const out = Buffer.concat(chunks);
      const split = out.indexOf('\r\n\r\n');
      const head = out.subarray(0, split < 0 ? 0 : split).toString('latin1');
      const body = split < 0 ? out : out.subarray(split + 4);
      let status = 200;
      const headers: Record<string, string> = {};
      for (const line of head.split('\r\n')) {
        const colon = line.indexOf(':');
        if (colon < 0) continue;
        const k = line.slice(0, colon).trim();
        const v = line.slice(colon + 1).trim();
        if (k.toLowerCase() === 'status') status = Number(v.split(' ')[0]) || 200;
        else headers[k] = v;
      }
      res.writeHead(status, headers);
      res.end(body);
    });
  });
  const url = await listen(server);
  return {
    url,
    requests,
    close: () =>
      new Promise(resolve =>
        server.close(() => {
          resolve();
        }),
      ),
  };
}

export async function startHangingServer(): Promise<GitHttpServer> {
  const requests: string[] = [];
  const open = new Set<Socket>();
  const server = createServer(req => {
    requests.push(req.url ?? '');
  });
  server.on('connection', s => {
    open.add(s);
    s.on('close', () => open.delete(s));
  });
  const url = await listen(server);
  return {
    url,
    requests,
    close: () =>
      new Promise(resolve => {
        for (const s of open) s.destroy();
        server.close(() => {
          resolve();
        });
      }),
  };
}
