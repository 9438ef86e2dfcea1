import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { MARK, METAMASK_ID, plantHoneytokens } from './honeytokens.ts';

describe('honeytokens', () => {
  it('plants the decoy home: keys, cloud/npm tokens, wallet, browser profiles, keyring, history', () => {
    const dir = mkdtempSync(join(tmpdir(), 'airlock-honey-'));
    try {
      const home = plantHoneytokens(dir, 'RUN1');
      for (const p of [
        '.ssh/id_ed25519',
        '.aws/credentials',
        '.npmrc',
        '.config/solana/id.json',
        '.config/google-chrome/Default/Login Data',
        '.config/google-chrome/Local State',
        `.config/BraveSoftware/Brave-Browser/Default/Local Extension Settings/${METAMASK_ID}/000003.log`,
        '.local/share/keyrings/login.keyring',
        '.bash_history',
      ]) {
        assert.ok(existsSync(join(dir, p)), p);
      }
      assert.match(readFileSync(join(dir, '.aws/credentials'), 'utf8'), /aws_access_key_id = AKIA[A-Z2-7]{16}\n/);
      assert.match(readFileSync(join(dir, '.aws/credentials'), 'utf8'), new RegExp(MARK));
      for (const t of home.tokens) assert.ok(readFileSync(join(dir, t.path), 'latin1').includes(t.needle), `${t.id} needle is in its file`);
      assert.ok(home.env['STRIPE_SECRET_KEY']?.includes('AIRLOCKHONEYTOKEN'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it('makes every token unique per run', () => {
    const a = mkdtempSync(join(tmpdir(), 'airlock-honey-'));
    const b = mkdtempSync(join(tmpdir(), 'airlock-honey-'));
    try {
      const x = plantHoneytokens(a, 'RUNA');
      const y = plantHoneytokens(b, 'RUNB');
      const needles = new Set([...x.tokens, ...y.tokens].map(t => t.needle));
      assert.equal(needles.size, x.tokens.length + y.tokens.length);
    } finally {
      rmSync(a, { recursive: true, force: true });
      rmSync(b, { recursive: true, force: true });
    }
  });
});
