import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ALL_OS, hardenWith, makeHome, ofRule } from '../../../../test/helpers/workstation.ts';
import rule, { keyState } from './rule.ts';

const ID = 'harden/ssh-key-passphrase';

/** The openssh-key-v1 container with a given cipher name, followed by filler bytes (not a usable key). */
function openssh(cipher: string): string {
  const name = Buffer.from(cipher, 'latin1');
  const len = Buffer.alloc(4);
  len.writeUInt32BE(name.length);
  const body = Buffer.concat([Buffer.from('openssh-key-v1\0', 'latin1'), len, name, Buffer.alloc(180, 7)]).toString('base64');
  return `-----BEGIN OPENSSH PRIVATE KEY-----\n${body.match(/.{1,70}/g)?.join('\n') ?? body}\n-----END OPENSSH PRIVATE KEY-----\n`;
}
const FILLER = Buffer.alloc(120, 9).toString('base64');
const PEM_PLAIN = `-----BEGIN RSA PRIVATE KEY-----\n${FILLER}\n-----END RSA PRIVATE KEY-----\n`;
const PEM_ENC = `-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00000000000000000000000000000000\n\n${FILLER}\n-----END RSA PRIVATE KEY-----\n`;

describe(ID, () => {
  for (const os of ALL_OS) {
    it(`${os}: passphrase-protected keys give no finding`, async () => {
      const home = makeHome({
        '.ssh/id_ed25519': openssh('aes256-ctr'),
        '.ssh/id_ed25519.pub': 'ssh-ed25519 AAAA dev@example.com\n',
        '.ssh/legacy_rsa': PEM_ENC,
        '.ssh/pkcs8': `-----BEGIN ENCRYPTED PRIVATE KEY-----\n${FILLER}\n-----END ENCRYPTED PRIVATE KEY-----\n`,
        '.ssh/known_hosts': 'example.com ssh-ed25519 AAAA\n',
        '.ssh/config': 'Host *\n  AddKeysToAgent yes\n',
      });
      assert.deepEqual(ofRule(await hardenWith(rule, home, os), ID), []);
    });
    it(`${os}: keys without a passphrase (OpenSSH none, PEM without ENCRYPTED, PKCS#8, PuTTY) are reported`, async () => {
      const home = makeHome({
        '.ssh/id_ed25519': openssh('none'),
        '.ssh/old_rsa': PEM_PLAIN,
        '.ssh/p8': `-----BEGIN PRIVATE KEY-----\n${FILLER}\n-----END PRIVATE KEY-----\n`,
        '.ssh/putty.ppk': 'PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nComment: dev\n',
      });
      const hits = ofRule(await hardenWith(rule, home, os), ID);
      assert.deepEqual(hits.map(h => h.location.file).sort(), ['~/.ssh/id_ed25519', '~/.ssh/old_rsa', '~/.ssh/p8', '~/.ssh/putty.ppk']);
      assert.ok(hits.every(h => h.severity === 'medium'));
    });
  }

  it('reads keys made by ssh-keygen', { skip: spawnSync('ssh-keygen', ['-?']).error !== undefined && 'ssh-keygen not installed' }, () => {
    const dir = makeHome();
    for (const [name, pass] of [
      ['plain', ''],
      ['locked', 'a passphrase'],
    ] as const) {
      const r = spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', pass, '-C', 'test', '-f', join(dir, name)]);
      assert.equal(r.status, 0, r.stderr.toString());
    }
    assert.deepEqual(keyState(readFileSync(join(dir, 'plain'), 'utf8')), { kind: 'OpenSSH key', encrypted: false });
    assert.deepEqual(keyState(readFileSync(join(dir, 'locked'), 'utf8')), { kind: 'OpenSSH key', encrypted: true });
  });

  it('ignores files that only look like keys, and truncated containers', () => {
    assert.equal(keyState('hello'), undefined);
    assert.equal(keyState('-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----\n'), undefined);
    assert.deepEqual(keyState(openssh('aes256-ctr')), { kind: 'OpenSSH key', encrypted: true });
  });
});
