import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ALL_OS, hardenWith, makeHome, ofRule } from '../../../../test/helpers/workstation.ts';
import type { Os } from '../../../workstation/platform.ts';
import rule, { envSecrets } from './rule.ts';

const ID = 'harden/plaintext-secrets';
const GH: Record<Os, string> = {
  linux: '.config/gh/hosts.yml',
  darwin: '.config/gh/hosts.yml',
  win32: 'AppData/Roaming/GitHub CLI/hosts.yml',
};

// Every credential below is a fabricated placeholder.
describe(ID, () => {
  for (const os of ALL_OS) {
    it(`${os}: keychain-backed tools and empty templates give no finding`, async () => {
      const home = makeHome({
        '.aws/config': '[default]\nregion = eu-west-1\n',
        '.aws/credentials': '[default]\ncredential_process = aws-vault exec default --json\n',
        '.npmrc': '//registry.npmjs.org/:_authToken=${NPM_TOKEN}\nignore-scripts=true\n',
        [GH[os]]: 'github.com:\n    user: dev\n    git_protocol: ssh\n',
        '.docker/config.json': JSON.stringify({ auths: { 'ghcr.io': {} }, credsStore: 'pass' }),
        '.env': 'EDITOR=vim\nAPI_KEY=\n',
      });
      assert.deepEqual(ofRule(await hardenWith(rule, home, os), ID), []);
    });

    it(`${os}: plaintext AWS keys, npm/GitHub tokens, Docker logins and .env secrets are reported`, async () => {
      const home = makeHome({
        '.aws/credentials':
          '[default]\naws_access_key_id = AKIAEXAMPLEEXAMPLE00\naws_secret_access_key = example/example/example/example/example00\n[work]\naws_secret_access_key = example2\n',
        '.npmrc': '//registry.npmjs.org/:_authToken=npm_exampleexampleexampleexample0000\n',
        [GH[os]]: 'github.com:\n    oauth_token: gho_exampleexampleexampleexample0000\n    user: dev\n',
        '.docker/config.json': JSON.stringify({ auths: { 'registry.example.com': { auth: 'ZXhhbXBsZTpleGFtcGxl' } } }),
        '.env': 'export GITHUB_TOKEN="ghp_example"\nDEBUG=1\n',
      });
      const hits = ofRule(await hardenWith(rule, home, os), ID);
      assert.deepEqual(
        hits.map(h => h.location.file).sort(),
        ['~/.aws/credentials', '~/.docker/config.json', '~/.env', '~/.npmrc', `~/${GH[os]}`].sort(),
      );
      assert.ok(
        hits.every(h => !(h.evidence ?? '').includes('example/example')),
        'secret values are never copied into the report',
      );
      assert.match(hits.find(h => h.location.file === '~/.aws/credentials')?.message ?? '', /default, work/);
    });
  }

  it('malformed files are reported as not audited', async () => {
    const home = makeHome({ '.docker/config.json': '{ nope', '.config/gh/hosts.yml': 'a: [' });
    const report = await hardenWith(rule, home, 'linux');
    assert.equal(report.errors.length, 2);
    assert.equal(report.workstation?.checks[0]?.status, 'partial');
  });

  it('finds secret-looking dotenv names with values', () => {
    assert.deepEqual(envSecrets('DB_PASSWORD=x\nPORT=3000\nSECRET_KEY=${FROM_ENV}\n# TOKEN=commented\nexport PRIVATE_KEY=abc\n'), [
      'DB_PASSWORD',
      'PRIVATE_KEY',
    ]);
  });
});
