import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { it } from 'node:test';
import { walletExtensions, walletIdPattern } from './index.ts';

it('ships one list of wallet extensions, each id once, with the store page it comes from', () => {
  const list = walletExtensions();
  assert.equal(list.length, 14);
  assert.equal(new Set(list.map(e => e.id)).size, list.length);
  const doc = JSON.parse(readFileSync(new URL('../../data/knowledge/wallet-extensions.json', import.meta.url), 'utf8')) as {
    sources: string[];
    extensions: { id: string; source: string }[];
  };
  assert.ok(doc.sources.length > 0);
  for (const e of doc.extensions) assert.ok(e.source.startsWith('https://') && e.source.endsWith(`/${e.id}`), e.id);
  assert.deepEqual(
    list.filter(e => e.name === 'MetaMask').map(e => [e.id, e.store]),
    [
      ['nkbihfbeogaeaoehlefnkodbefgpgknn', 'chrome'],
      ['ejbalbakoplchlghecdalmeeeajnimhm', 'edge'],
    ],
  );
});

it('matches each id as a whole word only', () => {
  const re = new RegExp(walletIdPattern());
  for (const e of walletExtensions()) assert.ok(re.test(`Local Extension Settings/${e.id}/000003.log`), e.id);
  assert.equal(re.test('xnkbihfbeogaeaoehlefnkodbefgpgknn'), false);
  assert.equal(re.test('abcdefghijklmnopabcdefghijklmnop'), false);
});
