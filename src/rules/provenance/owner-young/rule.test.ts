import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, it } from 'node:test';
import { findingsOf } from '../../../../test/helpers/fixtures.ts';
import { materializeFixture } from '../../../../test/helpers/git-repo.ts';
import { fixtureApiFiles, loadRoutes, onlineAgainst, startHostingServer } from '../../../../test/helpers/hosting-server.ts';
import type { HostingServer } from '../../../../test/helpers/hosting-server.ts';
import { describeRepoFixtures } from '../../../../test/helpers/repo-fixtures.ts';
import { scan } from '../../../index.ts';
import rule from './rule.ts';

const here = fileURLToPath(new URL('.', import.meta.url));
let server: HostingServer;
before(async () => {
  server = await startHostingServer(loadRoutes(fixtureApiFiles(here)));
});
after(() => server.close());

const online = (): ReturnType<typeof onlineAgainst> => onlineAgainst(server.url, [rule]);

describeRepoFixtures(rule, import.meta.url, online);

it('records the owner in the provenance section and asks the local API only', async () => {
  const dir = materializeFixture(fileURLToPath(new URL('./fixtures/match/fresh-account', import.meta.url)));
  const report = await scan(dir, { ...online(), origin: 'https://github.com/fresh-recruit-dev/crypto-dashboard-test.git' });
  const hit = findingsOf(report, rule.meta.id)[0];
  assert.match(hit?.message ?? '', /created 5 days ago and has 1 public repository and 0 followers/);
  assert.equal(report.provenance?.owner?.['login'], 'fresh-recruit-dev');
  assert.ok(server.requests.includes('/users/fresh-recruit-dev'));
});

it('turns a rate limit or a dead API into a note, not a failure', async () => {
  const limited = await startHostingServer({}, { '/users/fresh-recruit-dev': { status: 403, headers: { 'x-ratelimit-remaining': '0' } } });
  try {
    const dir = materializeFixture(fileURLToPath(new URL('./fixtures/match/fresh-account', import.meta.url)));
    const report = await scan(dir, {
      ...online(),
      githubApiUrl: limited.url,
      origin: 'https://github.com/fresh-recruit-dev/crypto-dashboard-test',
    });
    assert.equal(findingsOf(report, rule.meta.id).length, 0);
    assert.ok(report.notes?.some(n => n.includes('rate limit')));
    const dead = await scan(dir, {
      ...online(),
      githubApiUrl: 'http://127.0.0.1:9',
      origin: 'https://github.com/fresh-recruit-dev/crypto-dashboard-test',
    });
    assert.equal(dead.errors.length, 0);
    assert.ok(dead.notes?.some(n => n.includes('look-up failed')));
  } finally {
    await limited.close();
  }
});

it('does not run without --online', async () => {
  const dir = materializeFixture(fileURLToPath(new URL('./fixtures/match/fresh-account', import.meta.url)));
  const report = await scan(dir, { ...online(), online: false, origin: 'https://github.com/fresh-recruit-dev/crypto-dashboard-test' });
  assert.equal(findingsOf(report, rule.meta.id).length, 0);
});
