import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, it } from 'node:test';
import { findingsOf } from '../../../../test/helpers/fixtures.ts';
import { buildRepo, tempDir } from '../../../../test/helpers/git-repo.ts';
import { fixtureApiFiles, loadRoutes, onlineAgainst, startHostingServer } from '../../../../test/helpers/hosting-server.ts';
import type { HostingServer } from '../../../../test/helpers/hosting-server.ts';
import { describeRepoFixtures } from '../../../../test/helpers/repo-fixtures.ts';
import { scan } from '../../../index.ts';
import rule from './rule.ts';

const here = fileURLToPath(new URL('.', import.meta.url));
let server: HostingServer;
before(async () => {
  server = await startHostingServer({
    ...loadRoutes(fixtureApiFiles(here)),
    '/users/copycat': { login: 'copycat', created_at: '2019-01-01T00:00:00Z', public_repos: 3, followers: 2 },
    '/repos/copycat/shop': {
      created_at: '2020-01-01T00:00:00Z',
      fork: true,
      parent: { full_name: 'vercel/commerce' },
      stargazers_count: 0,
      forks_count: 0,
    },
  });
});
after(() => server.close());

const online = (): ReturnType<typeof onlineAgainst> => onlineAgainst(server.url, [rule]);

describeRepoFixtures(rule, import.meta.url, online);

it('names the original of a fork', async () => {
  const dir = tempDir('fork');
  buildRepo(dir + '/r', { commits: [{ message: 'init', files: { 'a.js': '1' } }] });
  const report = await scan(dir + '/r', { ...online(), origin: 'https://github.com/copycat/shop' });
  const hit = findingsOf(report, rule.meta.id).find(f => f.severity === 'info');
  assert.match(hit?.message ?? '', /a fork of vercel\/commerce/);
});
