/**
 * The hostile set, end to end on real bubblewrap: payloads that go after the detonation itself
 * (evidence wiping, symlink planting, supervisor kill, quota filling), steer the dependency fetch
 * (hostile .npmrc), or hide from a narrow observer (detached downloaders, JSON-field and JSON-RPC
 * loaders, encoded exfiltration, setup files without tests, dev servers on other ports). Each is
 * contained and reported, or blocks. Fixtures are inert (.invalid hosts, loopback listeners).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import type { Behavior, Report } from '../../src/core/types.ts';
import { detonate } from '../../src/index.ts';
import type { DetonateOptions } from '../../src/index.ts';
import { startRegistry, startTrap } from './registry.ts';

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const fixture = (name: string): string => join(FIXTURES, name);
const base: DetonateOptions = { offline: true, timeoutSeconds: 20, settleSeconds: 1 };
const temps: string[] = [];
after(() => {
  for (const d of temps) rmSync(d, { recursive: true, force: true });
});
function temp(): string {
  const d = mkdtempSync(join(tmpdir(), 'airlock-hostile-'));
  temps.push(d);
  return d;
}
const kinds = (r: Report, kind: Behavior['kind']): Behavior[] => (r.behaviors ?? []).filter(b => b.kind === kind);
const hits = (r: Report, id: string): Report['findings'] => r.findings.filter(f => f.ruleId === id);
const isRoot = process.getuid?.() === 0;

describe(
  'hostile set in the bubblewrap sandbox',
  { skip: process.platform !== 'linux' && 'bubblewrap needs Linux', concurrency: false },
  () => {
    it(
      'evidence wiping, symlink planting, supervisor kill and quota filling fail; each attempt is a critical finding; the evidence is whole',
      { skip: !isRoot && 'the second sandbox user needs bubblewrap started as root (CI)' },
      async () => {
        const r = await detonate(fixture('evidence-wipe'), {
          ...base,
          phases: ['install'],
          limits: { diskBytes: 64 * 1024 * 1024, tmpBytes: 32 * 1024 * 1024 },
        });
        const tamper = hits(r, 'runtime/evidence-tampering');
        const messages = tamper.map(f => f.message).join('\n');
        assert.ok(tamper.every(f => f.severity === 'critical' && f.location.file === 'package.json' && f.location.line === 6));
        assert.match(messages, /change the sandbox's own \/\.airlock\/out\/install-0\.trace/);
        assert.match(messages, /read the sandbox's own \/\.airlock\/config\.json/);
        assert.match(messages, /read the sandbox's own \/\.airlock\/tls\/ca\.key/);
        assert.match(messages, /tried to kill a process it did not start/);
        // The supervisor survived and the trace came back whole: reads before and after the attempts.
        assert.equal(
          kinds(r, 'phase').find(b => b.phase === 'sandbox'),
          undefined,
          'no evidence problem',
        );
        assert.equal(kinds(r, 'phase').at(0)?.detail?.['evidence'], undefined);
        const stolen = hits(r, 'runtime/honeytoken-access').map(f => f.message);
        assert.ok(stolen.some(m => /SSH private key/.test(m)));
        assert.ok(
          stolen.some(m => /AWS credentials/.test(m)),
          'traced after the kill attempts',
        );
        const dd = kinds(r, 'process').filter(b => b.summary.startsWith('dd '));
        assert.equal(dd.length, 3);
        assert.ok(
          dd.every(b => b.detail?.['exit'] === 1),
          'every disk it can write is a capped tmpfs',
        );
        assert.equal(r.verdict, 'block');
      },
    );

    it('traces already on disk are read when the supervisor dies; the unfinished run is reported', async () => {
      const run = detonate(fixture('no-package'), {
        ...base,
        phases: ['install'],
        commands: {
          install: [
            { label: 'steal', command: 'cat "$HOME/.ssh/id_ed25519" > /dev/null' },
            { label: 'wait', command: 'sleep 7777' },
          ],
        },
      });
      let killed = false;
      for (let i = 0; i < 300 && !killed; i++) {
        await new Promise(res => setTimeout(res, 100));
        for (const pid of readdirSync('/proc').filter(n => /^\d+$/.test(n))) {
          let cmd: string;
          try {
            cmd = readFileSync(`/proc/${pid}/cmdline`, 'latin1');
          } catch {
            continue;
          }
          if (cmd !== 'sleep\u00007777\u0000') continue;
          // walk up to this detonation's supervisor and kill it
          let cur = pid;
          for (let up = 0; up < 12; up++) {
            const stat = readFileSync(`/proc/${cur}/stat`, 'latin1');
            cur = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1] ?? '';
            if (readFileSync(`/proc/${cur}/cmdline`, 'latin1').includes('supervisor.mjs')) {
              process.kill(Number(cur), 'SIGKILL');
              killed = true;
              break;
            }
          }
        }
      }
      assert.ok(killed, 'found the supervisor');
      const r = await run;
      assert.ok(
        hits(r, 'runtime/honeytoken-access').some(f => /SSH private key/.test(f.message)),
        'the first trace was read',
      );
      const unfinished = hits(r, 'runtime/evidence-tampering').find(f => /the run did not finish/.test(f.message));
      assert.equal(unfinished?.severity, 'high');
      assert.equal(r.verdict, 'block');
    });

    it('a hostile .npmrc, proxies, scoped registries and tarball URLs steer nothing: only the given registry is contacted', async () => {
      const traps = await Promise.all([startTrap(), startTrap(), startTrap(), startTrap()]);
      const [reg, scoped, proxy, tarballs] = traps.map(t => `http://127.0.0.1:${t.port}`);
      const dep = fixture('registry/airlock-fixture-dep/package');
      const registry = await startRegistry([
        {
          name: 'airlock-fixture-dep',
          version: '1.0.0',
          manifest: { scripts: { postinstall: 'node install.js' } },
          files: { 'install.js': readFileSync(join(dep, 'install.js'), 'utf8') },
        },
        { name: '@evil/pkg', version: '1.0.0', manifest: { main: 'index.js' }, files: { 'index.js': 'module.exports = 1;\n' } },
      ]);
      try {
        const repo = temp();
        writeFileSync(
          join(repo, '.npmrc'),
          `registry=${reg}/\n@evil:registry=${scoped}/\nproxy=${proxy}/\nhttps-proxy=${proxy}/\nstrict-ssl=false\n`,
        );
        writeFileSync(
          join(repo, 'package.json'),
          JSON.stringify({
            name: 'steer',
            version: '1.0.0',
            dependencies: { 'airlock-fixture-dep': '1.0.0', '@evil/pkg': '1.0.0', 'tarball-dep': `${tarballs}/tarball-dep.tgz` },
          }),
        );
        writeFileSync(
          join(repo, 'package-lock.json'),
          JSON.stringify({
            name: 'steer',
            version: '1.0.0',
            lockfileVersion: 3,
            packages: {
              '': { name: 'steer', version: '1.0.0', dependencies: { 'airlock-fixture-dep': '1.0.0', '@evil/pkg': '1.0.0' } },
              'node_modules/airlock-fixture-dep': {
                version: '1.0.0',
                resolved: `${tarballs}/airlock-fixture-dep/-/airlock-fixture-dep-1.0.0.tgz`,
                hasInstallScript: true,
              },
              'node_modules/@evil/pkg': { version: '1.0.0', resolved: `${scoped}/@evil/pkg/-/pkg-1.0.0.tgz` },
              'node_modules/tarball-dep': { version: '1.0.0', resolved: `${tarballs}/tarball-dep.tgz` },
            },
          }),
        );
        const r = await detonate(repo, { timeoutSeconds: 30, settleSeconds: 1, phases: ['install'], registryUrl: registry.url });
        assert.deepEqual(
          traps.map(t => t.connections()),
          [0, 0, 0, 0],
          'nothing the repository named was contacted',
        );
        assert.ok(registry.requests.some(q => q.startsWith('GET /airlock-fixture-dep')));
        assert.ok(
          registry.requests.some(q => q.startsWith('GET /@evil')),
          'the scoped package came from the given registry',
        );
        assert.ok(
          r.notes?.some(n => n.includes('not fetched (not registry packages): tarball-dep')),
          JSON.stringify(r.notes),
        );
        const notRun = hits(r, 'runtime/phase-not-run').at(0);
        assert.equal(notRun?.severity, 'high');
        assert.match(notRun.message, /1 dependency was not fetched .*tarball-dep: http:\/\/127\.0\.0\.1:\d+\/tarball-dep\.tgz/);
        assert.ok(
          kinds(r, 'process').some(b => b.summary === 'node install.js'),
          'the fetched dependency ran in the sandbox',
        );
      } finally {
        await registry.close();
        for (const t of traps) await t.close();
      }
    });

    it('loaders that want JSON or JSON-RPC run the decoy; encoded exfiltration is matched; a detached downloader is kept and reported', async () => {
      const r = await detonate(fixture('loaders'), { ...base, phases: ['install'] });
      const ran = hits(r, 'runtime/remote-code-loaded').map(f => f.message);
      assert.ok(
        ran.some(m => /http:\/\/config\.example\.invalid\/api\/settings/.test(m)),
        'JSON field loader',
      );
      assert.ok(
        ran.some(m => /http:\/\/rpc\.example\.invalid\//.test(m)),
        'JSON-RPC loader',
      );
      assert.ok(
        ran.some(m => /http:\/\/late\.example\.invalid\/stage2/.test(m)),
        'the detached downloader ran after its step',
      );
      const sent = hits(r, 'runtime/honeytoken-access').filter(f => /were sent to collect\.example\.invalid/.test(f.message));
      assert.ok(
        sent.some(f => /aws-credentials/.test(f.message)),
        'gzip + base64 body',
      );
      assert.ok(
        sent.some(f => /ssh-key/.test(f.message)),
        'hex in the query string',
      );
      const detached = kinds(r, 'process').find(b => b.detail?.['leftRunning'] === true && b.detail['detached'] === true);
      assert.ok(detached, 'reported as detached');
      assert.match(detached.summary, /detached and still running after the step ended/);
      assert.equal(r.verdict, 'block');
    });

    it('setup files run though the repository has no test: a probe test is added for the runner', async () => {
      const repo = temp();
      cpSync(fixture('jest-setup'), repo, { recursive: true });
      // A stand-in for jest's behaviour that matters here (no network in tests): setup files run once
      // per test file, and without a test file it stops with "No tests found".
      mkdirSync(join(repo, 'node_modules/jest/bin'), { recursive: true });
      mkdirSync(join(repo, 'node_modules/.bin'));
      writeFileSync(join(repo, 'node_modules/jest/package.json'), '{"name":"jest","version":"29.7.0","bin":{"jest":"bin/jest.js"}}');
      writeFileSync(
        join(repo, 'node_modules/jest/bin/jest.js'),
        `#!/usr/bin/env node
const fs = require('fs'), path = require('path');
const found = [];
(function walk(d) { for (const e of fs.readdirSync(d, { withFileTypes: true })) { if (e.name === 'node_modules') continue; const p = path.join(d, e.name); if (e.isDirectory()) walk(p); else if (/(^|\\/)__tests__\\/|\\.(test|spec)\\.[jt]sx?$/.test(p)) found.push(p); } })(process.cwd());
if (found.length === 0) { console.log('No tests found, exiting with code 1'); process.exit(1); }
const config = require(path.resolve('jest.config.js'));
global.test = (name, fn) => fn();
for (const t of found) { for (const s of config.setupFiles || []) require(path.resolve(s)); require(t); }
`,
        { mode: 0o755 },
      );
      symlinkSync('../jest/bin/jest.js', join(repo, 'node_modules/.bin/jest'));
      const r = await detonate(repo, { ...base, phases: ['test'] });
      const phase = kinds(r, 'phase').at(0);
      assert.deepEqual(phase?.detail?.['added'], ['airlock-probe.test.js']);
      assert.match(phase.summary, /^test: test: ok$/);
      const read = hits(r, 'runtime/honeytoken-access').at(0);
      assert.match(read?.message ?? '', /^During the tests, the code read the planted Solana wallet keypair/);
      assert.equal(r.verdict, 'block');
    });

    it('dev: every port the server opens is requested', async () => {
      const r = await detonate(fixture('dev-ports'), { ...base, phases: ['dev'] });
      const steps = kinds(r, 'phase').at(0)?.detail?.['steps'] as { ports?: number[]; requests?: { port?: number; path: string }[] }[];
      assert.deepEqual(steps.at(0)?.ports, [3000, 8765]);
      assert.ok(steps.at(0)?.requests?.some(q => q.port === 8765 && q.path === '/'));
      assert.match(
        hits(r, 'runtime/honeytoken-access').at(0)?.message ?? '',
        /^While the dev server ran, the code read the planted SSH private key/,
      );
    });

    it('a phase that cannot run gives review with the reason and the fix', async () => {
      const r = await detonate(fixture('needs-deps'), { ...base, phases: ['dev'] });
      const f = hits(r, 'runtime/phase-not-run');
      assert.equal(f.length, 1);
      assert.equal(f.at(0)?.severity, 'high');
      assert.deepEqual(f.at(0)?.location, { file: 'package.json', line: 6 });
      assert.match(
        f.at(0)?.message ?? '',
        /^The dev phase did not really run: package\.json declares 2 dependencies and none are installed \(--offline\).*"dev": `next` is not installed in the sandbox.*to make it run, run without --offline/,
      );
      assert.equal(r.verdict, 'review');
    });

    it(
      'unprivileged bubblewrap: the CLI run as an ordinary user reports the wiping it could not prevent',
      { skip: !isRoot && 'needs root to switch to an unprivileged user' },
      () => {
        const root = fileURLToPath(new URL('../../', import.meta.url));
        const res = spawnSync(
          'setpriv',
          [
            '--reuid=65534',
            '--regid=65534',
            '--clear-groups',
            '--',
            process.execPath,
            '--import',
            join(root, 'node_modules/tsx/dist/esm/index.mjs'),
            join(root, 'src/cli/main.ts'),
            'detonate',
            fixture('evidence-wipe'),
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
            timeout: 180000,
          },
        );
        assert.equal(res.status, 1, res.stderr);
        const report = JSON.parse(res.stdout) as Report;
        assert.ok(report.notes?.some(n => /ran as the same user as the supervisor/.test(n)));
        const tamper = hits(report, 'runtime/evidence-tampering').filter(f => f.severity === 'critical');
        assert.ok(
          tamper.some(f => /vanished|truncated|replaced|zeroed/.test(f.message)),
          JSON.stringify(tamper.map(f => f.message)),
        );
        assert.equal(report.verdict, 'block');
      },
    );
  },
);
