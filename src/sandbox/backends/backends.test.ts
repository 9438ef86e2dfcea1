import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EnvironmentError } from '../../core/errors.ts';
import { selectBackend } from '../backend.ts';
import type { BackendProbes } from '../backend.ts';
import { bwrapArgs, bwrapCommand, probeBwrap } from './bwrap.ts';
import { containerArgs, infoArgs, probeEngine } from './container.ts';
import type { SandboxPlan } from './types.ts';

const PLAN: SandboxPlan = {
  stagingDir: '/tmp/w/stage',
  sourceDir: '/tmp/repo',
  outDir: '/tmp/w/out',
  nodePrefix: '/usr',
  diskBytes: 3 * 1024 ** 3,
  tmpBytes: 1024 ** 3,
  memoryBytes: 4 * 1024 ** 3,
  processes: 512,
  hostname: 'dev-laptop',
};

function after(args: string[], flag: string): string[] {
  const out: string[] = [];
  args.forEach((a, i) => {
    if (a === flag) out.push(args[i + 1] ?? '');
  });
  return out;
}

describe('container backend command line', () => {
  for (const engine of ['docker', 'podman'] as const) {
    it(`${engine}: no network, read-only root, tmpfs home, all caps dropped, limits, read-only repository`, () => {
      const args = containerArgs(engine, PLAN, 'airlock-detonate:latest', [
        'node',
        '/.airlock/supervisor/inside/supervisor.mjs',
        '/.airlock/config.json',
      ]);
      assert.equal(args[0], 'run');
      assert.deepEqual(after(args, '--network'), ['none']);
      assert.ok(args.includes('--read-only'));
      assert.ok(args.includes('--rm'));
      assert.deepEqual(after(args, '--cap-drop'), ['ALL']);
      assert.deepEqual(after(args, '--cap-add').sort(), [
        'CHOWN',
        'KILL',
        'NET_ADMIN',
        'NET_BIND_SERVICE',
        'SETGID',
        'SETPCAP',
        'SETUID',
        'SYS_PTRACE',
      ]);
      assert.deepEqual(after(args, '--security-opt'), ['no-new-privileges']);
      assert.deepEqual(after(args, '--pids-limit'), ['512']);
      assert.deepEqual(after(args, '--memory'), ['4096m']);
      assert.deepEqual(after(args, '--tmpfs'), ['/home:rw,exec,size=3072m', '/tmp:rw,exec,size=1024m']);
      assert.ok(after(args, '--mount').includes('type=bind,source=/tmp/repo,target=/.airlock/src,readonly'));
      assert.ok(after(args, '--mount').includes('type=bind,source=/tmp/w/stage,target=/.airlock,readonly'));
      assert.ok(after(args, '--mount').includes('type=bind,source=/tmp/w/out,target=/.airlock/out'));
      assert.deepEqual(args.slice(-4), [
        'airlock-detonate:latest',
        'node',
        '/.airlock/supervisor/inside/supervisor.mjs',
        '/.airlock/config.json',
      ]);
      assert.equal(args.includes('--userns'), engine === 'podman');
    });
  }
  it('asks the engine, not just the client, whether it is live', () => {
    assert.deepEqual(infoArgs(), ['info', '--format', '{{.ServerVersion}}']);
    assert.equal(probeEngine('docker', { PATH: '/nonexistent' }).ok, false);
  });
});

