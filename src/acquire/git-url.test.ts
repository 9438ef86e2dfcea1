import assert from 'node:assert/strict';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runAirlock } from '../../test/helpers/cli.ts';
import { startGitHttpServer, startHangingServer } from '../../test/helpers/git-http.ts';
import type { GitHttpServer } from '../../test/helpers/git-http.ts';
import { buildRepo, commit, git, tempDir } from '../../test/helpers/git-repo.ts';
import { scan } from '../index.ts';
import { InputError } from '../core/errors.ts';
import { checkGitUrl, looksLikeGitUrl } from './git-url.ts';

const tmp = tempDir('git-url');
const quarantineDir = join(tmp, 'q');
const marker = join(tmp, 'marker');
let server: GitHttpServer;

before(async () => {
  const work = join(tmp, 'work', 'shop');
  buildRepo(work, {
    commits: [
      {
        message: 'Initial commit',
        date: '2025-01-01T09:00:00Z',
        files: { 'README.md': '# Shop\n', 'package.json': '{"name":"shop","private":true}\n' },
      },
      {
        message: 'Add hook',
        date: '2025-01-02T09:00:00Z',
        files: { '.husky/pre-commit': 'npx lint-staged\n', '.gitattributes': '*.js filter=evil\n', 'src/a.js': 'module.exports = 1;\n' },
      },
    ],
  });
  for (let i = 0; i < 5; i++)
    commit(work, { message: `step ${i}`, date: `2025-01-0${3 + i}T09:00:00Z`, files: { [`src/s${i}.js`]: `module.exports = ${i};\n` } });
  git(join(tmp, 'work'), ['clone', '-q', '--bare', 'shop', join(tmp, 'srv', 'shop.git')]);
  server = await startGitHttpServer(join(tmp, 'srv'));
});
after(async () => {
  await server.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('git URL checks', () => {
  const refused = [
    '--upload-pack=touch /tmp/x',
    '-c core.sshCommand=touch',
    'ext::sh -c touch% /tmp/x',
    'fd::17',
    'file:///etc',
    'ssh://-oProxyCommand=touch/x',
    'git@-oProxyCommand=x:repo',
    'https://example.com/a b',
    'ftp://example.com/repo.git',
    'https://example.com/-x',
  ];
  for (const spec of refused) {
    it(`refuses ${JSON.stringify(spec)}`, () => {
      assert.throws(
        () => checkGitUrl(spec),
        (e: unknown) => e instanceof InputError && e.message.startsWith('refused git URL'),
      );
    });
  }
  it('accepts https, ssh and scp-like URLs and redacts credentials', () => {
    assert.equal(checkGitUrl('https://github.com/o/r.git').name, 'r');
    assert.equal(checkGitUrl('git@github.com:o/r.git').name, 'r');
    assert.equal(checkGitUrl('ssh://git@host.example/o/r').name, 'r');
    const withToken = checkGitUrl('https://user:s3cret@host.example/o/r.git');
    assert.ok(!withToken.display.includes('s3cret'));
    assert.equal(checkGitUrl('file:///tmp/r', { allowFileUrls: true }).name, 'r');
  });
  it('treats option-like and transport targets as URLs so they are refused, not looked up on disk', () => {
    for (const s of ['-x', 'ext::sh', 'fd::3', 'https://h/x', 'git@h:x']) assert.ok(looksLikeGitUrl(s), s);
    for (const s of ['.', './repo', '/tmp/x', 'repo.zip']) assert.ok(!looksLikeGitUrl(s), s);
  });
});

describe('cloning', () => {
  it('clones over smart HTTP into the quarantine folder, shallow, without checkout machinery', async () => {
    const report = await scan(`${server.url}/shop.git`, { quarantineDir, depth: 3 });
    assert.equal(report.target.kind, 'git');
    assert.match(report.target.commit ?? '', /^[0-9a-f]{40}$/);
    assert.ok(report.notes?.some(n => n.includes('cloned') && n.includes(quarantineDir) && n.includes('deleted after the scan')));
    assert.equal(report.provenance?.commits, 3);
    assert.equal(report.provenance.shallow, true);
    assert.ok(report.executionMap.some(s => s.location.file === '.husky/pre-commit'));
    assert.equal(report.target.files, 10);
    assert.deepEqual(readdirSync(join(quarantineDir, 'airlock-quarantine')), []);
  });

  it('keeps the copy with keep: true', async () => {
    const report = await scan(`${server.url}/shop.git`, { quarantineDir, keep: true, depth: 0 });
    assert.equal(report.provenance?.commits, 7);
    const kept = readdirSync(join(quarantineDir, 'airlock-quarantine'));
    assert.equal(kept.length, 1);
    assert.ok(existsSync(join(quarantineDir, 'airlock-quarantine', kept[0] ?? '', 'shop', 'src', 'a.js')));
    rmSync(join(quarantineDir, 'airlock-quarantine'), { recursive: true, force: true });
  });

  it('redacts credentials in the report', async () => {
    const url = server.url.replace('http://', 'http://bob:hunter2@') + '/shop.git';
    const report = await scan(url, { quarantineDir, depth: 1 });
    assert.ok(!JSON.stringify(report).includes('hunter2'));
  });

  it('gives up on a host that never answers', async () => {
    const hang = await startHangingServer();
    try {
      const started = Date.now();
      await assert.rejects(scan(`${hang.url}/x.git`, { quarantineDir, cloneTimeoutMs: 1500 }), /the host sent nothing for 2 s/);
      assert.ok(Date.now() - started < 10_000);
    } finally {
      await hang.close();
    }
  });

  it('drops a git:// host that accepts and never answers after --clone-timeout seconds', async () => {
    const silent = await startSilentTcpServer();
    try {
      const started = Date.now();
      const r = await runAirlock(['scan', `git://127.0.0.1:${silent.port}/x`, '--clone-timeout', '2']);
      const took = Date.now() - started;
      assert.equal(r.code, 2);
      assert.equal(r.stderr, `airlock scan: clone of git://127.0.0.1:${silent.port}/x stopped: the host sent nothing for 2 s\n`);
      assert.ok(took < 8000, `took ${took} ms`);
      assert.ok(silent.connections() >= 1, 'git never connected');
    } finally {
      await silent.close();
    }
  });

  it('leaves no quarantine copy behind after a stalled clone', async () => {
    const silent = await startSilentTcpServer();
    const base = join(tmp, 'q-stall');
    try {
      await assert.rejects(
        scan(`git://127.0.0.1:${silent.port}/y.git`, { quarantineDir: base, cloneTimeoutMs: 1000 }),
        (e: unknown) => e instanceof InputError && e.code === 'CLONE_STOPPED' && /sent nothing for 1 s$/.test(e.message),
      );
      assert.deepEqual(readdirSync(join(base, 'airlock-quarantine')), []);
    } finally {
      await silent.close();
    }
  });

  it('refuses a --clone-timeout that is not a whole number of seconds', async () => {
    for (const bad of ['0', '1.5', 'soon', '100000']) {
      const r = await runAirlock(['scan', 'git://127.0.0.1:9/x', '--clone-timeout', bad]);
      assert.equal(r.code, 2, bad);
      assert.match(r.stderr, /--clone-timeout must be a whole number of seconds from 1 to 86400 \(got "/);
    }
  });

  it('reports a missing repository as a clear error', async () => {
    await assert.rejects(
      scan(`${server.url}/nope.git`, { quarantineDir }),
      (e: unknown) => e instanceof InputError && e.message.startsWith('could not clone'),
    );
  });

  it('exits 2 with one line for injected options and transports, and runs nothing', async () => {
    for (const target of ['--upload-pack=touch ' + marker, `ext::sh -c touch% ${marker}`, 'file:///etc']) {
      const r = await runAirlock(['scan', '--', target]);
      assert.equal(r.code, 2, target);
      assert.match(r.stderr, /refused git URL/);
      assert.equal(r.stderr.trim().split('\n').length, 1);
    }
    assert.equal(existsSync(marker), false);
  });

  it('accepts --depth and rejects a bad one', async () => {
    const bad = await runAirlock(['scan', '--depth', 'lots', '.']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--depth must be a whole number/);
  });
});

/** A TCP server on 127.0.0.1 that accepts connections and never sends a byte. */
async function startSilentTcpServer(): Promise<{ port: number; connections(): number; close(): Promise<void> }> {
  const open = new Set<Socket>();
  let count = 0;
  const server = createServer(s => {
    count++;
    open.add(s);
    s.on('close', () => open.delete(s));
    s.on('error', () => undefined);
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    connections: () => count,
    close: () =>
      new Promise(resolve => {
        for (const s of open) s.destroy();
        server.close(() => {
          resolve();
        });
      }),
  };
}
