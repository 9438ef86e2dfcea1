import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { tempDir } from '../../test/helpers/git-repo.ts';
import { makeQuarantineDir, releaseQuarantine, removeStaleQuarantines } from '../history/quarantine.ts';

const ROOT = new URL('../..', import.meta.url).pathname;
const tmp = tempDir('interrupt');
after(() => {
  rmSync(tmp, { recursive: true, force: true });
});

/** Accepts git's connection and never answers, so the clone (and its quarantine copy) stays. */
async function silentServer(): Promise<{ port: number; connected(): boolean; closed: Promise<void>; close(): void }> {
  const open = new Set<Socket>();
  let onClosed: () => void = () => undefined;
  const closed = new Promise<void>(resolve => {
    onClosed = resolve;
  });
  const server = createServer(s => {
    open.add(s);
    s.resume(); // read what git sends, so its going away is seen
    s.on('error', () => undefined);
    s.on('close', () => {
      onClosed();
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    connected: () => open.size > 0,
    closed,
    close: () => {
      for (const s of open) s.destroy();
      server.close();
    },
  };
}

async function waitFor(check: () => boolean, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise(r => setTimeout(r, 50));
  }
}

describe('signals during a scan of a URL target', () => {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`${signal} removes the quarantine copy and stops git`, { timeout: 90_000 }, async () => {
      const base = join(tmp, signal);
      mkdirSync(base);
      const server = await silentServer();
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), 'scan', `git://127.0.0.1:${server.port}/x`, '--clone-timeout', '120'],
        { cwd: ROOT, env: { ...process.env, TMPDIR: base, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
      });
      const exited = new Promise<[number | null, NodeJS.Signals | null]>(resolve => {
        child.on('close', (code, sig) => {
          resolve([code, sig]);
        });
      });
      const q = join(base, 'airlock-quarantine');
      try {
        // The copy exists (folder and marker) while git waits on the silent host.
        await waitFor(() => {
          try {
            return server.connected() && readdirSync(q).length >= 2;
          } catch {
            return false;
          }
        }, 60_000);
        child.kill(signal);
        const [code, sig] = await exited;
        assert.equal(sig, signal, `exit ${String(code)}; stderr: ${stderr}`);
        assert.deepEqual(readdirSync(q), []);
        await server.closed; // git's connection went away with it
        assert.doesNotMatch(stderr, /at .*\.ts:\d+/, 'no stack trace');
      } finally {
        child.kill('SIGKILL');
        server.close();
      }
    });
  }
});

describe('stale quarantine copies', () => {
  it('removes copies of dead runs older than the limit, and nothing else', () => {
    const base = join(tmp, 'stale');
    mkdirSync(base);
    const old = Date.now() / 1000 - 7 * 3600;
    // A copy left by a crashed run: its process (pid 2^22 + 1, beyond pid_max) is gone.
    const crashed = makeQuarantineDir('crashed', base);
    writeFileSync(`${crashed}.airlock`, JSON.stringify({ pid: 4_194_305, thread: 0 }) + '\n');
    utimesSync(`${crashed}.airlock`, old, old);
    // The same, but recent: another run may still be starting up.
    const recent = makeQuarantineDir('recent', base);
    writeFileSync(`${recent}.airlock`, JSON.stringify({ pid: 4_194_305, thread: 0 }) + '\n');
    // Old, but its process (this one) is alive.
    const alive = makeQuarantineDir('alive', base);
    utimesSync(`${alive}.airlock`, old, old);
    // Kept with --keep: no marker, never touched.
    const kept = makeQuarantineDir('kept', base);
    releaseQuarantine(kept);
    // Not ours to judge: a folder without a marker.
    mkdirSync(join(base, 'airlock-quarantine', 'someone-else'));

    assert.equal(removeStaleQuarantines(base), 1);
    const left = readdirSync(join(base, 'airlock-quarantine')).sort();
    const name = (p: string): string => p.split('/').pop() ?? p;
    assert.deepEqual(
      left,
      [name(alive), `${name(alive)}.airlock`, name(kept), name(recent), `${name(recent)}.airlock`, 'someone-else'].sort(),
    );
  });
});