describe('bubblewrap command line', () => {
  const args = bwrapArgs(PLAN, ['node', 'supervisor.mjs']);
  it('unshares every namespace, dies with its parent and mounts the system read-only', () => {
    for (const f of ['--unshare-all', '--unshare-user', '--die-with-parent', '--new-session']) assert.ok(args.includes(f), f);
    assert.ok(after(args, '--ro-bind').includes('/usr'));
    assert.ok(after(args, '--ro-bind').includes('/tmp/w/stage/etc'));
    assert.ok(!after(args, '--bind').includes('/root') && !after(args, '--ro-bind').includes('/home'), 'no host home is mounted');
    assert.deepEqual(after(args, '--bind'), ['/tmp/w/out']);
    assert.deepEqual(after(args, '--size'), [String(PLAN.tmpBytes), String(PLAN.tmpBytes), String(PLAN.diskBytes)]);
    assert.deepEqual(after(args, '--tmpfs'), ['/dev/shm', '/tmp', '/home'], 'everything writable is a size-capped tmpfs');
    assert.deepEqual(args.slice(-3), ['--', 'node', 'supervisor.mjs']);
  });
  it('runs bwrap as nobody when Airlock runs as root', () => {
    const cmd = bwrapCommand(PLAN, ['x'], { ok: true, mode: 'drop-to-nobody', bwrap: '/usr/bin/bwrap', setpriv: '/usr/bin/setpriv' });
    assert.equal(cmd.file, '/usr/bin/setpriv');
    assert.deepEqual(cmd.args.slice(0, 5), ['--reuid=65534', '--regid=65534', '--clear-groups', '--', '/usr/bin/bwrap']);
    assert.equal(cmd.userMap, undefined);
  });
  it('maps a second user for the repository when asked, and lets the supervisor switch to it', () => {
    const probe = { ok: true, mode: 'drop-to-nobody' as const, bwrap: '/usr/bin/bwrap', setpriv: '/usr/bin/setpriv' };
    const cmd = bwrapCommand({ ...PLAN, separateUsers: true }, ['x'], probe);
    assert.equal(cmd.userMap, '0 65534 1\n1000 1879048192 1\n');
    assert.deepEqual(after(cmd.args, '--userns-block-fd'), ['3']);
    assert.deepEqual(after(cmd.args, '--info-fd'), ['4']);
    for (const cap of ['CAP_SETUID', 'CAP_SETGID', 'CAP_CHOWN', 'CAP_KILL']) assert.ok(after(cmd.args, '--cap-add').includes(cap), cap);
  });
  it('reports a missing bubblewrap with what to install', () => {
    const p = probeBwrap({ PATH: '/nonexistent' });
    if (!p.ok) assert.match(p.reason ?? '', /bubblewrap/);
  });
});

describe('backend selection', () => {
  const probes = (over: Partial<BackendProbes>): BackendProbes => ({
    bwrap: () => ({ ok: false, reason: 'bubblewrap is not installed' }),
    engine: e => ({ ok: false, reason: `${e} is not installed` }),
    image: () => true,
    platform: 'linux',
    ...over,
  });
  it('auto prefers bubblewrap on Linux', () => {
    const s = selectBackend(
      'auto',
      undefined,
      probes({
        bwrap: () => ({ ok: true, mode: 'user', bwrap: '/usr/bin/bwrap' }),
        engine: () => ({ ok: true, binary: '/usr/bin/docker' }),
      }),
    );
    assert.equal(s.name, 'bwrap');
  });
  it('auto falls back to a live engine with the image', () => {
    const s = selectBackend(
      'auto',
      'img',
      probes({ engine: e => (e === 'docker' ? { ok: true, binary: '/usr/bin/docker', version: '27' } : { ok: false }) }),
    );
    assert.equal(s.name, 'docker');
  });
  it('refuses with everything that is missing, never unisolated', () => {
    assert.throws(
      () => selectBackend('auto', 'img', probes({ platform: 'darwin' })),
      (err: unknown) =>
        err instanceof EnvironmentError &&
        /unisolated/.test(err.message) &&
        /podman is not installed/.test(err.message) &&
        /docker is not installed/.test(err.message),
    );
    assert.throws(
      () => selectBackend('docker', 'img', probes({ engine: () => ({ ok: true, binary: '/usr/bin/docker' }), image: () => false })),
      /image img is not present/,
    );
  });
});
