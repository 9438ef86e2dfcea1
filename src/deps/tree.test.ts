import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { findingsOf, scanFixture } from '../../test/helpers/fixtures.ts';
import { scanRules } from '../rules/index.ts';

const testdata = (name: string): string => fileURLToPath(new URL(`./lockfiles/testdata/${name}`, import.meta.url));
const deps = scanRules.filter(r => r.meta.id.startsWith('deps/'));

/** [testdata file, name in the repository, packages, lockfile git/tarball entries reported by deps/url-source] */
const CASES: [string, string, number, string[]][] = [
  ['npm-v3.json', 'package-lock.json', 4, ['gitdep']],
  ['npm-v1.json', 'npm-shrinkwrap.json', 4, ['tarball-dep']],
  ['yarn-classic.lock', 'yarn.lock', 4, ['gitdep']],
  ['yarn-berry.lock', 'yarn.lock', 2, ['tarball-dep']],
  ['pnpm-v6.yaml', 'pnpm-lock.yaml', 4, []],
  ['pnpm-v9.yaml', 'pnpm-lock.yaml', 5, ['gitdep']],
  ['bun.lock', 'bun.lock', 5, ['gitdep']],
];

describe('one resolved tree per repository, from every lockfile format', () => {
  for (const [file, as, packages, fromUrls] of CASES) {
    it(`${file} as ${as}`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'airlock-tree-'));
      copyFileSync(testdata(file), join(dir, as));
      const report = await scanFixture(dir, { rules: deps, cacheDir: dir });
      assert.deepEqual(report.dependencies?.lockfiles, [as]);
      assert.equal(report.dependencies.packages, packages);
      const urls = findingsOf(report, 'deps/url-source').map(f => f.message.split(' ')[0]);
      assert.deepEqual(urls.sort(), fromUrls);
      assert.deepEqual(report.errors, []);
    });
  }

  it('reads every package root of a monorepo into one tree', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'airlock-tree-'));
    copyFileSync(testdata('npm-v3.json'), join(dir, 'package-lock.json'));
    const { mkdirSync } = await import('node:fs');
    mkdirSync(join(dir, 'front-end'));
    copyFileSync(testdata('pnpm-v9.yaml'), join(dir, 'front-end', 'pnpm-lock.yaml'));
    writeFileSync(
      join(dir, 'front-end', 'package.json'),
      JSON.stringify({ name: 'front', dependencies: { react: '^18.2.0', 'react-dom': '^18.2.0' } }),
    );
    const report = await scanFixture(dir, { rules: deps, cacheDir: dir });
    assert.deepEqual(report.dependencies?.lockfiles, ['front-end/pnpm-lock.yaml', 'package-lock.json']);
    assert.equal(report.dependencies.packages, 8, 'gitdep@1.0.0 is in both lockfiles');
    assert.equal(report.dependencies.direct, 2);
  });
});
