import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { requestPaths, serverEntries } from '../../../analysis/frameworks/index.ts';
import { severityRank } from '../../../core/severity.ts';
import type { Report } from '../../../core/types.ts';
import { describeFixtures, findingsOf, scanFixture, tempRepo } from '../../../../test/helpers/fixtures.ts';
import rule from './rule.ts';

const ID = 'autorun/framework-server';
const fixture = (kind: string, name: string): string => fileURLToPath(new URL(`./fixtures/${kind}/${name}`, import.meta.url));
/** The framework surfaces as "trigger entry:line name [reaches]", a server route as "trigger entry:line-endLine name (command)". */
const mapOf = (report: Report): string[] =>
  report.executionMap
    .filter(s => s.kind === 'framework' || s.kind === 'server-route')
    .map(s =>
      s.kind === 'server-route'
        ? `${s.trigger} ${s.entry ?? ''}:${s.location.line ?? ''}-${s.location.endLine ?? ''} ${s.name ?? ''} (${s.command ?? ''})`
        : `${s.trigger} ${s.entry ?? ''}:${s.location.line ?? ''} ${s.name ?? ''}${s.reaches.length > 0 ? ` [${s.reaches.join(' ')}]` : ''}`,
    );
const serious = (report: Report): string[] =>
  report.findings
    .filter(f => severityRank(f.severity) >= severityRank('medium'))
    .map(f => `${f.ruleId} ${f.location.file}:${f.location.line ?? ''}`);

describeFixtures(rule, import.meta.url);

describe(`${ID} benign apps: every server file on its trigger, nothing medium or above`, () => {
  const apps: Record<string, string[]> = {
    'next-app': [
      'page-load app/api/health/route.ts:1 Next.js route handler',
      'page-load app/dashboard/actions.ts:1 Next.js server actions [lib/products.ts]',
      'page-load app/dashboard/page.tsx:1 Next.js client page (rendered on the server)',
      'page-load app/layout.tsx:1 Next.js server layout',
      'page-load app/page.tsx:1 Next.js server page [components/cart.tsx lib/products.ts]',
      'page-load middleware.ts:1 Next.js middleware (Edge runtime)',
      'page-load pages/_app.tsx:1 Next.js _app (every page)',
      'page-load pages/_document.tsx:1 Next.js _document (every page)',
      'page-load pages/about.tsx:1 Next.js page (rendered on the server) [lib/products.ts]',
      'page-load pages/api/hello.ts:1 Next.js API route',
      'build pages/about.tsx:3 Next.js getStaticProps [lib/products.ts]',
    ],
    'remix-app': [
      'page-load app/entry.server.tsx:1 Remix entry.server (every request)',
      'page-load app/root.tsx:1 Remix route module (rendered on the server)',
      'page-load app/routes/_index.tsx:4 Remix loader',
    ],
    'sveltekit-app': [
      'page-load src/hooks.server.ts:1 SvelteKit hooks.server (every request)',
      'page-load src/routes/+page.server.ts:1 SvelteKit server load and actions',
      'page-load src/routes/+page.svelte:1 SvelteKit page component (rendered on the server)',
      'page-load src/routes/api/status/+server.ts:3 SvelteKit endpoint',
    ],
    'nuxt-app': [
      'dev server/plugins/logger.ts:1 Nuxt Nitro plugin (server start)',
      'page-load app.vue:1 Nuxt app.vue (rendered on the server) [utils/date.ts]',
      'page-load components/posts/PostCard.vue:1 Nuxt component (auto-imported, rendered on the server)',
      'page-load layouts/default.vue:1 Nuxt layout (rendered on the server)',
      'page-load pages/index.vue:1 Nuxt page (rendered on the server)',
      'page-load plugins/format.ts:1 Nuxt plugin (runs on the server for the first render)',
      'page-load server/api/posts.get.ts:1 Nuxt server API route',
      'page-load server/utils/slug.ts:1 Nuxt server utility (auto-imported by server routes)',
      'page-load utils/date.ts:1 Nuxt utility (auto-imported, runs on the server)',
    ],
    'astro-app': [
      'page-load src/components/Weather.astro:1 Astro server island (rendered by src/pages/index.astro)',
      'page-load src/middleware.ts:1 Astro middleware (every request)',
      'page-load src/pages/api/feed.json.ts:3 Astro endpoint',
      'page-load src/pages/blog/[slug].astro:1 Astro page (frontmatter runs on the server) [src/layouts/Base.astro src/lib/site.ts]',
      'page-load src/pages/index.astro:1 Astro page (frontmatter runs on the server) [src/components/Weather.astro src/layouts/Base.astro src/lib/site.ts]',
      'build integrations/build-report.mjs:5 Astro integration hook astro:build:done',
      'build src/pages/api/feed.json.ts:1 Astro endpoint (run at build)',
      'build src/pages/blog/[slug].astro:4 Astro page (rendered at build), getStaticPaths [src/layouts/Base.astro src/lib/site.ts]',
      'build src/pages/index.astro:1 Astro page (rendered at build) [src/components/Weather.astro src/layouts/Base.astro src/lib/site.ts]',
    ],
    'vite-ssr-app': [
      'page-load server.js:8-11 any path (npm run dev)',
      'page-load src/entry-server.jsx:1 Vite SSR entry (loaded by server.js:9) [src/App.jsx]',
    ],
    'express-app': [
      'dev index.js:1 Express server entry [routes/orders.js]',
      'page-load routes/orders.js:6-6 GET /api/orders (npm run dev)',
      'page-load routes/orders.js:7-10 POST /api/orders (npm run dev)',
    ],
    'electron-app': ['start src/main.js:1 Electron main process', 'start src/preload.js:1 Electron preload (named at src/main.js:8)'],
  };
  for (const [name, expected] of Object.entries(apps)) {
    it(name, async () => {
      const report = await scanFixture(fixture('match', name));
      assert.deepEqual(mapOf(report), expected);
      assert.deepEqual(serious(report), []);
    });
  }

  it('counts the files per trigger in one info finding per app', async () => {
    const report = await scanFixture(fixture('match', 'next-app'));
    const all = findingsOf(report, ID);
    assert.equal(all.length, 1);
    const info = all[0];
    assert.ok(info);
    assert.equal(info.severity, 'info');
    assert.equal(
      info.message,
      'Next.js runs 10 files of this repository on your machine (10 when the app is opened in a browser, 1 while it builds), with every local file they import.',
    );
  });
});

