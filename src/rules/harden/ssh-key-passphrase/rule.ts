import { joinAbs } from '../../../fs/path.ts';
import { listDir, readHomeFile } from '../../../workstation/files.ts';
import { defineWorkstationRule } from '../../../workstation/rule.ts';

const MAX_KEY_BYTES = 64 * 1024;
const OPENSSH_MAGIC = Buffer.from('openssh-key-v1\0', 'latin1');

export type KeyState = { kind: string; encrypted: boolean } | undefined;

/** Whether a private key file is protected by a passphrase, from its format alone. */
export function keyState(text: string): KeyState {
  const begin = /-----BEGIN ([A-Z0-9 ]+)-----/.exec(text);
  if (!begin) {
    const ppk = /^PuTTY-User-Key-File-\d+:\s*(\S+)/m.exec(text);
    if (!ppk) return undefined;
    const enc = /^Encryption:\s*(\S+)/m.exec(text)?.[1];
    return { kind: `PuTTY ${ppk[1] ?? ''} key`, encrypted: enc !== undefined && enc !== 'none' };
  }
  const label = begin[1] ?? '';
  if (label === 'ENCRYPTED PRIVATE KEY') return { kind: 'PKCS#8 key', encrypted: true };
  if (label === 'PRIVATE KEY') return { kind: 'PKCS#8 key', encrypted: false };
  if (label === 'OPENSSH PRIVATE KEY') {
    const end = text.indexOf('-----END OPENSSH PRIVATE KEY-----');
    const body = Buffer.from(text.slice(begin.index + begin[0].length, end < 0 ? undefined : end).replace(/\s+/g, ''), 'base64');
    if (body.length < OPENSSH_MAGIC.length + 4 || !body.subarray(0, OPENSSH_MAGIC.length).equals(OPENSSH_MAGIC)) return undefined;
    const len = body.readUInt32BE(OPENSSH_MAGIC.length);
    if (len > 64 || OPENSSH_MAGIC.length + 4 + len > body.length) return undefined;
    const cipher = body.toString('latin1', OPENSSH_MAGIC.length + 4, OPENSSH_MAGIC.length + 4 + len);
    return { kind: 'OpenSSH key', encrypted: cipher !== 'none' };
  }
  if (/^(?:RSA|DSA|EC) PRIVATE KEY$/.test(label))
    return { kind: `PEM ${label.split(' ')[0] ?? ''} key`, encrypted: /^Proc-Type:\s*4,ENCRYPTED/m.test(text) };
  return undefined;
}

export default defineWorkstationRule({
  meta: {
    id: 'harden/ssh-key-passphrase',
    command: 'harden',
    severity: 'medium',
    confidence: 'high',
    description: 'SSH private keys in ~/.ssh without a passphrase',
    since: '0.1.0',
  },
  check(ctx) {
    const dir = joinAbs(ctx.home, '.ssh');
    for (const e of listDir(dir) ?? []) {
      if (!e.isFile() || e.name.endsWith('.pub') || /^(?:known_hosts|authorized_keys|config)(?:\.old)?$/.test(e.name)) continue;
      const file = joinAbs(dir, e.name);
      const read = readHomeFile(ctx.home, file, MAX_KEY_BYTES);
      if (!read.ok) {
        if (read.reason !== 'too-large') ctx.error(`${read.detail}: not audited`, file);
        continue;
      }
      const state = keyState(read.text);
      if (!state || state.encrypted) continue;
      ctx.report({
        path: file,
        message: `${ctx.display(file)} is an ${state.kind} without a passphrase: whoever copies the file can use it at once (the campaign's stealers copy ~/.ssh whole).`,
        evidence: `${state.kind}, not encrypted`,
        remediation: `Add a passphrase with \`ssh-keygen -p -f ${ctx.display(file)}\` and let ssh-agent or the OS keychain remember it, or move the key to a hardware token or a password-manager SSH agent. If this machine may be compromised, replace the key (new key, remove the old public key from GitHub and servers) instead.`,
      });
    }
  },
});
