import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ALL_OS, huntWith, makeHome, ofRule } from '../../../../test/helpers/workstation.ts';
import type { Tree } from '../../../../test/helpers/workstation.ts';
import type { Os } from '../../../workstation/platform.ts';
import rule, { tarballOf } from './rule.ts';

const ID = 'hunt/package-caches';
const NPM: Record<Os, string> = { linux: '.npm/_cacache', darwin: '.npm/_cacache', win32: 'AppData/Local/npm-cache/_cacache' };
const PNPM: Record<Os, string> = { linux: '.local/share/pnpm/store', darwin: 'Library/pnpm/store', win32: 'AppData/Local/pnpm/store' };
const YARN: Record<Os, string> = { linux: '.cache/yarn', darwin: 'Library/Caches/Yarn', win32: 'AppData/Local/Yarn/Cache' };

function npmIndexLine(url: string): string {
  return `5f2c0c6a1b2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f\t${JSON.stringify({ key: `make-fetch-happen:request-cache:${url}`, integrity: 'sha512-AAAA', time: 1, size: 1, metadata: {} })}\n`;
}

function cacheTree(os: Os, names: [string, string][]): Tree {
  const tree: Tree = {};
  names.forEach(([name, version], i) => {
    const base = name.includes('/') ? name.split('/')[1] : name;
    tree[`${NPM[os]}/index-v5/0${i}/ab/entry${i}`] =
      npmIndexLine(`https://registry.npmjs.org/${name}/-/${base}-${version}.tgz`) + npmIndexLine(`https://registry.npmjs.org/${name}`);
    tree[`${PNPM[os]}/v3/files/0${i}/abcdef-index.json`] = JSON.stringify({ name, version, files: {} });
    tree[`${YARN[os]}/v6/npm-${name.replace('/', '-')}-${version}-${'a'.repeat(40)}-integrity/node_modules/x`] = { dir: true };
  });
  tree['.yarn/berry/cache/left-pad-npm-1.3.0-abcdef1234-10c0.zip'] = 'zip';
  return tree;
}

describe(ID, () => {
  for (const os of ALL_OS) {
    it(`${os}: caches of ordinary packages give no finding`, async () => {
      const home = makeHome(
        cacheTree(os, [
          ['react', '18.3.1'],
          ['@types/node', '20.19.1'],
          ['tailwindcss', '3.4.0'],
        ]),
      );
      assert.deepEqual(ofRule(await huntWith(rule, home, os), ID), []);
    });

    it(`${os}: a known-malicious package in the npm, pnpm and yarn caches is critical`, async () => {
      const home = makeHome(
        cacheTree(os, [
          ['cdn-icon-fetch', '1.0.2'],
          ['react', '18.3.1'],
        ]),
      );
      const hits = ofRule(await huntWith(rule, home, os), ID);
      const critical = hits.filter(h => h.severity === 'critical');
      assert.equal(critical.length, 3, JSON.stringify(hits, null, 2));
      assert.ok(critical.every(h => h.message.includes('cdn-icon-fetch@1.0.2')));
      assert.ok(
        hits.some(h => h.severity === 'medium'),
        'the cached packument alone is medium',
      );
    });
  }

  it('reads tarball URLs, scoped ones included', () => {
    assert.deepEqual(tarballOf('https://registry.npmjs.org/@scope/pkg/-/pkg-1.2.3-beta.1.tgz'), {
      name: '@scope/pkg',
      version: '1.2.3-beta.1',
    });
    assert.deepEqual(tarballOf('https://registry.npmjs.org/left-pad/-/left-pad-1.3.0.tgz'), { name: 'left-pad', version: '1.3.0' });
    assert.equal(tarballOf('not a url'), undefined);
  });
});
