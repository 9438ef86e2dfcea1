import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, it } from 'node:test';
import { runAirlock } from '../../../../test/helpers/cli.ts';
import { describeFixtures, findingsOf, scanFixture } from '../../../../test/helpers/fixtures.ts';
import rule from './rule.ts';

describeFixtures(rule, import.meta.url);

const tmp = mkdtempSync(join(tmpdir(), 'airlock-nothing-'));
after(() => {
  rmSync(tmp, { recursive: true, force: true });
});

it('a bare repository is nothing scannable: high finding, review, exit 3', async () => {
  const dir = fileURLToPath(new URL('./fixtures/match/bare-repository', import.meta.url));
  const report = await scanFixture(dir);
  assert.deepEqual(
    findingsOf(report, 'scan/nothing-scannable').map(f => [f.severity, f.location.file]),
    [['high', '']],
  );
  assert.equal(report.unscannable?.reason, 'bare-repository');
  assert.equal(report.verdict, 'review');
  const cli = await runAirlock(['scan', dir, '--no-provenance', '--fail-on', 'never']);
  assert.equal(cli.code, 3);
  assert.match(cli.stdout.split('\n')[1] ?? '', /^ {2}Nothing scannable\. This is a bare git repository/);
});

it('an empty folder, or one holding only .git, is nothing scannable', async () => {
  const empty = join(tmp, 'empty');
  mkdirSync(join(empty, '.git'), { recursive: true });
  const report = await scanFixture(empty);
  assert.equal(report.unscannable?.reason, 'empty');
  assert.equal(findingsOf(report, 'scan/nothing-scannable')[0]?.severity, 'high');
  const json = await runAirlock(['scan', empty, '--format', 'json']);
  assert.equal(json.code, 3);
  assert.equal((JSON.parse(json.stdout) as { unscannable?: { reason: string } }).unscannable?.reason, 'empty');
});