describe(`${ID} lures: the payload is reported with the trigger that reaches it`, () => {
  interface Expect {
    rule: string;
    severity: string;
    at: string;
    triggers: string;
    says: RegExp;
  }
  const lures: Record<string, Expect[]> = {
    'next-lure': [
      {
        rule: 'code/remote-code-execution',
        severity: 'critical',
        at: 'lib/telemetry.ts:5',
        triggers: 'page-load',
        says: /; it runs when you open the app after `npm run dev`: app\/api\/session\/route\.ts → lib\/telemetry\.ts\.$/,
      },
      {
        rule: 'code/remote-code-execution',
        severity: 'critical',
        at: 'pages/_document.tsx:9',
        triggers: 'page-load',
        says: /; it runs when you open the app after `npm run dev`: pages\/_document\.tsx\.$/,
      },
      {
        rule: 'code/remote-code-execution',
        severity: 'critical',
        at: 'app/blog/[slug]/page.tsx:4',
        triggers: 'page-load,build',
        says: /app\/blog\/\[slug\]\/page\.tsx \(also when you run `npm run build`\)\.$/,
      },
      {
        rule: 'code/remote-code-execution',
        severity: 'critical',
        at: 'middleware.ts:7',
        triggers: 'page-load',
        says: /receives a command .* it runs when you open the app after `npm run dev`: middleware\.ts\.$/,
      },
      {
        rule: 'code/remote-code-execution',
        severity: 'critical',
        at: 'next.config.js:6',
        triggers: 'dev,build,start',
        says: /it runs when you run `npm run dev`: next\.config\.js/,
      },
    ],
    'remix-lure': [
      {
        rule: 'code/remote-code-execution',
        severity: 'critical',
        at: 'app/utils/settings.server.ts:5',
        triggers: 'page-load',
        says: /: app\/routes\/dashboard\.tsx → app\/utils\/settings\.server\.ts\.$/,
      },
    ],
    'sveltekit-lure': [
      // medium on its own; the page-load trigger raises it.
      {
        rule: 'code/dynamic-code',
        severity: 'high',
        at: 'src/hooks.server.ts:4',
        triggers: 'page-load',
        says: /after `npm run dev`: src\/hooks\.server\.ts\.$/,
      },
    ],
    'nuxt-lure': [
      {
        rule: 'code/remote-code-execution',
        severity: 'critical',
        at: 'server/utils/cache.ts:6',
        // Loaded by the Nitro plugin at server start, and auto-imported by the server routes.
        triggers: 'dev,page-load',
        says: /it runs when you run `npm run dev`: server\/plugins\/cache\.ts → server\/utils\/cache\.ts \(also when you open the app after `npm run dev`\)\.$/,
      },
    ],
    'astro-lure': [
      {
        rule: 'code/remote-code-execution',
        severity: 'critical',
        at: 'src/pages/api/subscribe.ts:6',
        triggers: 'page-load',
        says: /after `npm run dev`: src\/pages\/api\/subscribe\.ts\.$/,
      },
      {
        rule: 'code/remote-code-execution',
        severity: 'critical',
        at: 'src/pages/index.astro:5',
        triggers: 'page-load,build',
        says: /runs it as JavaScript with `eval`; it runs when you open the app after `npm run dev`: src\/pages\/index\.astro \(also when you run `npm run build`\)\.$/,
      },
      {
        rule: 'code/remote-code-execution',
        severity: 'critical',
        at: 'integrations/devtools.mjs:7',
        triggers: 'dev,build',
        says: /it runs when you run `npm run dev`: astro\.config\.mjs → integrations\/devtools\.mjs/,
      },
    ],
    'vite-ssr-lure': [
      {
        rule: 'code/remote-code-execution',
        severity: 'critical',
        at: 'src/lib/i18n.js:5',
        triggers: 'page-load',
        says: /after `npm run dev`: src\/entry-server\.jsx → src\/lib\/i18n\.js\.$/,
      },
    ],
    'express-lure': [
      {
        rule: 'code/remote-code-execution',
        severity: 'critical',
        at: 'routes/orders.js:8',
        triggers: 'dev,page-load',
        says: /it runs when you request GET \/api\/orders after `npm run dev`: index\.js → routes\/orders\.js\.$/,
      },
    ],
    'electron-lure': [
      {
        rule: 'code/remote-code-execution',
        severity: 'critical',
        at: 'src/preload.js:7',
        triggers: 'start',
        says: /it runs when you run `npm start`: src\/preload\.js\.$/,
      },
    ],
  };
  for (const [name, expected] of Object.entries(lures)) {
    it(name, async () => {
      const report = await scanFixture(fixture('match', name));
      for (const e of expected) {
        const hit = report.findings.find(f => f.ruleId === e.rule && `${f.location.file}:${f.location.line ?? ''}` === e.at);
        assert.ok(hit, `${e.rule} at ${e.at} in ${JSON.stringify(report.findings.map(f => [f.ruleId, f.location]))}`);
        assert.equal(hit.severity, e.severity);
        assert.equal((hit.triggers ?? []).join(','), e.triggers);
        assert.match(hit.message, e.says);
      }
    });
  }
});

