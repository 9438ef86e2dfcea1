import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { it } from 'node:test';
import { describeFixtures, findingsOf, scanFixture, tempRepo } from '../../../../test/helpers/fixtures.ts';
import rule from './rule.ts';

describeFixtures(rule, import.meta.url);

const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

it('each service is a start surface; a script the command runs through a bind mount is its entry', async () => {
  const report = await scanFixture(fixture('match/mounted-script'));
  const s = report.executionMap.find(x => x.kind === 'compose-service' && x.name === 'setup');
  assert.equal(s?.trigger, 'start');
  assert.equal(s.entry, 'scripts/init.sh');
  const [f] = findingsOf(report, 'autorun/docker-compose');
  assert.equal(f?.severity, 'critical');
  assert.match(
    f.message,
    /^`docker compose up` starts service `setup`, which mounts ~\/\.config\/gcloud; it runs `scripts\/init\.sh`, which downloads a program and runs it\.$/,
  );
});

it('the override file is merged into the base service; an upload with mounted credentials is critical', async () => {
  const report = await scanFixture(fixture('match/override-aws-upload'));
  const services = report.executionMap.filter(x => x.kind === 'compose-service');
  assert.deepEqual(
    services.map(x => `${x.location.file}:${x.name ?? ''}`),
    ['docker-compose.yml:app'],
  );
  const [f] = findingsOf(report, 'autorun/docker-compose');
  assert.match(f?.message ?? '', /mounts ~\/\.aws; .*; it sends data out\.$/);
});

it('a merge key brings the home mount into every service that uses the anchor', async () => {
  const report = await scanFixture(fixture('match/anchor-merge-home'));
  const got = findingsOf(report, 'autorun/docker-compose').map(f => `${f.severity} ${f.message}`);
  assert.equal(got.length, 2);
  assert.match(got[0] ?? '', /^critical `docker compose up` starts service `worker`, which mounts your home folder; it runs `sh -c /);
  assert.match(got[1] ?? '', /^high `docker compose up` starts service `web`, which mounts your home folder\.$/);
});

it('an alias bomb, a huge file and binary junk are gaps, never a crash or a silent pass', async () => {
  const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
  for (let i = 0; i < 12; i++)
    bomb.push(
      `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10)
        .fill(`*${String.fromCharCode(97 + i)}`)
        .join(',')}]`,
    );
  const dir = tempRepo({
    'a/docker-compose.yml': `${bomb.join('\n')}\nservices:\n  x:\n    image: alpine\n`,
    'b/compose.yaml': `services:\n  x:\n    image: alpine\n    environment:\n${'      K: "v"\n'.repeat(1_500_000)}`,
    'c/docker-compose.yml': Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2, 3, 0, 0, 0xff, 0xfe]),
  });
  try {
    const report = await scanFixture(dir);
    const gap = (file: string): string[] => report.errors.filter(e => e.file === file).map(e => `${e.kind ?? '-'} ${e.message}`);
    assert.match(gap('a/docker-compose.yml').join('\n'), /^truncated .*aliases/);
    assert.match(gap('b/compose.yaml').join('\n'), /^too-large /);
    assert.match(gap('c/docker-compose.yml').join('\n'), /^unreadable /);
    const incomplete = findingsOf(report, 'scan/incomplete-analysis')
      .map(f => f.location.file)
      .sort();
    assert.deepEqual(incomplete, ['a/docker-compose.yml', 'b/compose.yaml', 'c/docker-compose.yml']);
    assert.notEqual(report.verdict, 'pass');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
