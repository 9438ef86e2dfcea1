import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { describeFixtures, findingsOf, scanFixture } from '../../../../test/helpers/fixtures.ts';
import { startServer } from '../../../../test/helpers/local-server.ts';
import type { LocalServer } from '../../../../test/helpers/local-server.ts';
import { makeTar, publish, sri } from '../../../../test/helpers/tarball.ts';
import type { ScanRequest } from '../../../index.ts';
import rule from './rule.ts';

const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const genuine = (path: string): string => readFileSync(join(fixture('benign/genuine-copies'), path), 'utf8');

const cacheDir = mkdtempSync(join(tmpdir(), 'airlock-vendored-'));
const request: ScanRequest = { rules: [rule], online: true, cacheDir, registryUrl: 'http://127.0.0.1:9' };
const routes: Record<string, unknown> = {};
let server: LocalServer;

before(async () => {
  server = await startServer(routes as never);
  request.registryUrl = server.url;
  Object.assign(
    routes,
    publish(server.url, 'jquery', [
      {
        version: '3.7.1',
        files: { 'package.json': '{"name":"jquery","version":"3.7.1"}', 'dist/jquery.min.js': genuine('public/js/jquery.min.js') },
      },
    ]),
    publish(server.url, '@yarnpkg/cli-dist', [
      {
        version: '4.1.0',
        files: {
          'package.json': '{"name":"@yarnpkg/cli-dist","version":"4.1.0"}',
          'bin/yarn.js': genuine('.yarn/releases/yarn-4.1.0.cjs'),
        },
      },
    ]),
    publish(server.url, 'ms', [
      {
        version: '2.0.0',
        files: {
          'package.json': '{"name":"ms","version":"2.0.0","main":"index.js"}',
          'index.js': 'module.exports = function ms(v) {\n  return v;\n};\n',
          'readme.md': '# ms\n',
        },
      },
    ]),
  );
});
after(() => server.close());

describeFixtures(rule, import.meta.url, request);

it('shows the added code of a modified jquery.min.js as evidence', async () => {
  const report = await scanFixture(fixture('match/appended-loader'), request);
  const [hit] = findingsOf(report, 'deps/vendored-file-modified', 'critical');
  assert.ok(hit);
  assert.equal(hit.location.line, 3);
  assert.match(hit.evidence ?? '', /^\+3: ;\(function\(\)\{var u=atob/);
  assert.match(hit.message, /published jquery@3\.7\.1 \(dist\/jquery\.min\.js\)/);
});

it('says genuine copies are identical', async () => {
  const report = await scanFixture(fixture('benign/genuine-copies'), request);
  const info = findingsOf(report, 'deps/vendored-file-modified').map(f => f.message);
  assert.equal(info.filter(m => /is identical to the published/.test(m)).length, 2);
  assert.deepEqual(readdirSync(join(cacheDir, 'tarballs')).length >= 2, true);
});

function committedRepo(files: Record<string, string>): string {
  const repo = mkdtempSync(join(tmpdir(), 'airlock-committed-'));
  for (const [p, c] of Object.entries(files)) {
    mkdirSync(join(repo, p, '..'), { recursive: true });
    writeFileSync(join(repo, p), c);
  }
  execFileSync('git', ['init', '-q'], { cwd: repo });
  execFileSync('git', ['add', '-A'], { cwd: repo });
  return repo;
}

describe('committed node_modules compared with the registry', () => {
  it('reports changed and added files of a committed package', async () => {
    const repo = committedRepo({
      'package.json': '{"name":"app","dependencies":{"ms":"2.0.0"}}',
      'node_modules/ms/package.json': '{"name":"ms","version":"2.0.0","main":"index.js"}',
      'node_modules/ms/index.js': 'module.exports = function ms(v) {\n  return v;\n};\nrequire("./lib/boot.js");\n',
      'node_modules/ms/lib/boot.js': 'module.exports = 1;\n',
      'node_modules/ms/readme.md': '# ms\n',
    });
    const report = await scanFixture(repo, request);
    const hits = findingsOf(report, 'deps/vendored-file-modified');
    const changed = hits.find(h => h.location.file === 'node_modules/ms/index.js');
    assert.equal(changed?.severity, 'critical');
    assert.equal(changed.evidence, '+4: require("./lib/boot.js");');
    const added = hits.find(h => h.location.file === 'node_modules/ms/lib/boot.js');
    assert.equal(added?.severity, 'high');
  });

  it('says a faithful committed copy matches', async () => {
    const repo = committedRepo({
      'node_modules/ms/package.json': '{"name":"ms","version":"2.0.0","main":"index.js"}',
      'node_modules/ms/index.js': 'module.exports = function ms(v) {\n  return v;\n};\n',
      'node_modules/ms/readme.md': '# ms\n',
    });
    const report = await scanFixture(repo, request);
    assert.deepEqual(
      findingsOf(report, 'deps/vendored-file-modified').map(f => [f.severity, f.message]),
      [['info', 'node_modules/ms matches the published ms@2.0.0 file for file.']],
    );
  });
});

describe('hostile registries', () => {
  const cases: [string, Record<string, unknown>, RegExp][] = [
    [
      'a 500',
      {
        '/jquery': (_q: unknown, r: { writeHead(n: number): { end(): void } }) => {
          r.writeHead(500).end();
        },
      },
      /HTTP 500/,
    ],
    ['a traversal tarball', {}, /not found in the published|outside its folder/],
    ['a decompression bomb', {}, /decompresses to more than/],
  ];
  for (const [label, override, expected] of cases) {
    it(`records ${label} as an error, writes nothing outside the cache`, async () => {
      const local: Record<string, unknown> = {};
      const s = await startServer(local as never);
      try {
        if (label === 'a traversal tarball') {
          const tgz = gzipSync(makeTar({ 'package/../../../../tmp/airlock-escape.js': 'x', 'package/package.json': '{}' }));
          Object.assign(local, {
            '/jquery': { name: 'jquery', versions: { '3.7.1': { dist: { tarball: `${s.url}/t.tgz`, integrity: sri(tgz) } } } },
            '/t.tgz': tgz,
          });
        } else if (label === 'a decompression bomb') {
          const tgz = gzipSync(Buffer.alloc(200 * 1024 * 1024));
          Object.assign(local, {
            '/jquery': { name: 'jquery', versions: { '3.7.1': { dist: { tarball: `${s.url}/b.tgz`, integrity: sri(tgz) } } } },
            '/b.tgz': tgz,
          });
        } else Object.assign(local, override);
        const dir = mkdtempSync(join(tmpdir(), 'airlock-hostile-cache-'));
        const report = await scanFixture(fixture('match/appended-loader'), { ...request, registryUrl: s.url, cacheDir: dir });
        assert.ok(
          report.errors.some(e => expected.test(e.message)),
          JSON.stringify(report.errors),
        );
        assert.equal(findingsOf(report, 'deps/vendored-file-modified', 'critical').length, 0);
        assert.ok(readdirSync(dir).every(f => f === 'tarballs'));
      } finally {
        await s.close();
      }
    });
  }
});
