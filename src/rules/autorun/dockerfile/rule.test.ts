import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { it } from 'node:test';
import { describeFixtures, findingsOf, scanFixture, tempRepo } from '../../../../test/helpers/fixtures.ts';
import rule from './rule.ts';

describeFixtures(rule, import.meta.url);

const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

it('an ADD of a URL is the download of a later RUN, and the build is a surface', async () => {
  const report = await scanFixture(fixture('match/add-url-run'));
  const [f] = findingsOf(report, 'autorun/dockerfile');
  assert.equal(f?.severity, 'high');
  assert.match(
    f.message,
    /^`docker build` of Dockerfile runs `\/usr\/local\/bin\/agent --register` \(line 4\), which runs a program that an earlier step downloads; the build is handed host secrets \(`RUN --mount=type=secret,id=deploy_key,target=\/run\/secrets\/deploy_key`, line 4\)\.$/,
  );
  assert.deepEqual(f.related, [{ file: 'Dockerfile', line: 4 }]);
  const s = report.executionMap.find(x => x.kind === 'dockerfile');
  assert.equal(s?.trigger, 'build');
  assert.equal(s.location.line, 1);
});

it('a download piped into a shell in a build without host secrets is context', async () => {
  const report = await scanFixture(fixture('benign/run-curl-pipe'));
  const [f] = findingsOf(report, 'autorun/dockerfile');
  assert.equal(f?.severity, 'low');
  assert.equal(f.location.line, 8);
  assert.match(f.message, /which runs code it downloads; the build container does not see this machine's files/);
});

it('a build argument named like a credential puts the download in reach of a host secret', async () => {
  const report = await scanFixture(fixture('match/token-build-arg'));
  const [f] = findingsOf(report, 'autorun/dockerfile');
  assert.equal(f?.severity, 'high');
  assert.match(f.message, /the build is handed host secrets \(the build argument NPM_TOKEN, line 2\)/);
});

it('ARG values reach the RUN step that decodes them', async () => {
  const report = await scanFixture(fixture('match/arg-hex'));
  const [f] = findingsOf(report, 'autorun/dockerfile');
  assert.match(f?.evidence ?? '', /xxd -r -p \| sh/);
  assert.match(f?.evidence ?? '', /6375726c/);
});

it('a binary Dockerfile and a huge one are gaps, never a silent pass', async () => {
  const dir = tempRepo({
    'a/Dockerfile': Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2, 3, 0, 0, 0xff, 0xfe]),
    'b/Dockerfile': `FROM alpine\n${'# filler\n'.repeat(120_000)}RUN echo late\n`,
  });
  try {
    const report = await scanFixture(dir);
    const gap = (file: string): string[] => report.errors.filter(e => e.file === file).map(e => `${e.kind ?? '-'} ${e.message}`);
    assert.match(gap('a/Dockerfile').join('\n'), /^unreadable /);
    assert.match(gap('b/Dockerfile').join('\n'), /^truncated .*more than 100000 lines/);
    const incomplete = findingsOf(report, 'scan/incomplete-analysis').map(f => `${f.severity} ${f.location.file}`);
    assert.ok(incomplete.includes('high a/Dockerfile'), incomplete.join('\n'));
    assert.ok(incomplete.includes('high b/Dockerfile'), incomplete.join('\n'));
    assert.notEqual(report.verdict, 'pass');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