describe(`${ID} detection and client code`, () => {
  it('does not take a pages/ folder outside a Next.js app for routes', async () => {
    const report = await scanFixture(fixture('benign', 'pages-folder-not-next'));
    assert.deepEqual(mapOf(report), []);
    assert.deepEqual(findingsOf(report, ID), []);
  });

  it('maps nothing of a Vite single-page app: its src/ runs in the browser', async () => {
    const report = await scanFixture(fixture('benign', 'vite-spa'));
    assert.deepEqual(mapOf(report), []);
    for (const file of ['src/main.tsx', 'src/List.vue'])
      assert.ok(!report.executionMap.some(s => s.reaches.includes(file) || s.entry === file), file);
  });

  it('leaves client-only modules, private folders and public assets off the map', async () => {
    const report = await scanFixture(fixture('match', 'next-app'));
    const onMap = new Set(report.executionMap.flatMap(s => [s.entry ?? '', ...s.reaches]));
    for (const file of ['components/unused-widget.tsx', 'app/_components/banner.tsx', 'public/site.css']) assert.ok(!onMap.has(file), file);
  });

  it('maps only the server/ of a Nuxt app that turns server-side rendering off, and no SvelteKit component under ssr = false', async () => {
    const nuxt = await scanFixture(
      tempRepo({
        'package.json': JSON.stringify({ scripts: { dev: 'nuxt dev' }, dependencies: { nuxt: '3.11.2' } }),
        'nuxt.config.ts': 'export default defineNuxtConfig({ ssr: false });\n',
        'app.vue': '<script setup>\nconst a = 1;\n</script>\n<template><NuxtPage /></template>\n',
        'pages/index.vue': '<script setup>\nconst b = 2;\n</script>\n',
        'plugins/format.ts': 'export default defineNuxtPlugin(() => {});\n',
        'server/api/ping.ts': 'export default defineEventHandler(() => "pong");\n',
      }),
    );
    assert.deepEqual(mapOf(nuxt), ['page-load server/api/ping.ts:1 Nuxt server API route']);
    const kit = await scanFixture(
      tempRepo({
        'package.json': JSON.stringify({ scripts: { dev: 'vite dev' }, devDependencies: { '@sveltejs/kit': '2.5.0' } }),
        'src/routes/+layout.ts': 'export const ssr = false;\n',
        'src/routes/+layout.svelte': '<script>\nlet a = 1;\n</script>\n<slot />\n',
        'src/routes/+page.svelte': '<script>\nlet b = 2;\n</script>\n',
        'src/routes/admin/+page.ts': 'export const ssr = false;\n',
      }),
    );
    assert.deepEqual(mapOf(kit), [
      'page-load src/routes/+layout.ts:1 SvelteKit universal layout load (runs on the server too)',
      'page-load src/routes/admin/+page.ts:1 SvelteKit universal load (runs on the server too)',
    ]);
    const page = await scanFixture(
      tempRepo({
        'package.json': JSON.stringify({ scripts: { dev: 'vite dev' }, devDependencies: { '@sveltejs/kit': '2.5.0' } }),
        'src/routes/+page.svelte': '<script>\nlet a = 1;\n</script>\n',
        'src/routes/admin/+page.svelte': '<script>\nlet b = 2;\n</script>\n',
        'src/routes/admin/+page.ts': 'export const ssr = false;\n',
      }),
    );
    assert.deepEqual(mapOf(page), [
      'page-load src/routes/+page.svelte:1 SvelteKit page component (rendered on the server)',
      'page-load src/routes/admin/+page.ts:1 SvelteKit universal load (runs on the server too)',
    ]);
  });

  it('skips Remix `.client` modules and Nuxt `.client` plugins', async () => {
    const remix = await scanFixture(fixture('match', 'remix-app'));
    const nuxt = await scanFixture(fixture('match', 'nuxt-app'));
    assert.ok(!mapOf(remix).some(s => s.includes('chart.client')));
    assert.ok(!mapOf(nuxt).some(s => s.includes('analytics.client')));
  });

  it('lists the URL paths a browser would request, for detonation', () => {
    const files = [
      'package.json',
      'app/page.tsx',
      'app/api/health/route.ts',
      'app/(shop)/items/[id]/page.tsx',
      'pages/api/hello.ts',
      'pages/_app.tsx',
    ];
    const texts: Record<string, string> = { 'package.json': '{"dependencies":{"next":"14.2.3"}}' };
    const entries = serverEntries({ files, isFile: f => files.includes(f), text: f => texts[f] ?? '' });
    assert.deepEqual(requestPaths(entries), ['/', '/items/1', '/api/health', '/api/hello']);
  });
});

