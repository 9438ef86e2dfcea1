import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createServer, connect } from 'node:net';
import type { Server, Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import {
  decodeProcAddress,
  parseCimProcesses,
  parseLsof,
  readCrontab,
  splitWindowsCommandLine,
  parseNetstatWindows,
  parseProcNetTcp,
  parsePs,
  readLinuxProc,
  readWithTools,
} from './proc.ts';

describe('process and socket readers', () => {
  it('decodes /proc/net addresses (IPv4, IPv6, v4-mapped)', () => {
    assert.deepEqual(decodeProcAddress('0100007F:1F90'), { address: '127.0.0.1', port: 8080 });
    assert.deepEqual(decodeProcAddress('00000000000000000000000001000000:0050'), { address: '::1', port: 80 });
    assert.deepEqual(decodeProcAddress('0000000000000000FFFF00000100007F:04C8'), { address: '127.0.0.1', port: 1224 });
    assert.equal(decodeProcAddress('zz:1'), undefined);
  });

  it('parses /proc/net/tcp text and skips malformed lines', () => {
    const text = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 12345 1 0000000000000000 100 0 0 10 0
   1: 0500A8C0:C350 076433C6:04E0 01 00000000:00000000 00:00000000 00000000  1000        0 67890 1 0000000000000000 20 4 30 10 -1
   garbage line
`;
    const s = parseProcNetTcp(text, 'tcp');
    assert.equal(s.length, 2);
    assert.deepEqual(
      { ...s[1] },
      {
        proto: 'tcp',
        localAddress: '192.168.0.5',
        localPort: 50000,
        remoteAddress: '198.51.100.7',
        remotePort: 1248,
        state: 'ESTABLISHED',
        inode: 67890,
      },
    );
  });

  it('parses ps, lsof -F and Windows netstat output', () => {
    assert.deepEqual(parsePs('  42     1   501 /usr/local/bin/node -\n bad\n'), [
      { pid: 42, ppid: 1, uid: 501, argv: ['/usr/local/bin/node', '-'] },
    ]);
    const lsof = parseLsof('p42\ncnode\nn192.0.2.5:50000->198.51.100.7:1224\nTST=ESTABLISHED\nn*:3000\nTST=LISTEN\n');
    assert.equal(lsof.length, 2);
    assert.equal(lsof[0]?.remotePort, 1224);
    assert.equal(lsof[0].pid, 42);
    assert.equal(lsof[1]?.state, 'LISTEN');
    const ns = parseNetstatWindows(
      '\r\nActive Connections\r\n\r\n  Proto  Local Address          Foreign Address        State           PID\r\n  TCP    192.0.2.5:50000        198.51.100.7:8086      ESTABLISHED     4242\r\n  TCP    [::]:135               [::]:0                 LISTENING       900\r\n',
    );
    assert.equal(ns.length, 2);
    assert.deepEqual(
      { ...ns[0] },
      {
        proto: 'tcp',
        localAddress: '192.0.2.5',
        localPort: 50000,
        remoteAddress: '198.51.100.7',
        remotePort: 8086,
        state: 'ESTABLISHED',
        pid: 4242,
      },
    );
  });

  it('parses Windows process lists from CIM JSON', () => {
    const json = JSON.stringify([
      { ProcessId: 4, ParentProcessId: 0, CommandLine: null },
      { ProcessId: 900, ParentProcessId: 600, CommandLine: '"C:\\Program Files\\nodejs\\node.exe" C:\\Users\\dev\\.vscode\\test.js' },
    ]);
    const r = parseCimProcesses(json);
    assert.equal(r.unreadable, 1);
    assert.deepEqual(r.processes, [
      { pid: 900, ppid: 600, argv: ['C:\\Program Files\\nodejs\\node.exe', 'C:\\Users\\dev\\.vscode\\test.js'] },
    ]);
    assert.deepEqual(parseCimProcesses(JSON.stringify({ ProcessId: 1, CommandLine: 'node -' })).processes[0]?.argv, ['node', '-']);
    assert.deepEqual(splitWindowsCommandLine('a "b c" \\"d'), ['a', 'b c', '"d']);
    assert.deepEqual(parseCimProcesses('not json').processes, []);
  });

  it('reports missing tools as errors, not crashes', () => {
    const saved = process.env['PATH'];
    process.env['PATH'] = '/nonexistent-bin';
    try {
      const snap = readWithTools();
      assert.deepEqual(snap.processes, []);
      assert.equal(snap.errors.length, 2);
      assert.match(readCrontab().error ?? '', /not installed/);
    } finally {
      process.env['PATH'] = saved;
    }
  });

  it('reports a missing /proc as an error, not a crash', () => {
    const snap = readLinuxProc('/nonexistent-proc-root');
    assert.equal(snap.processes.length, 0);
    assert.ok(snap.errors.length > 0);
  });

  describe('a real listener on 127.0.0.1', () => {
    let server: Server;
    let client: Socket;
    let port = 0;
    before(async () => {
      server = createServer(s => s.on('error', () => undefined));
      await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
      port = (server.address() as { port: number }).port;
      client = connect(port, '127.0.0.1');
      await new Promise<void>(r => client.on('connect', r));
    });
    after(() => {
      client.destroy();
      server.close();
    });

    it('/proc: the listener and the connection map to this process', { skip: process.platform !== 'linux' }, () => {
      const snap = readLinuxProc();
      const listen = snap.sockets.find(s => s.localPort === port && s.state === 'LISTEN');
      assert.ok(listen, 'listening socket found');
      assert.equal(listen.pid, process.pid);
      const out = snap.sockets.find(s => s.remotePort === port && s.state === 'ESTABLISHED');
      assert.equal(out?.remoteAddress, '127.0.0.1');
      assert.equal(out.pid, process.pid);
      const me = snap.processes.find(p => p.pid === process.pid);
      assert.ok(me?.argv[0]?.includes('node'));
    });

    it('lsof: sees the same connection', { skip: spawnSync('lsof', ['-v']).error !== undefined }, () => {
      const snap = readWithTools();
      const out = snap.sockets.find(s => s.remotePort === port && s.pid === process.pid);
      assert.ok(out, JSON.stringify(snap.errors));
      assert.ok(snap.processes.some(p => p.pid === process.pid));
    });
  });
});
