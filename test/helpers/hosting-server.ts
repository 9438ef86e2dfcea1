/**
 * A local stand-in for the GitHub/GitLab/Bitbucket APIs: serves recorded-shape JSON from route
 * tables (`api.json` files: {"/users/name": {...}}). A string "{{days:-5}}" in a response becomes
 * the ISO date five days ago, so ages stay true whatever day the tests run.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ScanRule } from '../../src/core/rule.ts';
import { fixtureCases } from './fixtures.ts';

export interface HostingServer {
  url: string;
  requests: string[];
  close(): Promise<void>;
}

export type Routes = Record<string, unknown>;

function dated(body: string): string {
  return body.replace(/\{\{days:(-?\d+)\}\}/g, (_m, n: string) => new Date(Date.now() + Number(n) * 86_400_000).toISOString());
}

export function loadRoutes(files: string[]): Routes {
  const routes: Routes = {};
  for (const f of files) Object.assign(routes, JSON.parse(readFileSync(f, 'utf8')) as Routes);
  return routes;
}

export async function startHostingServer(
  routes: Routes,
  special: Record<string, { status: number; headers?: Record<string, string> }> = {},
): Promise<HostingServer> {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    const path = req.url ?? '/';
    requests.push(path);
    const s = special[path];
    if (s) {
      res.writeHead(s.status, { 'content-type': 'application/json', ...s.headers });
      res.end('{"message":"limited"}');
      return;
    }
    const body = routes[path];
    if (body === undefined) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end('{"message":"Not Found"}');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(dated(JSON.stringify(body)));
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise(resolve =>
        server.close(() => {
          resolve();
        }),
      ),
  };
}

/** Every `fixtures/{match,benign}/<case>/api.json` of a rule folder. */
export function fixtureApiFiles(ruleDir: string): string[] {
  return (['match', 'benign'] as const)
    .flatMap(kind => fixtureCases(ruleDir, kind).map(d => join(d, 'api.json')))
    .filter(f => existsSync(f));
}

/** Scan options that send every hosting API to the local stand-in, with only `rules` enabled. */
export function onlineAgainst(
  url: string,
  rules: ScanRule[],
): { online: true; githubApiUrl: string; gitlabApiUrl: string; bitbucketApiUrl: string; rules: ScanRule[] } {
  return { online: true, githubApiUrl: url, gitlabApiUrl: url, bitbucketApiUrl: url, rules };
}