describe(`${ID} other layouts`, () => {
  const frameworkMap = async (files: Record<string, string>): Promise<string[]> =>
    mapOf(await scanFixture(tempRepo(files))).map(s => s.replace(/ \[.*\]$/, ''));

  it('reads React Router route modules from app/routes.ts', async () => {
    assert.deepEqual(
      await frameworkMap({
        'package.json': '{"dependencies": {"@react-router/node": "7.0.0"}, "devDependencies": {"@react-router/dev": "7.0.0"}}',
        'app/routes.ts':
          'import { index, route } from "@react-router/dev/routes";\nexport default [index("routes/home.tsx"), route("about", "./routes/about.tsx")];\n',
        'app/routes/home.tsx': 'export async function loader() {\n  return null;\n}\n',
        'app/routes/about.tsx': 'export default function About() {\n  return null;\n}\n',
      }),
      [
        'page-load app/routes/about.tsx:1 React Router route module (rendered on the server)',
        'page-load app/routes/home.tsx:1 React Router loader',
      ],
    );
  });

  it('finds the NestJS entry that `nest start` runs, and a Hono server run by `tsx watch` with its routes', async () => {
    assert.deepEqual(
      await frameworkMap({
        'api/package.json': '{"scripts": {"start": "nest start"}, "dependencies": {"@nestjs/core": "10.3.0"}}',
        'api/src/main.ts': "import { NestFactory } from '@nestjs/core';\nexport async function bootstrap() {}\n",
        'edge/package.json': '{"scripts": {"dev": "tsx watch src/app.ts"}, "dependencies": {"hono": "4.4.0"}}',
        'edge/src/app.ts':
          "import { Hono } from 'hono';\nimport { api } from './api';\nexport const app = new Hono();\napp.route('/api', api);\napp.get('/', c => c.text('hi'));\n",
        'edge/src/api.ts': "import { Hono } from 'hono';\nexport const api = new Hono();\napi.get('/ping', c => c.text('pong'));\n",
      }),
      [
        'page-load edge/src/api.ts:3-3 GET /api/ping (npm run dev)',
        'page-load edge/src/app.ts:5-5 GET / (npm run dev)',
        'start api/src/main.ts:1 NestJS server entry',
      ],
    );
  });

  it('lists Koa and Fastify routes with the lines of handlers written inline or imported', async () => {
    assert.deepEqual(
      await frameworkMap({
        'koa/package.json': '{"scripts": {"dev": "nodemon src/index.js"}, "dependencies": {"koa": "2.15.0", "@koa/router": "12.0.1"}}',
        'koa/src/index.js': [
          "const Koa = require('koa');",
          "const Router = require('@koa/router');",
          "const { listUsers } = require('./users');",
          'const app = new Koa();',
          "const router = new Router({ prefix: '/api' });",
          "router.get('/users', listUsers);",
          "router.post('/users/:id', async ctx => {",
          '  ctx.body = {};',
          '});',
          'app.use(router.routes());',
          'app.listen(3000);',
          '',
        ].join('\n'),
        'koa/src/users.js': 'exports.listUsers = async ctx => {\n  ctx.body = [];\n};\n',
        'fast/package.json': '{"scripts": {"start": "node server.mjs"}, "dependencies": {"fastify": "4.27.0"}}',
        'fast/server.mjs': [
          "import Fastify from 'fastify';",
          "import users from './routes/users.mjs';",
          'const fastify = Fastify();',
          "fastify.register(users, { prefix: '/users' });",
          "fastify.route({ method: 'GET', url: '/health', handler: async () => ({ ok: true }) });",
          'fastify.listen({ port: 3000 });',
          '',
        ].join('\n'),
        'fast/routes/users.mjs':
          "export default async function users(fastify) {\n  fastify.get('/:id', async request => {\n    return { id: request.params.id };\n  });\n}\n",
      }),
      [
        'page-load fast/routes/users.mjs:2-4 GET /users/:id (npm start)',
        'page-load fast/server.mjs:5-5 GET /health (npm start)',
        'page-load koa/src/index.js:7-9 POST /api/users/:id (npm run dev)',
        'page-load koa/src/users.js:1-3 GET /api/users (npm run dev)',
      ],
    );
  });

  it('follows Express routers made and mounted in one file, app.route() chains and middleware; other .get() calls are not routes', async () => {
    assert.deepEqual(
      await frameworkMap({
        'package.json': '{"main": "server.js", "scripts": {"dev": "nodemon"}, "dependencies": {"express": "4.19.2", "axios": "1.7.2"}}',
        'server.js': [
          "const express = require('express');",
          "const axios = require('axios');",
          'const app = express();',
          'const admin = express.Router();',
          "admin.get('/stats', (req, res) => res.json({}));",
          "app.use('/admin', admin);",
          "app.route('/items').get(listItems).post((req, res) => res.end());",
          'function listItems(req, res) {',
          '  res.json([]);',
          '}',
          'app.use((req, res, next) => next());',
          "const cache = new Map([['/k', () => 1]]);",
          "cache.get('/k', () => 2);",
          "axios.get('/remote', () => 3);",
          'app.listen(3000);',
          '',
        ].join('\n'),
      }),
      [
        'dev server.js:1 Express server entry',
        'page-load server.js:5-5 GET /admin/stats (npm run dev)',
        'page-load server.js:7-7 POST /items (npm run dev)',
        'page-load server.js:8-10 GET /items (npm run dev)',
        'page-load server.js:11-11 any path (npm run dev)',
      ],
    );
  });

  it('lists at most 60 routes of a server, and says the rest are not listed', async () => {
    const routes = Array.from({ length: 70 }, (_, i) => `app.get('/r${i}', (req, res) => res.end());`);
    const dir = tempRepo({
      'package.json': '{"main": "index.js", "scripts": {"dev": "nodemon"}, "dependencies": {"express": "4.19.2"}}',
      'index.js': ["const express = require('express');", 'const app = express();', ...routes, 'app.listen(3000);', ''].join('\n'),
    });
    const report = await scanFixture(dir);
    assert.equal(report.executionMap.filter(s => s.kind === 'server-route').length, 60);
    assert.deepEqual(
      report.errors.filter(e => e.message.startsWith(ID)).map(e => `${e.file ?? ''} ${e.kind ?? ''} ${e.message}`),
      [
        `index.js truncated ${ID}: the server defines more than 60 routes (or mounts more files than are followed): the rest are not listed one by one`,
      ],
    );
  });

  it('finds the Vite SSR entry held in a constant or named by build.ssr, and the hooks of local Vite plugins', async () => {
    assert.deepEqual(
      await frameworkMap({
        'package.json': '{"scripts": {"dev": "node server.mjs"}, "devDependencies": {"vite": "5.2.0"}}',
        'server.mjs': [
          "import path from 'node:path';",
          "import { createServer } from 'vite';",
          "const entry = path.resolve(import.meta.dirname, 'src/render.ts');",
          'const vite = await createServer({ server: { middlewareMode: true } });',
          'export const render = async () => (await vite.ssrLoadModule(entry)).render();',
          '',
        ].join('\n'),
        'src/render.ts': "export const render = () => '<p>x</p>';\n",
        'src/ssr.ts': 'export const x = 1;\n',
        'vite.config.ts':
          "import { defineConfig } from 'vite';\nimport devApi from './plugins/dev-api';\nexport default defineConfig({ plugins: [devApi()], build: { ssr: 'src/ssr.ts' } });\n",
        'plugins/dev-api.ts': [
          'export default function devApi() {',
          '  return {',
          "    name: 'dev-api',",
          '    configureServer(server) {',
          "      server.middlewares.use('/api', (req, res) => res.end('{}'));",
          '    },',
          '    transform(code) {',
          '      return code;',
          '    },',
          '  };',
          '}',
          '',
        ].join('\n'),
      }),
      [
        'dev plugins/dev-api.ts:4 Vite plugin configureServer hook',
        'page-load plugins/dev-api.ts:7 Vite plugin transform hook (each module the browser requests), dev server middleware (every request)',
        'page-load src/render.ts:1 Vite SSR entry (loaded by server.mjs:5)',
        'page-load src/ssr.ts:1 Vite SSR entry (named in vite.config.ts)',
        'build plugins/dev-api.ts:7 Vite plugin transform hook (each module the browser requests)',
      ],
    );
  });

  it('puts SvelteKit prerendered routes and Astro getStaticPaths on build', async () => {
    assert.deepEqual(
      await frameworkMap({
        'kit/package.json': '{"devDependencies": {"@sveltejs/kit": "2.5.0"}}',
        'kit/src/routes/blog/+page.ts': 'export const prerender = true;\nexport function load() {\n  return {};\n}\n',
        'site/package.json': '{"dependencies": {"astro": "4.9.0"}}',
        'site/src/pages/posts/[id].json.ts':
          'export function getStaticPaths() {\n  return [];\n}\nexport const GET = () => new Response("");\n',
      }),
      [
        'page-load kit/src/routes/blog/+page.ts:2 SvelteKit universal load (runs on the server too)',
        'page-load site/src/pages/posts/[id].json.ts:4 Astro endpoint',
        'build kit/src/routes/blog/+page.ts:1 SvelteKit prerendered route',
        'build site/src/pages/posts/[id].json.ts:1 Astro endpoint (run at build), getStaticPaths',
      ],
    );
  });
});

describe(`${ID} bad input`, () => {
  it('survives a broken package.json, a directive-only file and a huge export list', async () => {
    const dir = tempRepo({
      'package.json': '{"dependencies": {"next": "14"}',
      'web/package.json': '{"dependencies": {"next": "14"}, "main": 5, "scripts": []}',
      'web/app/page.tsx': "'use client",
      'web/app/api/x/route.ts': `export { ${Array.from({ length: 5000 }, (_, i) => `a${i}`).join(', ')} };\n`,
      'web/middleware.ts': '/* unterminated',
    });
    const report = await scanFixture(dir);
    assert.deepEqual(
      report.errors.filter(e => e.message.includes(ID)),
      [],
    );
    assert.deepEqual(
      report.executionMap.filter(s => s.kind === 'framework').map(s => `${s.trigger} ${s.entry ?? ''}`),
      ['page-load web/app/api/x/route.ts', 'page-load web/app/page.tsx', 'page-load web/middleware.ts'],
    );
  });
});
