/**
 * `airlock harden` reads files full of credentials. What it prints (findings, the planned diff,
 * in text and JSON) never carries a credential; the file it writes keeps it, untouched.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { redactSecrets } from '../../src/core/redact.ts';
import { runAirlock } from '../helpers/cli.ts';
import { makeHome } from '../helpers/workstation.ts';

// A fake token with npm's shape; it authorises nothing.
const TOKEN = 'npm_Fake0Token1For2Airlock3Tests4abcdefg';
const NPMRC = `//registry.npmjs.org/:_authToken=${TOKEN}\nfund=false\n`;
const YARNRC = `npmAuthToken: "yarn-secret-value"\nnpmRegistryServer: "https://user:pa55w0rd@registry.example.com"\n`;

describe('secrets in what harden prints', () => {
  it('the planned diff and the findings mask the npm token, in text and JSON; the fix keeps it in the file', async () => {
    const home = makeHome({ '.npmrc': NPMRC, '.yarnrc.yml': YARNRC });
    const text = await runAirlock(['harden', '--home', home, '--os', 'linux', '--fix']);
    assert.match(text.stderr + text.stdout, /\+ignore-scripts=true/, 'the diff is shown');
    assert.match(text.stderr + text.stdout, /_authToken=<redacted>/);
    const json = await runAirlock(['harden', '--home', home, '--os', 'linux', '--fix', '--format', 'json']);
    for (const out of [text.stdout, text.stderr, json.stdout, json.stderr]) {
      assert.ok(!out.includes(TOKEN), 'npm token printed');
      assert.ok(!out.includes('yarn-secret-value'), 'yarn token printed');
      assert.ok(!out.includes('pa55w0rd'), 'URL password printed');
    }
    const report = JSON.parse(json.stdout) as { workstation: { changes: { file: string; diff?: string }[] } };
    const npmDiff = report.workstation.changes.find(c => c.file === '~/.npmrc')?.diff ?? '';
    assert.match(npmDiff, /^ \/\/registry\.npmjs\.org\/:_authToken=<redacted>$/m);

    const applied = await runAirlock(['harden', '--home', home, '--os', 'linux', '--fix', '--yes']);
    assert.ok(!applied.stdout.includes(TOKEN));
    assert.match(readFileSync(join(home, '.npmrc'), 'utf8'), new RegExp(`_authToken=${TOKEN}\\n`));
  });

  it('masks settings named as secrets and tokens by their shape, and leaves the rest', () => {
    assert.equal(redactSecrets(`//r.example.com/:_authToken=${TOKEN}`), '//r.example.com/:_authToken=<redacted>');
    assert.equal(redactSecrets('export GITHUB_TOKEN=abc'), 'export GITHUB_TOKEN=<redacted>');
    assert.equal(redactSecrets('  "password": "hunter2",'), '  "password": "<redacted>",');
    assert.equal(redactSecrets(`echo ${TOKEN}`), 'echo <redacted>');
    assert.equal(redactSecrets('https://u:p@registry.example.com/x'), 'https://<redacted>@registry.example.com/x');
    assert.equal(redactSecrets('token=${NPM_TOKEN}'), 'token=${NPM_TOKEN}');
    assert.equal(redactSecrets('ignore-scripts=true\nsave-exact=true'), 'ignore-scripts=true\nsave-exact=true');
  });

  it('runs in one pass over a megabyte of letters, separators or a URL with no end', () => {
    for (const s of ['a'.repeat(1 << 20), 'a='.repeat(1 << 19), `https://${'a'.repeat(1 << 20)}`, `x${' '.repeat(1 << 20)}=`]) {
      assert.equal(redactSecrets(s), s);
    }
  });
});
