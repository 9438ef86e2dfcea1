import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { describeFixtures, findingsOf, scanFixture } from '../../../../test/helpers/fixtures.ts';
import rule from './rule.ts';

const ID = 'autorun/devcontainer-lifecycle';
const fixture = (kind: string, name: string): string => fileURLToPath(new URL(`./fixtures/${kind}/${name}`, import.meta.url));

describeFixtures(rule, import.meta.url);

describe(`${ID} findings and map`, () => {
  it('is medium for a download piped into a shell, and maps the command under open', async () => {
    const report = await scanFixture(fixture('match', 'post-create-curl'));
    const s = report.executionMap.find(x => x.kind === 'devcontainer-lifecycle');
    assert.ok(s);
    assert.equal(s.trigger, 'open');
    assert.equal(s.name, 'postCreateCommand');
    const f = findingsOf(report, ID, 'medium')[0];
    assert.ok(f);
    assert.match(f.message, /inside the container after the container is created \(postCreateCommand\): .*mounted folder/);
  });

  it('reads the object form, with an array command', async () => {
    const report = await scanFixture(fixture('match', 'post-start-base64'));
    assert.deepEqual(
      report.executionMap.filter(x => x.kind === 'devcontainer-lifecycle').map(x => [x.name, x.command]),
      [
        ['postStartCommand server', 'npm run dev'],
        ['postStartCommand sync', "sh -c 'echo aW5lcnQgZml4dHVyZQ== | base64 -d | sh'"],
      ],
    );
    assert.deepEqual(
      findingsOf(report, ID)
        .map(f => f.severity)
        .sort(),
      ['low', 'medium'],
    );
  });

  it('mentions the Dockerfile and features as info, and npm ci as low', async () => {
    const report = await scanFixture(fixture('benign', 'compose-with-features'));
    const severities = findingsOf(report, ID)
      .map(f => f.severity)
      .sort();
    assert.deepEqual(severities, ['info', 'low', 'low']);
    assert.ok(
      findingsOf(report, ID).some(f =>
        /RUN steps of \.devcontainer\/Dockerfile run while the container is built; the features ghcr\.io/.test(f.message),
      ),
    );
  });
});
