import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, it } from 'node:test';
import { describeFixtures, findingsOf, scanFixture } from '../../../../test/helpers/fixtures.ts';
import { startServer } from '../../../../test/helpers/local-server.ts';
import type { LocalServer } from '../../../../test/helpers/local-server.ts';
import { publish } from '../../../../test/helpers/tarball.ts';
import type { ScanRequest } from '../../../index.ts';
import rule from './rule.ts';

const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const request: ScanRequest = {
  rules: [rule],
  online: true,
  cacheDir: mkdtempSync(join(tmpdir(), 'airlock-newpkg-')),
  registryUrl: 'http://127.0.0.1:9',
};
const routes: Record<string, unknown> = {};
let server: LocalServer;

const OLD = '2021-05-01T00:00:00.000Z';
const ORDINARY: [string, string][] = [
  ['express', '4.21.2'],
  ['debug', '2.6.9'],
  ['ms', '2.0.0'],
  ['@types/node', '20.11.0'],
  ['undici-types', '5.26.5'],
  ['react', '18.2.0'],
  ['react-dom', '18.2.0'],
  ['loose-envify', '1.4.0'],
  ['js-tokens', '4.0.0'],
  ['scheduler', '0.23.0'],
];

before(async () => {
  server = await startServer(routes as never);
  request.registryUrl = server.url;
  for (const [name, version] of ORDINARY) {
    Object.assign(
      routes,
      publish(server.url, name, [
        { version: '0.0.1', files: {}, time: '2019-01-01T00:00:00.000Z' },
        { version, files: {}, time: OLD },
      ]),
    );
  }
  const today = new Date().toISOString();
  Object.assign(
    routes,
    publish(server.url, 'fresh-helper', [
      { version: '1.0.0', files: {}, time: OLD, maintainers: ['original-author'] },
      {
        version: '1.0.1',
        files: {},
        time: today,
        maintainers: ['original-author', 'newcomer'],
        publisher: 'newcomer',
        scripts: { postinstall: 'node setup.js' },
      },
    ]),
    publish(server.url, 'lonely', [{ version: '0.1.0', files: {}, time: OLD }]),
  );
});
after(() => server.close());

describeFixtures(rule, import.meta.url, request);

it('names every reason a version is suspicious', async () => {
  const report = await scanFixture(fixture('match/fresh-version-adds-postinstall'), request);
  const [hit] = findingsOf(report, 'deps/new-package', 'high');
  assert.ok(hit);
  assert.match(
    hit.message,
    /^fresh-helper@1\.0\.1 is published today; published by newcomer, who did not maintain 1\.0\.0; adds a postinstall script \(`node setup\.js`\) that 1\.0\.0 did not have\.$/,
  );
  assert.equal(hit.location.file, 'package-lock.json');
});

it('reports single-version packages low and unknown packages medium', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'airlock-newpkg-dir-'));
  const { writeFileSync } = await import('node:fs');
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'x', dependencies: { lonely: '0.1.0', 'not-published-anywhere': '^1.0.0' } }),
  );
  const report = await scanFixture(dir, request);
  const hits = findingsOf(report, 'deps/new-package');
  assert.deepEqual(hits.map(h => [h.severity, h.message.split(' ')[0]]).sort(), [
    ['low', 'lonely@0.1.0'],
    ['medium', 'not-published-anywhere'],
  ]);
});
