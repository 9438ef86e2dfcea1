import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parseLockfile } from '../tree.ts';
import { LockfileError } from './types.ts';
import type { ParsedLockfile } from './types.ts';

const data = (name: string): string => readFileSync(new URL(`./testdata/${name}`, import.meta.url), 'utf8');

interface Case {
  file: string;
  as: string;
  manifest?: Record<string, string>;
  format: ParsedLockfile['format'];
  version: string;
  /** name@version of every non-local package, sorted. */
  packages: string[];
  direct: string[];
  check?: (p: ParsedLockfile) => void;
}

const byName = (p: ParsedLockfile, name: string, version?: string) => {
  const found = p.packages.find(x => x.name === name && (version === undefined || x.version === version));
  assert.ok(found, `${name}${version ? '@' + version : ''} present`);
  return found;
};

const CASES: Case[] = [
  {
    file: 'npm-v3.json',
    as: 'package-lock.json',
    format: 'npm',
    version: '3',
    packages: ['gitdep@1.0.0', 'is-number@6.0.0', 'is-number@7.0.0', 'left-pad@1.3.0'],
    direct: ['gitdep', 'is-number', 'left-pad'],
    check: p => {
      assert.equal(byName(p, 'is-number', '7.0.0').dev, true);
      assert.equal(byName(p, 'gitdep').hasInstallScript, true);
      assert.match(byName(p, 'gitdep').resolved ?? '', /^git\+ssh:/);
      assert.deepEqual(byName(p, 'left-pad').deps, ['node_modules/left-pad/node_modules/is-number']);
      assert.equal(p.packages.filter(x => x.local).length, 2);
    },
  },
  {
    file: 'npm-v1.json',
    as: 'npm-shrinkwrap.json',
    format: 'npm',
    version: '1',
    packages: ['is-number@6.0.0', 'is-number@7.0.0', 'left-pad@1.3.0', 'tarball-dep@https://files.example.invalid/tarball-dep-1.0.0.tgz'],
    direct: ['is-number', 'left-pad', 'tarball-dep'],
    check: p => {
      assert.match(byName(p, 'left-pad').integrity ?? '', /^sha1-/);
      assert.equal(byName(p, 'tarball-dep').resolved, 'https://files.example.invalid/tarball-dep-1.0.0.tgz');
    },
  },
  {
    file: 'npm-v2-contradictory.json',
    as: 'package-lock.json',
    format: 'npm',
    version: '2',
    packages: ['left-pad@1.3.0'],
    direct: ['left-pad'],
    check: p => {
      assert.match(p.problems.join('\n'), /1\.3\.0 in `packages` but 1\.1\.0 in `dependencies`/);
    },
  },
  {
    file: 'yarn-classic.lock',
    as: 'yarn.lock',
    manifest: { '@types/node': '^20.0.0', 'left-pad': '^1.3.0', gitdep: 'https://git.example.invalid/someone/gitdep.git' },
    format: 'yarn-classic',
    version: '1',
    packages: ['@types/node@20.11.0', 'gitdep@1.0.0', 'left-pad@1.3.0', 'undici-types@5.26.5'],
    direct: ['@types/node', 'gitdep', 'left-pad'],
    check: p => {
      assert.equal(byName(p, '@types/node').deps.length, 1);
      assert.match(byName(p, 'left-pad').integrity ?? '', /^sha512-/);
    },
  },
  {
    file: 'yarn-berry.lock',
    as: 'yarn.lock',
    format: 'yarn-berry',
    version: '8',
    packages: ['left-pad@1.3.0', 'tarball-dep@1.0.0'],
    direct: ['left-pad', 'tarball-dep'],
    check: p => {
      assert.equal(byName(p, 'tarball-dep').resolved, 'https://files.example.invalid/tarball-dep-1.0.0.tgz');
      assert.equal(byName(p, 'left-pad').resolved, undefined);
    },
  },
  {
    file: 'pnpm-v6.yaml',
    as: 'pnpm-lock.yaml',
    format: 'pnpm',
    version: '6.0',
    packages: ['esbuild@0.19.12', 'js-tokens@4.0.0', 'loose-envify@1.4.0', 'react@18.2.0'],
    direct: ['esbuild', 'react'],
    check: p => {
      assert.equal(byName(p, 'esbuild').hasInstallScript, true);
      assert.equal(byName(p, 'esbuild').dev, true);
      assert.deepEqual(byName(p, 'react').deps, ['loose-envify@1.4.0']);
    },
  },
  {
    file: 'pnpm-v5.yaml',
    as: 'pnpm-lock.yaml',
    format: 'pnpm',
    version: '5.4',
    packages: [
      '@babel/core@7.20.2',
      '@babel/helper-compilation-targets@7.20.0',
      '@changesets/cli@2.23.0',
      'eslint-config-prettier@8.5.0',
      'eslint@8.17.0',
      'react@18.2.0',
    ],
    direct: ['@changesets/cli', 'eslint', 'eslint-config-prettier'],
    check: p => {
      assert.deepEqual(p.problems, []);
      assert.equal(byName(p, '@changesets/cli').hasInstallScript, true);
      assert.deepEqual(byName(p, '@babel/helper-compilation-targets').deps, ['@babel/core@7.20.2']);
      assert.deepEqual(byName(p, 'eslint-config-prettier').deps, ['eslint@8.17.0']);
      assert.equal(p.rootSpecs?.get('eslint-config-prettier'), '^8.5.0');
    },
  },
  {
    file: 'pnpm-v9-env.yaml',
    as: 'pnpm-lock.yaml',
    format: 'pnpm',
    version: '9.0',
    packages: ['js-tokens@4.0.0', 'loose-envify@1.4.0', 'react@18.2.0'],
    direct: ['react'],
    check: p => {
      assert.deepEqual(p.problems, []);
    },
  },
  {
    file: 'pnpm-v9.yaml',
    as: 'pnpm-lock.yaml',
    format: 'pnpm',
    version: '9.0',
    packages: ['gitdep@1.0.0', 'js-tokens@4.0.0', 'loose-envify@1.4.0', 'react-dom@18.2.0', 'react@18.2.0'],
    direct: ['gitdep', 'react', 'react-dom'],
    check: p => {
      assert.deepEqual(byName(p, 'react-dom').deps.sort(), ['loose-envify@1.4.0', 'react@18.2.0']);
      assert.match(byName(p, 'gitdep').resolved ?? '', /codeload\.git\.example\.invalid/);
    },
  },
  {
    file: 'bun.lock',
    as: 'bun.lock',
    format: 'bun',
    version: '1',
    packages: ['gitdep@github:someone/gitdep#0123456', 'js-tokens@3.0.2', 'js-tokens@4.0.0', 'loose-envify@1.4.0', 'react@18.2.0'],
    direct: ['gitdep', 'react'],
    check: p => {
      assert.deepEqual(byName(p, 'react').deps, ['loose-envify']);
      assert.deepEqual(byName(p, 'loose-envify').deps, ['js-tokens']);
      assert.equal(byName(p, 'js-tokens', '3.0.2').resolved, 'https://registry.example.invalid/js-tokens/-/js-tokens-3.0.2.tgz');
      assert.equal(byName(p, 'gitdep').resolved, 'github:someone/gitdep#0123456');
    },
  },
];

