import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fetchInput, isRegistrySpec } from './fetch.ts';

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
function repo(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'airlock-fetch-'));
  dirs.push(root);
  for (const [p, body] of Object.entries(files)) writeFileSync(join(root, p), body);
  return root;
}

describe('fetchInput', () => {
  it('keeps registry specs only; URL, git, GitHub, file, link and workspace specs are refused', () => {
    for (const spec of ['1.0.0', '^2.1.0', '~1 || >=3 <4', 'latest', '*', 'npm:left-pad@1.3.0', 'npm:@scope/x'])
      assert.ok(isRegistrySpec(spec), spec);
    for (const spec of [
      'http://127.0.0.1:9/x.tgz',
      'git+https://git.example.invalid/x.git',
      'github:user/repo',
      'user/repo',
      'file:../x',
      'link:../y',
      'workspace:*',
    ])
      assert.equal(isRegistrySpec(spec), false, spec);
    const input = fetchInput(
      repo({
        '.npmrc': 'registry=http://127.0.0.1:9/\n',
        'package.json': JSON.stringify({
          name: 'x',
          scripts: { postinstall: 'node evil.js' },
          overrides: { a: 'http://127.0.0.1:9/a.tgz' },
          workspaces: ['packages/*'],
          dependencies: { react: '^18.0.0', evil: 'http://127.0.0.1:9/evil.tgz' },
          devDependencies: { jest: '29.7.0', tool: 'github:user/tool' },
        }),
      }),
    );
    assert.ok(input);
    assert.deepEqual(JSON.parse(input.packageJson), {
      name: 'airlock-fetch',
      version: '0.0.0',
      private: true,
      dependencies: { react: '^18.0.0' },
      devDependencies: { jest: '29.7.0' },
    });
    assert.deepEqual(input.refused, [
      { name: 'evil', spec: 'http://127.0.0.1:9/evil.tgz' },
      { name: 'tool', spec: 'github:user/tool' },
    ]);
    assert.equal(input.lockfile, undefined);
    assert.equal(input.ci, false);
  });
  it('strips every resolved URL from the lockfile and drops entries that resolve outside a registry', () => {
    const lock = {
      name: 'x',
      lockfileVersion: 3,
      packages: {
        '': { name: 'x', dependencies: { a: '1.0.0', b: '1.0.0', c: '1.0.0' } },
        'node_modules/a': {
          version: '1.0.0',
          resolved: 'https://registry.npmjs.org/a/-/a-1.0.0.tgz',
          integrity: 'sha512-AAAA',
        },
        'node_modules/b': { version: '1.0.0', resolved: 'http://127.0.0.1:9/b.tgz' },
        'node_modules/c': { resolved: 'packages/c', link: true },
      },
    };
    const input = fetchInput(
      repo({
        'package.json': JSON.stringify({ dependencies: { a: '1.0.0', b: '1.0.0', c: '1.0.0' } }),
        'package-lock.json': JSON.stringify(lock),
      }),
    );
    assert.ok(input?.lockfile);
    const out = JSON.parse(input.lockfile.text) as { packages: Record<string, Record<string, unknown>> };
    assert.deepEqual(Object.keys(out.packages), ['', 'node_modules/a']);
    assert.deepEqual(out.packages['node_modules/a'], { version: '1.0.0', integrity: 'sha512-AAAA' });
    assert.deepEqual(input.refused, [
      { name: 'b', spec: 'http://127.0.0.1:9/b.tgz' },
      { name: 'c', spec: 'packages/c' },
    ]);
    assert.equal(input.ci, false, 'a lockfile with dropped entries is installed, not ci-ed');
    const whole = fetchInput(
      repo({
        'package.json': JSON.stringify({ dependencies: { a: '1.0.0' } }),
        'package-lock.json': JSON.stringify({
          ...lock,
          packages: { '': lock.packages[''], 'node_modules/a': lock.packages['node_modules/a'] },
        }),
      }),
    );
    assert.equal(whole?.ci, true);
  });
  it('gives up on a package.json that is not a JSON object', () => {
    assert.equal(fetchInput(repo({ 'package.json': '[1]' })), undefined);
    assert.equal(fetchInput(repo({})), undefined);
  });
});
