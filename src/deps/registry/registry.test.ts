import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { startServer } from '../../../test/helpers/local-server.ts';
import type { LocalServer } from '../../../test/helpers/local-server.ts';
import { makeTar, makeTarball, publish, sri } from '../../../test/helpers/tarball.ts';
import { RegistryClient } from './client.ts';
import { HttpError, fetchBytes } from './http.ts';
import { integrityKey, matchesIntegrity, readTarball } from './tarball.ts';

describe('tarball reader', () => {
  it('reads files under the package folder', () => {
    const t = readTarball(makeTarball({ 'package.json': '{"name":"x"}', 'lib/a.js': 'a()' }));
    assert.deepEqual([...t.files.keys()].sort(), ['lib/a.js', 'package.json']);
    assert.equal(t.files.get('lib/a.js')?.toString(), 'a()');
  });

  it('never returns entries that leave the package folder', () => {
    const t = readTarball(gzipSync(makeTar({ 'package/index.js': 'ok', 'package/../../escape.js': 'x', '/etc/cron.d/x': 'y' })));
    assert.deepEqual([...t.files.keys()], ['index.js']);
    assert.deepEqual(t.unsafe.sort(), ['/etc/cron.d/x', 'package/../../escape.js']);
  });

  it('refuses a decompression bomb', () => {
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024));
    assert.throws(() => readTarball(bomb, 16 * 1024 * 1024), /decompresses to more than/);
  });

  it('refuses what is not gzip and truncated archives', () => {
    assert.throws(() => readTarball(Buffer.from('plain text')), /not a gzip file/);
    const tar = makeTar({ 'package/a.js': 'x'.repeat(2000) });
    assert.throws(() => readTarball(gzipSync(tar.subarray(0, 1024))), /cut short/);
  });

  it('checks integrity strings', () => {
    const bytes = Buffer.from('hello');
    assert.ok(matchesIntegrity(bytes, sri(bytes)));
    assert.ok(!matchesIntegrity(Buffer.from('hellO'), sri(bytes)));
    assert.match(integrityKey(sri(bytes)) ?? '', /^sha512-[0-9a-f]{128}$/);
    assert.equal(integrityKey('sha512-AAAA'), undefined);
  });
});

describe('registry client against a local registry', () => {
  let server: LocalServer;
  let hits = 0;
  const routes: Record<string, unknown> = {};
  before(async () => {
    server = await startServer(routes as never);
    Object.assign(
      routes,
      publish(server.url, 'left-pad', [
        { version: '1.3.0', files: { 'package.json': '{"name":"left-pad","version":"1.3.0"}', 'index.js': 'module.exports = 1;' } },
      ]),
    );
    Object.assign(routes, {
      '/slow': () => undefined,
      '/flaky': (_req: unknown, res: { writeHead(n: number): { end(s?: string): void } }) => {
        hits++;
        if (hits < 3) res.writeHead(503).end();
        else res.writeHead(200).end('ok');
      },
      '/error': (_req: unknown, res: { writeHead(n: number): { end(): void } }) => {
        res.writeHead(500).end();
      },
      '/loop': (_req: unknown, res: { writeHead(n: number, h: object): { end(): void } }) => {
        res.writeHead(302, { location: '/loop' }).end();
      },
      '/big': Buffer.alloc(2 * 1024 * 1024),
    });
  });
  after(() => server.close());

  it('fetches, verifies and caches a tarball by integrity', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'airlock-reg-'));
    const client = new RegistryClient(server.url, cacheDir);
    const doc = await client.packument('left-pad');
    const info = doc.versions.get('1.3.0');
    assert.ok(info);
    const tgz = await client.tarball(info);
    assert.equal(readTarball(tgz).files.get('index.js')?.toString(), 'module.exports = 1;');
    assert.deepEqual(readdirSync(cacheDir), ['tarballs']);
    assert.match(readdirSync(join(cacheDir, 'tarballs'))[0] ?? '', /^sha512-[0-9a-f]+\.tgz$/);
    const before = server.requests.length;
    await new RegistryClient(server.url, cacheDir).tarball(info);
    assert.equal(server.requests.length, before, 'served from the cache');
    await assert.rejects(client.tarball({ ...info, integrity: sri(Buffer.from('other')) }), /does not match/);
    await assert.rejects(client.packument('../../etc/passwd'), /not a valid package name/);
  });

  it('times out, retries a bounded number of times, stops redirect loops and caps sizes', async () => {
    const t = performance.now();
    await assert.rejects(fetchBytes(`${server.url}/slow`, { timeoutMs: 200, retries: 1, retryDelayMs: 10 }), /no answer within 200 ms/);
    assert.ok(performance.now() - t < 3000);
    assert.equal((await fetchBytes(`${server.url}/flaky`, { retries: 2, retryDelayMs: 10 })).toString(), 'ok');
    const before = server.requests.filter(r => r.endsWith('/error')).length;
    await assert.rejects(
      fetchBytes(`${server.url}/error`, { retries: 2, retryDelayMs: 10 }),
      (e: unknown) => e instanceof HttpError && e.status === 500,
    );
    assert.equal(server.requests.filter(r => r.endsWith('/error')).length - before, 3);
    await assert.rejects(fetchBytes(`${server.url}/loop`, { maxRedirects: 3 }), /more than 3 redirects/);
    await assert.rejects(fetchBytes(`${server.url}/big`, { maxBytes: 1024 * 1024 }), /limit/);
  });
});

describe('a registry that is down', () => {
  it('stops asking after three failures in a row', async () => {
    const down = (_req: unknown, res: { writeHead(n: number): { end(): void } }): void => {
      res.writeHead(503).end();
    };
    const server = await startServer({ '/a': down, '/b': down, '/c': down, '/d': down });
    try {
      const client = new RegistryClient(server.url, mkdtempSync(join(tmpdir(), 'airlock-down-')), { retries: 0 });
      for (const name of ['a', 'b', 'c']) await assert.rejects(client.packument(name));
      const before = server.requests.length;
      await assert.rejects(client.packument('d'), /not answering \(3 failures in a row\)/);
      assert.equal(server.requests.length, before);
    } finally {
      await server.close();
    }
  });
});