describe('lockfile readers', () => {
  for (const c of CASES) {
    it(`${c.file}: ${c.format} v${c.version}`, () => {
      const p = parseLockfile(c.as, data(c.file), new Map(Object.entries(c.manifest ?? {})));
      assert.equal(p.format, c.format);
      assert.equal(p.version, c.version);
      assert.deepEqual(
        p.packages
          .filter(x => !x.local)
          .map(x => `${x.name}@${x.version}`)
          .sort(),
        c.packages,
      );
      assert.deepEqual([...p.direct.keys()].sort(), c.direct);
      c.check?.(p);
    });
  }

  const BAD: [string, string, RegExp][] = [
    ['package-lock.json', data('npm-v3.json').slice(0, 400), /not valid JSON/],
    ['package-lock.json', '[1,2]', /not a JSON object/],
    ['package-lock.json', '{"name":"x"}', /not an npm lockfile/],
    ['pnpm-lock.yaml', 'lockfileVersion: "9.0"\npackages: {a: [', /not valid YAML/],
    ['bun.lock', '{"lockfileVersion": 1, "packages": {"a": ["a@1.0.0"', /not valid JSONC/],
    ['bun.lock', '{"lockfileVersion": 1}', /no `packages`/],
    ['yarn.lock', '# yarn lockfile v1\n\nleft-pad@^1:\n  version "1\n  resolved', /not a readable yarn.lock/],
    // Formats no reader knows go to errors[], never to anomaly findings.
    ['package-lock.json', '{"lockfileVersion": 4, "packages": {}}', /lockfileVersion "4" is not an npm lockfile version/],
    ['pnpm-lock.yaml', "lockfileVersion: '10.0'\npackages: {}\n", /lockfileVersion "10.0" is not a pnpm lockfile version/],
    ['pnpm-lock.yaml', 'packages: {}\n', /lockfileVersion \(none\)/],
    ['bun.lock', '{"lockfileVersion": 2, "packages": {}}', /lockfileVersion 2 is not a bun.lock version/],
    ['bun.lock', '#!/usr/bin/env bun\nbun-lockfile-format-v0\n\u0002\u0000', /not valid JSONC/],
    ['yarn.lock', '__metadata:\n  version: 12\n', /__metadata.version "12" is not a yarn.lock version/],
    // pnpm 10's two documents go through the hardened YAML reader: an alias bomb in the second
    // document, nesting past the cap in either, and a syntax error in the first are refused.
    [
      'pnpm-lock.yaml',
      `---\npackageManagerDependencies: {}\n---\nlockfileVersion: '9.0'\na: &a [x, x, x, x, x, x, x, x, x, x]\n${Array.from(
        { length: 1100 },
        (_, i) => `k${i}: *a`,
      ).join('\n')}\n`,
      /YAML with more than 1000 aliases/,
    ],
    ['pnpm-lock.yaml', `---\nx: ${'['.repeat(300)}${']'.repeat(300)}\n---\nlockfileVersion: '9.0'\n`, /YAML nested deeper than 256 levels/],
    ['pnpm-lock.yaml', `---\nx: [unclosed\n---\nlockfileVersion: '9.0'\npackages: {}\n`, /^not valid YAML/],
  ];
  for (const [name, text, expected] of BAD) {
    it(`rejects a broken ${name} (${expected.source})`, () => {
      assert.throws(
        () => parseLockfile(name, text, new Map()),
        (err: unknown) => err instanceof LockfileError && expected.test(err.message),
      );
    });
  }

  it('reads a 100,000-entry package-lock.json quickly', () => {
    const packages: Record<string, unknown> = { '': { dependencies: { 'pkg-0': '1.0.0' } } };
    for (let i = 0; i < 100_000; i++) {
      packages[`node_modules/pkg-${i}`] = {
        version: '1.0.0',
        resolved: `https://registry.npmjs.org/pkg-${i}/-/pkg-${i}-1.0.0.tgz`,
        integrity: 'sha512-AAAA',
        dependencies: { [`pkg-${i + 1}`]: '1.0.0' },
      };
    }
    const text = JSON.stringify({ lockfileVersion: 3, packages });
    const t = performance.now();
    const p = parseLockfile('package-lock.json', text, new Map());
    const ms = performance.now() - t;
    assert.equal(p.packages.length, 100_000);
    assert.ok(ms < 20_000, `took ${ms} ms`);
  });
});
