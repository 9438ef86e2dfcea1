import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { ALL_OS, huntWith, makeHome, ofRule } from '../../../../test/helpers/workstation.ts';
import { readLinuxProc } from '../../../workstation/proc.ts';
import type { ProcSnapshot } from '../../../workstation/proc.ts';
import rule, { isPrivateAddress, runsStdin } from './rule.ts';

const ID = 'hunt/live-processes';

function snapshot(partial: Partial<ProcSnapshot>): () => ProcSnapshot {
  return () => ({ processes: [], sockets: [], unreadable: 0, errors: [], ...partial });
}

describe(ID, () => {
  for (const os of ALL_OS) {
    it(`${os}: an ordinary machine (editor, dev server, local connections on 8086) has no finding`, async () => {
      const home = makeHome();
      const processes = snapshot({
        processes: [
          { pid: 10, argv: ['/usr/bin/node', '/opt/app/server.js'], cwd: '/opt/app' },
          { pid: 11, argv: ['python3', '-m', 'http.server'], cwd: `${home}/code` },
        ],
        sockets: [
          {
            proto: 'tcp',
            localAddress: '127.0.0.1',
            localPort: 50000,
            remoteAddress: '127.0.0.1',
            remotePort: 8086,
            state: 'ESTABLISHED',
            pid: 10,
          },
        ],
      });
      const report = await huntWith(rule, home, os, { readers: { processes } });
      assert.deepEqual(ofRule(report, ID), []);
    });

    it(`${os}: a stage running from ~/.vscode connected to a known C2 is critical`, async () => {
      const home = makeHome();
      const processes = snapshot({
        processes: [{ pid: 20, argv: ['node', `${home}/.vscode/test.js`], cwd: `${home}/.vscode` }],
        sockets: [
          {
            proto: 'tcp',
            localAddress: '192.0.2.5',
            localPort: 50001,
            remoteAddress: '45.43.11.245',
            remotePort: 1248,
            state: 'ESTABLISHED',
            pid: 20,
          },
        ],
      });
      const report = await huntWith(rule, home, os, { readers: { processes } });
      const hits = ofRule(report, ID);
      assert.equal(hits.length, 1);
      assert.equal(hits[0]?.severity, 'critical');
      assert.match(hits[0].message, /command-and-control/);
    });
  }

  it('a public address on a campaign port is high; unreadable entries are counted, not fatal', async () => {
    const processes = snapshot({
      processes: [{ pid: 30, argv: ['node', 'beacon.js'] }],
      sockets: [
        {
          proto: 'tcp',
          localAddress: '192.0.2.5',
          localPort: 50002,
          remoteAddress: '198.51.100.7',
          remotePort: 1224,
          state: 'ESTABLISHED',
          pid: 30,
        },
      ],
      unreadable: 12,
    });
    const report = await huntWith(rule, makeHome(), 'linux', { readers: { processes } });
    assert.equal(ofRule(report, ID)[0]?.severity, 'high');
    assert.ok(report.notes?.some(n => n.includes('12 process entries')));
  });

  it('--no-processes skips the check and says so', async () => {
    const report = await huntWith(rule, makeHome(), 'linux', { processes: false });
    assert.equal(report.workstation?.checks[0]?.status, 'skipped');
  });

  it('recognises node - and private addresses', () => {
    assert.equal(runsStdin(['node', '-']), true);
    assert.equal(runsStdin(['node', '--no-warnings', '-']), true);
    assert.equal(runsStdin(['node', 'server.js', '-']), false);
    assert.equal(isPrivateAddress('172.20.1.1'), true);
    assert.equal(isPrivateAddress('172.32.1.1'), false);
  });

  describe('on this machine (/proc)', { skip: process.platform !== 'linux' }, () => {
    let child: ChildProcess;
    before(() => {
      // A harmless `node -` that waits for a script on stdin that never comes.
      child = spawn(process.execPath, ['-'], { stdio: ['pipe', 'ignore', 'ignore'] });
    });
    after(() => {
      child.kill();
    });
    it('finds a real `node -` process fed from a pipe', async () => {
      await new Promise(r => setTimeout(r, 200));
      const report = await huntWith(rule, makeHome(), 'linux', { readers: { processes: () => readLinuxProc() } });
      const hit = ofRule(report, ID).find(f => f.location.file === `pid ${child.pid ?? -1}`);
      assert.ok(hit, JSON.stringify(ofRule(report, ID), null, 2));
      assert.equal(hit.severity, 'high');
      assert.match(hit.message, /standard input by another process/);
    });
  });
});
